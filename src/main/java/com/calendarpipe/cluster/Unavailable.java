package com.calendarpipe.cluster;

import com.calendarpipe.Refused;
import java.util.Optional;
import java.util.Set;

/**
 * A call into the cluster that gave up: a distributed session's lock held on a node that does not
 * answer (Infinispan's ISPN000299, a {@code TimeoutException}), a replication that timed out, or a
 * cache that a partition left without a copy of the entry ({@code AvailabilityException}). It
 * happens while the cluster is divided, before or as failure detection settles it. The request
 * did not get as far as changing anything, and the same request may go through once the nodes
 * hear each other or have dropped the silent one from their views, so every channel answers it
 * as {@link Refused.Kind#UNAVAILABLE} (503), never 500. Recognised by class name, anywhere in the
 * cause chain: the application has no compile-time tie to Infinispan or JGroups. Callers log only
 * the failure's class: Infinispan's messages name the session id whose lock timed out.
 */
public final class Unavailable {

    private static final Set<String> GAVE_UP = Set.of(
            "org.infinispan.commons.TimeoutException",
            "org.infinispan.util.concurrent.TimeoutException",
            "org.infinispan.partitionhandling.AvailabilityException",
            "org.jgroups.TimeoutException");

    public static final String MESSAGE = "Another node of the cluster did not answer in time; nothing was changed. Try again.";

    private Unavailable() {
    }

    /** The refusal to answer when {@code failure} is the cluster giving up a wait. */
    public static Optional<Refused> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (GAVE_UP.contains(type.getName())) {
                    return Optional.of(new Refused(Refused.Kind.UNAVAILABLE, MESSAGE));
                }
            }
        }
        return Optional.empty();
    }
}
