package com.calendarpipe.apikey;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.account.AccessChanged;
import com.calendarpipe.cluster.Broadcast;
import com.calendarpipe.cluster.Lease;
import com.calendarpipe.ops.Counters;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.wildfly.clustering.server.dispatcher.Command;

/**
 * The authentication hot path's memory: what the last lookup of a key's hash found (key,
 * revoked or not, account and plan), so that a busy key costs no database round trip. Measured
 * with src/bench/auth-overhead.sh, the lookup through EJB and JPA made an authenticated request
 * cost over twice an open one; with this cache the two are within 15%.
 * <p>
 * Correctness rests on eviction, never on expiry, and it holds across a cluster. Every change
 * that can take access away fires {@link AccessChanged} inside its transaction, and before that
 * transaction commits every node <em>holds</em> the account: drops its entries and caches none
 * of its lookups, so each of its requests reads the database. A node's confirmation is awaited
 * (up to {@link Settings#clusterConfirmTimeout()}); if a live member of the view does not
 * confirm, the change is refused with nothing changed (503), because that member might go on
 * accepting the key. After the commit (or rollback) every node is told to release the hold; a
 * lookup that read the row before the commit cannot put its stale answer back, because each
 * hold, release and membership change moves a generation counter and a lookup only stores its
 * answer if the counter did not move while it ran. A release that never arrives (a lost node)
 * costs only caching: a hold ends by itself after {@link Memory#HOLD_NANOS}. The one window left:
 * a node whose application starts during a change (too late for the hold) and then misses its
 * release too could keep a lookup made before the commit for up to {@link #MAX_AGE_NANOS}.
 * <p>
 * A node that loses or gains members (a death, a split, a merge) forgets everything, so a node
 * that was cut off and missed changes starts afresh. With {@code CALENDARPIPE_AUTH_CACHE=off}
 * nothing is cached and nothing is broadcast.
 * <p>
 * A change commits without a member's confirmation only once that member has left the view of
 * the node making it, so eviction alone would let a member that is cut off (not dead) go on
 * answering from memory. Hence the {@link Lease}: memory answers (for {@link #identify} and for
 * the throttle's {@link #remembered}) only while this node has heard, by a round trip no older
 * than {@code CALENDARPIPE_CLUSTER_LEASE} (5 s), from every one of {@code CALENDARPIPE_CLUSTER_SIZE}
 * members that it is in their view. JGroups drops a member only after VERIFY_SUSPECT2's timeout
 * (7 s in wildfly-config/cluster.cli; a lease not a second shorter is refused at start), so by the
 * time a member can commit without this node, this node has stopped trusting its memory and
 * reads the database, where the change is. A lease taken up again after a gap starts with an
 * empty cache. Without a lease (cut off, alone, a peer down) every lookup reads the database and
 * nothing is kept. What is left: a change whose hold went out just before a merge brought a node
 * back, and that commits only after that node has renewed its lease (a round after the merge's
 * view) and looked the key up, could leave that node with the old answer; the hold is sent
 * after the change's writes, so only the commit itself runs in that gap.
 */
@ApplicationScoped
public class KeyCache {

    private static final Logger LOG = Logger.getLogger(KeyCache.class.getName());

    /** Bounds memory whatever the number of keys in use; past it, lookups go to the database. */
    static final int MAX_ENTRIES = 10_000;
    /** Bounds how long other fields of the account (its display name) may be served stale. */
    static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);

    final Memory memory = new Memory();
    private final boolean enabled = Settings.shared().authCache();
    private Broadcast<Memory> cluster;

    @Inject
    ApiKeyService keys;

    @Inject
    Settings settings;

    @Inject
    Lease lease;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Opens this node's end of the broadcast when the application starts, before any request can be cached. */
    void open(@Observes Startup startup) {
        if (enabled) {
            lease.onRenewal(memory::forgetAll);
            cluster = Broadcast.open("calendarpipe-key-cache", memory, memory::forgetAll);
        }
    }

    @PreDestroy
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The key's identity if this node holds it now (a cache hit: live or revoked), without any
     * lookup: what the throttle lets through from an address that may not cost a lookup.
     */
    public Optional<KeyIdentity> remembered(String wellFormedKey) {
        if (!enabled || !lease.holds()) {
            return Optional.empty();
        }
        KeyIdentity remembered = memory.fresh(KeyFormat.hash(wellFormedKey));
        if (remembered != null) {
            Counters.keyCache(true);
        }
        return Optional.ofNullable(remembered);
    }

    /** The key's identity, from memory when this node has looked it up since the last change. */
    public Optional<KeyIdentity> identify(String wellFormedKey) {
        String hash = KeyFormat.hash(wellFormedKey);
        if (!enabled || !lease.holds()) {
            Counters.keyCache(false);
            return keys.identify(hash);
        }
        KeyIdentity remembered = memory.fresh(hash);
        if (remembered != null) {
            Counters.keyCache(true);
            return Optional.of(remembered);
        }
        Counters.keyCache(false);
        long seen = memory.generation();
        Optional<KeyIdentity> found = keys.identify(hash);
        // unknown keys are not remembered: anyone can make well-formed ones
        found.ifPresent(identity -> memory.store(hash, identity, seen));
        return found;
    }

    /**
     * Holds the account on every node before the change commits, and registers the release for
     * when it completes; refuses the change when a member does not confirm the hold.
     */
    void holdEverywhere(@Observes AccessChanged change) {
        if (!enabled) {
            return;
        }
        String accountId = change.accountId();
        memory.hold(accountId);
        // registered before the broadcast, so that a refused change releases the holds it made
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                releaseEverywhere(accountId);
            }
        });
        try {
            cluster.toOthers(new HoldCommand(accountId, false), settings.clusterConfirmTimeout());
        } catch (Broadcast.Unconfirmed e) {
            LOG.warning("A change to the access of account " + accountId + " was refused: nodes " + e.members()
                    + " did not confirm dropping its cached keys within " + settings.clusterConfirmTimeout());
            throw new Refused(Refused.Kind.UNAVAILABLE,
                    "Another node of the cluster did not confirm the change in time; nothing was changed. Try again.");
        }
    }

    private void releaseEverywhere(String accountId) {
        memory.release(accountId);
        try {
            cluster.toOthers(new HoldCommand(accountId, true), settings.clusterConfirmTimeout());
        } catch (Broadcast.Unconfirmed e) {
            LOG.warning("Nodes " + e.members() + " did not confirm the end of the hold on account " + accountId
                    + "; it ends by itself within " + TimeUnit.NANOSECONDS.toSeconds(Memory.HOLD_NANOS) + " s");
        }
    }

    /** One node's entries and holds: plain state, the context the cluster's commands run against. */
    static final class Memory {

        /** How long a hold lasts when its release never comes (a node died in the middle of a change). */
        static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(60);

        private record Entry(KeyIdentity identity, long loadedAtNanos) {
        }

        private record Held(int changes, long untilNanos) {
        }

        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
        private final Map<String, Held> holds = new HashMap<>();   // guarded by this
        private long generation;   // guarded by this

        /** The remembered identity, if fresh; a held account never has entries, so no lock is taken. */
        KeyIdentity fresh(String hash) {
            Entry entry = entries.get(hash);
            return entry != null && System.nanoTime() - entry.loadedAtNanos() < MAX_AGE_NANOS ? entry.identity() : null;
        }

        synchronized long generation() {
            return generation;
        }

        /** Keeps a lookup's answer, unless something changed since it began ({@code seen}) or its account is held. */
        synchronized void store(String hash, KeyIdentity identity, long seen) {
            String accountId = identity.account().getId();
            Held held = holds.get(accountId);
            if (held != null && System.nanoTime() - held.untilNanos() >= 0) {
                holds.remove(accountId);
                held = null;
            }
            if (generation == seen && held == null && (entries.size() < MAX_ENTRIES || entries.containsKey(hash))) {
                entries.put(hash, new Entry(identity, System.nanoTime()));
            }
        }

        synchronized void hold(String accountId) {
            generation++;
            forget(accountId);
            long until = System.nanoTime() + HOLD_NANOS;
            holds.merge(accountId, new Held(1, until), (old, fresh) ->
                    System.nanoTime() - old.untilNanos() >= 0 ? fresh : new Held(old.changes() + 1, until));
        }

        synchronized void release(String accountId) {
            generation++;
            forget(accountId);
            holds.computeIfPresent(accountId, (id, held) ->
                    held.changes() > 1 ? new Held(held.changes() - 1, held.untilNanos()) : null);
        }

        synchronized void forgetAll() {
            generation++;
            entries.clear();
        }

        private void forget(String accountId) {
            entries.values().removeIf(entry -> entry.identity().account().getId().equals(accountId));
        }
    }

    /**
     * What the other nodes are sent: hold the account before a change commits, release it once
     * the change completed. Serializable: the dispatcher's marshaller sends it as such.
     */
    static final class HoldCommand implements Command<Void, Memory, RuntimeException>, Serializable {
        private static final long serialVersionUID = 1L;
        private final String accountId;
        private final boolean release;

        HoldCommand(String accountId, boolean release) {
            this.accountId = accountId;
            this.release = release;
        }

        @Override
        public Void execute(Memory memory) {
            if (release) {
                memory.release(accountId);
            } else {
                memory.hold(accountId);
            }
            return null;
        }
    }
}
