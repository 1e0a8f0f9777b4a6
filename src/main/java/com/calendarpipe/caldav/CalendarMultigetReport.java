package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** calendar-multiget (RFC 4791 §7.9): the named objects of the collection; 404 for each name that is not one. */
final class CalendarMultigetReport {

    private CalendarMultigetReport() {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        PropRequest request = PropRequest.of(report, PropRequest.ALL);
        Optional<CalendarData> data = CalendarData.of(request, report);
        String prefix = "/calendars/" + dav.account.getId() + "/" + calendar.getCollectionName() + "/";
        Map<String, String> hrefs = new LinkedHashMap<>();   // name (or null) by href as sent
        for (Element href : DavXml.children(report, Dav.dav("href"))) {
            String path = DavPath.fromHref(href.getTextContent());
            String name = path != null && path.startsWith(prefix) && path.length() > prefix.length()
                    && path.indexOf('/', prefix.length()) < 0 ? path.substring(prefix.length()) : null;
            hrefs.put(href.getTextContent().strip(), name);
        }
        Map<String, CalendarObject> found = dav.store.objectsByName(calendar.getId(),
                        hrefs.values().stream().filter(n -> n != null).distinct().toList())
                .stream().collect(Collectors.toMap(CalendarObject::getName, Function.identity()));
        try (Multistatus out = Multistatus.start(dav.response)) {
            for (Map.Entry<String, String> href : hrefs.entrySet()) {
                CalendarObject object = href.getValue() == null ? null : found.get(href.getValue());
                if (object == null) {
                    out.response(href.getKey(), 404);
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
