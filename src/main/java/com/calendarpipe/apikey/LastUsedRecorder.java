package com.calendarpipe.apikey;

import com.calendarpipe.ops.Counters;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records "last used" for keys without a database write per request. Every successful key
 * authentication lands in memory; a key's row is written at most once per {@link #INTERVAL}:
 * the first use at once (in the background), later uses at the end of the interval that
 * follows the previous write. So {@code lastUsedAt} is at most 60 s behind the true last
 * use. Pending uses are written when the application stops ({@link FlushLastUsedOnStop}); a
 * crash loses at most the last minute. The buffer is per node: with several nodes each writes its own uses, and the
 * newest wins because a write never moves the time backwards.
 */
// a CDI bean, not an EJB: record() runs on every authenticated request and only touches
// memory, so it takes no container interceptors; the writes go through ApiKeyService.touch
@ApplicationScoped
public class LastUsedRecorder {

    static final long INTERVAL = TimeUnit.SECONDS.toNanos(60);
    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class.getName());

    /** One key's buffered state; guarded by its own monitor. */
    private static final class Slot {
        Instant latest;
        Instant written;
        long writtenAtNanos;
        boolean everWritten;
        boolean scheduled;
        long writes;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    @Inject
    ApiKeyService keys;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Called on every successful key authentication; never touches the database. */
    public void record(String keyId, Instant usedAt) {
        Slot slot = slots.computeIfAbsent(keyId, id -> new Slot());
        long delay;
        synchronized (slot) {
            if (slot.latest == null || usedAt.isAfter(slot.latest)) {
                slot.latest = usedAt;
            }
            if (slot.scheduled) {
                return;
            }
            slot.scheduled = true;
            delay = slot.everWritten ? Math.max(0, slot.writtenAtNanos + INTERVAL - System.nanoTime()) : 0;
        }
        scheduler.schedule(() -> flush(keyId, slot), delay, TimeUnit.NANOSECONDS);
    }

    /** How many last-used writes this node made for the key since it started (the tests' probe of the write budget). */
    public long writeCount(String keyId) {
        Slot slot = slots.get(keyId);
        if (slot == null) {
            return 0;
        }
        synchronized (slot) {
            return slot.writes;
        }
    }

    private void flush(String keyId, Slot slot) {
        Instant at;
        synchronized (slot) {
            at = slot.latest;
            slot.scheduled = false;
            slot.everWritten = true;
            slot.writtenAtNanos = System.nanoTime();
            slot.written = at;
            slot.writes++;
        }
        write(keyId, at);
    }

    private void write(String keyId, Instant at) {
        try {
            keys.touch(keyId, at);
            Counters.lastUsedWritten();
        } catch (RuntimeException e) {
            // last-used is advisory: a failed write must never fail a request or the timer
            LOG.log(Level.WARNING, "Could not record last use of API key id " + keyId, e);
        }
    }

    /** Writes every use not yet written; called when the application stops. */
    void flushPending() {
        slots.forEach((keyId, slot) -> {
            Instant at;
            synchronized (slot) {
                at = slot.latest;
                if (at == null || at.equals(slot.written)) {
                    return;
                }
                slot.written = at;
                slot.writes++;
            }
            write(keyId, at);
        });
    }
}
