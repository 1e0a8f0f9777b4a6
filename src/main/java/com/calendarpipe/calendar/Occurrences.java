package com.calendarpipe.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DateProperty;

/** The instances of a calendar object inside a time window: recurrences expanded, overrides applied. */
public final class Occurrences {

    /** One instance: the component that describes it (the master or an override) and its own times. */
    public record Occurrence(Component component, Temporal start, Temporal end, Temporal recurrenceId) {
    }

    private Occurrences() {
    }

    /**
     * Every instance overlapping [from, to), in start order. Floating times and dates are read
     * in {@code floating}. More than {@code max} instances is an {@link TooManyInstances}.
     */
    public static List<Occurrence> within(Calendar calendar, Instant from, Instant to, ZoneId floating, int max) {
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
            if (start.isEmpty()) {
                // an undated to-do is in every window (RFC 4791 §9.9)
                found.add(new Occurrence(item, null, null, null));
                continue;
            }
            Optional<Property> recurrenceId = item.getProperty(Property.RECURRENCE_ID);
            if (recurrenceId.isEmpty() && recurs(item)) {
                expand(item, from, to, floating, overridden, found, max);
            } else {
                Temporal end = end(item).orElse(start.get());
                if (overlaps(start.get(), end, from, to, floating)) {
                    found.add(new Occurrence(item, start.get(), end,
                            recurrenceId.map(p -> (Temporal) ((DateProperty<?>) p).getDate()).orElse(null)));
                }
            }
            if (found.size() > max) {
                throw new TooManyInstances(max);
            }
        }
        found.sort(Comparator.comparing((Occurrence o) -> o.start() == null ? Instant.MIN : ICal.instant(o.start(), floating)));
        return found;
    }

    private static void expand(Component master, Instant from, Instant to, ZoneId floating,
                               Set<Instant> overridden, List<Occurrence> found, int max) {
        Temporal first = start(master).orElseThrow();
        Duration length = Duration.between(ICal.instant(first, floating),
                ICal.instant(end(master).orElse(first), floating));
        // widened so that an instance starting before the window and still running is included
        Period<ZonedDateTime> window = new Period<>(
                ZonedDateTime.ofInstant(from.minus(length).minus(ObjectIndex.FLOATING_SLACK), ZoneOffset.UTC),
                ZonedDateTime.ofInstant(to.plus(ObjectIndex.FLOATING_SLACK), ZoneOffset.UTC));
        for (Period<Temporal> instance : master.<Temporal>calculateRecurrenceSet(window)) {
            Instant at = ICal.instant(instance.getStart(), floating);
            if (!overridden.contains(at) && overlaps(instance.getStart(), instance.getEnd(), from, to, floating)) {
                found.add(new Occurrence(master, instance.getStart(), instance.getEnd(), instance.getStart()));
                if (found.size() > max) {
                    throw new TooManyInstances(max);
                }
            }
        }
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

    /** A window holding more instances than one answer may carry. */
    public static class TooManyInstances extends RuntimeException {
        public TooManyInstances(int max) {
            super("More than " + max + " instances in the window", null, false, false);
        }
    }
}
