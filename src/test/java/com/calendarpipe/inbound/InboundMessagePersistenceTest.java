package com.calendarpipe.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An accepted message's row and the poll's query, under both providers, on H2 and PostgreSQL. */
class InboundMessagePersistenceTest {

    /** Every microsecond digit set. */
    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00.123456Z");

    @AcrossProviders
    void anAcceptedMessageKeepsItsCalendarItsSendersAndItsTextWhole(Backend db) {
        String text = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nX-TEXT:Réunion " + "x".repeat(900_000) + "\r\nEND:VCALENDAR\r\n";
        InboundMessage row = persist(db, text, Set.of("alice@example.com"), NOON.plusSeconds(10));

        InboundMessage read = db.read(em -> em.find(InboundMessage.class, row.getId()));
        assertEquals(text, read.getIcalendar());
        assertEquals("calendar-1", read.getCalendarId());
        assertEquals(Set.of("bounce@example.com", "alice@example.com"), read.senders());
        assertEquals("<m1@example.com>", read.getMessageId());
        assertEquals(0, read.getAttempts());
    }

    @AcrossProviders
    void aMessageIsDueOnlyAfterTheListenersOwnAttemptAndAfterEachRetry(Backend db) {
        InboundMessage row = persist(db, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", Set.of(), NOON.plusSeconds(10));
        assertFalse(due(db, NOON.plusSeconds(9)).contains(row.getId()), "left to the listener's own attempt");
        assertTrue(due(db, NOON.plusSeconds(10)).contains(row.getId()));

        db.inTransaction(em -> em.find(InboundMessage.class, row.getId()).retryAt(NOON.plusSeconds(40), "x".repeat(300)));
        assertFalse(due(db, NOON.plusSeconds(39)).contains(row.getId()));
        assertTrue(due(db, NOON.plusSeconds(40)).contains(row.getId()));
        assertEquals(1, db.read(em -> em.find(InboundMessage.class, row.getId())).getAttempts());
    }

    @AcrossProviders
    void theNullSenderAndManyFromAddressesFitTheirColumns(Backend db) {
        Set<String> from = new LinkedHashSet<>();
        for (int i = 0; i < 10; i++) {
            from.add("someone-with-a-long-name-" + "x".repeat(150) + i + "@example.com");
        }
        InboundMessage row = new InboundMessage("calendar-1", "", from, null, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", NOON, NOON);
        db.inTransaction(em -> em.persist(row));

        Set<String> senders = db.read(em -> em.find(InboundMessage.class, row.getId())).senders();
        assertTrue(from.containsAll(senders) && !senders.isEmpty(), "whole addresses only, as many as fit: " + senders);
    }

    private static InboundMessage persist(Backend db, String text, Set<String> from, Instant firstAttempt) {
        InboundMessage row = new InboundMessage("calendar-1", "bounce@example.com", from, "<m1@example.com>", text, NOON, firstAttempt);
        db.inTransaction(em -> em.persist(row));
        return row;
    }

    private static List<String> due(Backend db, Instant now) {
        return db.read(em -> em.createNamedQuery("InboundMessage.due", String.class).setParameter("now", now).getResultList());
    }
}
