package com.calendarpipe.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.RRule;

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
    /** Recurrences with more instances than this are indexed as never ending, not expanded. */
    private static final int MAX_COUNTED_INSTANCES = 5000;

    public boolean longSpan() {
        return lastEnd == null || Duration.between(firstStart, lastEnd).compareTo(LONG_SPAN) > 0;
    }

    public static ObjectIndex of(Calendar calendar) {
        List<CalendarComponent> items = calendar.getComponents().stream()
                .filter(c -> !(c instanceof VTimeZone))
                .toList();
        if (items.isEmpty()) {
            throw resource("The calendar object holds no event or to-do");
        }
        String kind = items.get(0).getName();
        if (!kind.equals(Component.VEVENT) && !kind.equals(Component.VTODO)) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT,
                    "Only VEVENT and VTODO objects can be stored");
        }
        String uid = null;
        CalendarComponent master = null;
        for (CalendarComponent item : items) {
            if (!item.getName().equals(kind)) {
                throw resource("One calendar object holds one event or one to-do, with its overrides");
            }
            String itemUid = item.getProperty(Property.UID).map(Property::getValue).filter(v -> !v.isBlank())
                    .orElseThrow(() -> resource("Every event or to-do needs a UID"));
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
        Span span = null;
        boolean recurring = master == null || items.size() > 1;
        for (CalendarComponent item : items) {
            Span own = Span.of(item);
            if (item == master && Occurrences.recurs(item)) {
                recurring = true;
                own = own == null ? null : own.through(seriesEnd(item, own));
            }
            span = Span.union(span, own);
        }
        if (span == null) {
            return new ObjectIndex(uid, kind, UNDATED, null, recurring);
        }
        return new ObjectIndex(uid, kind, span.start(), span.end(), recurring);
    }

    /** The end of a series' last instance, or null when it never ends or is too long to count. */
    private static Instant seriesEnd(Component master, Span first) {
        for (Property property : master.getProperties(Property.RRULE)) {
            var recur = ((RRule<?>) property).getRecur();
            if (recur.getUntil() == null && (recur.getCount() <= 0 || recur.getCount() > MAX_COUNTED_INSTANCES)) {
                return null;
            }
        }
        ZonedDateTime from = ZonedDateTime.ofInstant(first.start(), ZoneOffset.UTC);
        Period<ZonedDateTime> all = new Period<>(from, from.plusYears(200));
        Instant last = first.end();
        int seen = 0;
        for (Period<Temporal> instance : master.<Temporal>calculateRecurrenceSet(all)) {
            if (++seen > MAX_COUNTED_INSTANCES) {
                return null;
            }
            Instant end = ICal.instant(instance.getEnd(), ZoneOffset.UTC).plus(FLOATING_SLACK);
            last = end.isAfter(last) ? end : last;
        }
        return last;
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
