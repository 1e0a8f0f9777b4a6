package com.calendarpipe.imip;

import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One iTIP message waiting in the outbox. Invariants: it exists only if the transaction that
 * wrote its event committed (it is written in that transaction); it is deleted when it has been
 * sent or given up, so every row is still to be sent; a node sends it only after raising
 * {@code attempts} from the value it read ({@code OutboxMessage.claim}, a conditional UPDATE,
 * portable where {@code SELECT … FOR UPDATE SKIP LOCKED} is not: H2 has no SKIP LOCKED), so
 * two nodes never send it at once. Its id is the e-mail's Message-ID, the same on every attempt.
 */
@Entity
@Table(name = "imip_outbox")
@NamedQuery(name = "OutboxMessage.due", query = """
        SELECT m.id FROM OutboxMessage m WHERE m.nextAttemptAt <= :now ORDER BY m.nextAttemptAt, m.id""")
@NamedQuery(name = "OutboxMessage.claim", query = """
        UPDATE OutboxMessage m SET m.attempts = m.attempts + 1, m.nextAttemptAt = :leaseEnd
        WHERE m.id = :id AND m.attempts = :attempts AND m.nextAttemptAt <= :now""")
public class OutboxMessage {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(nullable = false, length = 255)
    private String uid;

    @Column(nullable = false, length = 254)
    private String sender;

    @Column(nullable = false, length = 254)
    private String recipient;

    @Column(nullable = false, length = 7)
    private String method;

    @Column(length = 1000)
    private String summary;

    @Column(nullable = false, length = 1_000_000)
    private String icalendar;

    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_error", length = 200)
    private String lastError;

    protected OutboxMessage() {
    }

    OutboxMessage(ExternalMessage message, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.calendarId = message.calendarId();
        this.uid = message.uid();
        this.sender = message.from();
        this.recipient = message.to();
        this.method = message.method();
        this.summary = message.summary() == null || message.summary().length() <= 1000
                ? message.summary() : message.summary().substring(0, 1000);
        this.icalendar = message.ical();
        this.queuedAt = now.truncatedTo(ChronoUnit.MICROS);
        this.nextAttemptAt = this.queuedAt;
    }

    ExternalMessage message() {
        return new ExternalMessage(calendarId, uid, sender, recipient, method, summary, icalendar);
    }

    String getId() {
        return id;
    }

    Instant getQueuedAt() {
        return queuedAt;
    }

    int getAttempts() {
        return attempts;
    }

    /** After a failed attempt: when to try again, and why this one failed (one line, no body). */
    void retryAt(Instant next, String error) {
        this.nextAttemptAt = next.truncatedTo(ChronoUnit.MICROS);
        this.lastError = error.length() <= 200 ? error : error.substring(0, 200);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboxMessage that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
