package com.calendarpipe.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentContainer;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * What the store indexes of an object, read from its iCalendar text at write time: the UID,
 * the component type and the span [firstStart, lastEnd) covering every instance ({@code
 * lastEnd} null when a recurrence never ends). The span is a safe superset: floating times and
 * all-day dates are widened by the widest UTC offsets, so a window query by these columns
 * never misses an object, and the exact check is made on the few candidates it returns.
 */
public record ObjectIndex(String uid, String component, Instant firstStart, Instant lastEnd, boolean recurring) {

    /** Objects spanning more than this are "long": found by overlap, not by a bounded start range. */
    public static final Duration LONG_SPAN = Duration.ofDays(7);
    /** The widest distance between a floating time and UTC (UTC+14, UTC-12). */
    static final Duration FLOATING_SLACK = Duration.ofHours(14);
    /** A to-do without any date matches every time range (RFC 4791 §9.9). */
    static final Instant UNDATED = Instant.parse("1900-01-01T00:00:00Z");
    /** What one calendar object may hold (RFC 4791 §4.1), as every calendar's supported-calendar-component-set lists it. */
    public static final List<String> COMPONENTS = List.of(Component.VEVENT, Component.VTODO, Component.VJOURNAL);

    public boolean longSpan() {
        return lastEnd == null || Duration.between(firstStart, lastEnd).compareTo(LONG_SPAN) > 0;
    }

    public static ObjectIndex of(Calendar calendar) {
        if (calendar.getProperty(Property.METHOD).isPresent()) {
            // RFC 4791 §4.1: a stored object is not a scheduling message
            throw resource("A calendar object resource has no METHOD");
        }
        List<CalendarComponent> items = calendar.getComponents().stream()
                .filter(c -> !(c instanceof VTimeZone))
                .toList();
        if (items.isEmpty()) {
            throw resource("The calendar object holds no event, to-do or journal");
        }
        String kind = items.get(0).getName();
        if (!COMPONENTS.contains(kind)) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT,
                    "Only VEVENT, VTODO and VJOURNAL objects can be stored");
        }
        String uid = null;
        CalendarComponent master = null;
        for (CalendarComponent item : items) {
            if (!item.getName().equals(kind)) {
                throw resource("One calendar object holds one event, to-do or journal, with its overrides");
            }
            String itemUid = item.getProperty(Property.UID).map(Property::getValue).filter(v -> !v.isBlank())
                    .orElseThrow(() -> resource("Every event, to-do or journal needs a UID"));
            if (uid != null && !uid.equals(itemUid)) {
                throw resource("Every component of one calendar object has the same UID");
            }
            uid = itemUid;
            if (item.getProperty(Property.RECURRENCE_ID).isEmpty()) {
                if (master != null) {
                    throw resource("A calendar object has at most one component without RECURRENCE-ID");
                }
                master = item;
            }
        }
        if (uid.length() > 255) {
            throw resource("The UID is longer than 255 characters");
        }
        checkZones(calendar);
        Span span = null;
        boolean recurring = master == null || items.size() > 1;
        for (CalendarComponent item : items) {
            checkTimes(item);
            if (item == master) {
                checkRules(item);
            }
            Span own = Span.of(item);
            if (item == master && Occurrences.recurs(item)) {
                recurring = true;
                own = own == null ? null : own.through(seriesEnd(item, own));
            }
            span = Span.union(span, own);
        }
        if (span == null && kind.equals(Component.VJOURNAL)) {
            // a journal without DTSTART is in no time range (RFC 4791 §9.9): a span no window query reaches
            return new ObjectIndex(uid, kind, UNDATED, UNDATED, recurring);
        }
        if (span == null) {
            return new ObjectIndex(uid, kind, UNDATED, null, recurring);
        }
        return new ObjectIndex(uid, kind, span.start(), span.end(), recurring);
    }

    /**
     * The end of a series' last instance, widened like a span; null when it never ends or is too
     * costly to walk to its end: such a series is indexed as never ending.
     */
    private static Instant seriesEnd(Component master, Span first) {
        Temporal seed = Occurrences.start(master).orElseThrow();
        Duration length = Duration.between(first.start(), first.end()).plus(FLOATING_SLACK);
        Instant last = first.end();
        RecurrenceBudget budget = new RecurrenceBudget();
        for (Recur<Temporal> rule : rules(master, Property.RRULE)) {
            Instant end;
            if (rule.getUntil() != null) {
                // no instance starts after UNTIL (a date UNTIL: the end of that day, in any zone)
                end = ICal.instant(rule.getUntil(), ZoneOffset.UTC).plus(Duration.ofDays(1)).plus(length);
            } else if (rule.getCount() >= 1 && rule.getCount() <= RecurrenceBudget.MAX_INSTANCES) {
                try {
                    List<Temporal> dates = Rules.dates(rule, seed, Rules.at(seed, first.start(), ZoneOffset.UTC),
                            Rules.at(seed, Instant.parse("9999-12-31T00:00:00Z"), ZoneOffset.UTC), rule.getCount() + 1, budget);
                    end = dates.isEmpty() ? last : ICal.instant(dates.get(dates.size() - 1), ZoneOffset.UTC).plus(length);
                } catch (RecurrenceBudget.Exceeded tooCostly) {
                    return null;
                }
            } else {
                return null;
            }
            last = end.isAfter(last) ? end : last;
        }
        for (Property rdate : master.getProperties(Property.RDATE)) {
            for (Temporal date : Occurrences.rdateStarts(rdate)) {
                Instant end = ICal.instant(date, ZoneOffset.UTC).plus(Duration.ofDays(1)).plus(length);
                last = end.isAfter(last) ? end : last;
            }
        }
        return last;
    }

    /**
     * RFC 5545 §3.6.5: every TZID the object names is defined by one of its VTIMEZONEs, else the
     * time it qualifies means nothing and would be read in some zone of the reader's choosing.
     * An IANA zone name is understood without one (as RFC 7809 lets servers do); any other is refused.
     */
    private static void checkZones(Calendar calendar) {
        Set<String> defined = new HashSet<>();
        for (CalendarComponent zone : calendar.getComponents(Component.VTIMEZONE)) {
            zone.getProperty(Property.TZID).map(Property::getValue).ifPresent(defined::add);
        }
        for (CalendarComponent item : calendar.getComponents()) {
            if (!(item instanceof VTimeZone)) {
                checkZones(item, defined);
            }
        }
    }

    private static void checkZones(Component component, Set<String> defined) {
        for (Property property : component.getProperties()) {
            Optional<String> tzid = property.<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue);
            if (tzid.isPresent() && !defined.contains(tzid.get()) && !CalendarChanges.isIanaZone(tzid.get())) {
                throw data("A TZID names a time zone that no VTIMEZONE of the object defines");
            }
        }
        if (component instanceof ComponentContainer<?> inner) {
            for (Component child : inner.getComponents()) {
                checkZones(child, defined);
            }
        }
    }

    /** RFC 5545 §3.6.1: an event ends no earlier than it starts, and has DTEND or DURATION, not both; likewise DUE for a to-do. */
    private static void checkTimes(Component item) {
        boolean todo = item.getName().equals(Component.VTODO);
        Optional<Property> end = item.getProperty(todo ? Property.DUE : Property.DTEND);
        Optional<Property> duration = item.getProperty(Property.DURATION);
        if (end.isPresent() && duration.isPresent()) {
            throw data("An event or to-do has " + (todo ? "DUE" : "DTEND") + " or DURATION, not both");
        }
        if (duration.isPresent()) {
            TemporalAmount amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
            if (amount == null || amount instanceof Duration d && d.isNegative()
                    || amount instanceof java.time.Period p && p.isNegative()) {
                throw data("DURATION must not be negative");
            }
        }
        Optional<Temporal> start = Occurrences.start(item);
        Optional<Temporal> stop = Occurrences.end(item);
        if (item.getProperty(Property.DTSTART).isPresent() && start.isPresent() && stop.isPresent()
                && ICal.instant(stop.get(), ZoneOffset.UTC).isBefore(ICal.instant(start.get(), ZoneOffset.UTC))) {
            throw data("An event or to-do cannot end before it starts");
        }
    }

    /** Every rule of the series must be one that can be walked within a budget, and produce an instance. */
    private static void checkRules(Component master) {
        Optional<Temporal> seed = Occurrences.start(master);
        for (String kind : List.of(Property.RRULE, Property.EXRULE)) {
            for (Recur<Temporal> rule : rules(master, kind)) {
                if (seed.isEmpty()) {
                    throw data("A recurring event, to-do or journal needs DTSTART");
                }
                String problem = Rules.problem(rule, seed.get(), kind.equals(Property.RRULE));
                if (problem != null) {
                    throw data(problem);
                }
            }
        }
    }

    private static List<Recur<Temporal>> rules(Component master, String kind) {
        return Occurrences.rules(master, kind);
    }

    private static InvalidCalendarObject data(String message) {
        return new InvalidCalendarObject(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA, message);
    }

    private static InvalidCalendarObject resource(String message) {
        return new InvalidCalendarObject(InvalidCalendarObject.Precondition.VALID_CALENDAR_OBJECT_RESOURCE, message);
    }

    /** A component's own [start, end], widened for floating values. */
    record Span(Instant start, Instant end) {

        static Span of(Component component) {
            Optional<Temporal> start = Occurrences.start(component);
            Optional<Temporal> end = Occurrences.end(component);
            if (start.isEmpty() && end.isEmpty()) {
                return null;
            }
            Temporal first = start.orElseGet(end::get);
            Temporal last = end.orElse(first);
            Duration slack = ICal.floats(first) || ICal.floats(last) ? FLOATING_SLACK : Duration.ZERO;
            if (component.getName().equals(Component.VTODO) && component.getProperty(Property.DTSTART).isEmpty()) {
                // a to-do due at a range's very end is in it (RFC 4791 §9.9), where the window query wants start < end
                slack = slack.plusSeconds(1);
            }
            return new Span(ICal.instant(first, ZoneOffset.UTC).minus(slack),
                    ICal.instant(last, ZoneOffset.UTC).plus(slack));
        }

        /** This span stretched to {@code end}; null end means "never ends". */
        Span through(Instant end) {
            return new Span(start, end);
        }

        static Span union(Span a, Span b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            Instant end = a.end() == null || b.end() == null ? null : a.end().isAfter(b.end()) ? a.end() : b.end();
            return new Span(a.start().isBefore(b.start()) ? a.start() : b.start(), end);
        }
    }
}
