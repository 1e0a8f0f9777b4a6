package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API keys as {@link ApiKeyService} stores, lists, revokes, touches and authenticates them. */
class ApiKeyPersistenceTest {

    /** A time with every microsecond digit set, so a database that drops any of them fails. */
    private static final Instant NOON = Instant.parse("2026-11-26T12:00:00.123456Z");

    @AcrossProviders
    void aKeyIsIdentifiedByItsHashTogetherWithItsAccount(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        String key = KeyFormat.generate();
        ApiKey record = create(db, owner, "laptop", key);

        Optional<KeyIdentity> identity = db.read(em -> identify(em, key));
        Optional<KeyIdentity> stranger = db.read(em -> identify(em, KeyFormat.generate()));

        assertTrue(identity.isPresent(), "the key's hash finds it");
        assertEquals(record.getId(), identity.get().keyId());
        assertFalse(identity.get().revoked());
        // read after the EntityManager closed, as the auth mechanism does: must be loaded, not a proxy
        Account account = identity.get().account();
        assertEquals(owner, account);
        assertEquals(Plan.PRO, account.getPlan());
        assertEquals(owner.getEmail(), account.getEmail());
        assertEquals(Optional.empty(), stranger);
    }

    @AcrossProviders
    void authenticationSeesAPlanChangedByAnotherNode(Backend db) {
        assumeFalse(db.cachesEntitiesAcrossTransactions(), """
                Known gap: EclipseLink caches entities across transactions with the server unit's \
                shared-cache-mode, so a plan changed on another node stays unseen here. Needs \
                <shared-cache-mode>NONE</shared-cache-mode> in src/main/resources/META-INF/persistence.xml""");
        Account owner = persistAccount(db, Plan.PRO);
        String key = KeyFormat.generate();
        create(db, owner, "laptop", key);
        assertEquals(Plan.PRO, db.nextRequest(em -> identify(em, key)).orElseThrow().account().getPlan());

        // another node's AccountService.changePlan: the downgrade and its version bump
        db.execute("UPDATE accounts SET plan = 'FREE', version = version + 1 WHERE id = ?", owner.getId());

        assertEquals(Plan.FREE, db.nextRequest(em -> identify(em, key)).orElseThrow().account().getPlan(),
                "the next request on this node must see the downgrade");
    }

    @AcrossProviders
    void theKeysOfAnAccountAreListedNewestFirst(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        Account other = persistAccount(db, Plan.PRO);
        ApiKey old = create(db, owner, "old", KeyFormat.generate());
        ApiKey newest = create(db, owner, "newest", KeyFormat.generate());
        ApiKey middle = create(db, owner, "middle", KeyFormat.generate());
        ApiKey twin = create(db, owner, "twin of middle", KeyFormat.generate());
        create(db, other, "someone else's", KeyFormat.generate());
        // creation times set apart explicitly: keys made within one microsecond would tie
        setCreatedAt(db, old, NOON.minus(2, ChronoUnit.DAYS));
        setCreatedAt(db, newest, NOON);
        setCreatedAt(db, middle, NOON.minus(1, ChronoUnit.DAYS));
        setCreatedAt(db, twin, NOON.minus(1, ChronoUnit.DAYS));

        List<ApiKey> listed = db.read(em -> em.createNamedQuery("ApiKey.ofAccount", ApiKey.class)
                .setParameter("account", owner.getId())
                .getResultList());

        // equal creation times fall back to the id, so the order never depends on the plan
        List<ApiKey> sameDay = middle.getId().compareTo(twin.getId()) < 0 ? List.of(middle, twin) : List.of(twin, middle);
        assertEquals(List.of(newest.getName(), sameDay.get(0).getName(), sameDay.get(1).getName(), old.getName()),
                listed.stream().map(ApiKey::getName).toList());
        assertEquals(NOON, listed.get(0).getCreatedAt());
    }

    @AcrossProviders
    void revokingTwiceChangesNothingTheSecondTime(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        String key = KeyFormat.generate();
        ApiKey record = create(db, owner, "ci", key);

        int first = revoke(db, record, NOON);
        int second = revoke(db, record, NOON.plusSeconds(60));

        assertEquals(1, first, "first revoke");
        assertEquals(0, second, "a revoked key stays revoked at its first time");
        assertEquals(NOON, db.read(em -> em.find(ApiKey.class, record.getId())).getRevokedAt());
        KeyIdentity identity = db.read(em -> identify(em, key)).orElseThrow();
        assertTrue(identity.revoked(), "a revoked key is still found, and says so");
        assertEquals(NOON, identity.revokedAt());
    }

    @AcrossProviders
    void aRotatedKeyCarriesItsScheduledRevocationIntoItsIdentity(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        String key = KeyFormat.generate();
        ApiKey record = create(db, owner, "rotated", key);

        assertEquals(1, schedule(db, record, NOON.plusSeconds(60)));
        assertEquals(0, schedule(db, record, NOON.plusSeconds(120)), "a later time never postpones the revocation");
        assertEquals(1, schedule(db, record, NOON), "an earlier one brings it forward");
        KeyIdentity identity = db.read(em -> identify(em, key)).orElseThrow();
        assertEquals(NOON, identity.revokesAt());
        assertNull(identity.revokedAt());
        assertFalse(identity.revoked(NOON.minusNanos(1_000)), "works during the grace period");
        assertTrue(identity.revoked(NOON), "refused from the scheduled time on");
        assertEquals(NOON, db.read(em -> em.find(ApiKey.class, record.getId())).revokedAt(NOON.plusSeconds(1)));

        assertEquals(0, revoke(db, record, NOON.plusSeconds(5)), "past its time it is revoked already: a revoke keeps that time");
        assertEquals(1, revoke(db, create(db, owner, "other", KeyFormat.generate()), NOON), "a key without a schedule revokes");
        ApiKey pending = create(db, owner, "pending", KeyFormat.generate());
        schedule(db, pending, NOON.plusSeconds(60));
        assertEquals(1, revoke(db, pending, NOON), "a key whose time is still to come is revoked now");
        ApiKey revoked = db.read(em -> em.find(ApiKey.class, pending.getId()));
        assertEquals(NOON, revoked.getRevokedAt());
        assertNull(revoked.getRevokesAt(), "and has nothing pending any more");
        assertEquals(0, schedule(db, pending, NOON.plusSeconds(1)), "a revoked key is never scheduled");
    }

    @AcrossProviders
    void touchMovesLastUsedForwardAndNeverBack(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        ApiKey record = create(db, owner, "phone", KeyFormat.generate());
        assertNull(record.getLastUsedAt());

        touch(db, record, new LastUse(NOON, "192.0.2.1", "curl/8", "rest"), List.of("192.0.2.1"));
        assertEquals(NOON, lastUsed(db, record), "first use");
        touch(db, record, new LastUse(NOON.minusNanos(1_000), "192.0.2.9", "late", "caldav"), List.of("192.0.2.9"));
        ApiKey afterLate = db.read(em -> em.find(ApiKey.class, record.getId()));
        assertEquals(NOON, afterLate.getLastUsedAt(), "one microsecond older: another node's late write");
        assertEquals("192.0.2.1", afterLate.getLastUsedIp(), "the late write leaves where the last use came from");
        assertEquals("curl/8", afterLate.getLastUsedUserAgent());
        assertEquals("rest", afterLate.getLastUsedVia());
        assertEquals(List.of("192.0.2.1", "192.0.2.9"), afterLate.getRecentIps(), "but its address joins, after the newest");
        touch(db, record, new LastUse(NOON.plusNanos(1_000), "2001:db8:0:0:0:0:0:1", "DAVx5/4", "caldav"),
                List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1"));
        assertEquals(NOON.plusNanos(1_000), lastUsed(db, record), "one microsecond newer");
        ApiKey newer = db.read(em -> em.find(ApiKey.class, record.getId()));
        assertEquals("2001:db8:0:0:0:0:0:1", newer.getLastUsedIp());
        assertEquals("DAVx5/4", newer.getLastUsedUserAgent());
        assertEquals("caldav", newer.getLastUsedVia());
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1", "192.0.2.9"), newer.getRecentIps(),
                "distinct, newest first");
    }

    @AcrossProviders
    void aKeyKeepsItsFiveLatestDistinctAddressesAtTheirFullLength(Backend db) {
        Account owner = persistAccount(db, Plan.PRO);
        ApiKey record = create(db, owner, "many places", KeyFormat.generate());
        String longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";   // 45 characters
        List<String> six = List.of(longest, "192.0.2.5", "192.0.2.4", "192.0.2.3", "192.0.2.2", "192.0.2.1");
        touch(db, record, new LastUse(NOON, longest, "u".repeat(LastUse.MAX_USER_AGENT), "rest"), six);
        ApiKey read = db.read(em -> em.find(ApiKey.class, record.getId()));
        assertEquals(six.subList(0, ApiKey.RECENT), read.getRecentIps());
        assertEquals(longest, read.getLastUsedIp());
        assertEquals(LastUse.MAX_USER_AGENT, read.getLastUsedUserAgent().length());
    }

    // --- the SE equivalents of ApiKeyService's methods

    private static ApiKey create(Backend db, Account owner, String name, String key) {
        return db.inTransactionGet(em -> {
            ApiKey record = new ApiKey(em.getReference(Account.class, owner.getId()), name, key);
            em.persist(record);
            return record;
        });
    }

    private static Optional<KeyIdentity> identify(EntityManager em, String key) {
        return em.createNamedQuery("ApiKey.authenticate", KeyIdentity.class)
                .setParameter("hash", KeyFormat.hash(key))
                .getResultStream()
                .findFirst();
    }

    private static int revoke(Backend db, ApiKey record, Instant now) {
        return db.inTransactionGet(em -> em.createNamedQuery("ApiKey.revoke")
                .setParameter("id", record.getId())
                .setParameter("now", now)
                .executeUpdate());
    }

    private static int schedule(Backend db, ApiKey record, Instant at) {
        return db.inTransactionGet(em -> em.createNamedQuery("ApiKey.scheduleRevocation")
                .setParameter("id", record.getId())
                .setParameter("at", at)
                .executeUpdate());
    }

    /** ApiKeyService.touch: the row locked, the uses merged into it. */
    private static void touch(Backend db, ApiKey record, LastUse use, List<String> seen) {
        db.inTransaction(em -> em.find(ApiKey.class, record.getId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .recordUse(use, seen));
    }

    private static Instant lastUsed(Backend db, ApiKey record) {
        return db.read(em -> em.find(ApiKey.class, record.getId())).getLastUsedAt();
    }

    private static Account persistAccount(Backend db, Plan plan) {
        Account account = new Account("owner." + UUID.randomUUID() + "@example.test", "Owner", "hash", plan);
        db.inTransaction(em -> em.persist(account));
        return account;
    }

    private static void setCreatedAt(Backend db, ApiKey record, Instant at) {
        db.execute("UPDATE api_keys SET created_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), record.getId());
    }
}
