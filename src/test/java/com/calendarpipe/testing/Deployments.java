package com.calendarpipe.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment every integration test runs against: the very WAR the build produced, at the root context. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("war.file", "target/ROOT.war")));
    }
}
