package com.calendarpipe.inbound;

import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.ObjectIndex;
import com.calendarpipe.calendar.Repairs;
import com.calendarpipe.invitations.InvitationService;
import com.calendarpipe.scheduling.Received;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The listener's transactions: which calendar an address names, whether a message may act on
 * it, storing what is accepted (committed before the 250), and applying a stored message (in a
 * transaction that also deletes it). The listener's threads call these; none holds a transaction
 * while a client talks.
 */
@Stateless
public class Intake {

    private static final Logger LOG = Logger.getLogger(Intake.class.getName());

    /** Attempts at applying one message before it is given up (logged; the sender has had its 250). */
    static final int MAX_ATTEMPTS = 5;
    private static final java.time.Duration RETRY_BASE = java.time.Duration.ofSeconds(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    CalendarService calendars;

    @Inject
    InvitationService invitations;

    @Inject
    Settings settings;

    /**
     * The calendar a recipient address names: {@code cal-{mailId}@} the mail domain, compared
     * without regard to case (RFC 5321 §2.4 lets a server do so with its own local parts). Any
     * other address, of this domain or any other, names none: the listener is never a relay.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> calendar(String address) {
        String bare = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        String suffix = "@" + settings.mailDomain().toLowerCase(Locale.ROOT);
        if (!bare.startsWith(HostedCalendar.ADDRESS_PREFIX) || !bare.endsWith(suffix)) {
            return Optional.empty();
        }
        String mailId = bare.substring(HostedCalendar.ADDRESS_PREFIX.length(), bare.length() - suffix.length());
        return mailId.matches("[0-9a-f]{1,64}") ? calendars.byMailId(mailId) : Optional.empty();
    }

    /** What may not be accepted of a message for these calendars: the first calendar's refusal when every one refuses it. */
    public record Verdict(List<String> accepted, Optional<Received.Refusal> refusal) {
    }

    /**
     * Judges a message for each of the calendars (see {@link Received#refusal}), after checking
     * that it is an iTIP message whose object this server could store (RFC 5546 §3.1; the intake's
     * repairs first, as for every channel): refused as a whole when it is not, or when every
     * calendar refuses it.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Verdict judge(List<String> calendarIds, Received.Message message, Set<String> senders) {
        ObjectIndex.of(ICal.parseWritten(Repairs.repaired(message.asStored())));   // refused as the store would
        List<String> accepted = new ArrayList<>();
        Optional<Received.Refusal> first = Optional.empty();
        for (String id : calendarIds) {
            HostedCalendar calendar = em.find(HostedCalendar.class, id);
            if (calendar == null) {
                continue;
            }
            Optional<Received.Refusal> refusal = invitations.refusal(calendar, message, senders);
            if (refusal.isEmpty()) {
                accepted.add(id);
            } else if (first.isEmpty()) {
                first = refusal;
            }
        }
        return new Verdict(accepted, accepted.isEmpty() ? first.or(() -> Optional.of(Received.Refusal.NOT_ITIP)) : Optional.empty());
    }

    /** Stores the accepted message for each calendar, committed when this returns; their ids. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> store(List<String> calendarIds, String envelopeSender, CalendarPart part, Instant firstAttempt) {
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (String calendarId : calendarIds) {
            InboundMessage row = new InboundMessage(calendarId, envelopeSender, part.from(), part.messageId(), part.text(),
                    now, firstAttempt);
            em.persist(row);
            ids.add(row.getId());
        }
        return ids;
    }

    /**
     * Applies a stored message and deletes it, in one transaction; nothing when it is gone (applied
     * by another thread or node, whose transaction held its row until it committed).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void apply(String id) {
        InboundMessage row = em.find(InboundMessage.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return;
        }
        Optional<Received.Outcome> outcome = Received.Message.of(row.getIcalendar())
                .flatMap(message -> invitations.receive(row.getCalendarId(), message, row.senders()));
        em.remove(row);
        LOG.info("iMIP message " + id + " for calendar " + row.getCalendarId() + ": " + outcome.map(Enum::name).orElse("not applied"));
    }

    /** After a failed attempt: tried again 30 s later (doubled each time), or given up (deleted) after {@link #MAX_ATTEMPTS}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void failed(String id, String error) {
        InboundMessage row = em.find(InboundMessage.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return;
        }
        if (row.getAttempts() + 1 >= MAX_ATTEMPTS) {
            em.remove(row);
            LOG.warning("iMIP message " + id + " for calendar " + row.getCalendarId() + " given up after "
                    + MAX_ATTEMPTS + " attempts: " + error);
        } else {
            row.retryAt(Instant.now().plus(RETRY_BASE.multipliedBy(1L << row.getAttempts())), error);
        }
    }

    /** The ids of the stored messages due for an attempt, oldest first, at most {@code max}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> due(Instant now, int max) {
        return em.createNamedQuery("InboundMessage.due", String.class).setParameter("now", now).setMaxResults(max).getResultList();
    }
}
