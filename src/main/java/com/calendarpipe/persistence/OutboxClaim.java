package com.calendarpipe.persistence;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;

/**
 * The one claim of the server's outboxes (the iMIP messages, imip/OutboxMessage; the webhooks'
 * deliveries, webhook/WebhookDelivery): a row is sent by the node that raises its {@code attempts}
 * from the value it read, and is out of every node's way until {@code next_attempt_at}, moved to
 * the end of that node's lease. A conditional UPDATE, portable where {@code SELECT … FOR UPDATE
 * SKIP LOCKED} is not (H2 has no SKIP LOCKED). Each outbox names its own query, of this shape:
 * <pre>UPDATE Row r SET r.attempts = r.attempts + 1, r.nextAttemptAt = :leaseEnd
 * WHERE r.id = :id AND r.attempts = :attempts AND r.nextAttemptAt &lt;= :now [AND …]</pre>
 */
public final class OutboxClaim {

    private OutboxClaim() {
    }

    /** Whether this node won the row: runs {@code query} in the caller's transaction. */
    public static boolean claim(EntityManager em, String query, String id, int attemptsRead, Instant now, Duration lease) {
        return em.createNamedQuery(query)
                .setParameter("id", id).setParameter("attempts", attemptsRead)
                .setParameter("now", now).setParameter("leaseEnd", now.plus(lease))
                .executeUpdate() == 1;
    }
}
