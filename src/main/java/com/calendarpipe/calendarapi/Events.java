package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.fortuna.ical4j.model.Component;

/**
 * What can be done with events, in the API's JSON shapes: list, search, show, create, change and
 * delete, a whole event or one instance of a series. The REST resources and the MCP endpoint's
 * tools both call it, so the two channels validate, expand and answer alike; only the
 * transport around it differs. Another account's calendar or event is "not found".
 */
@ApplicationScoped
public class Events {

    private static final String HOSTED = "hosted:";

    @Inject
    CalendarService calendars;

    @Inject
    EventListing listing;

    @Inject
    Settings settings;

    /** An event (or one instance) as shown, with the stored object it comes from (its id and ETag). */
    public record Shown(CalendarObject object, EventView view) {
    }

    /** {@code hosted:<uuid>} (JAX-RS has already decoded {@code hosted%3A}), or the bare UUID; else "not found". */
    public static String calendarUuid(String id) {
        String uuid = id.startsWith(HOSTED) ? id.substring(HOSTED.length()) : id;
        if (!uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw Refused.notFound("Calendar");
        }
        return uuid;
    }

    /** A calendar's id as the events API shows it: {@code hosted:<uuid>}. */
    public static String calendarId(HostedCalendar calendar) {
        return HOSTED + calendar.getId();
    }

    /**
     * An event as the events API shows it, whole (the series' first instance), for whoever tells
     * of it outside a request (the webhooks' payloads); empty for a to-do or a journal.
     */
    public static Optional<EventView> view(CalendarObject object, HostedCalendar calendar) {
        return object.getComponent().equals(Component.VEVENT)
                ? Optional.of(EventViews.of(object, object.parsed(), ZoneId.of(calendar.getTimezone())))
                : Optional.empty();
    }

    /** The account's calendars among those named (any form {@link #calendarUuid} reads, blanks and duplicates left out); all when none is named. */
    public List<HostedCalendar> calendars(String accountId, Collection<String> calendarIds) {
        List<String> ids = calendarIds == null ? List.of() : calendarIds.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Events::calendarUuid)
                .collect(Collectors.toCollection(LinkedHashSet::new))
                .stream().toList();
        return ids.isEmpty() ? calendars.list(accountId) : calendars.get(accountId, ids);
    }

    /** A page of the calendars' events (see {@link EventQuery}). */
    public Page<EventView> list(List<HostedCalendar> calendars, EventQuery query) {
        return listing.list(calendars, query);
    }

    /**
     * A page of the calendars' events that have an instance in the query's window and whose title,
     * description, location or an attendee (address or name) holds {@code text}, case-insensitively;
     * each listed once, at its first instance in the window.
     */
    public Page<EventView> search(List<HostedCalendar> calendars, EventQuery query, String text) {
        return listing.search(calendars, query, text);
    }

    public Shown get(String accountId, String eventId) {
        return shown(accountId, calendars.object(accountId, eventId, EventListing.EVENT));
    }

    /** Creates an event from a create body ({@link EventInput}) in the calendar named as {@link #calendarUuid} reads it. */
    public Shown create(String accountId, String calendarId, JsonObject body) {
        EventInput input = EventInput.forCreate(body);
        String domain = settings.mailDomain();
        return shown(accountId, calendars.create(accountId, calendarUuid(calendarId), EventListing.EVENT,
                calendar -> EventEditor.create(input, calendar, domain)));
    }

    /** Imports one VCALENDAR holding one VEVENT, stored exactly as sent. */
    public Shown importEvent(String accountId, String calendarId, String text) {
        if (text == null || text.isBlank()) {
            throw Refused.invalid("Send one VCALENDAR holding one VEVENT", null);
        }
        return shown(accountId, calendars.create(accountId, calendarUuid(calendarId), EventListing.EVENT, calendar -> text));
    }

    /**
     * Changes an event by a PATCH body; with {@code instance} (see {@link SeriesInstance#FORMATS})
     * only that instance, through its override, and the instance is what is shown. {@code ifMatch}:
     * an ETag list, or null.
     */
    public Shown update(String accountId, String eventId, String instance, JsonObject body, String ifMatch) {
        EventInput input = EventInput.forUpdate(body);
        String domain = settings.mailDomain();
        if (instance == null) {
            return shown(accountId, calendars.update(accountId, eventId, EventListing.EVENT, ifMatch,
                    (calendar, stored) -> EventEditor.update(input, calendar, domain, stored)));
        }
        SeriesInstance one = SeriesInstance.parse(instance);
        CalendarObject updated = calendars.update(accountId, eventId, EventListing.EVENT, ifMatch,
                (calendar, stored) -> one.change(stored, input, calendar, domain));
        return new Shown(updated, listing.instanceView(accountId, updated, one));
    }

    /** Deletes an event, or with {@code instance} only that instance of a series (an EXDATE). */
    public void delete(String accountId, String eventId, String instance, String ifMatch) {
        if (instance == null) {
            calendars.delete(accountId, eventId, EventListing.EVENT, ifMatch);
            return;
        }
        SeriesInstance one = SeriesInstance.parse(instance);
        calendars.update(accountId, eventId, EventListing.EVENT, ifMatch,
                (calendar, stored) -> one.remove(stored, ZoneId.of(calendar.getTimezone())));
    }

    private Shown shown(String accountId, CalendarObject object) {
        return new Shown(object, listing.view(accountId, object));
    }
}
