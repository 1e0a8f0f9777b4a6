package com.calendarpipe.imip;

import com.calendarpipe.persistence.OutboxClaim;
import com.calendarpipe.scheduling.Delivery;
import com.calendarpipe.scheduling.DeliveryOutcome;
import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The durable outbox of iMIP messages: {@link #send} queues a message in the caller's
 * transaction (so it exists only if the event's write commits); the other methods, each in a
 * transaction of its own, are the sender's (OutboxSender).
 */
@Stateless
// two views: Delivery for implicit scheduling, and its own for the sender's methods (with
// @LocalBean, an implemented interface is a view only when named here)
@Local(Delivery.class)
@LocalBean
public class Outbox implements Delivery {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    /** RFC 6638 §3.2.9 / RFC 5546 §3.6: pending, invalid calendar user, could not be delivered. */
    static final String PENDING = "1.0";
    static final String INVALID_USER = "3.7";
    static final String NOT_DELIVERED = "5.1";

    @PersistenceContext
    EntityManager em;

    @Inject
    Smtp smtp;

    @Inject
    Event<Queued> queued;

    @Inject
    Event<DeliveryOutcome> outcomes;

    /** Fired when a message is queued; observed after the commit, to send it at once. */
    public record Queued(String id) {
    }

    /** A message claimed by this node for one attempt, its {@code attempts} counting this one. */
    public record Claimed(String id, ExternalMessage message, Instant queuedAt, int attempts) {
    }

    /**
     * Queues the message in the caller's transaction: "1.0"; or, with nothing queued, "3.7" when
     * {@code to} is not a plain e-mail address (a header could be injected through it), "5.1"
     * when the rest of the message is unusable or no SMTP server is configured.
     */
    @Override
    public String send(ExternalMessage message) {
        String refusal = refusal(message);
        // the method goes into the log only when it is one of ours: no line can be forged through it
        String what = "iMIP " + (InvitationMail.METHODS.contains(message.method()) ? message.method() : "message")
                + " for " + masked(message.to());
        if (refusal != null) {
            LOG.warning(what + " refused (" + refusal + "): " + (refusal.equals(INVALID_USER)
                    ? "the recipient is not a plain e-mail address" : "not an iTIP message this server sends"));
            return refusal;
        }
        if (!smtp.configured()) {
            LOG.warning(what + " not sent: no SMTP server is configured (CALENDARPIPE_SMTP_HOST)");
            return NOT_DELIVERED;
        }
        OutboxMessage row = new OutboxMessage(message, Instant.now());
        em.persist(row);
        queued.fire(new Queued(row.getId()));
        return PENDING;
    }

    /** Why the message cannot be sent ("3.7" or "5.1"), or null when it can. */
    static String refusal(ExternalMessage message) {
        if (!InvitationMail.isAddress(message.to())) {
            return INVALID_USER;
        }
        // the columns' widths (V7): a longer value would fail the caller's whole commit
        boolean usable = InvitationMail.isAddress(message.from())
                && message.calendarId() != null && message.calendarId().length() <= 36
                && message.uid() != null && message.uid().length() <= 255
                && message.method() != null && InvitationMail.METHODS.contains(message.method())
                && message.ical() != null && InvitationMail.carriesMethod(message.ical(), message.method());
        return usable ? null : NOT_DELIVERED;
    }

    /** An address for the log: its first character and its domain, never the whole of it. */
    static String masked(String address) {
        if (address == null) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at);
        String shown = (address.isEmpty() ? "" : address.substring(0, 1)) + "…" + domain;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** The ids of the messages due for an attempt, oldest first, at most {@code max}. */
    public List<String> due(Instant now, int max) {
        return em.createNamedQuery("OutboxMessage.due", String.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    /**
     * Claims a due message for one attempt: raises its attempts from the value read and moves it
     * out of every node's way until {@code lease} has passed (a node that dies while sending
     * leaves it to be tried again then). Empty when it is not due, gone, or another node won.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claimed> claim(String id, Instant now, Duration lease) {
        OutboxMessage row = em.find(OutboxMessage.class, id);
        if (row == null) {
            return Optional.empty();
        }
        return OutboxClaim.claim(em, "OutboxMessage.claim", id, row.getAttempts(), now, lease)
                ? Optional.of(new Claimed(id, row.message(), row.getQueuedAt(), row.getAttempts() + 1))
                : Optional.empty();
    }

    /** After a failed attempt: tries again at {@code next}, unless another node has claimed it since. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void retryAt(Claimed claimed, Instant next, String error) {
        OutboxMessage row = em.find(OutboxMessage.class, claimed.id());
        if (row != null && row.getAttempts() == claimed.attempts()) {
            row.retryAt(next, error);
        }
    }

    /** Sent or given up: the message leaves the outbox. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void remove(String id) {
        OutboxMessage row = em.find(OutboxMessage.class, id);
        if (row != null) {
            em.remove(row);
        }
    }

    /** Tells implicit scheduling how the sending ended, in a transaction of its own. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void announce(DeliveryOutcome outcome) {
        outcomes.fire(outcome);
    }
}
