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

    @Test
    void aFreeBusyObjectIsNotACalendarObjectHere() {
        InvalidCalendarObject refused = assertThrows(InvalidCalendarObject.class,
                () -> ObjectIndex.of(ICal.parse(fixture("freebusy.ics"))));
        assertEquals(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT, refused.precondition());
    }
}
