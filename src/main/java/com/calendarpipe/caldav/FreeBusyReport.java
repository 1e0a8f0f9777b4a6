package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.w3c.dom.Element;

/**
 * free-busy-query (RFC 4791 §7.10): one VFREEBUSY for the range, with a FREEBUSY line per busy
 * instance in UTC. Transparent and cancelled events are free; tentative ones are BUSY-TENTATIVE.
 */
final class FreeBusyReport {

    private FreeBusyReport() {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        TimeRange range = TimeRange.of(DavXml.child(report, Dav.caldav("time-range"))
                .orElseThrow(() -> DavError.status(400)));
        String body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + ICal.PRODID + "\r\n"
                + "BEGIN:VFREEBUSY\r\nDTSTAMP:" + TimeRange.format(Instant.now()) + "\r\n"
                + "DTSTART:" + TimeRange.format(range.start()) + "\r\nDTEND:" + TimeRange.format(range.end()) + "\r\n"
                + busy(dav, List.of(calendar.getId()), range, new RecurrenceBudget()) + "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        dav.response.setStatus(200);
        dav.response.setContentType(ICal.MEDIA_TYPE + ";charset=utf-8");
        dav.response.setContentLength(bytes.length);
        dav.response.getOutputStream().write(bytes);
    }

    /**
     * The FREEBUSY lines of the calendars in the range, one per busy instance, drawing on the
     * budget: the free-busy-query report's, and the outbox's for each recipient (RFC 6638 §5).
     */
    static String busy(DavContext dav, List<String> calendarIds, TimeRange range, RecurrenceBudget budget) {
        StringBuilder busy = new StringBuilder();
        List<CalendarObject> candidates = dav.store.candidates(calendarIds, Component.VEVENT, range.start(), range.end());
        for (CalendarObject object : candidates) {
            Calendar parsed = object.parsed();
            for (Occurrences.Occurrence o : Occurrences.within(parsed, range.start(), range.end(), ZoneOffset.UTC, budget)) {
                String status = value(o.component(), Property.STATUS);
                if ("TRANSPARENT".equals(value(o.component(), Property.TRANSP)) || "CANCELLED".equals(status)) {
                    continue;
                }
                Instant start = max(ICal.instant(o.start(), ZoneOffset.UTC), range.start());
                Instant end = min(ICal.instant(o.end(), ZoneOffset.UTC), range.end());
                busy.append("FREEBUSY;FBTYPE=").append("TENTATIVE".equals(status) ? "BUSY-TENTATIVE" : "BUSY").append(':')
                        .append(TimeRange.format(start)).append('/').append(TimeRange.format(end)).append("\r\n");
            }
        }
        return busy.toString();
    }

    private static String value(Component component, String property) {
        return component.getProperty(property).map(p -> ((Property) p).getValue().toUpperCase(Locale.ROOT)).orElse(null);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
