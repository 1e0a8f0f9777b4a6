package com.calendarpipe.mcp;

import com.calendarpipe.calendar.BusyTime;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The free time of a window: its working hours (every hour when none are given) less the busy
 * periods, as the longest free stretches that last at least the duration asked for, earliest
 * first. Pure: the busy periods come from {@link BusyTime}, the computation CalDAV's free-busy
 * answers use. Working hours are wall-clock times in their zone, so a day of a daylight-saving
 * change keeps them (09:00-17:00 stays 09:00-17:00).
 */
final class FreeSlots {

    /** Working hours: from {@code start} to {@code end} on the given days, in {@code zone}. */
    record Hours(LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneId zone) {
    }

    /** One free stretch, [start, end). */
    record Slot(Instant start, Instant end) {
        long minutes() {
            return Duration.between(start, end).toMinutes();
        }
    }

    private FreeSlots() {
    }

    /** At most {@code limit} slots of at least {@code duration} in [from, to), within {@code hours} when given. */
    static List<Slot> of(List<BusyTime.Period> busy, Instant from, Instant to, Duration duration, Hours hours, int limit) {
        List<Slot> open = hours == null ? List.of(new Slot(from, to)) : workingTime(from, to, hours);
        List<BusyTime.Period> sorted = busy.stream().sorted(Comparator.comparing(BusyTime.Period::start)).toList();
        List<Slot> free = new ArrayList<>();
        for (Slot window : open) {
            Instant cursor = window.start();
            for (BusyTime.Period period : sorted) {
                if (!period.end().isAfter(cursor) || !period.start().isBefore(window.end())) {
                    continue;
                }
                if (period.start().isAfter(cursor)) {
                    add(free, cursor, period.start(), duration);
                }
                if (period.end().isAfter(cursor)) {
                    cursor = period.end();
                }
            }
            if (cursor.isBefore(window.end())) {
                add(free, cursor, window.end(), duration);
            }
            if (free.size() >= limit) {
                return free.subList(0, limit);
            }
        }
        return free;
    }

    private static void add(List<Slot> free, Instant start, Instant end, Duration duration) {
        if (!Duration.between(start, end).minus(duration).isNegative()) {
            free.add(new Slot(start, end));
        }
    }

    /** The working hours of each day the window touches, clipped to the window. */
    private static List<Slot> workingTime(Instant from, Instant to, Hours hours) {
        List<Slot> open = new ArrayList<>();
        LocalDate last = to.atZone(hours.zone()).toLocalDate();
        for (LocalDate day = from.atZone(hours.zone()).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!hours.days().contains(day.getDayOfWeek())) {
                continue;
            }
            Instant start = day.atTime(hours.start()).atZone(hours.zone()).toInstant();
            Instant end = day.atTime(hours.end()).atZone(hours.zone()).toInstant();
            start = start.isBefore(from) ? from : start;
            end = end.isAfter(to) ? to : end;
            if (start.isBefore(end)) {
                open.add(new Slot(start, end));
            }
        }
        return open;
    }
}
