package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * calendar-query (RFC 4791 §7.8). With a time range on the event or to-do filter, only the
 * objects whose indexed span meets it are read and expanded (the store's window query);
 * otherwise every object of the collection is filtered.
 */
final class CalendarQueryReport {

    private CalendarQueryReport() {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        RecurrenceBudget budget = new RecurrenceBudget();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, PropRequest.of(report, PropRequest.ALL), report, budget);
        Element filterElement = DavXml.child(report, Dav.caldav("filter"))
                .orElseThrow(() -> DavError.precondition(403, Dav.caldav("valid-filter")));
        CalendarFilter.CompFilter filter = CalendarFilter.parse(filterElement);
        Optional<TimeRange> range = CalendarFilter.objectRange(filter);
        Optional<String> component = CalendarFilter.component(filter);
        List<CalendarObject> candidates = range.isPresent() && component.isPresent()
                ? dav.store.candidates(List.of(calendar.getId()), component.get(), range.get().start(), range.get().end())
                : dav.store.objects(calendar.getId());
        for (CalendarObject object : candidates) {
            if (CalendarFilter.matches(filter, object.parsed(), budget)) {
                answers.add(object);
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
        }
    }
}
