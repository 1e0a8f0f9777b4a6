package com.calendarpipe.invitations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.UUID;

/** An invitation's row and the calendar's listing of them, under both providers, on H2 and PostgreSQL. */
class InvitationPersistenceTest {

    @AcrossProviders
    void anInvitationKeepsWhatItWasToldAndFollowsItsAnswer(Backend db) {
        HostedCalendar calendar = calendar(db);
        String uid = "7kukuqrfedlm2f9t0vr42q2d1o@google.com";
        Invitation invitation = persisted(db, calendar, uid, "Zoë \u0007Example");

        Invitation read = db.read(em -> em.find(Invitation.class, invitation.getId()));
        assertEquals(uid, read.getEventUid());
        assertEquals("alice@example.com", read.getOrganizerEmail());
        assertEquals("Zoë  Example", read.getOrganizerName(), "a control character is no part of a name");
        assertEquals("REQUEST", read.getMethod());
        assertEquals(Invitation.PENDING, read.getStatus());
        assertEquals(invitation.getCreatedAt(), read.getCreatedAt());
        assertNull(read.getRespondedAt());

        db.inTransaction(em -> em.find(Invitation.class, invitation.getId()).answered("TENTATIVE"));
        Invitation answered = db.read(em -> em.find(Invitation.class, invitation.getId()));
        assertEquals(Invitation.TENTATIVE, answered.getStatus());
        assertEquals(answered.getUpdatedAt(), answered.getRespondedAt());

        db.inTransaction(em -> em.find(Invitation.class, invitation.getId()).changed("CANCEL", 2, null, Invitation.CANCELLED));
        db.inTransaction(em -> em.find(Invitation.class, invitation.getId()).answered("ACCEPTED"));
        Invitation cancelled = db.read(em -> em.find(Invitation.class, invitation.getId()));
        assertEquals(Invitation.CANCELLED, cancelled.getStatus(), "no answer undoes a cancellation");
        assertEquals(2, cancelled.getSequence());
        assertEquals("Zoë  Example", cancelled.getOrganizerName(), "kept when a message names no one");
    }

    @AcrossProviders
    void aCalendarHasOneInvitationPerEventAndListsThemOldestFirstByStatus(Backend db) {
        HostedCalendar calendar = calendar(db);
        Invitation first = persisted(db, calendar, "one", null);
        Invitation second = persisted(db, calendar, "two", null);
        db.inTransaction(em -> em.find(Invitation.class, second.getId()).answered("ACCEPTED"));
        Invitation third = persisted(db, calendar, "three", null);

        assertEquals(List.of(first.getId(), second.getId(), third.getId()), ids(db, calendar, null));
        assertEquals(List.of(first.getId(), third.getId()), ids(db, calendar, Invitation.PENDING));
        assertEquals(List.of(second.getId()), ids(db, calendar, Invitation.ACCEPTED));
        assertEquals(Long.valueOf(2), db.<Long>read(em -> em.createNamedQuery("Invitation.countOfCalendarWithStatus", Long.class)
                .setParameter("calendar", calendar.getId()).setParameter("status", Invitation.PENDING).getSingleResult()));
        assertEquals(second.getId(), db.read(em -> em.createNamedQuery("Invitation.byUid", Invitation.class)
                .setParameter("calendar", calendar.getId()).setParameter("uid", "two").getSingleResult()).getId());

        assertThrows(PersistenceException.class, () -> persisted(db, calendar, "two", null), "one invitation per calendar and UID");
    }

    private static List<String> ids(Backend db, HostedCalendar calendar, String status) {
        return db.read(em -> (status == null
                ? em.createNamedQuery("Invitation.ofCalendar", Invitation.class)
                : em.createNamedQuery("Invitation.ofCalendarWithStatus", Invitation.class).setParameter("status", status))
                .setParameter("calendar", calendar.getId()).getResultList()).stream().map(Invitation::getId).toList();
    }

    private static Invitation persisted(Backend db, HostedCalendar calendar, String uid, String name) {
        Invitation invitation = new Invitation(calendar.getAccountId(), calendar.getId(), uid, "alice@example.com", name);
        invitation.changed("REQUEST", 0, null, Invitation.PENDING);
        db.inTransaction(em -> em.persist(invitation));
        return invitation;
    }

    private static HostedCalendar calendar(Backend db) {
        Account account = new Account("invited-" + UUID.randomUUID() + "@example.com", "Invited", "hash", Plan.PRO);
        HostedCalendar calendar = new HostedCalendar(account.getId(), "Invited");
        db.inTransaction(em -> {
            em.persist(account);
            em.persist(calendar);
        });
        return calendar;
    }
}
