package com.calendarpipe.calendar;

import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the store indexes of a journal (RFC 4791 §9.9): its DTSTART day or instant; without one, a span no window reaches. */
class ObjectIndexTest {

    @Test
    void aJournalOnADayIsIndexedAsThatDayWidenedForEveryZone() {
        ObjectIndex index = ObjectIndex.of(ICal.parse(fixture("dated-journal.ics", "uid", "j1", "start", ";VALUE=DATE:20260310",
                "summary", "Tuesday")));

        assertEquals("VJOURNAL", index.component());
        assertEquals(Instant.parse("2026-03-10T00:00:00Z").minus(ObjectIndex.FLOATING_SLACK), index.firstStart());
        assertEquals(Instant.parse("2026-03-11T00:00:00Z").plus(ObjectIndex.FLOATING_SLACK), index.lastEnd());
    }

    @Test
    void aJournalAtAnInstantIsIndexedAsThatInstant() {
        ObjectIndex index = ObjectIndex.of(ICal.parse(fixture("dated-journal.ics", "uid", "j2", "start", ":20260310T090000Z",
                "summary", "Standup notes")));

        assertEquals(Instant.parse("2026-03-10T09:00:00Z"), index.firstStart());
        assertEquals(Instant.parse("2026-03-10T09:00:00Z"), index.lastEnd());
    }

    @Test
    void anUndatedJournalIsIndexedWhereNoWindowQueryReachesUnlikeAnUndatedToDo() {
        ObjectIndex journal = ObjectIndex.of(ICal.parse(fixture("journal.ics", "uid", "j3")));

        assertEquals(ObjectIndex.UNDATED, journal.firstStart());
        assertEquals(ObjectIndex.UNDATED, journal.lastEnd());
        assertFalse(journal.longSpan());
    }

    /** RFC 5545 §3.6.5: a TZID means something only when a VTIMEZONE of the object, or the IANA database, defines it. */
    @Test
    void aTzidThatNothingDefinesIsRefusedAnIanaOneNeedsNoVtimezone() {
        String event = fixture("simple.ics", "uid", "z1", "start", "20260310T090000", "end", "20260310T100000Z",
                "summary", "Zoned");
        InvalidCalendarObject refused = assertThrows(InvalidCalendarObject.class, () -> ObjectIndex.of(ICal.parse(
                event.replace("DTSTART:", "DTSTART;TZID=Mars/Olympus_Mons:"))));
        assertEquals(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA, refused.precondition());
        assertEquals("z1", ObjectIndex.of(ICal.parse(event.replace("DTSTART:", "DTSTART;TZID=Europe/Berlin:"))).uid());
        String defined = event.replace("DTSTART:", "DTSTART;TZID=Mars/Olympus_Mons:").replace("BEGIN:VEVENT", """
                BEGIN:VTIMEZONE\r
                TZID:Mars/Olympus_Mons\r
                BEGIN:STANDARD\r
                DTSTART:19700101T000000\r
                TZOFFSETFROM:+0300\r
                TZOFFSETTO:+0300\r
                END:STANDARD\r
                END:VTIMEZONE\r
                BEGIN:VEVENT""");
        assertEquals(Instant.parse("2026-03-10T06:00:00Z"), ObjectIndex.of(ICal.parse(defined)).firstStart(),
                "09:00 at +03:00, by the object's own VTIMEZONE");
    }

    @Test
    void aFreeBusyObjectIsNotACalendarObjectHere() {
        InvalidCalendarObject refused = assertThrows(InvalidCalendarObject.class,
                () -> ObjectIndex.of(ICal.parse(fixture("freebusy.ics"))));
        assertEquals(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT, refused.precondition());
    }
}
