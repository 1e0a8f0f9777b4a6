package com.calendarpipe.auth;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Failed authentications counted per key (a client address, or the hash of an email), in a
 * window that opens at the key's first failure: when the window's count reaches the limit, the
 * key is blocked until the window ends. The next failure after that opens a new window. So a
 * key gets at most {@code limit} failures per window, and one that fails now and then, slower
 * than that, is never blocked.
 * <p>
 * Cheap where it matters: {@link #blockedFor} (asked on every request that presents a
 * credential) is one map read and one volatile read; it never writes and never locks. Only
 * {@link #fail} writes, under a lock of the key's own entry.
 * <p>
 * Bounded: at most {@code capacity} keys (plus the failures in flight at that instant). When a
 * new key finds the map full, one sweep drops the windows that are over, then keys that block
 * nothing, then any, until a tenth of the room is free; so sweeps are rare even under a flood of
 * fresh keys, and forgetting a key can only let it fail again, never block anyone.
 * <p>
 * Times are {@link System#nanoTime()} values, passed in so that tests can move the clock.
 */
final class FailureCounter {

    private static final class Entry {
        private int failures;              // guarded by this
        private volatile long windowEnd;   // written under this
        private volatile long blockedUntil;

        Entry(long now) {
            this.windowEnd = now;
            this.blockedUntil = now;
        }

        boolean over(long now) {
            return now - windowEnd >= 0;
        }

        boolean blocking(long now) {
            return blockedUntil - now > 0;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final ReentrantLock sweeping = new ReentrantLock();

    FailureCounter(int capacity) {
        if (capacity < 10) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** How long (nanoseconds) the key is still blocked, or 0. Reads only. */
    long blockedFor(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return 0;
        }
        long left = entry.blockedUntil - now;
        return left > 0 ? left : 0;
    }

    /**
     * Counts one failure of the key. The limit and window are taken as they are now: a window
     * already open keeps its end, and a changed limit applies from this failure on.
     *
     * @param limit failures allowed per window; 0 counts nothing and blocks nobody
     * @return whether this failure is the one that blocked the key (the limit reached just now)
     */
    boolean fail(String key, int limit, long windowNanos, long now) {
        if (limit <= 0) {
            return false;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= capacity) {
                makeRoom(now);
            }
            entry = entries.computeIfAbsent(key, k -> new Entry(now));
        }
        synchronized (entry) {
            if (entry.over(now)) {
                entry.failures = 0;
                entry.windowEnd = now + windowNanos;
            }
            if (++entry.failures >= limit) {
                entry.blockedUntil = entry.windowEnd;
                return entry.failures == limit;
            }
            return false;
        }
    }

    /** The number of keys held (for tests and the bound). */
    int size() {
        return entries.size();
    }

    private void makeRoom(long now) {
        sweeping.lock();
        try {
            if (entries.size() < capacity) {
                return;   // another thread made room meanwhile
            }
            entries.values().removeIf(entry -> entry.over(now));
            int target = capacity - capacity / 10;
            removeUntil(target, now, true);
            removeUntil(target, now, false);
        } finally {
            sweeping.unlock();
        }
    }

    private void removeUntil(int target, long now, boolean onlyHarmless) {
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > target && it.hasNext()) {
            Entry entry = it.next();
            if (!onlyHarmless || !entry.blocking(now)) {
                it.remove();
            }
        }
    }
}
