package com.calendarpipe.calendarapi;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event as the API shows it, in the public service's shape. For an instance of a recurring
 * event ({@code expand=true}) {@code id} is the series' id and {@code originalStart} the start
 * the instance had in the series before any override; it is null for everything else.
 * {@code isFloating} was added after the first release: the times' shape stayed as it was.
 */
@JsonbPropertyOrder({"id", "calendarId", "provider", "providerEventId", "title", "description", "location",
        "start", "end", "isAllDay", "isFloating", "status", "visibility", "attendees", "organizer", "recurrence", "originalStart",
        "durationMinutes", "dayOfWeek", "hour", "isWeekday", "attendeeCount", "updatedAt"})
public record EventView(String id, String calendarId, String provider, String providerEventId, String title,
                        String description, String location, When start, When end, boolean isAllDay,
                        @Schema(description = "Floating times (RFC 5545 §3.3.5, neither zone nor offset): the same "
                                + "wall-clock time in every zone. `start` and `end` show them in the calendar's zone, "
                                + "which they are also listed and expanded in") boolean isFloating,
                        @Schema(enumeration = {"confirmed", "tentative", "cancelled"}) String status,
                        @Schema(enumeration = {"public", "private", "default"}) String visibility,
                        List<Attendee> attendees, Person organizer, List<String> recurrence,
                        When originalStart, long durationMinutes,
                        @Schema(description = "0 = Sunday") int dayOfWeek, int hour, boolean isWeekday,
                        int attendeeCount, Instant updatedAt) {

    /** A point in time: ISO-8601 with its offset, and the IANA zone it was set in (null for UTC). */
    @JsonbPropertyOrder({"dateTime", "timeZone"})
    public record When(
            @Schema(description = "ISO-8601 with offset, or a date for all-day", examples = "2026-03-05T09:00:00+01:00")
            String dateTime,
            @Schema(description = "An IANA time zone name, or null", examples = "Europe/Berlin", nullable = true)
            String timeZone) {
    }

    @JsonbPropertyOrder({"email", "displayName", "status"})
    public record Attendee(String email, String displayName,
                           @Schema(enumeration = {"accepted", "declined", "tentative", "needsAction"}) String status) {
    }

    @JsonbPropertyOrder({"email", "displayName"})
    public record Person(String email, String displayName) {
    }
}
