package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.HostedCalendar;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A hosted calendar as the API shows it. */
@JsonbPropertyOrder({"id", "name", "description", "color", "timezone", "organizerDisplayName", "feedToken",
        "calendarEmail", "ctag", "createdAt", "updatedAt"})
public record HostedCalendarView(String id, String name, String description, String color, String timezone,
                                 String organizerDisplayName, String feedToken, String calendarEmail, long ctag,
                                 Instant createdAt, Instant updatedAt) {

    public static HostedCalendarView from(HostedCalendar c, String mailDomain) {
        return new HostedCalendarView(c.getId(), c.getName(), c.getDescription(), c.getColor(), c.getTimezone(),
                c.getOrganizerDisplayName(), c.getFeedToken(), c.calendarEmail(mailDomain), c.getCtag(),
                c.getCreatedAt(), c.getUpdatedAt());
    }
}
