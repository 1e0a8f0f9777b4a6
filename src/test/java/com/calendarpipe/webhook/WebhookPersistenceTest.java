package com.calendarpipe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import com.calendarpipe.persistence.OutboxClaim;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook and its deliveries under both providers, on H2 and PostgreSQL: the outbox's queries
 * (due, claim: one of two nodes wins, as imip/OutboxPersistenceTest shows for the iMIP outbox),
 * a delivery kept once delivered, the rows gone with their calendar.
 */
class WebhookPersistenceTest {

    /** Every microsecond digit set. */
    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00.123456Z");

    @AcrossProviders
    void aWebhookKeepsItsSealedSecretsTypesAndRotation(Backend db) {
        HostedCalendar calendar = calendar(db);
        Webhook webhook = new Webhook(calendar.getId(), calendar.getAccountId());
        webhook.set("https://bot.example.com/" + "x".repeat(1900), "sb1:abc:" + "s".repeat(300), "whsec_MfKQ",
                List.of("event.created", "invitation.received"));
        db.inTransaction(em -> em.persist(webhook));
        db.inTransaction(em -> em.find(Webhook.class, calendar.getId()).rotate("sb1:abc:new", "whsec_NeWw", NOON.plusSeconds(86_400)));

        Webhook read = db.read(em -> em.find(Webhook.class, calendar.getId()));
        assertEquals(List.of("event.created", "invitation.received"), read.typeList());
        assertEquals(List.of("sb1:abc:new", "sb1:abc:" + "s".repeat(300)), read.sealedSigningSecrets(NOON));
        assertEquals(List.of("sb1:abc:new"), read.sealedSigningSecrets(NOON.plusSeconds(86_400)), "the old one stops at its end");
        assertTrue(read.wants("invitation.received") && read.wants("webhook.test") && !read.wants("event.deleted"));
        assertEquals("whsec_NeWw", read.getSecretHint());
    }

    @AcrossProviders
    void oneClaimWinsADeliveryAndItStaysOnceDelivered(Backend db) {
        HostedCalendar calendar = calendar(db);
        WebhookDelivery row = delivery(db, calendar, Duration.ZERO);
        assertTrue(due(db, NOON).contains(row.getId()));

        assertEquals(1, claim(db, row.getId(), 0, NOON, NOON.plusSeconds(120)), "the first node claims it");
        assertEquals(0, claim(db, row.getId(), 0, NOON, NOON.plusSeconds(120)), "a second node, having read the same row, does not");
        assertFalse(due(db, NOON.plusSeconds(119)).contains(row.getId()), "leased");
        assertTrue(due(db, NOON.plusSeconds(120)).contains(row.getId()), "due again once the lease has passed");

        db.inTransaction(em -> {
            WebhookDelivery found = em.find(WebhookDelivery.class, row.getId());
            found.attempted(NOON.plusSeconds(1), 200, 42, null);
            found.delivered();
        });
        WebhookDelivery read = db.read(em -> em.find(WebhookDelivery.class, row.getId()));
        assertEquals(WebhookDelivery.DELIVERED, read.getStatus());
        assertEquals(200, read.getLastStatus());
        assertNull(read.getNextAttemptAt());
        assertFalse(due(db, NOON.plusSeconds(10_000)).contains(row.getId()), "never sent again by itself");
        assertEquals(0, claim(db, row.getId(), 1, NOON.plusSeconds(10_000), NOON.plusSeconds(10_120)));
    }

    @AcrossProviders
    void aFirstWaitDelaysTheFirstAttemptAndTheRowsGoWithTheirCalendar(Backend db) {
        HostedCalendar calendar = calendar(db);
        Webhook webhook = new Webhook(calendar.getId(), calendar.getAccountId());
        webhook.set("https://bot.example.com/", "sb1:abc:x", "whsec_abcd", null);
        db.inTransaction(em -> em.persist(webhook));
        WebhookDelivery row = delivery(db, calendar, Duration.ofSeconds(8));
        assertFalse(due(db, NOON.plusSeconds(7)).contains(row.getId()));
        assertTrue(due(db, NOON.plusSeconds(8)).contains(row.getId()));

        db.execute("DELETE FROM hosted_calendars WHERE id = ?", calendar.getId());
        assertNull(db.read(em -> em.find(WebhookDelivery.class, row.getId())));
        assertNull(db.read(em -> em.find(Webhook.class, calendar.getId())));
    }

    private static WebhookDelivery delivery(Backend db, HostedCalendar calendar, Duration firstWait) {
        WebhookDelivery row = new WebhookDelivery("msg_" + UUID.randomUUID().toString().replace("-", ""), calendar.getId(),
                "event.created", "{\"type\":\"event.created\",\"title\":\"Réunion " + "x".repeat(150_000) + "\"}", NOON, firstWait);
        db.inTransaction(em -> em.persist(row));
        assertEquals(row.getPayload(), db.read(em -> em.find(WebhookDelivery.class, row.getId())).getPayload());
        return row;
    }

    private static List<String> due(Backend db, Instant now) {
        return db.read(em -> em.createNamedQuery("WebhookDelivery.due", String.class)
                .setParameter("now", now).setMaxResults(10_000).getResultList());
    }

    /** 1 when this claim won the row, else 0: the outboxes' one claim ({@link OutboxClaim}) with this outbox's query. */
    private static int claim(Backend db, String id, int attempts, Instant now, Instant leaseEnd) {
        return db.inTransactionGet((EntityManager em) ->
                OutboxClaim.claim(em, "WebhookDelivery.claim", id, attempts, now, Duration.between(now, leaseEnd)) ? 1 : 0);
    }

    private static HostedCalendar calendar(Backend db) {
        Account account = new Account("hooked-" + UUID.randomUUID() + "@example.com", "Hooked", "hash", Plan.PRO);
        HostedCalendar calendar = new HostedCalendar(account.getId(), "Hooked");
        db.inTransaction(em -> {
            em.persist(account);
            em.persist(calendar);
        });
        return calendar;
    }
}
