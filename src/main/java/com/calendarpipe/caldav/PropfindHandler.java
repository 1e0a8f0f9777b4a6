package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarProperty;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.InboxItem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** PROPFIND (RFC 4918 §9.1) with Depth 0 or 1; Depth infinity is refused (§9.1.1 propfind-finite-depth). */
final class PropfindHandler {

    private PropfindHandler() {
    }

    static void handle(DavContext dav) throws DavError, IOException {
        // no Depth header means infinity (RFC 4918 §10.2); answered as 0, like most servers, since
        // discovery requests from some clients omit it
        int depth = dav.depth(0);
        if (depth > 1) {
            throw DavError.precondition(403, Dav.dav("propfind-finite-depth"));
        }
        Document body = dav.xml();
        if (body != null && !Dav.dav("propfind").equals(DavXml.name(body.getDocumentElement()))) {
            throw DavError.status(400);
        }
        Element element = body == null ? null : body.getDocumentElement();
        PropRequest request = element == null ? PropRequest.ALL : PropRequest.of(element, PropRequest.ALL);
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        switch (dav.path.kind()) {
            case ROOT -> answer(dav, request, DavPath.ROOT, Properties.root(dav));
            case PRINCIPAL -> answer(dav, request, DavPath.principal(dav.account.getId()), Properties.principal(dav));
            case HOME -> home(dav, request, depth);
            case INBOX -> inbox(dav, request, depth);
            case OUTBOX -> answer(dav, request, DavPath.outbox(dav.account.getId()), Properties.outbox(dav));
            case INBOX_ITEM -> {
                InboxItem item = dav.inbox.item(dav.account.getId(), dav.path.object()).orElseThrow(() -> DavError.status(404));
                answer(dav, request, inboxHref(dav, item), Properties.inboxItem(dav, item));
            }
            case COLLECTION -> collection(dav, request, element, depth);
            case OBJECT -> {
                HostedCalendar calendar = dav.calendar();
                CalendarObject object = dav.object(calendar);
                ObjectResponses answers = ObjectResponses.of(dav, calendar, request, element, new RecurrenceBudget());
                answers.add(object);
                try (Multistatus out = Multistatus.start(dav.response)) {
                    answers.writeTo(out);
                }
            }
            default -> throw DavError.status(404);
        }
    }

    private static void answer(DavContext dav, PropRequest request, String href, Map<QName, Multistatus.Value> properties)
            throws IOException {
        try (Multistatus out = Multistatus.start(dav.response)) {
            request.write(out, href, properties);
        }
    }

    private static void home(DavContext dav, PropRequest request, int depth) throws IOException {
        try (Multistatus out = Multistatus.start(dav.response)) {
            request.write(out, DavPath.home(dav.account.getId()), Properties.home(dav));
            if (depth == 1) {
                List<HostedCalendar> calendars = dav.calendars.list(dav.account.getId());
                Map<String, List<CalendarProperty>> kept = kept(dav, request, calendars);
                for (HostedCalendar calendar : calendars) {
                    request.write(out, dav.collectionHref(calendar),
                            Properties.collection(dav, calendar, kept.getOrDefault(calendar.getId(), List.of())));
                }
            }
        }
    }

    /**
     * What clients set on these calendars, by calendar id, read only when the request may show
     * some of it: allprop or propname (RFC 4918 §9.1: they show dead properties), or a property
     * that is no live one of theirs, or one of the two kept as sent. The usual polls (ctag, sync
     * token, ETags) read nothing more.
     */
    private static Map<String, List<CalendarProperty>> kept(DavContext dav, PropRequest request,
                                                            List<HostedCalendar> calendars) {
        if (calendars.isEmpty() || request.kind() == PropRequest.Kind.PROP && request.names().stream().allMatch(name ->
                LIVE.contains(name) && !name.equals(Dav.CALENDAR_COLOR) && !name.equals(Dav.CALENDAR_TIMEZONE))) {
            return Map.of();
        }
        return dav.calendars.properties(calendars).stream().collect(Collectors.groupingBy(CalendarProperty::getCalendarId));
    }

    /** The live properties of a calendar (and those of other resources a client asks every collection for). */
    private static final Set<QName> LIVE = Set.copyOf(java.util.stream.Stream.concat(Properties.PROTECTED.stream(),
            java.util.stream.Stream.of(Dav.DISPLAYNAME, Dav.CALENDAR_DESCRIPTION, Dav.CALENDAR_COLOR, Dav.CALENDAR_TIMEZONE))
            .toList());

    private static void inbox(DavContext dav, PropRequest request, int depth) throws IOException {
        try (Multistatus out = Multistatus.start(dav.response)) {
            request.write(out, DavPath.inbox(dav.account.getId()), Properties.inbox(dav));
            if (depth == 1) {
                for (InboxItem item : dav.inbox.list(dav.account.getId())) {
                    request.write(out, inboxHref(dav, item), Properties.inboxItem(dav, item));
                }
            }
        }
    }

    static String inboxHref(DavContext dav, InboxItem item) {
        return DavPath.inbox(dav.account.getId()) + DavPath.segment(item.getName());
    }

    private static void collection(DavContext dav, PropRequest request, Element element, int depth)
            throws DavError, IOException {
        HostedCalendar calendar = dav.calendar();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, request, element, new RecurrenceBudget());
        String members = null;
        if (depth == 1) {
            if (answers.needsText()) {
                dav.calendars.objects(calendar.getId()).forEach(answers::add);
            } else {
                // a listing without calendar-data (what clients ask to learn ETags) reads no texts,
                // and is the same until the calendar's objects change (MemberListings)
                members = MemberListings.of(dav, calendar, answers);
            }
        }
        List<CalendarProperty> kept = kept(dav, request, List.of(calendar)).getOrDefault(calendar.getId(), List.of());
        try (Multistatus out = Multistatus.start(dav.response)) {
            request.write(out, dav.collectionHref(calendar), Properties.collection(dav, calendar, kept));
            if (members != null) {
                out.markup(members);
            } else {
                answers.writeTo(out);
            }
        }
    }
}
