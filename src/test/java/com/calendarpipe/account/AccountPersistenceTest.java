package com.calendarpipe.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import com.calendarpipe.persistence.Failures;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Accounts as {@link AccountService} stores and finds them, under every provider. */
class AccountPersistenceTest {

    /** SQLSTATE of a unique constraint violation on both H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    @AcrossProviders
    void aPersistedAccountIsFoundAgainById(Backend db) {
        Account account = newAccount("Ada." + UUID.randomUUID() + "@Example.test", Plan.FREE);
        db.inTransaction(em -> em.persist(account));

        Account found = db.read(em -> em.find(Account.class, account.getId()));

        assertNotNull(found, "find by id after commit");
        assertNotSame(account, found, "a fresh read must come from the database");
        assertEquals(account.getEmail(), found.getEmail());
        assertEquals("Ada", found.getDisplayName());
        assertEquals(account.getPasswordHash(), found.getPasswordHash());
        assertEquals(Plan.FREE, found.getPlan());
        assertEquals(account.getCreatedAt(), found.getCreatedAt());
        assertTrue(found.hasEmail(account.getEmail().toUpperCase()), "normalized email was stored");
    }

    @AcrossProviders
    void byEmailFindsTheAccountWhateverTheCase(Backend db) {
        String local = "Grace." + UUID.randomUUID();
        Account account = newAccount(local + "@Example.test", Plan.PRO);
        db.inTransaction(em -> em.persist(account));

        List<Account> found = db.read(em -> byEmail(em, "  " + local.toUpperCase() + "@EXAMPLE.TEST "));
        List<Account> unknown = db.read(em -> byEmail(em, "nobody." + UUID.randomUUID() + "@example.test"));

        assertEquals(List.of(account), found);
        assertEquals(Plan.PRO, found.get(0).getPlan());
        assertEquals(List.of(), unknown);
    }

    @AcrossProviders
    void theUniqueIndexRejectsAnEmailThatDiffersOnlyInCase(Backend db) {
        String email = "Hopper." + UUID.randomUUID() + "@example.test";
        Account first = newAccount(email, Plan.FREE);
        db.inTransaction(em -> em.persist(first));

        // what signUp does when two sign-ups race past its byEmail check: persist, then flush
        EntityManager em = db.newEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(newAccount(email.toUpperCase(), Plan.FREE));
            PersistenceException refused = assertThrows(PersistenceException.class, em::flush);
            SQLException cause = Failures.sqlCause(refused);
            assertEquals(UNIQUE_VIOLATION, cause == null ? null : cause.getSQLState(), () -> "SQLSTATE of " + refused);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }

        assertEquals(1L, db.queryOne(Long.class,
                "SELECT COUNT(*) FROM accounts WHERE email_normalized = ?", Account.normalize(email)));
    }

    @AcrossProviders
    void aPasswordChangeKeepsTheTimeFromWhichSessionsCount(Backend db) {
        Account account = newAccount("Liskov." + UUID.randomUUID() + "@example.test", Plan.PRO);
        db.inTransaction(em -> em.persist(account));
        assertEquals(null, db.read(em -> em.find(Account.class, account.getId())).getSessionsValidFrom());
        // every microsecond digit set, so a database or provider that drops any of them fails
        java.time.Instant from = java.time.Instant.parse("2026-12-02T01:00:00.123456Z");

        db.inTransaction(em -> em.find(Account.class, account.getId()).changePassword("new-hash", from));

        Account changed = db.read(em -> em.find(Account.class, account.getId()));
        assertEquals(from, changed.getSessionsValidFrom());
        assertEquals("new-hash", changed.getPasswordHash());
    }

    @AcrossProviders
    void ofTwoConcurrentPlanChangesTheSecondCommitFails(Backend db) {
        Account account = newAccount("Lamport." + UUID.randomUUID() + "@example.test", Plan.FREE);
        db.inTransaction(em -> em.persist(account));
        long versionBefore = version(db, account);

        EntityManager first = db.newEntityManager();
        EntityManager second = db.newEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            first.find(Account.class, account.getId()).setPlan(Plan.PRO);
            second.find(Account.class, account.getId()).setPlan(Plan.PRO);
            first.getTransaction().commit();

            RuntimeException failure = assertThrows(RuntimeException.class, () -> second.getTransaction().commit());
            if (!Failures.causedBy(failure, OptimisticLockException.class)) {
                fail("expected an OptimisticLockException in the causes of " + failure, failure);
            }
        } finally {
            for (EntityManager em : List.of(first, second)) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }

        assertEquals(versionBefore + 1, version(db, account), "only the first commit wrote");
        assertEquals(Plan.PRO, db.read(em -> em.find(Account.class, account.getId())).getPlan());
    }

    private static Account newAccount(String email, Plan plan) {
        return new Account(email, "Ada", "pbkdf2-hash-" + UUID.randomUUID(), plan);
    }

    private static List<Account> byEmail(EntityManager em, String email) {
        return em.createNamedQuery("Account.byEmail", Account.class)
                .setParameter("email", Account.normalize(email))
                .getResultList();
    }

    private static long version(Backend db, Account account) {
        return db.queryOne(Long.class, "SELECT version FROM accounts WHERE id = ?", account.getId());
    }


}
