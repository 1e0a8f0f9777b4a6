package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
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
        PropRequest request = PropRequest.of(report, PropRequest.ALL);
        Optional<CalendarData> data = CalendarData.of(request, report);
        Element filterElement = DavXml.child(report, Dav.caldav("filter"))
                .orElseThrow(() -> DavError.precondition(403, Dav.caldav("valid-filter")));
        CalendarFilter.CompFilter filter = CalendarFilter.parse(filterElement);
        Optional<TimeRange> range = CalendarFilter.objectRange(filter);
        Optional<String> component = CalendarFilter.component(filter);
        List<CalendarObject> candidates = range.isPresent() && component.isPresent()
                ? dav.store.candidates(List.of(calendar.getId()), component.get(), range.get().start(), range.get().end())
                : dav.store.objects(calendar.getId());
        try (Multistatus out = Multistatus.start(dav.response)) {
            for (CalendarObject object : candidates) {
                if (!CalendarFilter.matches(filter, object.parsed())) {
                    continue;
                }
                Map<QName, Multistatus.Value> properties = Properties.object(dav, object);
                if (data.isPresent()) {
                    data.get().addTo(properties, object);
                }
                request.write(out, dav.objectHref(calendar, object), properties);
            }
        }
    }
}
