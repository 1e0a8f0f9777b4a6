package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.InboxItem;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * calendar-query (RFC 4791 §7.8), of a calendar and of the scheduling inbox (RFC 6638 §2.2;
 * clients read invitations so). The filter is checked before it runs ({@link CalendarFilter});
 * floating times are read in the query's {@code C:timezone} (§9.8) when it gives one, else in
 * UTC. In a calendar, with a time range on the event or to-do filter, only the objects whose
 * indexed span meets it are read and expanded (the store's window query); otherwise every
 * object of the collection is filtered.
 */
final class CalendarQueryReport {

    private CalendarQueryReport() {
    }

    /** The question a calendar-query asks. */
    private record Query(CalendarFilter.CompFilter filter, ZoneId floating, RecurrenceBudget budget) {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        RecurrenceBudget budget = new RecurrenceBudget();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, PropRequest.of(report, PropRequest.ALL), report, budget);
        Query query = query(report, budget);
        Optional<TimeRange> range = CalendarFilter.objectRange(query.filter());
        Optional<String> component = CalendarFilter.component(query.filter());
        List<CalendarObject> candidates = range.isPresent() && component.isPresent()
                ? dav.calendars.candidates(List.of(calendar.getId()), component.get(), range.get().start(), range.get().end())
                : dav.calendars.objects(calendar.getId());
        for (CalendarObject object : candidates) {
            if (CalendarFilter.matches(query.filter(), object.parsed(), budget, query.floating())) {
                answers.add(object);
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
        }
    }

    /** The caller's inbox messages that match (the path's account is the caller's: {@link ReportHandler}). */
    static void inbox(DavContext dav, Element report) throws DavError, IOException {
        RecurrenceBudget budget = new RecurrenceBudget();
        ObjectResponses answers = ObjectResponses.ofInbox(dav, PropRequest.of(report, PropRequest.ALL), report, budget);
        Query query = query(report, budget);
        for (InboxItem item : dav.inbox.list(dav.account.getId())) {
            if (CalendarFilter.matches(query.filter(), ICal.stored(item.getEtag(), item.getIcalendar()), budget, query.floating())) {
                answers.add(item);
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
        }
    }

    private static Query query(Element report, RecurrenceBudget budget) throws DavError {
        Element filter = DavXml.child(report, Dav.caldav("filter")).orElseThrow(() -> DavError.precondition(403, Dav.VALID_FILTER));
        Optional<Element> timezone = DavXml.child(report, Dav.caldav("timezone"));
        ZoneId floating = timezone.isPresent() ? ZoneValue.of(timezone.get().getTextContent()) : ZoneOffset.UTC;
        return new Query(CalendarFilter.parse(filter), floating, budget);
    }
}
