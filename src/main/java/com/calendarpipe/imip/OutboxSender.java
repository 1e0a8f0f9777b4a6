package com.calendarpipe.imip;

import com.calendarpipe.Settings;
import com.calendarpipe.scheduling.DeliveryOutcome;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the outbox's messages: each one at once after the transaction that queued it commits,
 * and every five seconds those due for a retry. A failed attempt is retried after the back-off
 * ({@code CALENDARPIPE_IMIP_RETRY_BASE}, doubled each time, at most an hour) until the message is
 * older than {@code CALENDARPIPE_IMIP_GIVE_UP_AFTER} (a day); a recipient the SMTP server refuses
 * outright is given up at once. No transaction is held while the SMTP server talks: the outbox's
 * own short transactions claim, reschedule and remove the rows. The timer is not persistent, so
 * every node of a cluster polls; the claim (Outbox#claim) lets exactly one of them send each
 * message. A node that dies between the SMTP server's acceptance and the row's removal sends the
 * message again once its lease has passed: at least once, never lost.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class.getName());

    /** How long a claimed message is left to the node sending it: well over the SMTP timeouts (Smtp). */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** The longest wait between two attempts. */
    static final Duration MAX_BACK_OFF = Duration.ofHours(1);
    /** Messages sent per poll and node: the rest wait for the next poll. */
    private static final int BATCH = 50;

    @Inject
    Outbox outbox;

    @Inject
    Smtp smtp;

    @Inject
    Settings settings;

    @Resource
    SessionContext context;

    /** Right after the commit that queued it, on another thread: the committing request does not wait for SMTP. */
    public void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Queued queued) {
        context.getBusinessObject(OutboxSender.class).sendSoon(queued.id());
    }

    @Asynchronous
    public void sendSoon(String id) {
        send(id);
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void poll() {
        try {
            for (String id : outbox.due(Instant.now(), BATCH)) {
                send(id);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the iMIP outbox; the next poll tries again", e);
        }
    }

    /** One attempt at one message, if this node wins its claim. */
    private void send(String id) {
        Outbox.Claimed claimed = outbox.claim(id, Instant.now(), LEASE).orElse(null);
        if (claimed == null) {
            return;
        }
        String what = "iMIP " + claimed.message().method() + " " + id + " to " + Outbox.masked(claimed.message().to());
        try {
            smtp.send(InvitationMail.build(smtp.session(), claimed.message(), id, settings.mailDomain(), Instant.now()));
        } catch (MessagingException | RuntimeException e) {
            failed(claimed, what, e);
            return;
        }
        outbox.remove(id);
        LOG.info(what + " sent (attempt " + claimed.attempts() + ")");
        announce(claimed, "1.1");
    }

    private void failed(Outbox.Claimed claimed, String what, Exception e) {
        String reason = reason(e);
        Instant next = Instant.now().plus(backOff(settings.imipRetryBase(), claimed.attempts()));
        // the SMTP server refused the recipient itself (a 5xx reply to RCPT TO): no retry helps
        boolean refused = e instanceof SendFailedException failure
                && failure.getInvalidAddresses() != null && failure.getInvalidAddresses().length > 0;
        if (refused || next.isAfter(claimed.queuedAt().plus(settings.imipGiveUpAfter()))) {
            outbox.remove(claimed.id());
            LOG.warning(what + " given up after attempt " + claimed.attempts() + ": " + reason);
            announce(claimed, Outbox.NOT_DELIVERED);
        } else {
            outbox.retryAt(claimed, next, reason);
            LOG.warning(what + " not sent (attempt " + claimed.attempts() + "), next at " + next + ": " + reason);
        }
    }

    /** The outcome, for implicit scheduling; its failure is logged, and never sends the message again. */
    private void announce(Outbox.Claimed claimed, String status) {
        try {
            outbox.announce(new DeliveryOutcome(claimed.message().calendarId(), claimed.message().uid(),
                    claimed.message().to(), status));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the outcome " + status + " of iMIP message " + claimed.id(), e);
        }
    }

    /** {@code base} before the second attempt, doubled before each next one, at most {@link #MAX_BACK_OFF}. */
    static Duration backOff(Duration base, int attempts) {
        Duration wait = base.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : wait;
    }

    /** One line naming the failure: its kind and message, cut short; never the message's body. */
    static String reason(Exception e) {
        Throwable cause = e.getCause() != null && e instanceof MessagingException ? e.getCause() : e;
        String text = e.getClass().getSimpleName() + ": " + e.getMessage()
                + (cause != e ? " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")" : "");
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
