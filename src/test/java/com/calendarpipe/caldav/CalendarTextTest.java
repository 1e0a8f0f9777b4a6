package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.calendarpipe.calendar.InvalidCalendarObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text of a PUT: UTF-8, else valid-calendar-data. */
class CalendarTextTest {

    private static final String EVENT = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    @Test
    void utf8WithTabsAndLineEndsIsTakenAsItIs() {
        String text = EVENT.formatted("Caf\u00e9\tbreak \ud83d\ude00") + "\n";
        assertEquals(text, ObjectHandler.calendarText(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytesThatAreNotUtf8AreNotCalendarData() {
        assertInvalid(EVENT.formatted("Caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertInvalid(EVENT.formatted("a\u00c3(b").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertInvalid(byte[] body) {
        InvalidCalendarObject refused = assertThrows(InvalidCalendarObject.class, () -> ObjectHandler.calendarText(body));
        assertEquals(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA, refused.precondition());
    }
}
