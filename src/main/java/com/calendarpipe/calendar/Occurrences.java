package com.calendarpipe.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.ExRule;
import net.fortuna.ical4j.model.property.RDate;
import net.fortuna.ical4j.model.property.RRule;

/** The instances of a calendar object inside a time window: recurrences expanded, overrides applied. */
public final class Occurrences {

    /** One instance: the component that describes it (the master or an override) and its own times. */
    public record Occurrence(Component component, Temporal start, Temporal end, Temporal recurrenceId) {
    }

    private Occurrences() {
    }

    /**
     * Every instance overlapping [from, to), in start order. Floating times and dates are read
     * in {@code floating}. The instances found and the rule periods walked are drawn from the
     * request's {@code budget}, which refuses the request when it runs out.
     */
    public static List<Occurrence> within(Calendar calendar, Instant from, Instant to, ZoneId floating,
                                          RecurrenceBudget budget) {
        List<CalendarComponent> items = calendar.getComponents().stream()
                .filter(c -> !(c instanceof VTimeZone))
                .toList();
        Set<Instant> overridden = new HashSet<>();
        for (CalendarComponent item : items) {
            item.getProperty(Property.RECURRENCE_ID)
                    .map(p -> ICal.instant(((DateProperty<?>) p).getDate(), floating))
                    .ifPresent(overridden::add);
        }
        List<Occurrence> found = new ArrayList<>();
        for (CalendarComponent item : items) {
            Optional<Temporal> start = start(item);
            Optional<Property> recurrenceId = item.getProperty(Property.RECURRENCE_ID);
            if (start.isPresent() && recurrenceId.isEmpty() && recurs(item)) {
                expand(item, from, to, floating, overridden, found, budget);
            } else if (overlapsAsWritten(item, from, to, floating)) {
                found.add(new Occurrence(item, start.orElse(null), start.map(s -> end(item).orElse(s)).orElse(null),
                        recurrenceId.map(p -> (Temporal) ((DateProperty<?>) p).getDate()).orElse(null)));
            }
        }
        budget.instances(found.size());
        found.sort(Comparator.comparing((Occurrence o) -> o.start() == null ? Instant.MIN : ICal.instant(o.start(), floating)));
        return found;
    }

    /**
     * The instances of a series (RFC 5545 §3.8.5): its rules' dates and its RDATEs, less its
     * EXDATEs and EXRULEs and the instances an override replaces, each as long as the series' first.
     */
    private static void expand(Component master, Instant from, Instant to, ZoneId floating,
                               Set<Instant> overridden, List<Occurrence> found, RecurrenceBudget budget) {
        Temporal first = start(master).orElseThrow();
        TemporalAmount length = length(first, end(master).orElse(first), floating);
        Duration reach = Duration.between(ICal.instant(first, floating), ICal.instant(first.plus(length), floating));
        // widened so that an instance starting before the window and still running is included
        Temporal windowStart = Rules.at(first, from.minus(reach), floating);
        Temporal windowEnd = Rules.at(first, to, floating);
        int max = budget.instancesLeft() + 1;
        Map<Instant, Temporal> starts = new TreeMap<>();
        List<Recur<Temporal>> rules = rules(master, Property.RRULE);
        for (Recur<Temporal> rule : rules) {
            Rules.dates(rule, first, windowStart, windowEnd, max, budget).forEach(d -> starts.put(ICal.instant(d, floating), d));
        }
        if (rules.isEmpty()) {
            starts.put(ICal.instant(first, floating), first);   // RDATEs alone: DTSTART is the first instance
        }
        for (Property rdate : master.getProperties(Property.RDATE)) {
            for (Temporal date : rdateStarts(rdate)) {
                starts.put(ICal.instant(date, floating), date);
            }
        }
        for (Property exdate : master.getProperties(Property.EXDATE)) {
            ((DateListProperty<Temporal>) exdate).getDates().forEach(d -> starts.remove(ICal.instant(d, floating)));
        }
        for (Recur<Temporal> rule : rules(master, Property.EXRULE)) {
            Rules.dates(rule, first, windowStart, windowEnd, Integer.MAX_VALUE, budget)
                    .forEach(d -> starts.remove(ICal.instant(d, floating)));
        }
        for (Map.Entry<Instant, Temporal> start : starts.entrySet()) {
            Temporal end = start.getValue().plus(length);
            if (!overridden.contains(start.getKey()) && overlaps(start.getValue(), end, from, to, floating)) {
                found.add(new Occurrence(master, start.getValue(), end, start.getValue()));
                if (found.size() > budget.instancesLeft()) {
                    budget.instances(found.size());   // refuses: no need to look further
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Recur<Temporal>> rules(Component master, String name) {
        return master.getProperties(name).stream()
                .map(p -> p instanceof RRule<?> r ? (Recur<Temporal>) r.getRecur() : (Recur<Temporal>) ((ExRule<?>) p).getRecur())
                .toList();
    }

    /** The starts an RDATE adds: its dates, or the starts of its periods. */
    @SuppressWarnings("unchecked")
    static List<Temporal> rdateStarts(Property rdate) {
        RDate<Temporal> dates = (RDate<Temporal>) rdate;
        Optional<Set<Period<Temporal>>> periods = dates.getPeriods();
        if (periods.isPresent()) {
            return periods.get().stream().map(Period::getStart).toList();
        }
        return dates.getDates();
    }

    /** How long each instance of a series lasts: whole days between dates, else exact time. */
    private static TemporalAmount length(Temporal start, Temporal end, ZoneId floating) {
        if (start instanceof LocalDate from && end instanceof LocalDate to) {
            return java.time.Period.between(from, to);
        }
        Duration exact = Duration.between(ICal.instant(start, floating), ICal.instant(end, floating));
        // a date-valued start with a date-time end: whole days, rounded up
        return start instanceof LocalDate ? java.time.Period.ofDays((int) Math.max(1, (exact.toHours() + 23) / 24)) : exact;
    }

    /**
     * Whether one component, read alone (its own times, not its recurrences), overlaps [from, to)
     * as RFC 4791 §9.9 defines it: an undated to-do is in every window, an undated journal in
     * none; a journal's DATE start covers that day, its DATE-TIME start is an instant.
     */
    public static boolean overlapsAsWritten(Component item, Instant from, Instant to, ZoneId floating) {
        Optional<Temporal> start = start(item);
        if (start.isEmpty()) {
            return item.getName().equals(Component.VTODO);
        }
        Temporal end = end(item).orElse(start.get());
        return dueOnly(item) ? dueWithin(start.get(), from, to, floating) : overlaps(start.get(), end, from, to, floating);
    }

    /** Overlap as RFC 4791 §9.9 defines it: a zero-length instance counts where it starts. */
    static boolean overlaps(Temporal start, Temporal end, Instant from, Instant to, ZoneId floating) {
        Instant s = ICal.instant(start, floating);
        Instant e = ICal.instant(end, floating);
        if (e.equals(s)) {
            return !s.isBefore(from) && s.isBefore(to);
        }
        return s.isBefore(to) && e.isAfter(from);
    }

    /** A to-do with a DUE and no DTSTART: its instance is the moment it is due. */
    private static boolean dueOnly(Component item) {
        return item.getName().equals(Component.VTODO) && item.getProperty(Property.DTSTART).isEmpty();
    }

    /** RFC 4791 §9.9 for such a to-do: (start < DUE) AND (end >= DUE), unlike a zero-length event. */
    private static boolean dueWithin(Temporal due, Instant from, Instant to, ZoneId floating) {
        Instant at = ICal.instant(due, floating);
        return at.isAfter(from) && !at.isAfter(to);
    }

    /** True when the component has RRULE or RDATE lines. */
    public static boolean recurs(Component component) {
        return !component.getProperties(Property.RRULE, Property.RDATE).isEmpty();
    }

    /** DTSTART, or for a to-do without one, its DUE. */
    public static Optional<Temporal> start(Component component) {
        Optional<Temporal> start = date(component, Property.DTSTART);
        return start.isPresent() ? start : date(component, Property.DUE);
    }

    /** DTEND or DUE; else DTSTART plus DURATION; else the day after an all-day start; else none. */
    public static Optional<Temporal> end(Component component) {
        Optional<Temporal> end = date(component, component.getName().equals(Component.VTODO) ? Property.DUE : Property.DTEND);
        if (end.isPresent()) {
            return end;
        }
        Optional<Temporal> start = date(component, Property.DTSTART);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Optional<TemporalAmount> duration = component.getProperty(Property.DURATION)
                .map(p -> ((net.fortuna.ical4j.model.property.Duration) p).getDuration());
        if (duration.isPresent()) {
            return Optional.of(start.get().plus(duration.get()));
        }
        return start.get() instanceof LocalDate day ? Optional.of(day.plusDays(1)) : Optional.empty();
    }

    private static Optional<Temporal> date(Component component, String name) {
        return component.getProperty(name).map(p -> ((DateProperty<?>) p).getDate());
    }
}
