package com.calendarpipe.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/**
 * The scheduling inbox as {@link Inbox} keeps it, under every provider on H2 and PostgreSQL:
 * each delivery and deletion at the inbox's next revision, deletions remembered for sync
 * (RFC 6578), the revision's row made on an account's first change.
 */
class InboxPersistenceTest {

    private static final String REQUEST = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

    @AcrossProviders
    void everyDeliveryAndDeletionMovesTheRevisionAndASyncSeesEachOnce(Backend db) {
        Account bob = persistAccount(db);
        assertEquals(1L, revision(db, bob), "an account without a row is at revision 1");

        db.inTransaction(em -> inbox(em).deliver(bob.getId(), "planning@test", "REQUEST", REQUEST));
        db.inTransaction(em -> inbox(em).deliver(bob.getId(), "review@test", "REQUEST", REQUEST.replace("REQUEST", "CANCEL")));
        assertEquals(3L, revision(db, bob));
        List<InboxItem> items = db.read(em -> inbox(em).list(bob.getId()));
        assertEquals(List.of(2L, 3L), items.stream().map(InboxItem::getRevision).toList());

        String first = items.get(0).getName();
        assertTrue(deleted(db, bob, first));
        assertFalse(deleted(db, bob, first), "gone already");
        assertEquals(4L, revision(db, bob), "a deletion of nothing changes nothing");

        Inbox.Changes since2 = db.read(em -> inbox(em).changesSince(bob.getId(), 2));
        assertEquals(List.of(items.get(1).getName()), since2.delivered().stream().map(InboxItem::getName).toList());
        assertEquals(List.of(first), since2.deleted().stream().map(InboxTombstone::getName).toList());
        assertEquals(List.of(4L), since2.deleted().stream().map(InboxTombstone::getRevision).toList());
        Inbox.Changes since4 = db.read(em -> inbox(em).changesSince(bob.getId(), 4));
        assertTrue(since4.delivered().isEmpty() && since4.deleted().isEmpty());

        assertEquals(List.of(items.get(1).getName()), db.read(em -> inbox(em)
                .items(bob.getId(), List.of(first, items.get(1).getName(), "nothing.ics"))).stream().map(InboxItem::getName).toList());
        assertEquals(List.of(), db.read(em -> inbox(em).items(bob.getId(), List.of())));
        Account other = persistAccount(db);
        assertEquals(List.of(), db.read(em -> inbox(em).items(other.getId(), List.of(items.get(1).getName()))),
                "another account's message is not found by name");
        assertEquals(1L, revision(db, other), "nor does it move another account's revision");
    }

    private static long revision(Backend db, Account account) {
        Long revision = db.read(em -> inbox(em).revision(account.getId()));
        return revision;
    }

    private static boolean deleted(Backend db, Account account, String name) {
        Boolean deleted = db.inTransactionGet(em -> inbox(em).delete(account.getId(), name));
        return deleted;
    }

    private static Inbox inbox(EntityManager em) {
        Inbox inbox = new Inbox();
        inbox.em = em;
        return inbox;
    }

    private static Account persistAccount(Backend db) {
        Account account = new Account("inbox." + UUID.randomUUID() + "@example.test", "Bob", "hash", Plan.PRO);
        db.inTransaction(em -> em.persist(account));
        return account;
    }
}
