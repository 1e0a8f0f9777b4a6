package com.calendarpipe.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Text to be stored, from any channel: no control character but tab and line ends, else valid-calendar-data. */
class WrittenTextTest {

    private static final String EVENT = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:u\r\n"
            + "DTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    @Test
    void tabsAndLineEndsAreText() {
        assertEquals("Caf\u00e9\tbreak", ICal.parseWritten(EVENT.formatted("Caf\u00e9\tbreak")).getComponents().get(0)
                .getProperty("SUMMARY").orElseThrow().getValue());
    }

    @Test
    void controlCharactersAreNotCalendarData() {
        for (String control : new String[] {"\u0000", "\u0001", "\u001b[2J", "\u007f", "\u0085", "\u000b", "\f"}) {
            InvalidCalendarObject refused = assertThrows(InvalidCalendarObject.class,
                    () -> ICal.parseWritten(EVENT.formatted("a" + control + "b")), () -> "U+" + (int) control.charAt(0));
            assertEquals(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA, refused.precondition());
        }
    }
}
