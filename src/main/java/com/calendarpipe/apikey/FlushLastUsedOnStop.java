package com.calendarpipe.apikey;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Writes buffered last-used times when the application stops. The web application stops
 * before the EJBs it uses, so ApiKeyService can still write here; CDI's own shutdown comes
 * after the EJBs are gone.
 */
@WebListener
public class FlushLastUsedOnStop implements ServletContextListener {

    @Inject
    LastUsedRecorder recorder;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        recorder.flushPending();
    }
}
