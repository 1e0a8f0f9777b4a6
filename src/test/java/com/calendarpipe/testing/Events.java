package com.calendarpipe.testing;

import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;

/** CDI events for unit tests that build a bean by hand. */
public final class Events {

    private Events() {
    }

    /** An {@link Event} whose firings go nowhere: for a test about something else than who listens. */
    @SuppressWarnings("unchecked")
    public static <T> Event<T> ignored() {
        return (Event<T>) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fire" -> null;
                    case "select" -> proxy;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
