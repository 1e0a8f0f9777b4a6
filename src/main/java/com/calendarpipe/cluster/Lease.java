package com.calendarpipe.cluster;

import com.calendarpipe.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.dispatcher.Command;

/**
 * Whether this node may still answer from memory what another node could change (the key cache):
 * only while it holds a <em>lease</em>, renewed by a round trip to every member of its view.
 * <p>
 * Every {@code length / 4} the node asks every other member "am I in your view?". When all of
 * them answer yes (and the view did not change meanwhile, and it has the expected
 * {@link Settings#clusterSize()} members), the lease runs until {@code length} after the moment
 * the question was <em>sent</em>. The argument: a member that answered received the question at
 * that moment or later, and JGroups removes a member from its view only after a suspicion has
 * been verified, which takes at least VERIFY_SUSPECT2's timeout and, for a silent member, FD_ALL3's
 * timeout less two heartbeat intervals since it last heard from it. Both are checked at start to
 * exceed {@code length} by a second ({@link #checkAgainst}); otherwise the application does not
 * start. So a member can drop this node from its view (and then commit a change without its
 * confirmation) only after this node's lease has run out. A lease that ran out is renewed only by
 * a new full round, and the listeners given to {@link #onRenewal} run first (the key cache
 * forgets everything it kept), so nothing kept before a gap is trusted after it.
 * Assumed: a member's "yes" travelling back means the path between the two works both ways, so a
 * verification of a suspicion that member had already started is answered rather than confirmed.
 * <p>
 * A node alone, or with fewer members than the cluster has (cut off, or a peer is down), holds
 * no lease: it cannot tell a dead peer from one that goes on committing changes. A single
 * (non-clustered) server always holds one. README "Cluster" gives the figures.
 */
@ApplicationScoped
public class Lease {

    private static final Logger LOG = Logger.getLogger(Lease.class.getName());
    /** What the lease must stay below the shortest time to drop a member by, at least. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Settings settings;

    private final List<Runnable> renewals = new CopyOnWriteArrayList<>();
    /** Held while {@code System.nanoTime() - untilNanos < 0}. */
    private volatile long untilNanos = System.nanoTime();
    private volatile boolean always;
    private Broadcast<Members> broadcast;
    private ScheduledFuture<?> rounds;

    /** Starts asking, on a clustered server; a single server holds the lease for good. */
    void start(@Observes Startup startup) {
        Group<GroupMember> group = Broadcast.factory().getGroup();
        if (group.isSingleton()) {
            always = true;
            return;
        }
        Duration length = settings.clusterLease();
        checkAgainst(FailureDetection.read(), length);
        int expected = settings.clusterSize();
        if (expected < 2) {
            LOG.warning("CALENDARPIPE_CLUSTER_SIZE is not set on this clustered server: it cannot tell whether it is"
                    + " cut off from the others, so every key is read from the database (README \"Cluster\")");
            return;
        }
        broadcast = Broadcast.open("calendarpipe-lease", new Members(group), this::lapse);
        long every = Math.max(100, length.toMillis() / 4);
        rounds = scheduler.scheduleWithFixedDelay(() -> round(group, expected, length), 0, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Refuses a lease that failure detection could outrun (see the class comment): the
     * application does not start with such settings.
     */
    static void checkAgainst(FailureDetection detection, Duration length) {
        Duration shortest = detection.shortestRemoval();
        if (length.plus(MARGIN).compareTo(shortest) > 0) {
            throw new IllegalStateException("CALENDARPIPE_CLUSTER_LEASE (" + length.toMillis() + " ms) must be at least "
                    + MARGIN.toMillis() + " ms shorter than the shortest time a member can be dropped from the view ("
                    + detection + "): a node cut off could then go on answering from its key cache after the others"
                    + " committed a revoke without it (README \"Cluster\")");
        }
    }

    @PreDestroy
    void stop() {
        if (rounds != null) {
            rounds.cancel(true);
        }
        if (broadcast != null) {
            broadcast.close();
        }
    }

    /** Whether this node may answer from memory now. Two volatile reads: on every authenticated request. */
    public boolean holds() {
        return always || System.nanoTime() - untilNanos < 0;
    }

    /** Runs {@code listener} each time the lease is taken up again after it ran out, before it is held. */
    public void onRenewal(Runnable listener) {
        renewals.add(listener);
    }

    private void round(Group<GroupMember> group, int expected, Duration length) {
        try {
            long sent = System.nanoTime();
            List<GroupMember> before = group.getMembership().getMembers();
            if (before.size() != expected) {
                return;
            }
            boolean everyone = broadcast.allOthersSay(new InYourView(group.getLocalMember().getName()), length.dividedBy(2));
            if (everyone && group.getMembership().getMembers().equals(before)) {
                renew(sent + length.toNanos());
            }
        } catch (RuntimeException e) {
            LOG.warning("A lease round failed: " + e);
        }
    }

    synchronized void renew(long until) {
        if (System.nanoTime() - untilNanos >= 0) {
            renewals.forEach(Runnable::run);
        }
        untilNanos = until;
    }

    /** A change of the view: whatever a round in flight finds, the lease ends now. */
    synchronized void lapse() {
        untilNanos = System.nanoTime();
    }

    /** What the question runs against on the member asked: that member's view. */
    static final class Members {
        private final Group<GroupMember> group;

        Members(Group<GroupMember> group) {
            this.group = group;
        }

        boolean include(String name) {
            return group.getMembership().getMembers().stream().anyMatch(member -> member.getName().equals(name));
        }
    }

    /** "Am I in your view?", sent by the node named. */
    static final class InYourView implements Command<Boolean, Members, RuntimeException>, Serializable {
        private static final long serialVersionUID = 1L;
        private final String asker;

        InYourView(String asker) {
            this.asker = asker;
        }

        @Override
        public Boolean execute(Members members) {
            return members.include(asker);
        }
    }
}
