package com.calendarpipe.testing;

import java.time.Duration;

/** A test's deliberate wait (a grace period, a lifetime running out), without the checked exception. */
public final class Pause {

    private Pause() {
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
