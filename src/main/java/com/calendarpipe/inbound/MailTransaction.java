package com.calendarpipe.inbound;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.scheduling.Received;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One mail transaction (RFC 5321 §3.3), MAIL to the end of DATA: every RCPT must name a
 * calendar here; the message must fit the size limit, carry a text/calendar part with an iTIP
 * message its organizer (or replying attendee) sent, and is stored, committed, before the 250.
 * Its refusals are {@link SmtpRefusals}'; the calendar's refusals are logged (RFC 6047 §3 asks
 * for spoofing to be noticed), never the message's content.
 */
final class MailTransaction implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(MailTransaction.class.getName());

    /** How much of an oversized message is read (and thrown away) to answer its 552 after the DATA, as RFC 5321 §4.2.5 wants. */
    private static final long DRAIN_LIMIT = 64L << 20;

    /**
     * The limits of one transaction: the message size, and the time its DATA may take in all; and
     * whether the listener applies the message itself before its 250, or leaves it to the poll.
     */
    record Limits(int maxBytes, long dataNanos, boolean applyNow) {
    }

    private final Intake intake;
    private final IntakeWorker worker;
    private final Limits limits;
    private final String client;
    private String sender = "";
    private final Set<String> calendarIds = new LinkedHashSet<>();

    MailTransaction(Intake intake, IntakeWorker worker, Limits limits, String client) {
        this.intake = intake;
        this.worker = worker;
        this.limits = limits;
        this.client = client;
    }

    @Override
    public void from(String from) {
        // the library checked its syntax; "" is the null sender of notifications (RFC 5321 §4.5.5)
        sender = from.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        Optional<HostedCalendar> calendar;
        try {
            calendar = intake.calendar(recipient);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not look up an SMTP recipient; answered 451", e);
            throw SmtpRefusals.unavailable();
        }
        calendarIds.add(calendar.orElseThrow(SmtpRefusals::unknownRecipient).getId());
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        byte[] raw = read(data);
        CalendarPart part;
        try {
            part = withMethod(CalendarPart.of(raw));
        } catch (CalendarPart.Unreadable e) {
            throw SmtpRefusals.noCalendar();
        }
        Received.Message message = Received.Message.of(part.text()).orElseThrow(SmtpRefusals::noCalendar);
        Set<String> senders = new LinkedHashSet<>();
        if (!sender.isEmpty()) {
            senders.add(sender);
        }
        senders.addAll(part.from());
        Intake.Verdict verdict;
        try {
            verdict = intake.judge(List.copyOf(calendarIds), message, senders);
        } catch (Refused invalid) {
            throw SmtpRefusals.invalidCalendar(invalid);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not judge an iMIP message; answered 451", e);
            throw SmtpRefusals.unavailable();
        }
        if (verdict.refusal().isPresent()) {
            LOG.warning("iMIP " + message.method() + " from " + client + " refused: " + verdict.refusal().get());
            throw SmtpRefusals.refused(verdict.refusal().get());
        }
        List<String> stored;
        try {
            stored = intake.store(verdict.accepted(), sender, part,
                    limits.applyNow() ? Instant.now().plus(IntakeWorker.LISTENER_LEASE) : Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store an iMIP message; answered 451", e);
            throw SmtpRefusals.unavailable();
        }
        // stored and committed: from here on the 250 is owed, whatever applying it does
        if (limits.applyNow()) {
            new ArrayList<>(stored).forEach(worker::apply);
        }
        return SmtpRefusals.ACCEPTED;
    }

    @Override
    public void done() {
        // nothing held between commands
    }

    /**
     * The message's bytes, at most the size limit; past it (or past a line RFC 5322 §2.1.1 allows)
     * the rest is read to its end and thrown away, so the refusal answers the DATA. A client that
     * stalls longer than the listener's timeout, or whose DATA takes longer in all than allowed,
     * is dropped.
     */
    private byte[] read(InputStream data) throws IOException, RejectException {
        long deadline = System.nanoTime() + limits.dataNanos();
        ByteArrayOutputStream kept = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int line = 0;
        boolean longLine = false;
        try {
            for (int n; (n = data.read(buffer)) != -1; ) {
                if (System.nanoTime() - deadline > 0) {
                    throw SmtpRefusals.dataTimeout();
                }
                total += n;
                for (int i = 0; i < n; i++) {
                    line = buffer[i] == '\n' ? 0 : line + 1;
                    longLine |= line > 999;   // 998 characters and the CR
                }
                if (total <= limits.maxBytes()) {
                    kept.write(buffer, 0, n);
                } else if (total > DRAIN_LIMIT) {
                    throw new org.subethamail.smtp.DropConnectionException(552, "5.3.4 Message size exceeds fixed limit");
                }
            }
        } catch (SocketTimeoutException stalled) {
            throw SmtpRefusals.dataTimeout();
        }
        if (total > limits.maxBytes()) {
            throw SmtpRefusals.tooLarge();
        }
        if (longLine) {
            throw SmtpRefusals.lineTooLong();
        }
        return kept.toByteArray();
    }

    /**
     * The part with METHOD in its VCALENDAR when only the part's {@code method} parameter names it
     * (RFC 6047 §2.4 wants both, and the same; some senders give only the parameter).
     */
    private static CalendarPart withMethod(CalendarPart part) {
        String method = part.methodParameter();
        if (method == null || !method.strip().matches("[A-Za-z-]{1,20}")
                || part.text().lines().anyMatch(l -> l.regionMatches(true, 0, "METHOD:", 0, 7))) {
            return part;
        }
        String text = part.text().replaceFirst("(?i)BEGIN:VCALENDAR\r?\n",
                "BEGIN:VCALENDAR\r\nMETHOD:" + method.strip().toUpperCase(Locale.ROOT) + "\r\n");
        return new CalendarPart(text, part.methodParameter(), part.from(), part.messageId());
    }
}
