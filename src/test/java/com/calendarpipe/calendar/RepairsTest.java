package com.calendarpipe.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The intake's repairs, line by line: only what a repair touches changes, and what has no clear meaning is left to the store. */
class RepairsTest {

    private static String event(String... lines) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:r1\r\nDTSTAMP:20260301T090000Z\r\n"
                + String.join("\r\n", lines) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    @Test
    void textWithoutQuirksIsTheVerySameString() {
        String text = event("DTSTART;TZID=Europe/Berlin:20260310T090000", "DTEND;TZID=Europe/Berlin:20260310T100000",
                "DESCRIPTION:a long line folded as the client folded it, well past seventy-five octets of te", " xt");
        assertSame(text, Repairs.repaired(text));
    }

    @Test
    void anEndTakesTheStartsFormAndOtherLinesKeepTheirFolding() {
        String folded = "DESCRIPTION:a long line folded as the client folded it, well past seventy-five octets of te\r\n xt";
        String repaired = Repairs.repaired(event("DTSTART;VALUE=DATE:20260310", "DTEND:20260310T000000Z", folded));
        assertTrue(repaired.contains("DTEND;VALUE=DATE:20260311\r\n"), repaired);
        assertTrue(repaired.contains(folded + "\r\n"), "an untouched line keeps its folding: " + repaired);
        assertEquals(event("DTSTART;TZID=Europe/Berlin:20260310T090000", "DTEND;TZID=Europe/Berlin:20260310T100000"),
                Repairs.repaired(event("DTSTART;TZID=Europe/Berlin:20260310T090000", "DTEND:20260310T100000")));
    }

    @Test
    void aTodosDueFollowsItsStartAndIsKeptWhenEarlier() {
        String todo = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VTODO\r\nUID:t1\r\nDTSTAMP:20260301T090000Z\r\n"
                + "DTSTART:20260310T090000Z\r\nDUE;VALUE=DATE:20260309\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        String repaired = Repairs.repaired(todo);
        assertTrue(repaired.contains("DUE:20260309T000000Z\r\n"), repaired);
        // a to-do due before it starts has no one meaning: the store refuses it
        assertThrows(InvalidCalendarObject.class, () -> ObjectIndex.of(ICal.parseWritten(repaired)));
    }

    @Test
    void anExdateInAnotherTypeNamesTheInstanceOfTheSeries() {
        String repaired = Repairs.repaired(event("DTSTART;TZID=Europe/Berlin:20260310T090000", "RRULE:FREQ=DAILY;COUNT=3",
                "EXDATE;VALUE=DATE:20260311,20260312"));
        assertTrue(repaired.contains("EXDATE;TZID=Europe/Berlin:20260311T090000,20260312T090000\r\n"), repaired);
        String utcInAllDay = Repairs.repaired(event("DTSTART;VALUE=DATE:20260310", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20260311T000000Z"));
        assertTrue(utcInAllDay.contains("EXDATE;VALUE=DATE:20260311\r\n"), utcInAllDay);
        String mixedZones = event("DTSTART;TZID=Europe/Berlin:20260310T090000", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20260311T080000Z");
        assertSame(mixedZones, Repairs.repaired(mixedZones), "UTC with a zone is valid (RFC 5545 §3.8.5.1): left as it is");
    }

    @Test
    void anEndBeforeTheStartIsLeftOutAndTheDurationsDanglingTimeToo() {
        assertEquals(event("DTSTART:20260310T100000Z"), Repairs.repaired(event("DTSTART:20260310T100000Z", "DTEND:20260310T090000Z")));
        assertEquals(event("DTSTART:20260310T100000Z", "DURATION:P1D"), Repairs.repaired(event("DTSTART:20260310T100000Z", "DURATION:P1DT")));
        assertEquals(event("DTSTART:20260310T100000Z", "DURATION:PT0S"), Repairs.repaired(event("DTSTART:20260310T100000Z", "DURATION:PT")));
    }

    @Test
    void whatCannotBeUnderstoodIsLeftForTheStoreToRefuse() {
        String garbage = event("DTSTART:not-a-date", "DTEND:20260310T090000Z");
        assertSame(garbage, Repairs.repaired(garbage));
        assertThrows(InvalidCalendarObject.class, () -> ObjectIndex.of(ICal.parseWritten(garbage)));
    }
}
