package com.calendarpipe.cluster;

import java.time.Duration;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The timeouts after which JGroups drops a member from the view, read from the running channel
 * (not from our CLI file: whatever an operator changed there is what counts). A member is dropped
 * only after a suspicion was verified: VERIFY_SUSPECT2 waits its {@code timeout} for the suspect
 * to answer, whatever raised the suspicion (FD_SOCK2's closed socket at once, FD_ALL3 after
 * {@code timeout} without a message, measured in heartbeat {@code interval}s, so possibly two
 * intervals early). Read through reflection: the application has no compile-time tie to JGroups,
 * and the single server has none at all.
 */
record FailureDetection(Duration heartbeatTimeout, Duration heartbeatInterval, Duration verifyTimeout) {

    /** The channel WildFly's clustering services (and so {@link Broadcast}) use. */
    static final String CHANNEL = "java:jboss/jgroups/channel/ee";

    /** The least time between a member last hearing from another and dropping it from its view. */
    Duration shortestRemoval() {
        Duration silent = heartbeatTimeout.minus(heartbeatInterval.multipliedBy(2)).plus(verifyTimeout);
        return silent.compareTo(verifyTimeout) < 0 ? silent : verifyTimeout;
    }

    static FailureDetection read() {
        try {
            Object channel = new InitialContext().lookup(CHANNEL);
            Object stack = channel.getClass().getMethod("getProtocolStack").invoke(channel);
            Object heartbeats = protocol(stack, "FD_ALL3");
            Object verify = protocol(stack, "VERIFY_SUSPECT2");
            return new FailureDetection(millis(heartbeats, "getTimeout"), millis(heartbeats, "getInterval"),
                    millis(verify, "getTimeout"));
        } catch (NamingException | ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot read JGroups' failure detection from " + CHANNEL
                    + " to check CALENDARPIPE_CLUSTER_LEASE against it: " + e, e);
        }
    }

    private static Object protocol(Object stack, String name) throws ReflectiveOperationException {
        Object protocol = stack.getClass().getMethod("findProtocol", String.class).invoke(stack, name);
        if (protocol == null) {
            throw new IllegalStateException("The cluster's JGroups stack has no " + name
                    + ": the key cache's lease relies on it (wildfly-config/cluster.cli, README \"Cluster\")");
        }
        return protocol;
    }

    private static Duration millis(Object protocol, String getter) throws ReflectiveOperationException {
        return Duration.ofMillis(((Number) protocol.getClass().getMethod(getter).invoke(protocol)).longValue());
    }

    @Override
    public String toString() {
        return "FD_ALL3 timeout " + heartbeatTimeout.toMillis() + " ms, interval " + heartbeatInterval.toMillis()
                + " ms, VERIFY_SUSPECT2 timeout " + verifyTimeout.toMillis() + " ms";
    }
}
