package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.InboxItem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * calendar-multiget (RFC 4791 §7.9): the named objects of the collection, or messages of the
 * scheduling inbox (RFC 6638 §2.2, after a sync of it); 404 for each href that names none.
 */
final class CalendarMultigetReport {

    private CalendarMultigetReport() {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, PropRequest.of(report, PropRequest.ALL), report,
                new RecurrenceBudget());
        Map<String, String> hrefs = names(dav, report, target -> target.kind() == DavPath.Kind.OBJECT
                && target.collection().equals(calendar.getCollectionName()));
        answer(dav, answers, hrefs, dav.calendars.objectsByName(calendar.getId(), names(hrefs)).stream()
                .collect(Collectors.toMap(CalendarObject::getName, Function.identity())), ObjectResponses::add);
    }

    /** The caller's inbox messages named (the path's account is the caller's: {@link ReportHandler}). */
    static void inbox(DavContext dav, Element report) throws DavError, IOException {
        ObjectResponses answers = ObjectResponses.ofInbox(dav, PropRequest.of(report, PropRequest.ALL), report,
                new RecurrenceBudget());
        Map<String, String> hrefs = names(dav, report, target -> target.kind() == DavPath.Kind.INBOX_ITEM);
        answer(dav, answers, hrefs, dav.inbox.items(dav.account.getId(), names(hrefs)).stream()
                .collect(Collectors.toMap(InboxItem::getName, Function.identity())), ObjectResponses::add);
    }

    private static List<String> names(Map<String, String> hrefs) {
        return hrefs.values().stream().filter(n -> n != null).distinct().toList();
    }

    /** Each href as sent: its member, {@code found} by name, or 404. */
    private static <T> void answer(DavContext dav, ObjectResponses answers, Map<String, String> hrefs, Map<String, T> found,
                                   BiConsumer<ObjectResponses, T> add) throws IOException {
        for (Map.Entry<String, String> href : hrefs.entrySet()) {
            T member = href.getValue() == null ? null : found.get(href.getValue());
            if (member == null) {
                answers.add(href.getKey(), 404);
            } else {
                add.accept(answers, member);
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
        }
    }

    /** The member name of each href as sent, or null for an href that names no member of the collection ({@code in}) of the caller's. */
    private static Map<String, String> names(DavContext dav, Element report, Predicate<DavPath> in) {
        Map<String, String> hrefs = new LinkedHashMap<>();
        for (Element href : DavXml.children(report, Dav.dav("href"))) {
            String path = DavPath.fromHref(href.getTextContent());
            DavPath target = path == null ? null : DavPath.of(path);
            boolean member = target != null && target.accountId() != null && target.accountId().equals(dav.account.getId())
                    && in.test(target);
            hrefs.put(href.getTextContent().strip(), member ? target.object() : null);
        }
        return hrefs;
    }
}
