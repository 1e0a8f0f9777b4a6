package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.ObjectSummary;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.InboxItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The multistatus {@code response}s of the calendar objects (or the scheduling inbox's
 * messages) a PROPFIND or REPORT lists: the
 * properties asked for, with {@code calendar-data} as the request's {@code prop} asks it (the
 * stored text, or expanded). One place, so every listing answers an object alike. Each answer is
 * made when it is added and written only once all are made, so that a refusal (an expansion
 * past the request's budget) still finds the response unwritten.
 */
final class ObjectResponses {

    private final DavContext dav;
    private final PropRequest request;
    private final Optional<CalendarData> data;
    /** What each summary's answer shows: the same for all. */
    private final PropRequest.Selection summaries;
    /** The calendar's href, made once: each object's is it and the object's name. */
    private final String collectionHref;

    private ObjectResponses(DavContext dav, String collectionHref, PropRequest request, Optional<CalendarData> data) {
        this.dav = dav;
        this.request = request;
        this.data = data;
        this.summaries = request.select(Properties.OBJECT.keySet());
        this.collectionHref = collectionHref;
    }

    /**
     * For the objects of {@code calendar}, as the request element ({@code propfind} or a report;
     * null: none) asks; an expansion draws on the request's {@code budget}.
     */
    static ObjectResponses of(DavContext dav, HostedCalendar calendar, PropRequest request, Element body,
                              RecurrenceBudget budget) throws DavError {
        return new ObjectResponses(dav, dav.collectionHref(calendar), request, CalendarData.of(request, body, budget));
    }

    /** For the messages of the caller's scheduling inbox, as {@link #of(DavContext, HostedCalendar, PropRequest, Element, RecurrenceBudget)}. */
    static ObjectResponses ofInbox(DavContext dav, PropRequest request, Element body, RecurrenceBudget budget) throws DavError {
        return new ObjectResponses(dav, DavPath.inbox(dav.account.getId()), request, CalendarData.of(request, body, budget));
    }

    /** One answer, written once all are known. */
    @FunctionalInterface
    private interface Answer {
        void write(Multistatus out) throws IOException;
    }

    private final List<Answer> answers = new ArrayList<>();

    /** Whether an answer shows the object's text ({@code calendar-data}), so needs the whole object. */
    boolean needsText() {
        return data.isPresent();
    }

    void add(CalendarObject object) {
        Map<QName, Multistatus.Value> properties = Properties.object(dav, object.summary());
        if (object.getScheduleTag() != null) {
            properties.put(Dav.SCHEDULE_TAG, Multistatus.Value.text(object.getScheduleTag()));
        }
        data.ifPresent(d -> d.addTo(properties, object));
        String href = collectionHref + DavPath.segment(object.getName());
        answers.add(out -> request.write(out, href, properties));
    }

    /**
     * Whether a listing that does not show texts needs more of each object than its name and
     * ETag (a client learning ETags asks for nothing else).
     */
    boolean needsDetails() {
        return !Properties.FROM_ETAG.containsAll(summaries.found());
    }

    /** What each object of a listing that does not show texts shows. */
    PropRequest.Selection summaries() {
        return summaries;
    }

    /** An object of a listing that does not show texts ({@link #needsText()} false). */
    void add(ObjectSummary object) {
        PropRequest.Selection selection = summaries;
        String href = collectionHref + DavPath.segment(object.name());
        answers.add(out -> PropRequest.write(out, href, selection,
                (name, xml) -> Properties.OBJECT.get(name).write(dav, object, xml)));
    }

    /** An inbox message, with the inbox's properties of its messages. */
    void add(InboxItem item) {
        Map<QName, Multistatus.Value> properties = Properties.inboxItem(dav, item);
        data.ifPresent(d -> d.addTo(properties, item.getIcalendar(), () -> ICal.stored(item.getEtag(), item.getIcalendar())));
        String href = collectionHref + DavPath.segment(item.getName());
        answers.add(out -> request.write(out, href, properties));
    }

    /** A resource answered by its status alone (a missing multiget href, a deleted member in a sync). */
    void add(String href, int status) {
        answers.add(out -> out.response(href, status));
    }

    void writeTo(Multistatus out) throws IOException {
        for (Answer answer : answers) {
            answer.write(out);
        }
    }
}
