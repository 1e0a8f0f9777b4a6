package com.calendarpipe.caldav;

import com.calendarpipe.calendar.BusyTime;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * free-busy-query (RFC 4791 §7.10): one VFREEBUSY for the range, with a FREEBUSY line per busy
 * instance in UTC ({@link BusyTime}: transparent and cancelled events are free; tentative ones are BUSY-TENTATIVE).
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
        for (BusyTime.Period period : BusyTime.of(dav.calendars, calendarIds, range.start(), range.end(), budget)) {
            busy.append("FREEBUSY;FBTYPE=").append(period.tentative() ? "BUSY-TENTATIVE" : "BUSY").append(':')
                    .append(TimeRange.format(period.start())).append('/').append(TimeRange.format(period.end())).append("\r\n");
        }
        return busy.toString();
    }
}
