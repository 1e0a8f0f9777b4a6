package com.calendarpipe.caldav;

import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarRecords;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/** What calendar-data answers (RFC 4791 §9.6): as stored, expanded, limited to a range, or cut to the components asked for. */
class CalendarDataTest {

    private static final CalendarObject REVIEW = object(fixture("review-with-alarm.ics"));
    /** Weekly on Thursdays at 9 in Berlin from 5 March; 19 March excluded; 26 March moved to 11. */
    private static final CalendarObject WEEKLY = object(fixture("weekly-with-override.ics", "uid", "weekly@calendarpipe.test"));
    /** All day, 10 to 14 March; the 12th excluded; the 13th overridden ("workshops"). */
    private static final CalendarObject CONFERENCE = object(fixture("all-day-series.ics", "uid", "conference@calendarpipe.test"));

    private static CalendarObject object(String text) {
        return CalendarRecords.object("calendar-1", text, 1);
    }

    /** The calendar-data a calendar-query whose prop asks for {@code calendarData} answers for {@code object}. */
    private static String answer(String calendarData, CalendarObject object) throws Exception {
        return data(calendarData).text(object);
    }

    private static CalendarData data(String calendarData) throws Exception {
        String query = """
                <?xml version="1.0" encoding="utf-8"?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/>DATA</D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
                </C:calendar-query>
                """.replace("DATA", calendarData);
        Element report = DavXml.parse(new ByteArrayInputStream(query.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        return CalendarData.of(PropRequest.of(report, PropRequest.ALL), report, new RecurrenceBudget()).orElseThrow();
    }

    /** The DAV status and precondition a calendar-data element is refused with. */
    private static String refusal(String calendarData) {
        DavError error = assertThrows(DavError.class, () -> data(calendarData));
        return error.status + " " + (error.precondition == null ? "-" : error.precondition.getLocalPart());
    }

    @Test
    void withoutCompExpandOrLimitTheStoredTextIsAnsweredAsItIs() throws Exception {
        assertSame(REVIEW.getIcalendar(), answer("<C:calendar-data/>", REVIEW));
        assertSame(REVIEW.getIcalendar(), answer("<C:calendar-data content-type=\"text/calendar\" version=\"2.0\"/>", REVIEW));
    }

    @Nested
    class PartialRetrieval {

        @Test
        void onlyTheComponentsAndPropertiesAskedForAreAnswered() throws Exception {
            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:prop name="VERSION"/>
                      <C:comp name="VEVENT"><C:prop name="UID"/><C:prop name="summary"/></C:comp>
                    </C:comp></C:calendar-data>""", REVIEW);

            assertEquals("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:review@calendarpipe.test\r\n"
                    + "SUMMARY:Quarterly REVIEW at CAFÉ Müller\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", asked);
        }

        @Test
        void allpropAndAllcompKeepEverythingBelow() throws Exception {
            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:allprop/>
                      <C:comp name="VEVENT"><C:allprop/><C:allcomp/></C:comp>
                    </C:comp></C:calendar-data>""", REVIEW);

            assertEquals(REVIEW.getIcalendar(), asked);
        }

        @Test
        void aComponentWithoutPropOrCompHoldsNothingButItsBounds() throws Exception {
            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:comp name="VEVENT"><C:prop name="UID"/></C:comp>
                    </C:comp></C:calendar-data>""", REVIEW);

            assertEquals("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:review@calendarpipe.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", asked);
        }

        @Test
        void novalueKeepsTheNameAndParametersOnly() throws Exception {
            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:comp name="VEVENT">
                      <C:prop name="ATTENDEE" novalue="yes"/></C:comp></C:comp></C:calendar-data>""", REVIEW);

            assertTrue(asked.contains("\r\nATTENDEE;CN=Ann;PARTSTAT=ACCEPTED:\r\n"), asked);
            assertFalse(asked.contains("mailto:"), asked);
        }

        @Test
        void foldedLinesAndBareLineFeedsAreKeptAsWritten() throws Exception {
            CalendarObject folded = object(fixture("simple.ics", "uid", "folded@calendarpipe.test", "start", "20260301T100000Z",
                    "end", "20260301T110000Z", "summary", "A long\r\n  summary").replace("\r\n", "\n"));

            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:comp name="VEVENT"><C:prop name="SUMMARY"/></C:comp>
                    </C:comp></C:calendar-data>""", folded);

            assertEquals("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A long\n  summary\nEND:VEVENT\nEND:VCALENDAR\n", asked);
        }

        @Test
        void anExpandedAnswerIsCutToo() throws Exception {
            String asked = answer("""
                    <C:calendar-data><C:comp name="VCALENDAR"><C:comp name="VEVENT"><C:prop name="RECURRENCE-ID"/></C:comp>
                    </C:comp><C:expand start="20260310T000000Z" end="20260320T000000Z"/></C:calendar-data>""", WEEKLY);

            assertEquals("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nRECURRENCE-ID:20260305T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                    .replace("20260305", "20260312"), asked);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "<C:comp name=\"VEVENT\"/>",
                "<C:comp/>",
                "<C:comp name=\"VCALENDAR\"><C:allprop/><C:prop name=\"VERSION\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:allcomp/><C:comp name=\"VEVENT\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:comp name=\"VEVENT\"/><C:comp name=\"VEVENT\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:comp name=\"VFOO\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:comp name=\"VALARM\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:comp name=\"VEVENT\"><C:comp name=\"VALARM\"><C:comp name=\"VALARM\"/></C:comp></C:comp></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:prop name=\"SUM MARY\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"><C:prop name=\"VERSION\" novalue=\"maybe\"/></C:comp>",
                "<C:comp name=\"VCALENDAR\"/><C:comp name=\"VCALENDAR\"/>",
                "<C:expand start=\"20260301T000000Z\"/><C:limit-recurrence-set start=\"20260301T000000Z\"/>",
        })
        void badOrContradictoryElementsAreABadRequest(String content) {
            assertEquals("400 -", refusal("<C:calendar-data>" + content + "</C:calendar-data>"));
        }

        @Test
        void anotherMediaTypeOrVersionIsUnsupportedCalendarData() {
            assertEquals("403 supported-calendar-data", refusal("<C:calendar-data content-type=\"application/calendar+json\"/>"));
            assertEquals("403 supported-calendar-data", refusal("<C:calendar-data version=\"1.0\"/>"));
        }
    }

    @Nested
    class Expand {

        private static final String MARCH = "<C:calendar-data><C:expand start=\"20260301T000000Z\" end=\"20260401T000000Z\"/></C:calendar-data>";

        @Test
        void anAllDaySeriesExpandsToDatesNotUtcMidnights() throws Exception {
            String expanded = answer(MARCH, CONFERENCE);

            assertTrue(expanded.contains("DTSTART;VALUE=DATE:20260311\r\nDTEND;VALUE=DATE:20260312\r\n"
                    + "RECURRENCE-ID;VALUE=DATE:20260311\r\n"), expanded);
            assertFalse(expanded.contains("DTSTART:") || expanded.contains("RECURRENCE-ID:"), "no date-times: " + expanded);
            assertFalse(expanded.contains("RRULE") || expanded.contains("EXDATE"), expanded);
        }

        @Test
        void anExdateIsLeftOutAndAnOverrideKeepsItsOwnDates() throws Exception {
            String expanded = answer(MARCH, CONFERENCE);

            assertFalse(expanded.contains("DTSTART;VALUE=DATE:20260312"), "12 March is excluded: " + expanded);
            assertTrue(expanded.contains("SUMMARY:Conference (workshops)"), expanded);
            assertTrue(expanded.contains("RECURRENCE-ID;VALUE=DATE:20260313"), expanded);
            assertEquals(4, expanded.split("BEGIN:VEVENT", -1).length - 1, expanded);
        }

        @Test
        void dateTimesBecomeUtc() throws Exception {
            String expanded = answer(MARCH, WEEKLY);

            // 9:00 in Berlin is 8:00Z before the change to summer time on 29 March
            assertTrue(expanded.contains("DTSTART:20260312T080000Z\r\nDTEND:20260312T090000Z\r\nRECURRENCE-ID:20260312T080000Z"),
                    expanded);
            assertTrue(expanded.contains("RECURRENCE-ID:20260326T080000Z"), expanded);
            assertFalse(expanded.contains("TZID"), expanded);
        }
    }

    @Nested
    class LimitRecurrenceSet {

        @Test
        void overridesOutsideTheRangeAreLeftOutAndTheMasterKept() throws Exception {
            String limited = answer("<C:calendar-data><C:limit-recurrence-set start=\"20260301T000000Z\" end=\"20260320T000000Z\"/>"
                    + "</C:calendar-data>", WEEKLY);

            assertTrue(limited.contains("RRULE:FREQ=WEEKLY"), limited);
            assertFalse(limited.contains("RECURRENCE-ID"), limited);
        }

        @Test
        void anOverrideInsideTheRangeIsKept() throws Exception {
            String limited = answer("<C:calendar-data><C:limit-recurrence-set start=\"20260326T000000Z\" end=\"20260327T000000Z\"/>"
                    + "</C:calendar-data>", WEEKLY);

            assertTrue(limited.contains("RRULE:FREQ=WEEKLY"), limited);
            assertTrue(limited.contains("SUMMARY:Weekly Sync (moved)"), limited);
        }
    }
}
