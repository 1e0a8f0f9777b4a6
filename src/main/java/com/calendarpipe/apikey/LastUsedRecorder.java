package com.calendarpipe.apikey;

import com.calendarpipe.ops.Counters;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>
 * With the time, each key's slot keeps where its latest use came from (client address, user
 * agent, channel) and the distinct addresses of the uses since its last write (the newest
 * {@link ApiKey#RECENT}), and they go in that same write: recording where keys are used from
 * costs no write more. The database merges them with what other nodes wrote (ApiKeyService.touch).
 */
// a CDI bean, not an EJB: record() runs on every authenticated request and only touches
// memory, so it takes no container interceptors; the writes go through ApiKeyService.touch
@ApplicationScoped
public class LastUsedRecorder {

    static final long INTERVAL = TimeUnit.SECONDS.toNanos(60);
    /** The channels a key is used over. */
    public static final String REST = "rest";
    public static final String CALDAV = "caldav";
    public static final String MCP = "mcp";
    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class.getName());

    /** One key's buffered state; guarded by its own monitor. */
    private static final class Slot {
        Instant latest;
        String latestIp;
        String latestUserAgent;
        String latestVia;
        /** The distinct addresses used from since the last write, oldest first (insertion order). */
        final LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>();
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

    /**
     * Called on every successful key authentication; never touches the database. The user agent
     * is kept as sent and tamed only when written ({@link LastUse}), off the request's path.
     */
    public void record(String keyId, Instant usedAt, String ip, String userAgent, String via) {
        Slot slot = slots.computeIfAbsent(keyId, id -> new Slot());
        long delay;
        synchronized (slot) {
            if (slot.latest == null || usedAt.isAfter(slot.latest)) {
                slot.latest = usedAt;
                if (ip != null && !ip.equals(slot.latestIp)) {
                    // the newest address last: one map write only when the address changes
                    slot.seen.remove(ip);
                    slot.seen.put(ip, Boolean.TRUE);
                    if (slot.seen.size() > ApiKey.RECENT) {
                        slot.seen.remove(slot.seen.keySet().iterator().next());
                    }
                }
                slot.latestIp = ip;
                slot.latestUserAgent = userAgent;
                slot.latestVia = via;
            } else if (ip != null && !slot.seen.containsKey(ip) && slot.seen.size() < ApiKey.RECENT) {
                slot.seen.put(ip, Boolean.TRUE);   // out of order: an older use's address, if room
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
        LastUse use;
        List<String> seen;
        synchronized (slot) {
            use = taken(slot);
            seen = seenTaken(slot);
            slot.scheduled = false;
            slot.everWritten = true;
            slot.writtenAtNanos = System.nanoTime();
            slot.written = use.at();
            slot.writes++;
        }
        write(keyId, use, seen);
    }

    /** The slot's latest use (its lock held). */
    private static LastUse taken(Slot slot) {
        return new LastUse(slot.latest, slot.latestIp, slot.latestUserAgent, slot.latestVia);
    }

    /** The addresses seen since the last write, newest first, and forgets them (its lock held). */
    private static List<String> seenTaken(Slot slot) {
        List<String> seen = new ArrayList<>(slot.seen.keySet());
        Collections.reverse(seen);
        slot.seen.clear();
        return seen;
    }

    private void write(String keyId, LastUse use, List<String> seen) {
        try {
            keys.touch(keyId, use, seen);
            Counters.lastUsedWritten();
        } catch (RuntimeException e) {
            // last-used is advisory: a failed write must never fail a request or the timer
            LOG.log(Level.WARNING, "Could not record last use of API key id " + keyId, e);
        }
    }

    /** Writes every use not yet written; called when the application stops. */
    void flushPending() {
        slots.forEach((keyId, slot) -> {
            LastUse use;
            List<String> seen;
            synchronized (slot) {
                if (slot.latest == null || slot.latest.equals(slot.written)) {
                    return;
                }
                use = taken(slot);
                seen = seenTaken(slot);
                slot.written = use.at();
                slot.writes++;
            }
            write(keyId, use, seen);
        });
    }
}
