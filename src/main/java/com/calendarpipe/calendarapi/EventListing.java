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
import java.util.Map;
import java.util.stream.Collectors;
import net.fortuna.ical4j.model.Component;

/**
 * Lists and shows events. A window query reads only the objects whose indexed span meets the
 * window and expands only those, so its cost follows the answer, not the size of the calendar.
 */
@ApplicationScoped
public class EventListing {

    static final String EVENT = Component.VEVENT;

    @Inject
    CalendarService store;

    /** The events of the given calendars (already checked to be the caller's). */
    Page<EventView> list(List<HostedCalendar> calendars, EventQuery query) {
        query.validate();
        List<String> calendarIds = calendars.stream().map(HostedCalendar::getId).toList();
        Map<String, ZoneId> zones = calendars.stream()
                .collect(Collectors.toMap(HostedCalendar::getId, c -> ZoneId.of(c.getTimezone())));
        if (!query.windowed()) {
            long total = store.count(calendarIds, EVENT);
            List<EventView> page = store.page(calendarIds, EVENT, query.offset(), query.limit()).stream()
                    .map(o -> EventViews.of(o, o.parsed(), zones.get(o.getCalendarId())))
                    .toList();
            return Page.of(page, query.offset(), query.limit(), total);
        }
        // expanded, every instance counts against the request's budget; otherwise each event's own do
        RecurrenceBudget budget = new RecurrenceBudget();
        List<Found> found = store.candidates(calendarIds, EVENT, query.from(), query.to()).stream()
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
        ZoneId zone = ZoneId.of(store.get(accountId, object.getCalendarId()).getTimezone());
        return EventViews.of(object, object.parsed(), zone);
    }

    /** The instance as an expanded listing shows it: its override, at its own times. */
    EventView instanceView(String accountId, CalendarObject object, SeriesInstance instance) {
        ZoneId zone = ZoneId.of(store.get(accountId, object.getCalendarId()).getTimezone());
        return EventViews.of(object, instance.occurrence(object.parsed(), zone), zone);
    }

}
