package com.calendarpipe.invitations;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.scheduling.Answered;
import com.calendarpipe.scheduling.Received;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The invitations of the account's calendars: made and followed from the iTIP messages that
 * arrive by mail (applied by scheduling's {@link Received}, in the caller's transaction), listed,
 * and answered. An answer is a change of the calendar's PARTSTAT on its copy, written like any
 * client's, so implicit scheduling sends the REPLY, exactly as when a CalDAV client changes it;
 * either way the invitation follows ({@link Answered}). Another account's calendar is "not found".
 */
@Stateless
public class InvitationService {

    private static final Logger LOG = Logger.getLogger(InvitationService.class.getName());

    /** The answers a calendar may give (RFC 5546 §3.2.3). */
    public static final List<String> ANSWERS = List.of("ACCEPTED", "DECLINED", "TENTATIVE");

    @PersistenceContext
    EntityManager em;

    @Inject
    CalendarService calendars;

    @Inject
    Received received;

    @Inject
    Event<InvitationChanged> changed;

    @Inject
    Event<AttendeeResponded> responded;

    /** Why the message may not act on the calendar (see {@link Received#refusal}); read only. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Received.Refusal> refusal(HostedCalendar calendar, Received.Message message, Set<String> senders) {
        return received.refusal(calendar, message, senders);
    }

    /**
     * Applies a message received for the calendar, in the caller's transaction, and keeps its
     * invitation; empty when the calendar is gone or the message is now refused (logged; nothing
     * changes).
     */
    public Optional<Received.Outcome> receive(String calendarId, Received.Message message, Set<String> senders) {
        HostedCalendar calendar = em.find(HostedCalendar.class, calendarId);
        if (calendar == null) {
            return Optional.empty();
        }
        Optional<Received.Refusal> refusal = received.refusal(calendar, message, senders);
        if (refusal.isPresent()) {
            LOG.warning("iTIP " + message.method() + " for calendar " + calendarId + " refused (" + refusal.get() + ")");
            return Optional.empty();
        }
        Received.Outcome outcome = received.apply(calendar, message);
        Optional<Invitation> invitation = invitation(calendarId, message.uid());
        switch (outcome) {
            case CREATED, UPDATED -> {
                if (message.method().equals("REQUEST") || invitation.isPresent()) {
                    Invitation kept = invitation.orElseGet(() -> persisted(calendar, message));
                    String status = calendars.objectByUid(calendarId, message.uid())
                            .map(o -> Invitation.status(received.answer(calendar, o.getIcalendar()))).orElse(kept.getStatus());
                    boolean renewed = invitation.isEmpty() || Invitation.CANCELLED.equals(kept.getStatus());
                    kept.changed(message.method(), message.sequence(), message.organizerName(), status);
                    fire(renewed ? InvitationChanged.Kind.RECEIVED : InvitationChanged.Kind.UPDATED, kept);
                }
            }
            case CANCELLED -> invitation.ifPresent(i -> {
                i.changed(message.method(), message.sequence(), message.organizerName(), Invitation.CANCELLED);
                fire(InvitationChanged.Kind.CANCELLED, i);
            });
            case REPLIED -> message.replyingAttendee().ifPresent(attendee -> responded.fire(new AttendeeResponded(
                    calendar.getAccountId(), calendarId, message.uid(), attendee, message.partstat(attendee))));
            default -> {
                // stale or recorded only: the invitation is as it was
            }
        }
        return Optional.of(outcome);
    }

    private Invitation persisted(HostedCalendar calendar, Received.Message message) {
        Invitation invitation = new Invitation(calendar.getAccountId(), calendar.getId(), message.uid(),
                message.organizer().orElseThrow(), message.organizerName());
        invitation.changed(message.method(), message.sequence(), message.organizerName(), Invitation.PENDING);
        em.persist(invitation);
        return invitation;
    }

    private void fire(InvitationChanged.Kind kind, Invitation invitation) {
        changed.fire(new InvitationChanged(kind, invitation.getAccountId(), invitation.getCalendarId(), invitation.getId(),
                invitation.getEventUid()));
    }

    /** A page of the calendar's invitations, oldest first, those of one status when {@code status} is not null. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Invitation> list(String accountId, String calendarId, String status, int offset, int limit) {
        calendars.get(accountId, calendarId);
        TypedQuery<Invitation> query = status == null
                ? em.createNamedQuery("Invitation.ofCalendar", Invitation.class)
                : em.createNamedQuery("Invitation.ofCalendarWithStatus", Invitation.class).setParameter("status", status);
        return query.setParameter("calendar", calendarId).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long count(String accountId, String calendarId, String status) {
        calendars.get(accountId, calendarId);
        TypedQuery<Long> query = status == null
                ? em.createNamedQuery("Invitation.countOfCalendar", Long.class)
                : em.createNamedQuery("Invitation.countOfCalendarWithStatus", Long.class).setParameter("status", status);
        return query.setParameter("calendar", calendarId).getSingleResult();
    }

    /** The calendar's invitation of this event UID (or of this invitation id), else "not found". */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Invitation get(String accountId, String calendarId, String uidOrId) {
        calendars.get(accountId, calendarId);
        return invitation(calendarId, uidOrId)
                .or(() -> Optional.ofNullable(em.find(Invitation.class, uidOrId)).filter(i -> i.getCalendarId().equals(calendarId)))
                .orElseThrow(() -> Refused.notFound("Invitation"));
    }

    /**
     * The calendar's answer: its PARTSTAT on its copy, written as a client's change, so the
     * organizer gets a REPLY from the calendar's address through the iMIP outbox. 409 when the
     * invitation was cancelled, or its copy deleted; the same answer again changes and sends nothing.
     */
    public Invitation respond(String accountId, String calendarId, String uidOrId, String answer) {
        String partstat = answer == null ? "" : answer.strip().toUpperCase(Locale.ROOT);
        if (!ANSWERS.contains(partstat)) {
            throw Refused.invalidField("status", "status must be ACCEPTED, DECLINED or TENTATIVE");
        }
        Invitation invitation = get(accountId, calendarId, uidOrId);
        if (Invitation.CANCELLED.equals(invitation.getStatus())) {
            throw Refused.conflict("The organizer cancelled this invitation");
        }
        CalendarObject copy = calendars.objectByUid(calendarId, invitation.getEventUid())
                .orElseThrow(() -> Refused.conflict("The invitation's event was deleted from the calendar"));
        calendars.update(accountId, copy.getId(), copy.getComponent(), null,
                (calendar, stored) -> received.answered(calendar, stored, partstat));
        return invitation;
    }

    /** The calendar's answer on its copy, however it was given (REST, CalDAV, a delete): the invitation follows. */
    public void answered(@Observes Answered answer) {
        HostedCalendar calendar = em.find(HostedCalendar.class, answer.calendarId());
        invitation(answer.calendarId(), answer.uid())
                .filter(i -> calendar != null && received.isCalendarAddress(calendar, answer.attendee()))
                .ifPresent(i -> i.answered(answer.partstat()));
    }

    private Optional<Invitation> invitation(String calendarId, String uid) {
        return em.createNamedQuery("Invitation.byUid", Invitation.class)
                .setParameter("calendar", calendarId).setParameter("uid", uid)
                .getResultStream().findFirst();
    }
}
