package com.calendarpipe.calendar;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.List;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Recurrence rules (RFC 5545 §3.3.10) walked within a budget. ical4j walks a rule one period
 * (FREQ × INTERVAL) at a time from its first instance, making every candidate date the BY
 * parts allow in each period, and has no bound of its own but COUNT and UNTIL. Here a rule
 * without COUNT starts near the range asked for (a whole number of periods on, so the rule keeps
 * its phase), and the periods still to walk, times the candidates each makes, are drawn from
 * the request's {@link RecurrenceBudget} before ical4j runs.
 */
final class Rules {

    /** Candidate dates one period of a rule may make (e.g. BYMONTH × BYMONTHDAY × BYHOUR…). */
    static final long MAX_CANDIDATES = 2_000;
    /** How far ahead a rule's first instance may lie before the rule counts as producing none. */
    static final long FIRST_INSTANCE_PERIODS = 10_000;

    private Rules() {
    }

    /**
     * The rule's instance starts within [from, to], at most about {@code max} of them (a
     * period's candidates are kept together), for a series starting at {@code seed}.
     */
    static <T extends Temporal> List<T> dates(Recur<T> rule, T seed, Temporal from, Temporal to, int max,
                                              RecurrenceBudget budget) {
        T origin = rule.getCount() >= 1 ? seed : advanced(rule, seed, from);
        budget.steps(periods(rule, origin, to) * candidatesPerPeriod(rule));
        return rule.getDates(origin, from, to, max);
    }

    /**
     * Why the rule is refused at write time, or null: it must have a positive INTERVAL and COUNT,
     * make a bounded number of candidates per period, and produce an instance at all (RFC 5545
     * §3.3.10 allows rules that never do, such as the 30th of February).
     */
    static <T extends Temporal> String problem(Recur<T> rule, T seed, boolean mustProduce) {
        if (rule.getInterval() == 0 || rule.getInterval() < -1) {
            return "A recurrence rule's INTERVAL must be a positive whole number";
        }
        if (rule.getCount() == 0 || rule.getCount() < -1) {
            return "A recurrence rule's COUNT must be a positive whole number";
        }
        if (rule.getSetPosList().stream().anyMatch(p -> p == 0 || Math.abs(p) > 366)) {
            // RFC 5545 §3.3.10 setposday: 1 to 366; a position no period reaches would have every
            // period's candidates made and thrown away
            return "A recurrence rule's BYSETPOS values are 1 to 366 or -366 to -1";
        }
        if (candidatesPerPeriod(rule) > MAX_CANDIDATES) {
            return "A recurrence rule may make at most " + MAX_CANDIDATES + " dates per period of its FREQ";
        }
        if (!mustProduce) {
            return null;
        }
        ZonedDateTime start = ZonedDateTime.ofInstant(ICal.instant(seed, ZoneOffset.UTC), ZoneOffset.UTC);
        ZonedDateTime horizon = start.plusSeconds(Math.min(FIRST_INSTANCE_PERIODS * periodSeconds(rule), 400L * 366 * 86_400));
        // ical4j gives up after 1000 periods in a row without a candidate: a bounded search
        if (rule.getDates(seed, start.minus(ObjectIndex.FLOATING_SLACK), horizon.plus(ObjectIndex.FLOATING_SLACK), 1).isEmpty()) {
            return "The recurrence rule produces no instance";
        }
        return null;
    }

    /** The candidate dates one period may make, at most: the product of the BY parts that expand. */
    static long candidatesPerPeriod(Recur<?> rule) {
        long candidates = 1;
        candidates = times(candidates, rule.getMonthList().size());
        candidates = times(candidates, rule.getWeekNoList().size() * 7L);
        candidates = times(candidates, rule.getYearDayList().size());
        candidates = times(candidates, rule.getMonthDayList().size());
        int weeksPerPeriod = switch (rule.getFrequency()) {
            case YEARLY -> rule.getMonthList().isEmpty() ? 53 : 5;   // BYDAY within each month of BYMONTH
            case MONTHLY -> 5;
            default -> 1;
        };
        candidates = times(candidates, (long) rule.getDayList().size() * weeksPerPeriod);
        candidates = times(candidates, rule.getHourList().size());
        candidates = times(candidates, rule.getMinuteList().size());
        return times(candidates, rule.getSecondList().size());
    }

    /** True when a BY part may leave a period without any date (BYMONTH in a MONTHLY rule, BYDAY in a DAILY one…). */
    private static boolean filters(Recur<?> rule) {
        return !rule.getMonthList().isEmpty() || !rule.getWeekNoList().isEmpty() || !rule.getYearDayList().isEmpty()
                || !rule.getMonthDayList().isEmpty() || !rule.getDayList().isEmpty() || !rule.getHourList().isEmpty()
                || !rule.getMinuteList().isEmpty() || !rule.getSecondList().isEmpty();
    }

    private static long times(long candidates, long size) {
        return size == 0 ? candidates : Math.min(candidates * size, Long.MAX_VALUE / 100_000);
    }

    /**
     * An instant as a value of the series' own kind, for ical4j to compare with its dates: a
     * date or a floating time where the series floats (read in {@code floating}), else UTC.
     */
    static Temporal at(Temporal like, Instant instant, ZoneId floating) {
        if (like instanceof LocalDate) {
            return LocalDate.ofInstant(instant, floating);
        }
        if (like instanceof LocalDateTime) {
            return LocalDateTime.ofInstant(instant, floating);
        }
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Periods from {@code origin} to {@code to} (or UNTIL, if sooner): an upper bound. */
    private static long periods(Recur<?> rule, Temporal origin, Temporal to) {
        Instant from = ICal.instant(origin, ZoneOffset.UTC);
        Instant end = ICal.instant(to, ZoneOffset.UTC).plus(ObjectIndex.FLOATING_SLACK);
        if (rule.getUntil() != null) {
            Instant until = ICal.instant(rule.getUntil(), ZoneOffset.UTC).plus(Duration.ofDays(1));
            end = until.isBefore(end) ? until : end;
        }
        if (!end.isAfter(from)) {
            return 1;
        }
        long periods = Duration.between(from, end).getSeconds() / periodSeconds(rule) + 1;
        // with COUNT, ical4j stops after COUNT dates; where BY parts filter, up to 1000 empty periods come before each
        long perDate = candidatesPerPeriod(rule) == 1 && rule.getSetPosList().isEmpty() && !filters(rule) ? 1 : 1_001;
        return rule.getCount() >= 1 ? Math.min(periods, rule.getCount() * perDate) : periods;
    }

    /** The shortest length one period of the rule can have (a DST day has 23 hours, February 28 days). */
    private static long periodSeconds(Recur<?> rule) {
        long unit = switch (rule.getFrequency()) {
            case SECONDLY -> 1;
            case MINUTELY -> 60;
            case HOURLY -> 3_600;
            case DAILY -> 23 * 3_600;
            case WEEKLY -> 7 * 86_400 - 3_600;
            case MONTHLY -> 28 * 86_400 - 3_600;
            case YEARLY -> 365 * 86_400 - 3_600;
        };
        return unit * Math.max(1, rule.getInterval());
    }

    /**
     * The series' start moved on by whole periods to one period before {@code from}: the instances
     * from there on are the same, and ical4j need not walk the years before. A month or year
     * later than the 28th is not moved (the next month may lack that day).
     */
    @SuppressWarnings("unchecked")
    private static <T extends Temporal> T advanced(Recur<T> rule, T seed, Temporal from) {
        ChronoUnit unit = unit(rule.getFrequency());
        if (!seed.isSupported(unit)
                || (unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) && seed.get(ChronoField.DAY_OF_MONTH) > 28) {
            return seed;
        }
        long interval = Math.max(1, rule.getInterval());
        try {
            long periods = seed.until(from, unit) / interval - 1;
            return periods > 0 ? (T) seed.plus(periods * interval, unit) : seed;
        } catch (DateTimeException | ArithmeticException e) {
            return seed;   // not comparable with the range's time type: walked from the start, within the budget
        }
    }

    private static ChronoUnit unit(Frequency frequency) {
        return switch (frequency) {
            case SECONDLY -> ChronoUnit.SECONDS;
            case MINUTELY -> ChronoUnit.MINUTES;
            case HOURLY -> ChronoUnit.HOURS;
            case DAILY -> ChronoUnit.DAYS;
            case WEEKLY -> ChronoUnit.WEEKS;
            case MONTHLY -> ChronoUnit.MONTHS;
            case YEARLY -> ChronoUnit.YEARS;
        };
    }
}
