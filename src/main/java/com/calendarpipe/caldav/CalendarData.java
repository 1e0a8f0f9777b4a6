package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RecurrenceId;
import org.w3c.dom.Element;

/**
 * What a REPORT returns as {@code C:calendar-data} (RFC 4791 §9.6): the stored text, or with
 * {@code C:expand} every instance in the range as its own VEVENT in UTC with a RECURRENCE-ID
 * and no recurrence rules (§9.6.5). {@code limit-recurrence-set} and partial retrieval by
 * {@code C:comp} are answered with the whole object, a superset the RFC allows clients to get
 * from servers that do not narrow.
 */
record CalendarData(TimeRange expand, RecurrenceBudget budget) {

    /** The calendar-data the request's prop asks for, if it asks for it. */
    static Optional<CalendarData> of(PropRequest request, Element report, RecurrenceBudget budget) throws DavError {
        if (!request.wants(Dav.CALENDAR_DATA)) {
            return Optional.empty();
        }
        Optional<Element> prop = DavXml.child(report, Dav.dav("prop"));
        Optional<Element> data = prop.flatMap(p -> DavXml.child(p, Dav.CALENDAR_DATA));
        Optional<Element> expand = data.flatMap(d -> DavXml.child(d, Dav.caldav("expand")));
        return Optional.of(new CalendarData(expand.isPresent() ? TimeRange.of(expand.get()) : null, budget));
    }

    void addTo(Map<QName, Multistatus.Value> properties, CalendarObject object) {
        properties.put(Dav.CALENDAR_DATA, Multistatus.Value.exact(expand == null ? object.getIcalendar() : expanded(object)));
    }

    private String expanded(CalendarObject object) {
        Calendar stored = object.parsed();
        Calendar out = ICal.newCalendar();
        for (Occurrences.Occurrence o : Occurrences.within(stored, expand.start(), expand.end(), ZoneOffset.UTC, budget)) {
            CalendarComponent instance = (CalendarComponent) o.component().copy();
            if (o.start() != null) {
                instance.removeAll(Property.RRULE, Property.RDATE, Property.EXDATE, Property.EXRULE, Property.DURATION,
                        Property.DTSTART, Property.DTEND, Property.RECURRENCE_ID);
                instance.add(new DtStart<>(utc(o.start())));
                if (o.component().getName().equals(Component.VEVENT)) {
                    instance.add(new DtEnd<>(utc(o.end())));
                }
                if (o.recurrenceId() != null) {
                    instance.add(new RecurrenceId<>(utc(o.recurrenceId())));
                }
            }
            out.add(instance);
        }
        return out.toString();
    }

    private static Instant utc(java.time.temporal.Temporal value) {
        return ICal.instant(value, ZoneOffset.UTC);
    }
}
