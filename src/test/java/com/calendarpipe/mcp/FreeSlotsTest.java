package com.calendarpipe.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.calendar.BusyTime;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreeSlotsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final FreeSlots.Hours OFFICE = new FreeSlots.Hours(LocalTime.of(9, 0), LocalTime.of(17, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), BERLIN);

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static BusyTime.Period busy(String start, String end) {
        return new BusyTime.Period(at(start), at(end), false);
    }

    @Test
    void busyTimeIsCutOutOfTheWindowAndShortGapsAreLeftOut() {
        List<FreeSlots.Slot> free = FreeSlots.of(List.of(
                        busy("2030-03-04T10:00:00Z", "2030-03-04T11:00:00Z"),
                        busy("2030-03-04T11:30:00Z", "2030-03-04T12:00:00Z"),
                        busy("2030-03-04T10:30:00Z", "2030-03-04T11:15:00Z")),   // overlapping, out of order
                at("2030-03-04T09:00:00Z"), at("2030-03-04T13:00:00Z"), Duration.ofMinutes(60), null, 10);
        assertEquals(List.of(new FreeSlots.Slot(at("2030-03-04T09:00:00Z"), at("2030-03-04T10:00:00Z")),
                new FreeSlots.Slot(at("2030-03-04T12:00:00Z"), at("2030-03-04T13:00:00Z"))), free);
    }

    @Test
    void workingHoursAreWallClockTimesOnWorkingDaysAcrossADaylightSavingChange() {
        // Friday 2030-03-29 to Monday 2030-04-01: Berlin moves to summer time on Sunday the 31st
        List<FreeSlots.Slot> free = FreeSlots.of(List.of(), at("2030-03-29T00:00:00Z"), at("2030-04-02T00:00:00Z"),
                Duration.ofHours(1), OFFICE, 10);
        assertEquals(List.of(new FreeSlots.Slot(at("2030-03-29T08:00:00Z"), at("2030-03-29T16:00:00Z")),
                new FreeSlots.Slot(at("2030-04-01T07:00:00Z"), at("2030-04-01T15:00:00Z"))), free);
    }

    @Test
    void aBusyPeriodSpanningTheWholeDayLeavesNothingAndTheLimitHolds() {
        assertEquals(List.of(), FreeSlots.of(List.of(busy("2030-03-04T00:00:00Z", "2030-03-05T00:00:00Z")),
                at("2030-03-04T00:00:00Z"), at("2030-03-05T00:00:00Z"), Duration.ofMinutes(1), OFFICE, 10));
        assertEquals(2, FreeSlots.of(List.of(), at("2030-03-04T00:00:00Z"), at("2030-03-09T00:00:00Z"),
                Duration.ofMinutes(30), OFFICE, 2).size());
    }
}
