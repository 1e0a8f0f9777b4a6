package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.HostedCalendar;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A hosted calendar as the API shows it. */
@JsonbPropertyOrder({"id", "name", "description", "color", "timezone", "components", "organizerDisplayName", "feedToken",
        "calendarEmail", "ctag", "createdAt", "updatedAt"})
public record HostedCalendarView(String id, String name, String description, String color, String timezone,
                                 @Schema(description = "What the calendar holds; a task list made by a CalDAV client "
                                         + "holds `VTODO` only")
                                 List<CalendarComponent> components,
                                 String organizerDisplayName, String feedToken, String calendarEmail, long ctag,
                                 Instant createdAt, Instant updatedAt) {

    public static HostedCalendarView from(HostedCalendar c, String mailDomain) {
        return new HostedCalendarView(c.getId(), c.getName(), c.getDescription(), c.getColor(), c.getTimezone(),
                c.getComponents().stream().map(CalendarComponent::valueOf).toList(), c.getOrganizerDisplayName(), c.getFeedToken(), c.calendarEmail(mailDomain), c.getCtag(),
                c.getCreatedAt(), c.getUpdatedAt());
    }
}
