package com.calendarpipe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit events as {@link AuditTrail} stores, lists (newest first, by cursor, filtered) and purges them. */
class AuditEventPersistenceTest {

    /** A time with every microsecond digit set, so a database that drops any of them fails. */
    private static final Instant NOON = Instant.parse("2026-11-26T12:00:00.123456Z");

    @AcrossProviders
    void anEventKeepsWhatItRecorded(Backend db) {
        Account owner = persistAccount(db);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("by", "key");
        details.put("url", "https://example.test/a \"quoted\" path");
        AuditEvent event = persist(db, owner, AuditType.KEY_REVOKED, NOON, "kid-1", details);

        AuditEvent read = db.read(em -> em.find(AuditEvent.class, event.getId()));
        assertEquals("key_revoked", read.getType());
        assertEquals(NOON, read.getAt());
        assertEquals("2001:db8::1", read.getIp());
        assertEquals("test-agent/1", read.getUserAgent());
        assertEquals("kid-1", read.getKeyId());
        assertEquals("cp_abcdef", read.getKeyPrefix());
        assertEquals(details, read.getDetails());
        assertEquals(List.copyOf(details.keySet()), List.copyOf(read.getDetails().keySet()), "in recorded order");
    }

    @AcrossProviders
    void anAccountsEventsAreListedNewestFirstPageAfterPageAndFiltered(Backend db) {
        Account owner = persistAccount(db);
        Account other = persistAccount(db);
        AuditEvent oldest = persist(db, owner, AuditType.SIGNED_UP, NOON.minus(2, ChronoUnit.DAYS), null, Map.of());
        AuditEvent tieA = persist(db, owner, AuditType.KEY_CREATED, NOON, "k1", Map.of());
        AuditEvent tieB = persist(db, owner, AuditType.KEY_REVOKED, NOON, "k1", Map.of());
        AuditEvent newest = persist(db, owner, AuditType.SIGNED_IN, NOON.plusSeconds(1), null, Map.of());
        persist(db, other, AuditType.SIGNED_IN, NOON.plusSeconds(2), null, Map.of());
        // events at the same microsecond are ordered by id, descending
        List<AuditEvent> tie = tieA.getId().compareTo(tieB.getId()) > 0 ? List.of(tieA, tieB) : List.of(tieB, tieA);

        List<AuditEvent> all = db.read(em -> list(em, owner, "", "", null, 10));
        assertEquals(List.of(newest, tie.get(0), tie.get(1), oldest), all);

        List<AuditEvent> page2 = db.read(em -> list(em, owner, "", "", tie.get(0), 2));
        assertEquals(List.of(tie.get(1), oldest), page2, "the page after the first of the tie");
        assertEquals(List.of(tieA), db.read(em -> list(em, owner, "key_created", "", null, 10)));
        assertEquals(List.of(tie.get(0), tie.get(1)), db.read(em -> list(em, owner, "", "k1", null, 10)));
        assertEquals(List.of(tieB), db.read(em -> list(em, owner, "key_revoked", "k1", null, 10)));
    }

    @AcrossProviders
    void thePurgeDeletesOnlyWhatIsOlderThanTheCutoffAndIsIdempotent(Backend db) {
        Account owner = persistAccount(db);
        AuditEvent old = persist(db, owner, AuditType.SIGNED_IN, NOON.minus(400, ChronoUnit.DAYS), null, Map.of());
        AuditEvent kept = persist(db, owner, AuditType.SIGNED_IN, NOON, null, Map.of());
        Instant cutoff = NOON.minus(365, ChronoUnit.DAYS);

        int first = db.inTransactionGet(em -> em.createNamedQuery("AuditEvent.purge").setParameter("cutoff", cutoff).executeUpdate());
        int again = db.inTransactionGet(em -> em.createNamedQuery("AuditEvent.purge").setParameter("cutoff", cutoff).executeUpdate());

        assertEquals(0, again, "a second node's purge finds nothing left");
        assertEquals(List.of(kept), db.read(em -> list(em, owner, "", "", null, 10)));
        assertTrue(first >= 1, "the old one is deleted");
        AuditEvent gone = db.read(em -> em.find(AuditEvent.class, old.getId()));
        assertNull(gone);
    }

    /** As {@link AuditTrail#list} asks. */
    private static List<AuditEvent> list(EntityManager em, Account owner, String type, String keyId, AuditEvent before,
                                         int limit) {
        var query = before == null
                ? em.createNamedQuery("AuditEvent.ofAccount", AuditEvent.class)
                : em.createNamedQuery("AuditEvent.ofAccountBefore", AuditEvent.class)
                        .setParameter("at", before.getAt()).setParameter("id", before.getId());
        return query.setParameter("account", owner.getId()).setParameter("type", type).setParameter("keyId", keyId)
                .setMaxResults(limit).getResultList();
    }

    private static AuditEvent persist(Backend db, Account owner, AuditType type, Instant at, String keyId,
                                      Map<String, String> details) {
        AuditEvent event = new AuditEvent(owner.getId(), type, at, "2001:db8::1", "test-agent/1", keyId,
                keyId == null ? null : "cp_abcdef", details);
        db.inTransaction(em -> em.persist(event));
        return event;
    }

    private static Account persistAccount(Backend db) {
        Account account = new Account("audit." + UUID.randomUUID() + "@example.test", "Owner", "hash", Plan.PRO);
        db.inTransaction(em -> em.persist(account));
        return account;
    }
}
