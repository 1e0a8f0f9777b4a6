package com.calendarpipe.webhook;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendarapi.EventView;
import com.calendarpipe.calendarapi.Events;
import com.calendarpipe.invitations.Invitation;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The deliveries' JSON bodies, in CalendarPipe's documented shape: {@code type}, {@code timestamp},
 * {@code calendarId} (the hosted calendar's id, as in {@code /hosted-calendars/{id}}), then what
 * the type tells: the event ({@code uid}, {@code title}, {@code start_at}, {@code end_at},
 * {@code attendees}), an invitation's organizer and the URL to answer it, an attendee's answer.
 * Nothing in them opens anything: no key, no feed token, no session; an answer through
 * {@code respondUrl} needs the account's own key.
 */
final class Payloads {

    private Payloads() {
    }

    static JsonObjectBuilder base(String type, String calendarId, Instant at) {
        return Json.createObjectBuilder().add("type", type)
                .add("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString())
                .add("calendarId", calendarId);
    }

    /** The event of an {@code event.*}, {@code invitation.*} or {@code attendee.responded} payload. */
    static JsonObjectBuilder event(CalendarObject object, HostedCalendar calendar, boolean deleted) {
        JsonObjectBuilder event = Json.createObjectBuilder().add("id", object.getId()).add("uid", object.getUid())
                .add("component", object.getComponent());
        if (deleted) {
            return event;
        }
        EventView view = Events.view(object, calendar).orElse(null);
        if (view == null) {
            return event;
        }
        JsonArrayBuilder attendees = Json.createArrayBuilder();
        for (EventView.Attendee attendee : view.attendees()) {
            JsonObjectBuilder one = Json.createObjectBuilder().add("email", attendee.email());
            nullable(one, "name", attendee.displayName());
            nullable(one, "status", attendee.status());
            attendees.add(one);
        }
        nullable(event, "title", view.title());
        nullable(event, "start_at", view.start() == null ? null : view.start().dateTime());
        nullable(event, "end_at", view.end() == null ? null : view.end().dateTime());
        nullable(event, "timezone", view.start() == null ? null : view.start().timeZone());
        return event.add("attendees", attendees);
    }

    /** An {@code invitation.*} payload's own fields: the organizer and where to answer. */
    static JsonObjectBuilder invitation(JsonObjectBuilder payload, Invitation invitation, String publicUrl) {
        payload.add("invitationId", invitation.getId()).add("organizerEmail", invitation.getOrganizerEmail());
        nullable(payload, "organizerName", invitation.getOrganizerName());
        return payload.add("status", invitation.getStatus())
                .add("respondUrl", publicUrl + "/api/v1/hosted-calendars/" + invitation.getCalendarId() + "/invitations/"
                        + URLEncoder.encode(invitation.getEventUid(), StandardCharsets.UTF_8).replace("+", "%20") + "/respond");
    }

    private static void nullable(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }
}
