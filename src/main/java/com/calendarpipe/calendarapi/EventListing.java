package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;

/**
 * Lists and shows events. A window query reads only the objects whose indexed span meets the
 * window and expands only those, so its cost follows the answer, not the size of the calendar.
 */
@ApplicationScoped
public class EventListing {

    static final String EVENT = Component.VEVENT;

    @Inject
    CalendarService calendarService;

    /** The events of the given calendars (already checked to be the caller's). */
    Page<EventView> list(List<HostedCalendar> calendars, EventQuery query) {
        query.validate();
        Map<String, ZoneId> zones = calendars.stream()
                .collect(Collectors.toMap(HostedCalendar::getId, c -> ZoneId.of(c.getTimezone())));
        if (!query.windowed()) {
            List<String> calendarIds = calendars.stream().map(HostedCalendar::getId).toList();
            long total = calendarService.count(calendarIds, EVENT);
            List<EventView> page = calendarService.page(calendarIds, EVENT, query.offset(), query.limit()).stream()
                    .map(o -> EventViews.of(o, o.parsed(), zones.get(o.getCalendarId())))
                    .toList();
            return Page.of(page, query.offset(), query.limit(), total);
        }
        return windowed(calendars, zones, query, object -> true);
    }

    /**
     * The events with an instance in the query's window (both ends required) whose title,
     * description, location or an attendee holds {@code text}, case-insensitively, in any of the
     * event's components (its overrides too); each listed once, at its first instance in the window.
     */
    Page<EventView> search(List<HostedCalendar> calendars, EventQuery query, String text) {
        query.validate();
        Map<String, ZoneId> zones = calendars.stream()
                .collect(Collectors.toMap(HostedCalendar::getId, c -> ZoneId.of(c.getTimezone())));
        String needle = text.toLowerCase(Locale.ROOT);
        return windowed(calendars, zones, query, object -> mentions(object.parsed(), needle));
    }

    private static boolean mentions(Calendar parsed, String needle) {
        for (Component event : parsed.getComponents(EVENT)) {
            for (Property property : event.getProperties()) {
                String name = property.getName();
                boolean searched = name.equals(Property.SUMMARY) || name.equals(Property.DESCRIPTION)
                        || name.equals(Property.LOCATION) || name.equals(Property.ATTENDEE);
                if (searched && contains(property.getValue(), needle)
                        || name.equals(Property.ATTENDEE) && contains(property.getParameter(Parameter.CN)
                                .map(Parameter::getValue).orElse(null), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** The events of a window query that pass {@code filter}, expanded when asked, paged. */
    private Page<EventView> windowed(List<HostedCalendar> calendars, Map<String, ZoneId> zones, EventQuery query,
                                     Predicate<CalendarObject> filter) {
        List<String> calendarIds = calendars.stream().map(HostedCalendar::getId).toList();
        // expanded, every instance counts against the request's budget; otherwise each event's own do
        RecurrenceBudget budget = new RecurrenceBudget();
        List<Found> found = calendarService.candidates(calendarIds, EVENT, query.from(), query.to()).stream()
                .filter(filter)
                .flatMap(o -> {
                    ZoneId zone = zones.get(o.getCalendarId());
                    List<Occurrences.Occurrence> instances = Occurrences.within(o.parsed(), query.from(), query.to(), zone,
                            query.expand() ? budget : budget.forOneObject());
                    // without expand, an event is listed once, at its first instance in the window
                    return (query.expand() ? instances : instances.stream().limit(1).toList()).stream()
                            .map(i -> new Found(o, i, ICal.instant(i.start(), zone).toEpochMilli()));
                })
                .sorted(Comparator.comparingLong(Found::at).thenComparing(f -> f.object().getId()))
                .toList();
        List<EventView> page = found.stream()
                .skip(query.offset())
                .limit(query.limit())
                .map(f -> query.expand()
                        ? EventViews.of(f.object(), f.occurrence(), zones.get(f.object().getCalendarId()))
                        : EventViews.of(f.object(), f.object().parsed(), zones.get(f.object().getCalendarId())))
                .toList();
        return Page.of(page, query.offset(), query.limit(), found.size());
    }

    private record Found(CalendarObject object, Occurrences.Occurrence occurrence, long at) {
    }

    EventView view(String accountId, CalendarObject object) {
        ZoneId zone = ZoneId.of(calendarService.get(accountId, object.getCalendarId()).getTimezone());
        return EventViews.of(object, object.parsed(), zone);
    }

    /** The instance as an expanded listing shows it: its override, at its own times. */
    EventView instanceView(String accountId, CalendarObject object, SeriesInstance instance) {
        ZoneId zone = ZoneId.of(calendarService.get(accountId, object.getCalendarId()).getTimezone());
        return EventViews.of(object, instance.occurrence(object.parsed(), zone), zone);
    }

}
