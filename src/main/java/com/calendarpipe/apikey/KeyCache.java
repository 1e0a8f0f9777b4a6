package com.calendarpipe.apikey;

import com.calendarpipe.account.AccessChanged;
import com.calendarpipe.ops.Counters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The authentication hot path's memory: what the last lookup of a key's hash found (key,
 * revoked or not, account and plan), so that a busy key costs no database round trip. Measured
 * with src/bench/auth-overhead.sh, the lookup through EJB and JPA made an authenticated request
 * cost over twice an open one; with this cache the two are within 15%.
 * <p>
 * Correctness rests on eviction, never on expiry: every change that can take access away
 * fires {@link AccessChanged}, and the account's entries are dropped when that transaction
 * completes, before the revoking or downgrading call returns. A lookup that read the database
 * before that commit cannot put its stale answer back: each eviction moves a generation
 * counter, and a lookup only stores its answer if no eviction happened while it ran.
 * <p>
 * The cache is per node and so is its eviction. Running more than one node, turn it off with
 * {@code CALENDARPIPE_AUTH_CACHE=off}: every request then reads the key's row.
 */
@ApplicationScoped
public class KeyCache {

    /** Bounds memory whatever the number of keys in use; past it, lookups go to the database. */
    static final int MAX_ENTRIES = 10_000;
    /** Bounds how long other fields of the account (its display name) may be served stale. */
    static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private record Entry(KeyIdentity identity, long loadedAtNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object evictions = new Object();
    private long generation;   // guarded by evictions
    private final boolean enabled = !"off".equalsIgnoreCase(setting());

    @Inject
    ApiKeyService keys;

    /** The key's identity, from memory when this node has looked it up since the last change. */
    public Optional<KeyIdentity> identify(String wellFormedKey) {
        String hash = KeyFormat.hash(wellFormedKey);
        if (!enabled) {
            Counters.keyCache(false);
            return keys.identify(hash);
        }
        Entry entry = entries.get(hash);
        if (entry != null && System.nanoTime() - entry.loadedAtNanos() < MAX_AGE_NANOS) {
            Counters.keyCache(true);
            return Optional.of(entry.identity());
        }
        Counters.keyCache(false);
        long seen;
        synchronized (evictions) {
            seen = generation;
        }
        Optional<KeyIdentity> found = keys.identify(hash);
        // unknown keys are not remembered: anyone can make well-formed ones
        found.ifPresent(identity -> {
            synchronized (evictions) {
                if (generation == seen && (entries.size() < MAX_ENTRIES || entries.containsKey(hash))) {
                    entries.put(hash, new Entry(identity, System.nanoTime()));
                }
            }
        });
        return found;
    }

    /** Drops the account's entries once the change is committed (or rolled back), before the change's call returns. */
    void evict(@Observes(during = TransactionPhase.AFTER_COMPLETION) AccessChanged change) {
        synchronized (evictions) {
            generation++;
            entries.values().removeIf(entry -> entry.identity().account().getId().equals(change.accountId()));
        }
    }

    private static String setting() {
        String value = System.getProperty("calendarpipe.auth-cache");
        return value != null ? value : System.getenv("CALENDARPIPE_AUTH_CACHE");
    }
}
