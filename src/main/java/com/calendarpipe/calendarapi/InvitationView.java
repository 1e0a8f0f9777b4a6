package com.calendarpipe.calendarapi;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An invitation a hosted calendar received by mail, in CalendarPipe's documented shape (its own
 * field names, in snake case): the organizer, the latest message's method and SEQUENCE, the
 * calendar's answer, the event as the events API shows it (null when the calendar's copy was
 * deleted or is a to-do), and how the calendar's REPLY went. A renamed field's null is written
 * only with {@link JsonbNillable}: {@code @JsonbProperty} alone leaves it out, whatever the
 * configuration says.
 */
@JsonbPropertyOrder({"id", "eventUid", "organizerEmail", "organizerName", "method", "sequence", "status", "payload",
        "deliveryStatus", "createdAt", "respondedAt"})
@Schema(name = "Invitation")
public record InvitationView(
        String id,
        @JsonbProperty("event_uid") @Schema(description = "The event's iCalendar UID", examples = "7kukuqrfedlm2f9t0vr42q2d1o@google.com")
        String eventUid,
        @JsonbProperty("organizer_email") @Schema(examples = "alice@example.com") String organizerEmail,
        @JsonbProperty("organizer_name") @JsonbNillable @Schema(description = "The organizer's CN, as the organizer sent it", examples = "Alice Example",
                nullable = true) String organizerName,
        @Schema(description = "The iTIP method of the latest message that changed the invitation",
                enumeration = {"REQUEST", "CANCEL"}, examples = "REQUEST") String method,
        @Schema(description = "Its SEQUENCE (RFC 5545 §3.8.7.4)", examples = "0") int sequence,
        @Schema(enumeration = {"pending", "accepted", "declined", "tentative", "cancelled"}, examples = "pending") String status,
        @Schema(description = "The event in the events API's shape; null when the calendar's copy was deleted", nullable = true)
        EventView payload,
        @JsonbProperty("delivery_status") @JsonbNillable @Schema(description = "How the calendar's REPLY to the organizer went: queued for "
                + "e-mail, sent, delivered to a calendar here, or failed; null before any answer", nullable = true,
                enumeration = {"pending", "sent", "delivered", "failed"}) String deliveryStatus,
        @JsonbProperty("created_at") Instant createdAt,
        @JsonbProperty("responded_at") @JsonbNillable @Schema(nullable = true) Instant respondedAt) {

    /** The word for a SCHEDULE-STATUS of the calendar's REPLY (RFC 6638 §3.2.9); null for none. */
    static String delivery(String scheduleStatus) {
        if (scheduleStatus == null) {
            return null;
        }
        return switch (scheduleStatus.strip()) {
            case "1.0" -> "pending";
            case "1.1" -> "sent";
            case "1.2", "2.0" -> "delivered";
            default -> "failed";
        };
    }
}
