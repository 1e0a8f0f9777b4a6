package com.calendarpipe.backup;

/**
 * The history this server serves: 0 for a server never restored, else the generation of its
 * latest restore (table {@code restores}). Set once at start ({@link Restores}), before any
 * request is served, and read by whatever issues tokens that a restore must invalidate
 * (caldav's sync tokens). Static because those tokens are made in plain code, not in beans.
 */
public final class Generation {

    private static volatile long current;

    private Generation() {
    }

    public static long current() {
        return current;
    }

    static void set(long generation) {
        current = generation;
    }
}
