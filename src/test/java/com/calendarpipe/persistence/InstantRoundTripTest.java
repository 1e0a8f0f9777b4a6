package com.calendarpipe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.apikey.ApiKey;
import com.calendarpipe.apikey.ApiKeyRecords;
import com.calendarpipe.apikey.KeyFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Every entity {@link Instant} goes through {@link InstantConverter}: it must come back to the
 * microsecond, and the column must hold a real timestamp. Reading it with plain JDBC as an
 * {@link OffsetDateTime} fails if a provider ever serializes the Instant into a binary column,
 * as EclipseLink 4 does without the converter.
 */
class InstantRoundTripTest {

    /** Every microsecond digit set, and a leap day. */
    private static final Instant USED_AT = Instant.parse("2028-02-29T23:59:59.987654Z");

    @AcrossProviders
    void anEntityTimestampComesBackToTheMicrosecond(Backend db) {
        Account account = newAccount();
        db.inTransaction(em -> em.persist(account));

        Account reread = db.read(em -> em.find(Account.class, account.getId()));

        assertEquals(account.getCreatedAt(), reread.getCreatedAt(), "through the provider");
        assertEquals(account.getCreatedAt(), column(db, "accounts", "created_at", account.getId()), "in the column");
    }

    @AcrossProviders
    void anInstantBoundAsAQueryParameterIsStoredToTheMicrosecond(Backend db) {
        Account account = newAccount();
        ApiKey key = ApiKeyRecords.of(account, "laptop", KeyFormat.generate());
        db.inTransaction(em -> {
            em.persist(account);
            em.persist(key);
        });

        // ApiKeyService.revoke's bulk update (last-used, once bound the same way, is now written through the entity)
        db.inTransaction(em -> em.createNamedQuery("ApiKey.revoke")
                .setParameter("id", key.getId())
                .setParameter("now", USED_AT)
                .executeUpdate());

        assertEquals(USED_AT, column(db, "api_keys", "revoked_at", key.getId()), "in the column");
        assertEquals(USED_AT, db.read(em -> em.find(ApiKey.class, key.getId())).getRevokedAt(), "through the provider");
        assertEquals(key.getCreatedAt(), column(db, "api_keys", "created_at", key.getId()));
    }

    @AcrossProviders
    void theJvmTimeZoneDoesNotMoveAnInstant(Backend db) {
        // nodes of one deployment may run in different zones; the instant must not care
        TimeZone original = TimeZone.getDefault();
        Account account = newAccount();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            db.inTransaction(em -> em.persist(account));
            TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
            Account reread = db.read(em -> em.find(Account.class, account.getId()));
            assertEquals(account.getCreatedAt(), reread.getCreatedAt(), "read in another zone");
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(account.getCreatedAt(), column(db, "accounts", "created_at", account.getId()));
    }

    private static Account newAccount() {
        return new Account("time." + UUID.randomUUID() + "@example.test", "Time", "hash", Plan.FREE);
    }

    /** The column as a JDBC timestamp with time zone; table and column are test constants. */
    private static Instant column(Backend db, String table, String column, String id) {
        return db.queryOne(OffsetDateTime.class, "SELECT " + column + " FROM " + table + " WHERE id = ?", id).toInstant();
    }
}
