package com.calendarpipe.testing;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the console's browser tests share: one headless Chromium per test class, a fresh visitor
 * (no session) before each test, and the management client to change a setting as an operator can.
 */
public abstract class ConsoleIT extends ClientIT {

    protected static Browser browser;

    @ArquillianResource
    protected ManagementClient management;

    @BeforeEach
    void freshVisitor() {
        if (browser == null) {
            browser = Browser.start(base);
        }
        browser.forgetSession();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
