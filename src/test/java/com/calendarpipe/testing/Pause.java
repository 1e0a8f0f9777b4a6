package com.calendarpipe.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /** The value once {@code done} holds for it, asked again every 250 ms; what it last was when {@code patience} ran out. */
    public static <T> T until(Supplier<T> value, Predicate<T> done, Duration patience) {
        Instant end = Instant.now().plus(patience);
        T seen = value.get();
        while (!done.test(seen) && Instant.now().isBefore(end)) {
            sleep(Duration.ofMillis(250));
            seen = value.get();
        }
        return seen;
    }
}
