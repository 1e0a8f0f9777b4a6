package com.calendarpipe.testing;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every HTTP-level test shares: the built WAR deployed to the server, and a client for it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class ClientIT {

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    protected URL base;

    protected ApiClient api() {
        return new ApiClient(base);
    }
}
