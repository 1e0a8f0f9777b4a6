package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/** calendar-multiget (RFC 4791 §7.9): the named objects of the collection; 404 for each name that is not one. */
final class CalendarMultigetReport {

    private CalendarMultigetReport() {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, PropRequest.of(report, PropRequest.ALL), report,
                new RecurrenceBudget());
        Map<String, String> hrefs = new LinkedHashMap<>();   // name (or null) by href as sent
        for (Element href : DavXml.children(report, Dav.dav("href"))) {
            String path = DavPath.fromHref(href.getTextContent());
            DavPath target = path == null ? null : DavPath.of(path);
            boolean inCalendar = target != null && target.kind() == DavPath.Kind.OBJECT
                    && target.accountId().equals(dav.account.getId()) && target.collection().equals(calendar.getCollectionName());
            hrefs.put(href.getTextContent().strip(), inCalendar ? target.object() : null);
        }
        Map<String, CalendarObject> found = dav.store.objectsByName(calendar.getId(),
                        hrefs.values().stream().filter(n -> n != null).distinct().toList())
                .stream().collect(Collectors.toMap(CalendarObject::getName, Function.identity()));
        for (Map.Entry<String, String> href : hrefs.entrySet()) {
            CalendarObject object = href.getValue() == null ? null : found.get(href.getValue());
            if (object == null) {
                answers.add(href.getKey(), 404);
            } else {
                answers.add(object);
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
        }
    }
}
