package com.calendarpipe.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

/**
 * The busy time of calendars within a range (RFC 4791 §7.10, RFC 5545 §3.6.4): one period per
 * busy instance, clipped to the range, in the order the store lists the candidates. Transparent
 * and cancelled events are free; tentative ones are busy-tentative. The one computation behind
 * CalDAV's free-busy-query report, the scheduling outbox's free-busy answers and MCP's
 * find_free_time; every instance expanded draws on the caller's budget.
 */
public final class BusyTime {

    /** One busy period, [start, end) in UTC. */
    public record Period(Instant start, Instant end, boolean tentative) {
    }

    private BusyTime() {
    }

    public static List<Period> of(CalendarService calendars, Collection<String> calendarIds, Instant start, Instant end,
                                  RecurrenceBudget budget) {
        List<Period> busy = new ArrayList<>();
        for (CalendarObject object : calendars.candidates(calendarIds, Component.VEVENT, start, end)) {
            for (Occurrences.Occurrence o : Occurrences.within(object.parsed(), start, end, ZoneOffset.UTC, budget)) {
                String status = value(o.component(), Property.STATUS);
                if ("TRANSPARENT".equals(value(o.component(), Property.TRANSP)) || "CANCELLED".equals(status)) {
                    continue;
                }
                busy.add(new Period(max(ICal.instant(o.start(), ZoneOffset.UTC), start),
                        min(ICal.instant(o.end(), ZoneOffset.UTC), end), "TENTATIVE".equals(status)));
            }
        }
        return busy;
    }

    private static String value(Component component, String property) {
        return component.getProperty(property).map(p -> ((Property) p).getValue().toUpperCase(Locale.ROOT)).orElse(null);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
