package com.calendarpipe.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One delivery of a webhook, in the outbox of the iMIP messages' design (imip/OutboxMessage):
 * it exists only if the transaction of the change it tells of committed (it is written in that
 * transaction); a node sends it only after raising {@code attempts} from the value it read
 * ({@code WebhookDelivery.claim}, a conditional UPDATE), and owns it until
 * {@code nextAttemptAt}, its lease, so two nodes never send it at once and one that dies while
 * sending leaves it to be tried again. Unlike an iMIP message it stays once delivered or failed:
 * the deliveries list shows it. Its id is the {@code webhook-id} header, the same on every attempt,
 * so receivers can drop repeats.
 */
@Entity
@Table(name = "webhook_deliveries")
@NamedQuery(name = "WebhookDelivery.due", query = """
        SELECT d.id FROM WebhookDelivery d WHERE d.status = 'pending' AND d.nextAttemptAt <= :now
        ORDER BY d.nextAttemptAt, d.id""")
@NamedQuery(name = "WebhookDelivery.claim", query = """
        UPDATE WebhookDelivery d SET d.attempts = d.attempts + 1, d.nextAttemptAt = :leaseEnd
        WHERE d.id = :id AND d.attempts = :attempts AND d.status = 'pending' AND d.nextAttemptAt <= :now""")
@NamedQuery(name = "WebhookDelivery.ofCalendar", query = """
        SELECT d FROM WebhookDelivery d WHERE d.calendarId = :calendar ORDER BY d.createdAt DESC, d.id DESC""")
@NamedQuery(name = "WebhookDelivery.countOfCalendar", query = """
        SELECT COUNT(d) FROM WebhookDelivery d WHERE d.calendarId = :calendar""")
public class WebhookDelivery {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    @Id
    @Column(length = 40)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(name = "event_type", nullable = false, length = 40)
    private String type;

    @Column(nullable = false, length = 200_000)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_status")
    private Integer lastStatus;

    @Column(name = "last_duration_ms")
    private Integer lastDurationMs;

    @Column(name = "last_error", length = 200)
    private String lastError;

    protected WebhookDelivery() {
    }

    /** A new delivery, due at {@code now} plus {@code firstWait} (the first of CALENDARPIPE_WEBHOOK_RETRY_DELAYS: 0 unless set). */
    WebhookDelivery(String id, String calendarId, String type, String payload, Instant now, Duration firstWait) {
        this.id = id;
        this.calendarId = calendarId;
        this.type = type;
        this.payload = payload;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.status = PENDING;
        this.nextAttemptAt = this.createdAt.plus(firstWait);
    }

    /** One attempt's result: the receiver's status (null when none answered), how long it took, what went wrong. */
    void attempted(Instant at, Integer httpStatus, long millis, String error) {
        this.lastAttemptAt = at.truncatedTo(ChronoUnit.MICROS);
        this.lastStatus = httpStatus;
        this.lastDurationMs = (int) Math.min(Integer.MAX_VALUE, millis);
        this.lastError = error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }

    void delivered() {
        this.status = DELIVERED;
        this.nextAttemptAt = null;
    }

    void failed() {
        this.status = FAILED;
        this.nextAttemptAt = null;
    }

    void retryAt(Instant next) {
        this.status = PENDING;
        this.nextAttemptAt = next.truncatedTo(ChronoUnit.MICROS);
    }

    String getId() {
        return id;
    }

    String getCalendarId() {
        return calendarId;
    }

    String getType() {
        return type;
    }

    String getPayload() {
        return payload;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    String getStatus() {
        return status;
    }

    int getAttempts() {
        return attempts;
    }

    Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    Instant getLastAttemptAt() {
        return lastAttemptAt;
    }

    Integer getLastStatus() {
        return lastStatus;
    }

    Integer getLastDurationMs() {
        return lastDurationMs;
    }

    String getLastError() {
        return lastError;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookDelivery that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
