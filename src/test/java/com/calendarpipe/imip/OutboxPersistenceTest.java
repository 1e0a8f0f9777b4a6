package com.calendarpipe.imip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import com.calendarpipe.persistence.OutboxClaim;
import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The outbox's row and its two queries (due, claim) under both providers, on H2 and PostgreSQL. */
class OutboxPersistenceTest {

    /** A time with every microsecond digit set, so a database that drops any of them fails. */
    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00.123456Z");

    @AcrossProviders
    void aMessageKeepsWhatItCarries(Backend db) {
        ExternalMessage message = new ExternalMessage("cal-1", "uid-1", "cal-abc@calendarpipe.test", "bob@example.com",
                "REQUEST", "Réunion", "BEGIN:VCALENDAR\r\n" + "X".repeat(100_000) + "\r\nEND:VCALENDAR\r\n");
        OutboxMessage row = persist(db, message, NOON);

        OutboxMessage read = db.read(em -> em.find(OutboxMessage.class, row.getId()));
        assertEquals(message, read.message());
        assertEquals(NOON, read.getQueuedAt());
        assertEquals(0, read.getAttempts());
    }

    @AcrossProviders
    void oneClaimWinsAndTheMessageIsOutOfTheWayUntilItsLeaseEnds(Backend db) {
        OutboxMessage row = persist(db, message(), NOON);
        assertTrue(due(db, NOON).contains(row.getId()));

        assertEquals(1, claim(db, row.getId(), 0, NOON, NOON.plusSeconds(300)), "the first node claims it");
        assertEquals(0, claim(db, row.getId(), 0, NOON, NOON.plusSeconds(300)), "a second node, having read the same row, does not");
        assertEquals(1, db.read(em -> em.find(OutboxMessage.class, row.getId())).getAttempts());
        assertFalse(due(db, NOON.plusSeconds(299)).contains(row.getId()), "leased");
        assertEquals(0, claim(db, row.getId(), 1, NOON.plusSeconds(299), NOON.plusSeconds(600)), "not due while leased");
        assertTrue(due(db, NOON.plusSeconds(300)).contains(row.getId()), "due again once the lease has passed");
    }

    @AcrossProviders
    void aFailedAttemptWaitsForItsRetry(Backend db) {
        OutboxMessage row = persist(db, message(), NOON);
        claim(db, row.getId(), 0, NOON, NOON.plusSeconds(300));

        db.inTransaction(em -> em.find(OutboxMessage.class, row.getId()).retryAt(NOON.plusSeconds(60), "x".repeat(300)));

        assertFalse(due(db, NOON.plusSeconds(59)).contains(row.getId()));
        assertTrue(due(db, NOON.plusSeconds(60)).contains(row.getId()));
        assertEquals(1, claim(db, row.getId(), 1, NOON.plusSeconds(60), NOON.plusSeconds(360)));
    }

    private static ExternalMessage message() {
        return new ExternalMessage("cal-1", "uid-1", "cal-abc@calendarpipe.test", "bob@example.com", "REQUEST", null,
                "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    }

    private static OutboxMessage persist(Backend db, ExternalMessage message, Instant now) {
        OutboxMessage row = new OutboxMessage(message, now);
        db.inTransaction(em -> em.persist(row));
        return row;
    }

    private static List<String> due(Backend db, Instant now) {
        return db.read(em -> em.createNamedQuery("OutboxMessage.due", String.class)
                .setParameter("now", now).setMaxResults(10_000).getResultList());
    }

    /** 1 when this claim won the row, else 0: the outboxes' one claim ({@link OutboxClaim}) with this outbox's query. */
    private static int claim(Backend db, String id, int attempts, Instant now, Instant leaseEnd) {
        return db.inTransactionGet((EntityManager em) ->
                OutboxClaim.claim(em, "OutboxMessage.claim", id, attempts, now, Duration.between(now, leaseEnd)) ? 1 : 0);
    }
}
