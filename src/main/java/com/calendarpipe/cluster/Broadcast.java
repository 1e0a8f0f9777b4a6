package com.calendarpipe.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembershipEvent;
import org.wildfly.clustering.server.GroupMembershipListener;
import org.wildfly.clustering.server.Registration;
import org.wildfly.clustering.server.dispatcher.Command;
import org.wildfly.clustering.server.dispatcher.CommandDispatcher;
import org.wildfly.clustering.server.dispatcher.CommandDispatcherFactory;

/**
 * Runs commands on every other node of the cluster and waits until each has run it: WildFly's
 * command dispatcher over the server's JGroups channel. Each node opens its broadcast with the
 * same id and its own local {@code context}, which the commands it receives run against.
 * <p>
 * Who must confirm: every member of this node's current view that has the same broadcast open.
 * A member without it (the application not deployed there, or not yet) answers with a
 * cancellation and holds nothing to act on; a member that left the view while we waited was
 * declared dead by failure detection. Any other member that has not confirmed within the
 * timeout makes {@link #toOthers} throw {@link Unconfirmed}.
 */
public final class Broadcast<C> implements AutoCloseable {

    /** The factory every deployment can look up, on a clustered server and on a single one alike. */
    static final String FACTORY = "java:jboss/clustering/server/command-dispatcher-factory/default";

    /** Some members did not confirm in time; {@link #members()} names them (node names, for logs). */
    public static final class Unconfirmed extends Exception {
        private final List<String> members;

        Unconfirmed(List<String> members) {
            super("Not confirmed in time by " + members, null, false, false);
            this.members = List.copyOf(members);
        }

        public List<String> members() {
            return members;
        }
    }

    private final Group<GroupMember> group;
    private final CommandDispatcher<GroupMember, C> dispatcher;
    private final Registration membership;

    private Broadcast(CommandDispatcherFactory<GroupMember> factory, String id, C context, Runnable onMembershipChange) {
        this.group = factory.getGroup();
        this.dispatcher = factory.createCommandDispatcher(id, context, Broadcast.class.getClassLoader());
        this.membership = group.register(new GroupMembershipListener<>() {
            @Override
            public void updated(GroupMembershipEvent<GroupMember> event) {
                onMembershipChange.run();
            }
        });
    }

    /**
     * Opens this node's end of the broadcast {@code id}; {@code onMembershipChange} runs on every
     * change of the view (a join, a death, a split or a merge).
     */
    public static <C> Broadcast<C> open(String id, C context, Runnable onMembershipChange) {
        return new Broadcast<>(factory(), id, context, onMembershipChange);
    }

    @SuppressWarnings("unchecked")
    static CommandDispatcherFactory<GroupMember> factory() {
        try {
            return (CommandDispatcherFactory<GroupMember>) new InitialContext().lookup(FACTORY);
        } catch (NamingException e) {
            throw new IllegalStateException("WildFly's command dispatcher factory is missing: " + FACTORY, e);
        }
    }

    /** The names of the current view's members, oldest first; one name on a single server. */
    public List<String> memberNames() {
        return group.getMembership().getMembers().stream().map(GroupMember::getName).toList();
    }

    /**
     * Runs the command on every other member and returns once each has (see the class comment for
     * who counts); throws {@link Unconfirmed} when one has not within {@code timeout}.
     */
    public void toOthers(Command<Void, ? super C, RuntimeException> command, Duration timeout) throws Unconfirmed {
        GroupMember self = group.getLocalMember();
        Map<GroupMember, CompletionStage<Void>> answers;
        try {
            answers = dispatcher.dispatchToGroup(command, Set.of(self));
        } catch (IOException e) {
            List<String> others = group.getMembership().getMembers().stream()
                    .filter(member -> !member.equals(self)).map(GroupMember::getName).toList();
            if (others.isEmpty()) {
                return;
            }
            throw new Unconfirmed(others);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> unconfirmed = new ArrayList<>();
        for (Map.Entry<GroupMember, CompletionStage<Void>> answer : answers.entrySet()) {
            try {
                answer.getValue().toCompletableFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (CancellationException e) {
                // the member has no such broadcast open: nothing there to act on
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof CancellationException) && isMember(answer.getKey())) {
                    unconfirmed.add(answer.getKey().getName());
                }
            } catch (TimeoutException e) {
                if (isMember(answer.getKey())) {
                    unconfirmed.add(answer.getKey().getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unconfirmed.add(answer.getKey().getName());
            }
        }
        if (!unconfirmed.isEmpty()) {
            throw new Unconfirmed(unconfirmed);
        }
    }

    /**
     * Asks every other member the question and returns whether each answered {@code true} within
     * {@code timeout}. Strict, unlike {@link #toOthers}: a member without this broadcast open, one
     * that failed, and one that did not answer in time all count as "no".
     */
    public boolean allOthersSay(Command<Boolean, ? super C, RuntimeException> question, Duration timeout) {
        Map<GroupMember, CompletionStage<Boolean>> answers;
        try {
            answers = dispatcher.dispatchToGroup(question, Set.of(group.getLocalMember()));
        } catch (IOException e) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletionStage<Boolean> answer : answers.values()) {
            try {
                if (!Boolean.TRUE.equals(answer.toCompletableFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))) {
                    return false;
                }
            } catch (CancellationException | ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean isMember(GroupMember member) {
        return group.getMembership().getMembers().contains(member);
    }

    @Override
    public void close() {
        membership.close();
        dispatcher.close();
    }
}
