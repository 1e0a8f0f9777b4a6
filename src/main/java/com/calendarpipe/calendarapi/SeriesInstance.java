package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.RecurrenceId;

/**
 * One instance of a recurring event, named by the start it has in the series ({@code ?instance=}):
 * changed through a RECURRENCE-ID override (RFC 5545 §3.8.4.4), removed through an EXDATE
 * (§3.8.5.1). The value is what the API shows as an instance's {@code originalStart}: a date-time
 * with {@code Z} or an offset (any offset naming the same moment), or a date for an all-day series.
 */
final class SeriesInstance {

    static final String FORMATS = "the instance's original start: an ISO-8601 date-time with Z or an offset, "
            + "such as 2026-03-12T09:00:00+01:00, or a date such as 2026-03-12 for an all-day series";

    private static final Instant FIRST_YEAR = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant PAST_LAST_YEAR = Instant.parse("+10000-01-01T00:00:00Z");

    /** The moment named, or the day of an all-day series. */
    private final Temporal named;

    private SeriesInstance(Temporal named) {
        this.named = named;
    }

    /** The query value; 400 when it is no date-time with offset and no date. */
    static SeriesInstance parse(String text) {
        // an unencoded "+" of an offset arrives as a space (application/x-www-form-urlencoded)
        String value = text.strip().replace(' ', '+');
        try {
            return new SeriesInstance(value.length() == 10 ? LocalDate.parse(value) : OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw Refused.invalidField("instance", "must be " + FORMATS);
        }
    }

    /** The instance's override holding the change {@code input} makes; the stored text with it. */
    String change(String stored, EventInput input, HostedCalendar calendar, String mailDomain) {
        Calendar ics = ICal.parse(stored);
        Found found = find(ics, ZoneId.of(calendar.getTimezone()));
        Component override = found.override().orElseGet(() -> {
            Component made = overrideOf(found.master(), found.occurrence());
            ics.add((CalendarComponent) made);
            return made;
        });
        EventEditor.updateInstance(input, override, calendar, mailDomain);
        return ICal.withTimeZones(ics).toString();
    }

    /** The instance as it is now in a stored object (read only): its override, or the series' occurrence. */
    Occurrences.Occurrence occurrence(Calendar parsed, ZoneId calendarZone) {
        return find(parsed, calendarZone).occurrence();
    }

    /** The series without this instance: an EXDATE on the series, and its override gone. */
    String remove(String stored, ZoneId calendarZone) {
        Calendar ics = ICal.parse(stored);
        Found found = find(ics, calendarZone);
        found.override().ifPresent(o -> ics.remove((CalendarComponent) o));
        Component master = found.master();
        // the EXDATE's value type and zone are those of DTSTART (RFC 5545 §3.8.5.1)
        List<Parameter> like = master.<Property>getProperty(Property.DTSTART).orElseThrow().getParameters().stream()
                .filter(p -> p.getName().equals(Parameter.TZID) || p.getName().equals(Parameter.VALUE))
                .toList();
        master.add(new ExDate<>(new ParameterList(like), new DateList<>(List.of(found.recurrenceId()))));
        EventEditor.stamp(master);
        return ICal.withTimeZones(ics).toString();
    }

    /** The instance in the series: the master's occurrence, or the override that replaces it. */
    private record Found(Component master, Occurrences.Occurrence occurrence, Optional<Component> override) {
        Temporal recurrenceId() {
            return occurrence.recurrenceId();
        }
    }

    private Found find(Calendar ics, ZoneId calendarZone) {
        Component master = EventViews.master(ics);
        if (master.getProperty(Property.RECURRENCE_ID).isPresent() || !Occurrences.recurs(master)) {
            throw Refused.invalidField("instance", "The event does not recur: change or delete it as a whole");
        }
        Temporal first = Occurrences.start(master).orElseThrow();
        if ((first instanceof LocalDate) != (named instanceof LocalDate)) {
            throw Refused.invalidField("instance", first instanceof LocalDate
                    ? "must be a date such as 2026-03-12: the series is all-day"
                    : "must be a date-time with Z or an offset: the series is not all-day");
        }
        // floating times and dates are read in the calendar's zone, as the listing shows them
        Instant at = ICal.instant(named, calendarZone);
        if (at.isBefore(FIRST_YEAR) || !at.isBefore(PAST_LAST_YEAR)) {
            // no instance is outside iCalendar's four-digit years (RFC 5545 §3.3.4): not worth a walk through the rule
            throw Refused.notFound("Instance");
        }
        for (CalendarComponent component : ics.getComponents(Component.VEVENT)) {
            Optional<Temporal> id = component.<Property>getProperty(Property.RECURRENCE_ID)
                    .map(p -> (Temporal) ((DateProperty<?>) p).getDate());
            if (id.isPresent() && ICal.instant(id.get(), calendarZone).equals(at)) {
                Temporal start = Occurrences.start(component).orElseThrow();
                Temporal end = Occurrences.end(component).orElse(start);
                return new Found(master, new Occurrences.Occurrence(component, start, end, id.get()), Optional.of(component));
            }
        }
        // an instance of the master lasting any time overlaps the first millisecond it starts in
        return Occurrences.within(ics, at, at.plusMillis(1), calendarZone, new RecurrenceBudget()).stream()
                .filter(o -> o.component() == master && ICal.instant(o.recurrenceId(), calendarZone).equals(at))
                .findFirst()
                .map(o -> new Found(master, o, Optional.empty()))
                .orElseThrow(() -> Refused.notFound("Instance"));
    }

    /**
     * A copy of the series for one instance: the series' fields at the instance's own times,
     * without recurrence lines, with the RECURRENCE-ID of the value type of DTSTART (RFC 5545 §3.8.4.4).
     */
    private static Component overrideOf(Component master, Occurrences.Occurrence occurrence) {
        Component override = master.copy();
        override.removeAll(EventViews.RECURRENCE_PROPERTIES.toArray(String[]::new));
        override.replace(sameZone(new DtStart<>(occurrence.start()), master));
        if (override.getProperty(Property.DTEND).isPresent()) {
            override.replace(sameZone(new DtEnd<>(occurrence.end()), master));
        }
        override.add(sameZone(new RecurrenceId<>(occurrence.recurrenceId()), master));
        return override;
    }

    /**
     * The value written with the master's own DTSTART TZID: ical4j names the zone of a parsed
     * time after its own registry entry, which no client knows.
     */
    private static <P extends Property> P sameZone(P made, Component master) {
        Optional<Parameter> tzid = master.<Property>getProperty(Property.DTSTART).flatMap(p -> p.getParameter(Parameter.TZID));
        if (made.getParameter(Parameter.TZID).isPresent()) {
            tzid.ifPresent(made::replace);
        }
        return made;
    }
}
