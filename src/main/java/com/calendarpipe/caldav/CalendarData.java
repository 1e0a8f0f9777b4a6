package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RecurrenceId;
import org.w3c.dom.Element;

/**
 * What a REPORT or PROPFIND returns as {@code C:calendar-data} (RFC 4791 §9.6): the stored
 * text; or with {@code C:expand} every instance in the range as its own component with a
 * RECURRENCE-ID and no recurrence rules (§9.6.5); or with {@code C:limit-recurrence-set} the
 * master and only the overrides that overlap the range (§9.6.6); then, with {@code C:comp},
 * only the components and properties it selects (§9.6.1). Without these the stored text is
 * answered as it is, neither parsed nor written again.
 */
record CalendarData(TimeRange expand, TimeRange limit, ComponentSelection selection, RecurrenceBudget budget) {

    /** The calendar-data the request's prop asks for, if it asks for it. */
    static Optional<CalendarData> of(PropRequest request, Element report, RecurrenceBudget budget) throws DavError {
        if (!request.wants(Dav.CALENDAR_DATA)) {
            return Optional.empty();
        }
        Optional<Element> data = DavXml.child(report, Dav.dav("prop")).flatMap(p -> DavXml.child(p, Dav.CALENDAR_DATA));
        if (data.isEmpty()) {
            return Optional.of(new CalendarData(null, null, null, budget));
        }
        Element asked = data.get();
        // §9.6: iCalendar 2.0 is the one media type calendars here hold
        if (asked.hasAttribute("content-type") && !ICal.MEDIA_TYPE.equalsIgnoreCase(asked.getAttribute("content-type"))
                || asked.hasAttribute("version") && !"2.0".equals(asked.getAttribute("version"))) {
            throw DavError.precondition(403, Dav.SUPPORTED_CALENDAR_DATA);
        }
        Optional<Element> expand = DavXml.child(asked, Dav.caldav("expand"));
        Optional<Element> limit = DavXml.child(asked, Dav.caldav("limit-recurrence-set"));
        Optional<Element> comp = DavXml.child(asked, Dav.caldav("comp"));
        if (expand.isPresent() && limit.isPresent()
                || DavXml.children(asked, Dav.caldav("comp")).size() > 1) {
            throw DavError.status(400);   // §9.6: at most one comp, and expand or limit-recurrence-set, not both
        }
        return Optional.of(new CalendarData(expand.isPresent() ? TimeRange.of(expand.get()) : null,
                limit.isPresent() ? TimeRange.of(limit.get()) : null,
                comp.isPresent() ? ComponentSelection.of(comp.get()) : null, budget));
    }

    void addTo(Map<QName, Multistatus.Value> properties, CalendarObject object) {
        addTo(properties, object.getIcalendar(), object::parsed);
    }

    /** The calendar-data of a resource whose text is {@code stored}, parsed by {@code parsed} when needed (an inbox message). */
    void addTo(Map<QName, Multistatus.Value> properties, String stored, Supplier<Calendar> parsed) {
        properties.put(Dav.CALENDAR_DATA, Multistatus.Value.exact(text(stored, parsed)));
    }

    /** The object's calendar-data as asked. */
    String text(CalendarObject object) {
        return text(object.getIcalendar(), object::parsed);
    }

    private String text(String stored, Supplier<Calendar> parsed) {
        String text = expand != null ? expanded(parsed.get()) : limit != null ? limited(parsed.get()) : stored;
        return selection == null ? text : selection.apply(text);
    }

    /**
     * §9.6.5: each instance with its own DTSTART (and DTEND) and RECURRENCE-ID; date-times in
     * UTC, dates kept as dates so that an all-day series stays all-day.
     */
    private String expanded(Calendar stored) {
        Calendar out = ICal.newCalendar();
        for (Occurrences.Occurrence o : Occurrences.within(stored, expand.start(), expand.end(), ZoneOffset.UTC, budget)) {
            CalendarComponent instance = (CalendarComponent) o.component().copy();
            if (o.start() != null) {
                instance.removeAll(Property.RRULE, Property.RDATE, Property.EXDATE, Property.EXRULE, Property.DURATION,
                        Property.DTSTART, Property.DTEND, Property.RECURRENCE_ID);
                instance.add(new DtStart<>(valueOf(o.start())));
                if (o.component().getName().equals(Component.VEVENT)) {
                    instance.add(new DtEnd<>(valueOf(o.end())));
                }
                if (o.recurrenceId() != null) {
                    instance.add(new RecurrenceId<>(valueOf(o.recurrenceId())));
                }
            }
            out.add(instance);
        }
        return out.toString();
    }

    /** A date stays a date (written VALUE=DATE); a date-time becomes UTC. */
    private static Temporal valueOf(Temporal value) {
        return value instanceof LocalDate ? value : ICal.instant(value, ZoneOffset.UTC);
    }

    /**
     * §9.6.6: the master and the overrides whose own instance overlaps the range, with the
     * time zones they use; the others are left out.
     */
    private String limited(Calendar stored) {
        ComponentList<CalendarComponent> kept = new ComponentList<>(stored.getComponents().stream()
                .filter(c -> c.getProperty(Property.RECURRENCE_ID).isEmpty()
                        || Occurrences.overlapsAsWritten(c, limit.start(), limit.end(), ZoneOffset.UTC))
                .toList());
        return new Calendar(stored.getPropertyList(), kept).toString();
    }
}
