package com.calendarpipe.invitations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * An invitation a calendar received from an organizer elsewhere: one per calendar and event UID.
 * Invariants: its event is the calendar's attendee copy of that UID (which may have been deleted
 * since); {@code status} is the calendar's answer there ({@code pending} while NEEDS-ACTION), or
 * {@code cancelled} once the organizer cancelled the event, which no later answer undoes but a
 * later REQUEST does (the organizer re-invited); {@code method} and {@code sequence} are those
 * of the latest message that changed it.
 */
@Entity
@Table(name = "invitations")
@NamedQuery(name = "Invitation.byUid", query = """
        SELECT i FROM Invitation i WHERE i.calendarId = :calendar AND i.eventUid = :uid""")
@NamedQuery(name = "Invitation.ofCalendar", query = """
        SELECT i FROM Invitation i WHERE i.calendarId = :calendar ORDER BY i.createdAt, i.id""")
@NamedQuery(name = "Invitation.ofCalendarWithStatus", query = """
        SELECT i FROM Invitation i WHERE i.calendarId = :calendar AND i.status = :status ORDER BY i.createdAt, i.id""")
@NamedQuery(name = "Invitation.countOfCalendar", query = """
        SELECT COUNT(i) FROM Invitation i WHERE i.calendarId = :calendar""")
@NamedQuery(name = "Invitation.countOfCalendarWithStatus", query = """
        SELECT COUNT(i) FROM Invitation i WHERE i.calendarId = :calendar AND i.status = :status""")
@NamedQuery(name = "Invitation.deleteOfCalendar", query = """
        DELETE FROM Invitation i WHERE i.calendarId = :calendar""")
public class Invitation {

    /** The statuses, as the API names them; each but the last is a PARTSTAT (RFC 5545 §3.2.12). */
    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String TENTATIVE = "tentative";
    public static final String CANCELLED = "cancelled";

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(name = "event_uid", nullable = false, length = 255)
    private String eventUid;

    @Column(name = "organizer_email", nullable = false, length = 254)
    private String organizerEmail;

    @Column(name = "organizer_name", length = 255)
    private String organizerName;

    @Column(nullable = false, length = 16)
    private String method;

    @Column(name = "sequence_number", nullable = false)
    private int sequence;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "responded_at")
    private Instant respondedAt;

    protected Invitation() {
    }

    public Invitation(String accountId, String calendarId, String eventUid, String organizerEmail, String organizerName) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.calendarId = calendarId;
        this.eventUid = eventUid;
        this.organizerEmail = organizerEmail;
        this.status = PENDING;
        this.createdAt = now();
        this.updatedAt = createdAt;
        named(organizerName);
    }

    /** The API's status for a PARTSTAT: pending unless accepted, declined or tentative. */
    public static String status(String partstat) {
        return switch (partstat.toUpperCase(Locale.ROOT)) {
            case "ACCEPTED" -> ACCEPTED;
            case "DECLINED" -> DECLINED;
            case "TENTATIVE" -> TENTATIVE;
            default -> PENDING;
        };
    }

    /** A message of the organizer's changed the invitation: its method and sequence, and the answer it leaves. */
    public void changed(String method, int sequence, String organizerName, String status) {
        this.method = method;
        this.sequence = sequence;
        this.status = status;
        this.updatedAt = now();
        named(organizerName);
    }

    /** The calendar answered (RFC 5546 §3.2.3); a cancelled invitation stays cancelled. */
    public void answered(String partstat) {
        if (!CANCELLED.equals(status)) {
            status = status(partstat);
            respondedAt = now();
            updatedAt = respondedAt;
        }
    }

    private void named(String organizerName) {
        if (organizerName != null && !organizerName.isBlank()) {
            // a display name, never trusted and never a header: no control characters, within the column
            String name = organizerName.replaceAll("\\p{Cntrl}", " ").strip();
            this.organizerName = name.length() <= 255 ? name : name.substring(0, 255);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public String getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getCalendarId() {
        return calendarId;
    }

    public String getEventUid() {
        return eventUid;
    }

    public String getOrganizerEmail() {
        return organizerEmail;
    }

    public String getOrganizerName() {
        return organizerName;
    }

    public String getMethod() {
        return method;
    }

    public int getSequence() {
        return sequence;
    }

    public String getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getRespondedAt() {
        return respondedAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Invitation that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
