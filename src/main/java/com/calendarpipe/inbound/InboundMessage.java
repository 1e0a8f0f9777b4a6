package com.calendarpipe.inbound;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A message the SMTP listener accepted for one calendar, waiting to be applied. Invariants: it is
 * committed before the listener answers 250 (so an accepted message survives a crash); it is
 * deleted in the transaction that applies it, or when it is given up, so every row is still to
 * be applied, and applying it twice is impossible (the row is locked while it is applied, and
 * gone after).
 */
@Entity
@Table(name = "inbound_mail")
@NamedQuery(name = "InboundMessage.due", query = """
        SELECT m.id FROM InboundMessage m WHERE m.nextAttemptAt <= :now ORDER BY m.nextAttemptAt, m.id""")
public class InboundMessage {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(name = "envelope_sender", nullable = false, length = 254)
    private String envelopeSender;

    @Column(name = "from_addresses", nullable = false, length = 1000)
    private String fromAddresses;

    @Column(name = "message_id", length = 255)
    private String messageId;

    @Column(nullable = false, length = 1_000_000)
    private String icalendar;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_error", length = 200)
    private String lastError;

    protected InboundMessage() {
    }

    /** {@code firstAttempt}: when the poll may take it, should the listener's own attempt not have applied it by then. */
    InboundMessage(String calendarId, String envelopeSender, Set<String> from, String messageId, String icalendar,
                   Instant now, Instant firstAttempt) {
        this.id = UUID.randomUUID().toString();
        this.calendarId = calendarId;
        this.envelopeSender = envelopeSender;
        String joined = String.join(" ", from);
        this.fromAddresses = joined.length() <= 1000 ? joined : joined.substring(0, joined.lastIndexOf(' ', 1000));
        this.messageId = messageId;
        this.icalendar = icalendar;
        this.receivedAt = now.truncatedTo(ChronoUnit.MICROS);
        this.nextAttemptAt = firstAttempt.truncatedTo(ChronoUnit.MICROS);
    }

    String getId() {
        return id;
    }

    String getCalendarId() {
        return calendarId;
    }

    /** Who may have sent it: the envelope sender and the From addresses, bare and lower-cased. */
    Set<String> senders() {
        Set<String> senders = new LinkedHashSet<>();
        if (!envelopeSender.isEmpty()) {
            senders.add(envelopeSender);
        }
        Arrays.stream(fromAddresses.split(" ")).filter(s -> !s.isEmpty()).forEach(senders::add);
        return senders;
    }

    String getIcalendar() {
        return icalendar;
    }

    String getMessageId() {
        return messageId;
    }

    int getAttempts() {
        return attempts;
    }

    /** After a failed attempt: when to try again, and why this one failed (one line). */
    void retryAt(Instant next, String error) {
        this.attempts++;
        this.nextAttemptAt = next.truncatedTo(ChronoUnit.MICROS);
        this.lastError = error.length() <= 200 ? error : error.substring(0, 200);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InboundMessage that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
