package com.calendarpipe.caldav;

import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.caldav.CalendarFilter.CompFilter;
import com.calendarpipe.caldav.CalendarFilter.ParamFilter;
import com.calendarpipe.caldav.CalendarFilter.PropFilter;
import com.calendarpipe.caldav.CalendarFilter.TextMatch;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import net.fortuna.ical4j.model.Calendar;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class CalendarFilterTest {

    /** One event on 10 March 14:00Z: "Quarterly REVIEW at CAFÉ Müller", Ann accepted, Bob declined, an alarm. */
    private static final Calendar REVIEW = ICal.parse(fixture("review-with-alarm.ics"));
    /** Weekly on Thursdays at 9 in Berlin from 5 March; 19 March excluded; 26 March moved to 11 ("(moved)"). */
    private static final Calendar WEEKLY = ICal.parse(fixture("weekly-with-override.ics", "uid", "weekly@calendarpipe.test"));
    /** A to-do due on 20 March at 17:00Z. */
    private static final Calendar TODO = ICal.parse(fixture("todo.ics", "uid", "todo@calendarpipe.test"));

    /** The {@code C:filter} element of a calendar-query holding {@code content}, parsed. */
    /** Whether the object matches, with a request's budget of its own. */
    private static boolean matches(CompFilter filter, Calendar calendar) {
        return CalendarFilter.matches(filter, calendar, new RecurrenceBudget(), ZoneOffset.UTC);
    }

    private static CompFilter filter(String content) throws Exception {
        return CalendarFilter.parse(filterElement("""
                <?xml version="1.0" encoding="utf-8"?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/></D:prop>
                  <C:filter>FILTER</C:filter>
                </C:calendar-query>
                """.replace("FILTER", content)));
    }

    /** The filter of a calendar-query fixture of {@code src/test/resources/caldav/}, parsed. */
    private static CompFilter filterOf(String name, String... replacements) throws Exception {
        return CalendarFilter.parse(filterElement(fixture(name, replacements)));
    }

    private static org.w3c.dom.Element filterElement(String query) throws Exception {
        Document document = DavXml.parse(new ByteArrayInputStream(query.getBytes(StandardCharsets.UTF_8)));
        return DavXml.child(document.getDocumentElement(), Dav.caldav("filter")).orElseThrow();
    }

    /** A VCALENDAR comp-filter around a VEVENT comp-filter holding {@code content}. */
    private static CompFilter eventFilter(String content) throws Exception {
        return filter("<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">" + content
                + "</C:comp-filter></C:comp-filter>");
    }

    /** The DAV status and precondition a parse refuses with. */
    private static String refusal(Executable parse) {
        DavError error = assertThrows(DavError.class, parse);
        return error.status + " " + (error.precondition == null ? "-" : error.precondition.getLocalPart());
    }

    private static CompFilter calendarFilter(List<PropFilter> props, List<CompFilter> comps) {
        return new CompFilter("VCALENDAR", false, null, props, comps);
    }

    private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");

    @Nested
    class Parsing {

        @Test
        void readsTheWholeTreeOfFilters() throws Exception {
            CompFilter parsed = filter("""
                    <C:comp-filter name="VCALENDAR">
                      <C:comp-filter name="VEVENT">
                        <C:time-range start="20260301T000000Z" end="20260401T000000Z"/>
                        <C:prop-filter name="SUMMARY"><C:text-match>review</C:text-match></C:prop-filter>
                        <C:prop-filter name="ATTENDEE">
                          <C:param-filter name="PARTSTAT"><C:text-match collation="i;octet">ACCEPTED</C:text-match></C:param-filter>
                          <C:param-filter name="ROLE"><C:is-not-defined/></C:param-filter>
                        </C:prop-filter>
                        <C:comp-filter name="VALARM"><C:is-not-defined/></C:comp-filter>
                      </C:comp-filter>
                    </C:comp-filter>""");

            assertEquals(calendarFilter(List.of(), List.of(new CompFilter("VEVENT", false, new TimeRange(MARCH_1, APRIL_1),
                    List.of(new PropFilter("SUMMARY", false, null, new TextMatch("review", "i;ascii-casemap", false), List.of()),
                            new PropFilter("ATTENDEE", false, null, null, List.of(
                                    new ParamFilter("PARTSTAT", false, new TextMatch("ACCEPTED", "i;octet", false)),
                                    new ParamFilter("ROLE", true, null)))),
                    List.of(new CompFilter("VALARM", true, null, List.of(), List.of()))))), parsed);
        }

        @Test
        void componentPropertyAndParameterNamesAreUpperCased() throws Exception {
            CompFilter parsed = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="vevent">
                      <C:prop-filter name="attendee"><C:param-filter name="partstat"/></C:prop-filter>
                    </C:comp-filter></C:comp-filter>""");

            CompFilter event = parsed.comps().get(0);
            assertEquals("VEVENT", event.name());
            assertEquals("ATTENDEE", event.props().get(0).name());
            assertEquals("PARTSTAT", event.props().get(0).params().get(0).name());
        }

        @Test
        void negateConditionIsOnlyYes() throws Exception {
            assertTrue(eventFilter("<C:prop-filter name=\"SUMMARY\"><C:text-match negate-condition=\"yes\">x</C:text-match></C:prop-filter>")
                    .comps().get(0).props().get(0).match().negate());
            assertFalse(eventFilter("<C:prop-filter name=\"SUMMARY\"><C:text-match negate-condition=\"no\">x</C:text-match></C:prop-filter>")
                    .comps().get(0).props().get(0).match().negate());
            assertFalse(eventFilter("<C:prop-filter name=\"SUMMARY\"><C:text-match>x</C:text-match></C:prop-filter>")
                    .comps().get(0).props().get(0).match().negate());
        }

        @Test
        void anOpenEndedTimeRangeReachesTheEarliestOrLatestInstant() throws Exception {
            assertEquals(new TimeRange(MARCH_1, TimeRange.LATEST),
                    eventFilter("<C:time-range start=\"20260301T000000Z\"/>").comps().get(0).range());
            assertEquals(new TimeRange(TimeRange.EARLIEST, APRIL_1),
                    eventFilter("<C:time-range end=\"20260401T000000Z\"/>").comps().get(0).range());
        }

        @ParameterizedTest
        @ValueSource(strings = {"i;basic", "en;primary", "I;OCTET", ""})
        void anUnsupportedCollationIsRefusedWithSupportedCollation(String collation) {
            assertEquals("403 supported-collation", refusal(() -> eventFilter(
                    "<C:prop-filter name=\"SUMMARY\"><C:text-match collation=\"" + collation + "\">x</C:text-match></C:prop-filter>")));
        }

        @Test
        void anUnsupportedCollationOfAParameterIsRefusedToo() {
            assertEquals("403 supported-collation", refusal(() -> eventFilter("""
                    <C:prop-filter name="ATTENDEE"><C:param-filter name="PARTSTAT">
                      <C:text-match collation="i;basic">accepted</C:text-match>
                    </C:param-filter></C:prop-filter>""")));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "",                                                                  // no comp-filter at all
                "<C:comp-filter name=\"VEVENT\"/>",                                 // not the calendar
                "<C:comp-filter name=\"VCALENDAR\"/><C:comp-filter name=\"VCALENDAR\"/>",  // two of them
                "<C:comp-filter/>",                                                  // no name
                "<D:comp-filter name=\"VCALENDAR\"/>",                               // the wrong namespace
        })
        void aFilterThatIsNotOneVcalendarCompFilterIsRefusedWithValidFilter(String content) {
            assertEquals("403 valid-filter", refusal(() -> filter(content)));
        }

        @Test
        void aTimeRangeThatIsNotUtcIsRefusedWithValidFilter() {
            // RFC 4791 §1.3: a precondition fails with 403 (or 409), never 400
            assertEquals("403 valid-filter", refusal(() -> eventFilter("<C:time-range start=\"20260301T000000\"/>")));
            assertEquals("403 valid-filter", refusal(() -> eventFilter("<C:time-range start=\"2026-03-01\"/>")));
        }

        @Test
        void aTimeRangeEndingBeforeItStartsIsNoRange() {
            assertEquals("403 valid-filter", refusal(() -> eventFilter(
                    "<C:time-range start=\"20260401T000000Z\" end=\"20260301T000000Z\"/>")));
        }

        private static final String RANGE = "<C:time-range start=\"20260301T000000Z\" end=\"20260401T000000Z\"/>";

        /** RFC 4791 §9.7: what a filter may hold, and where; §7.8: anything else is refused, not answered. */
        @ParameterizedTest
        @ValueSource(strings = {
                "<C:comp-filter name=\"VCALENDAR\">" + RANGE + "</C:comp-filter>",                    // no time range on the calendar
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VEVENT\"/>"
                        + "</C:comp-filter></C:comp-filter>",                                          // components nest as they do
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VALARM\"/></C:comp-filter>",
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VCALENDAR\"/></C:comp-filter>",
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTIMEZONE\">" + RANGE
                        + "</C:comp-filter></C:comp-filter>",                                          // §9.9: not on a zone
        })
        void aFilterNestedOtherwiseThanTheComponentsIsRefused(String content) {
            assertEquals("403 valid-filter", refusal(() -> filter(content)));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                RANGE + RANGE,                                                                          // one time range
                "<C:is-not-defined/>" + RANGE,                                                         // is-not-defined alone
                "<C:prop-filter name=\"SUMMARY\">" + RANGE + "</C:prop-filter>",                       // not on text
                "<C:prop-filter name=\"DTSTART\">" + RANGE + "<C:text-match>x</C:text-match></C:prop-filter>",
                "<C:prop-filter name=\"SUMMARY\"><C:text-match>x</C:text-match><C:text-match>y</C:text-match></C:prop-filter>",
                "<C:prop-filter name=\"SUMMARY\"><C:is-not-defined/><C:text-match>x</C:text-match></C:prop-filter>",
                "<C:prop-filter name=\"DTSTART\"><C:param-filter name=\"TZID\">" + RANGE + "</C:param-filter></C:prop-filter>",
                "<C:prop-filter name=\"ATTENDEE\"><C:param-filter name=\"PARTSTAT\"><C:is-not-defined/>"
                        + "<C:text-match>x</C:text-match></C:param-filter></C:prop-filter>",
                "<C:prop-filter><C:is-not-defined/></C:prop-filter>",                                   // no name
                "<C:prop-filter name=\"SUMMARY\"><C:text-match negate-condition=\"true\">x</C:text-match></C:prop-filter>",
                "<C:frobnicate/>",                                                                      // no such filter
        })
        void aFilterHoldingWhatRfc4791DoesNotAllowIsRefused(String content) {
            assertEquals("403 valid-filter", refusal(() -> eventFilter(content)));
        }

        @Test
        void aComponentTheServerCannotQueryIsRefusedWithSupportedFilter() {
            assertEquals("403 supported-filter", refusal(() -> filter(
                    "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"X-WHATEVER\"/></C:comp-filter>")));
        }

        @Test
        void timeRangesOnDatePropertiesAlarmsAndElementsOfOtherNamespacesAreFine() throws Exception {
            CompFilter parsed = filter("<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTODO\">"
                    + "<C:prop-filter name=\"COMPLETED\">" + RANGE + "</C:prop-filter>"
                    + "<C:prop-filter name=\"X-REMIND-AT\">" + RANGE + "</C:prop-filter>"
                    + "<C:comp-filter name=\"VALARM\">" + RANGE + "</C:comp-filter>"
                    + "<X:extension xmlns:X=\"urn:x\"/></C:comp-filter></C:comp-filter>");
            assertEquals(2, parsed.comps().get(0).props().size());
            assertEquals(new TimeRange(MARCH_1, APRIL_1), parsed.comps().get(0).comps().get(0).range());
        }
    }

    @Nested
    class WhatTheStoreSelectsBy {

        @Test
        void theObjectRangeIsTheTimeRangeOfTheEventOrToDoFilter() throws Exception {
            assertEquals(Optional.of(new TimeRange(Instant.parse("2026-03-15T00:00:00Z"), Instant.parse("2026-04-10T00:00:00Z"))),
                    CalendarFilter.objectRange(filterOf("query-expand.xml")));
        }

        @Test
        void withoutTimeRangeThereIsNoObjectRange() throws Exception {
            assertEquals(Optional.empty(), CalendarFilter.objectRange(filterOf("query-filters.xml")));
            assertEquals(Optional.empty(), CalendarFilter.objectRange(filterOf("query-todos.xml")));
        }

        @Test
        void aTimeRangeOfANestedComponentIsNotTheObjectRange() throws Exception {
            assertEquals(Optional.empty(), CalendarFilter.objectRange(eventFilter(
                    "<C:comp-filter name=\"VALARM\"><C:time-range start=\"20260301T000000Z\"/></C:comp-filter>")));
        }

        @Test
        void theComponentIsTheFirstOneTheFilterAsksFor() throws Exception {
            assertEquals(Optional.of("VEVENT"), CalendarFilter.component(filterOf("query-filters.xml")));
            assertEquals(Optional.of("VTODO"), CalendarFilter.component(filterOf("query-todos.xml")));
            assertEquals(Optional.of("VTODO"), CalendarFilter.component(filter("""
                    <C:comp-filter name="VCALENDAR">
                      <C:comp-filter name="VEVENT"><C:is-not-defined/></C:comp-filter>
                      <C:comp-filter name="VTODO"/>
                    </C:comp-filter>""")));
        }

        @Test
        void aFilterOnTheCalendarAloneNamesNoComponent() throws Exception {
            assertEquals(Optional.empty(), CalendarFilter.component(filter("<C:comp-filter name=\"VCALENDAR\"/>")));
        }
    }

    @Nested
    class ComponentFilters {

        @Test
        void anEmptyCalendarFilterMatchesEveryObject() throws Exception {
            CompFilter all = filter("<C:comp-filter name=\"VCALENDAR\"/>");

            assertTrue(matches(all, REVIEW));
            assertTrue(matches(all, TODO));
        }

        @Test
        void anEventFilterMatchesEventsAndAToDoFilterToDos() throws Exception {
            CompFilter events = eventFilter("");
            CompFilter todos = filterOf("query-todos.xml");

            assertTrue(matches(events, REVIEW));
            assertFalse(matches(events, TODO));
            assertTrue(matches(todos, TODO));
            assertFalse(matches(todos, REVIEW));
        }

        @Test
        void isNotDefinedMatchesObjectsWithoutThatComponent() throws Exception {
            CompFilter noEvent = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:is-not-defined/></C:comp-filter></C:comp-filter>""");

            assertTrue(matches(noEvent, TODO));
            assertFalse(matches(noEvent, REVIEW));
        }

        @Test
        void aNestedFilterLooksInsideTheComponent() throws Exception {
            CompFilter withAlarm = eventFilter("<C:comp-filter name=\"VALARM\"/>");
            CompFilter withoutAlarm = eventFilter("<C:comp-filter name=\"VALARM\"><C:is-not-defined/></C:comp-filter>");

            assertTrue(matches(withAlarm, REVIEW));
            assertFalse(matches(withAlarm, WEEKLY));
            assertFalse(matches(withoutAlarm, REVIEW));
            assertTrue(matches(withoutAlarm, WEEKLY));
        }
    }

    @Nested
    class PropertyAndParameterFilters {

        @Test
        void aPropFilterAloneAsksForThePropertyToExist() throws Exception {
            CompFilter located = eventFilter("<C:prop-filter name=\"LOCATION\"/>");

            assertTrue(matches(located, REVIEW));
            assertFalse(matches(located, ICal.parse(fixture("simple.ics", "uid", "s", "start",
                    "20260301T100000Z", "end", "20260301T110000Z", "summary", "Lunch"))));
        }

        @Test
        void isNotDefinedLooksAtTheComponentsOwnPropertiesNotItsAlarms() throws Exception {
            // the VALARM has a DESCRIPTION, the VEVENT has none
            CompFilter noDescription = eventFilter("<C:prop-filter name=\"DESCRIPTION\"><C:is-not-defined/></C:prop-filter>");
            CompFilter noSummary = eventFilter("<C:prop-filter name=\"SUMMARY\"><C:is-not-defined/></C:prop-filter>");

            assertTrue(matches(noDescription, REVIEW));
            assertFalse(matches(noSummary, REVIEW));
        }

        @Test
        void theFixtureQueryFindsAcceptedAttendeesOfEventsWithoutDescription() throws Exception {
            CompFilter query = filterOf("query-filters.xml");

            assertTrue(matches(query, WEEKLY));
            assertTrue(matches(query, REVIEW));
            assertFalse(matches(query, TODO));
        }

        @Test
        void aParameterFilterMatchesWhenAnyOfThePropertiesHasTheParameter() throws Exception {
            CompFilter declined = eventFilter("""
                    <C:prop-filter name="ATTENDEE"><C:param-filter name="PARTSTAT"><C:text-match>declined</C:text-match></C:param-filter></C:prop-filter>""");

            assertTrue(matches(declined, REVIEW));   // Bob
            assertFalse(matches(declined, WEEKLY));  // only Ann, accepted
        }

        @Test
        void allParameterFiltersMustHoldForTheSameProperty() throws Exception {
            CompFilter annDeclined = eventFilter("""
                    <C:prop-filter name="ATTENDEE">
                      <C:param-filter name="CN"><C:text-match>Ann</C:text-match></C:param-filter>
                      <C:param-filter name="PARTSTAT"><C:text-match>declined</C:text-match></C:param-filter>
                    </C:prop-filter>""");
            CompFilter bobDeclined = eventFilter("""
                    <C:prop-filter name="ATTENDEE">
                      <C:param-filter name="CN"><C:text-match>Bob</C:text-match></C:param-filter>
                      <C:param-filter name="PARTSTAT"><C:text-match>declined</C:text-match></C:param-filter>
                    </C:prop-filter>""");

            assertFalse(matches(annDeclined, REVIEW));
            assertTrue(matches(bobDeclined, REVIEW));
        }

        @Test
        void aParameterThatIsNotDefinedOnSomeProperty() throws Exception {
            CompFilter withoutRole = eventFilter("""
                    <C:prop-filter name="ATTENDEE"><C:param-filter name="ROLE"><C:is-not-defined/></C:param-filter></C:prop-filter>""");
            CompFilter declinedWithoutRole = eventFilter("""
                    <C:prop-filter name="ATTENDEE">
                      <C:param-filter name="PARTSTAT"><C:text-match>declined</C:text-match></C:param-filter>
                      <C:param-filter name="ROLE"><C:is-not-defined/></C:param-filter>
                    </C:prop-filter>""");

            assertTrue(matches(withoutRole, REVIEW));          // Ann has no ROLE
            assertFalse(matches(declinedWithoutRole, REVIEW)); // Bob, who declined, has one
        }

        @Test
        void aParameterFilterAloneAsksForTheParameterToExist() throws Exception {
            CompFilter withRole = eventFilter("<C:prop-filter name=\"ATTENDEE\"><C:param-filter name=\"ROLE\"/></C:prop-filter>");

            assertTrue(matches(withRole, REVIEW));
            assertFalse(matches(withRole, WEEKLY));
        }

        @Test
        void aTimeRangeOnADatePropertyTestsItsValue() throws Exception {
            CompFilter dueAt17 = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"><C:prop-filter name="DUE">
                      <C:time-range start="20260320T170000Z" end="20260320T180000Z"/>
                    </C:prop-filter></C:comp-filter></C:comp-filter>""");
            CompFilter dueBefore17 = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"><C:prop-filter name="DUE">
                      <C:time-range start="20260320T160000Z" end="20260320T170000Z"/>
                    </C:prop-filter></C:comp-filter></C:comp-filter>""");

            assertTrue(matches(dueAt17, TODO));
            assertFalse(matches(dueBefore17, TODO));
        }

        @Test
        void aTimeRangeOnATextPropertyIsNoQuestionAtAll() {
            // RFC 4791 §7.8 names this very filter as invalid: refused, rather than answered with nothing
            assertEquals("403 valid-filter", refusal(() -> eventFilter(
                    "<C:prop-filter name=\"SUMMARY\"><C:time-range start=\"20000101T000000Z\"/></C:prop-filter>")));
        }

        @Test
        void calendarLevelPropFiltersTestTheVcalendarsOwnProperties() throws Exception {
            CompFilter fromTests = filter("""
                    <C:comp-filter name="VCALENDAR"><C:prop-filter name="PRODID"><C:text-match>calendarpipe tests</C:text-match></C:prop-filter></C:comp-filter>""");
            CompFilter fromOutlook = filter("""
                    <C:comp-filter name="VCALENDAR"><C:prop-filter name="PRODID"><C:text-match>Outlook</C:text-match></C:prop-filter></C:comp-filter>""");
            CompFilter noMethod = filter("""
                    <C:comp-filter name="VCALENDAR"><C:prop-filter name="METHOD"><C:is-not-defined/></C:prop-filter></C:comp-filter>""");

            assertTrue(matches(fromTests, REVIEW));
            assertFalse(matches(fromOutlook, REVIEW));
            assertTrue(matches(noMethod, REVIEW));
        }

        @Test
        void aUidFilterOnTheCalendarIsNotAnsweredWithEveryObject() throws Exception {
            // python caldav's object_by_uid() without a component type: the VCALENDAR itself has no UID
            CompFilter byUid = filter("""
                    <C:comp-filter name="VCALENDAR"><C:prop-filter name="UID"><C:text-match collation="i;octet">review@calendarpipe.test</C:text-match></C:prop-filter></C:comp-filter>""");

            assertFalse(matches(byUid, REVIEW));
            assertFalse(matches(byUid, TODO));
        }

        @Test
        void aUidFilterOnTheEventFindsItsObject() throws Exception {
            CompFilter byUid = eventFilter(
                    "<C:prop-filter name=\"UID\"><C:text-match collation=\"i;octet\">review@calendarpipe.test</C:text-match></C:prop-filter>");

            assertTrue(matches(byUid, REVIEW));
            assertFalse(matches(byUid, WEEKLY));
        }
    }

    @Nested
    class TextMatches {

        /** Whether the SUMMARY "Quarterly REVIEW at CAFÉ Müller" matches, through query-text.xml. */
        private boolean summaryMatches(String collation, String negate, String text) throws Exception {
            return matches(filterOf("query-text.xml", "collation", collation, "negate", negate, "text", text), REVIEW);
        }

        @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
        @CsvSource({
                "i;ascii-casemap,   review,           true",
                "i;ascii-casemap,   Quarterly REVIEW, true",
                "i;ascii-casemap,   VIEW AT,          true",
                "i;ascii-casemap,   CAFÉ,             true",
                "i;ascii-casemap,   café,             false",   // only A-Z fold
                "i;ascii-casemap,   MÜLLER,           false",
                "i;ascii-casemap,   standup,          false",
                "i;octet,           REVIEW,           true",
                "i;octet,           review,           false",
                "i;octet,           Müller,           true",
                "i;unicode-casemap, café,             true",
                "i;unicode-casemap, MÜLLER,           true",
                "i;unicode-casemap, quarterly review, true",
                "i;unicode-casemap, standup,          false",
        })
        void eachCollationComparesItsOwnWay(String collation, String text, boolean expected) throws Exception {
            assertEquals(expected, summaryMatches(collation, "no", text));
        }

        @ParameterizedTest(name = "{0} \"{1}\" negated -> {2}")
        @CsvSource({
                "i;ascii-casemap,   review,  false",
                "i;ascii-casemap,   standup, true",
                "i;octet,           review,  true",
                "i;unicode-casemap, café,    false",
        })
        void negateConditionTurnsTheAnswerAround(String collation, String text, boolean expected) throws Exception {
            assertEquals(expected, summaryMatches(collation, "yes", text));
        }

        @Test
        void withoutCollationTheMatchIsAsciiCaseInsensitive() throws Exception {
            CompFilter upper = eventFilter("<C:prop-filter name=\"SUMMARY\"><C:text-match>QUARTERLY</C:text-match></C:prop-filter>");

            assertEquals("i;ascii-casemap", upper.comps().get(0).props().get(0).match().collation());
            assertTrue(matches(upper, REVIEW));
        }

        @Test
        void aNegatedMatchOnAMissingPropertyDoesNotMatch() throws Exception {
            CompFilter notLunch = eventFilter(
                    "<C:prop-filter name=\"DESCRIPTION\"><C:text-match negate-condition=\"yes\">lunch</C:text-match></C:prop-filter>");

            assertFalse(matches(notLunch, REVIEW));
        }
    }

    @Nested
    class TimeRanges {

        private boolean weeklyMatches(String start, String end) throws Exception {
            return matches(filterOf("query-time-range.xml", "start", start, "end", end), WEEKLY);
        }

        @Test
        void aRangeHoldingAnInstanceMatches() throws Exception {
            assertTrue(weeklyMatches("20260312T000000Z", "20260313T000000Z"));
        }

        /** RFC 4791 §9.8: a floating time is read in the query's time zone, not in UTC. */
        @Test
        void aFloatingTimeIsReadInTheZoneTheQueryGives() throws Exception {
            Calendar floating = ICal.parse(fixture("simple.ics", "uid", "f@calendarpipe.test", "start", "20260310T090000",
                    "end", "20260310T093000", "summary", "Floating"));
            CompFilter eightUtc = filterOf("query-time-range.xml", "start", "20260310T080000Z", "end", "20260310T081500Z");
            assertTrue(CalendarFilter.matches(eightUtc, floating, new RecurrenceBudget(), ZoneId.of("Europe/Berlin")),
                    "09:00 in Berlin is 08:00Z");
            assertFalse(CalendarFilter.matches(eightUtc, floating, new RecurrenceBudget(), ZoneOffset.UTC));
        }

        @Test
        void aRangeBeforeTheFirstInstanceDoesNot() throws Exception {
            assertFalse(weeklyMatches("20260301T000000Z", "20260305T000000Z"));
        }

        @Test
        void aRangeLaterThanAnyStoredDateIsReachedByTheRecurrence() throws Exception {
            assertTrue(weeklyMatches("20300103T000000Z", "20300104T000000Z"));   // a Thursday
            assertFalse(weeklyMatches("20300104T000000Z", "20300105T000000Z"));  // a Friday
        }

        @Test
        void anExcludedInstanceDoesNotMatch() throws Exception {
            assertFalse(weeklyMatches("20260319T000000Z", "20260320T000000Z"));
        }

        @Test
        void aMovedInstanceMatchesWhereItWentNotWhereItWas() throws Exception {
            assertFalse(weeklyMatches("20260326T080000Z", "20260326T090000Z"));   // 9 in Berlin: the original slot
            assertTrue(weeklyMatches("20260326T100000Z", "20260326T110000Z"));    // 11 in Berlin: the override
        }

        @Test
        void theRangeEndIsExclusiveAndItsStartInclusive() throws Exception {
            // 12 March, 9:00-10:00 in Berlin is 08:00-09:00Z
            assertFalse(weeklyMatches("20260312T070000Z", "20260312T080000Z"));
            assertTrue(weeklyMatches("20260312T075959Z", "20260312T080001Z"));
            assertFalse(weeklyMatches("20260312T090000Z", "20260312T100000Z"));
        }

        @Test
        void aRangeOpenAtOneEndReachesTheEndOfTimeOrItsBeginning() throws Exception {
            // ten weeks from 5 March, 9:00Z, to 7 May; the review is on 10 March
            Calendar tenWeeks = ICal.parse("""
                    BEGIN:VCALENDAR
                    VERSION:2.0
                    PRODID:-//CalendarPipe tests//EN
                    BEGIN:VEVENT
                    UID:ten-weeks@calendarpipe.test
                    DTSTAMP:20260101T000000Z
                    DTSTART:20260305T090000Z
                    DTEND:20260305T100000Z
                    RRULE:FREQ=WEEKLY;COUNT=10
                    END:VEVENT
                    END:VCALENDAR
                    """.replace("\n", "\r\n"));
            CompFilter fromMay = eventFilter("<C:time-range start=\"20260501T000000Z\"/>");
            CompFilter beforeMarch6 = eventFilter("<C:time-range end=\"20260306T000000Z\"/>");

            assertTrue(matches(fromMay, tenWeeks));
            assertFalse(matches(fromMay, REVIEW));
            assertTrue(matches(beforeMarch6, tenWeeks));
            assertFalse(matches(beforeMarch6, REVIEW));
        }

        @Test
        void aToDoRangeIsTestedAgainstItsDue() throws Exception {
            CompFilter march20 = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">
                      <C:time-range start="20260320T000000Z" end="20260321T000000Z"/>
                    </C:comp-filter></C:comp-filter>""");
            CompFilter march21 = filter("""
                    <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">
                      <C:time-range start="20260321T000000Z" end="20260322T000000Z"/>
                    </C:comp-filter></C:comp-filter>""");

            assertTrue(matches(march20, TODO));
            assertFalse(matches(march21, TODO));
        }

        @Test
        void aRangeAndAPropertyOfTheSameComponentMustBothHold() throws Exception {
            CompFilter reviewInMarch = eventFilter("""
                    <C:time-range start="20260301T000000Z" end="20260401T000000Z"/>
                    <C:prop-filter name="SUMMARY"><C:text-match>review</C:text-match></C:prop-filter>""");
            CompFilter reviewInApril = eventFilter("""
                    <C:time-range start="20260401T000000Z" end="20260501T000000Z"/>
                    <C:prop-filter name="SUMMARY"><C:text-match>review</C:text-match></C:prop-filter>""");

            assertTrue(matches(reviewInMarch, REVIEW));
            assertFalse(matches(reviewInApril, REVIEW));
        }

        @Test
        void anOverridesPropertiesDoNotMatchARangeOnlyTheMasterReaches() throws Exception {
            // 12 March holds the master's instance ("Weekly Sync"); "(moved)" is the override on 26 March
            CompFilter movedOn12March = eventFilter("""
                    <C:time-range start="20260312T000000Z" end="20260313T000000Z"/>
                    <C:prop-filter name="SUMMARY"><C:text-match>moved</C:text-match></C:prop-filter>""");

            assertFalse(matches(movedOn12March, WEEKLY));
        }
    }

    /** RFC 4791 §9.9: a time-range on VALARM tests the alarm's trigger times, not the event's. */
    @Nested
    class AlarmTimeRanges {

        /** The daily stand-up (14:00-15:00Z, 10 to 14 March) with an alarm of these lines. */
        private Calendar daily(String alarmLines) {
            return ICal.parse(fixture("daily-with-alarm.ics", "uid", "daily@calendarpipe.test", "until", "COUNT=5",
                    "trigger", alarmLines));
        }

        private CompFilter alarmIn(String start, String end) throws Exception {
            return eventFilter("<C:comp-filter name=\"VALARM\"><C:time-range start=\"" + start + "\" end=\"" + end
                    + "\"/></C:comp-filter>");
        }

        @Test
        void aRelativeTriggerFiresBeforeTheStart() throws Exception {
            // the review starts at 14:00Z; its alarm, 15 minutes earlier
            assertTrue(matches(alarmIn("20260310T134000Z", "20260310T135000Z"), REVIEW));
            assertFalse(matches(alarmIn("20260310T134600Z", "20260310T150000Z"), REVIEW), "the event, not its alarm");
            assertFalse(matches(alarmIn("19900101T000000Z", "19900102T000000Z"), REVIEW));
        }

        @Test
        void aTriggerRelatedToTheEndFollowsTheEnd() throws Exception {
            Calendar afterEnd = daily("TRIGGER;RELATED=END:PT5M");

            assertTrue(matches(alarmIn("20260312T150000Z", "20260312T151000Z"), afterEnd));
            assertFalse(matches(alarmIn("20260312T140000Z", "20260312T150000Z"), afterEnd));
        }

        @Test
        void anAbsoluteTriggerIsItsOwnTime() throws Exception {
            Calendar absolute = daily("TRIGGER;VALUE=DATE-TIME:20260309T080000Z");

            assertTrue(matches(alarmIn("20260309T080000Z", "20260309T080100Z"), absolute));
            assertFalse(matches(alarmIn("20260310T080000Z", "20260310T080100Z"), absolute), "not once per instance");
        }

        @Test
        void everyInstanceOfASeriesHasItsAlarm() throws Exception {
            Calendar alarmed = daily("TRIGGER:-PT15M");

            assertTrue(matches(alarmIn("20260314T134000Z", "20260314T135000Z"), alarmed));
            assertFalse(matches(alarmIn("20260315T134000Z", "20260315T135000Z"), alarmed), "COUNT=5 ends on the 14th");
        }

        @Test
        void repetitionsFireEachDurationAfterTheTrigger() throws Exception {
            // 13:45, 13:50, 13:55 and 14:00 each day
            Calendar repeated = daily("TRIGGER:-PT15M\nREPEAT:3\nDURATION:PT5M");

            assertTrue(matches(alarmIn("20260311T135900Z", "20260311T140001Z"), repeated));
            assertFalse(matches(alarmIn("20260311T135800Z", "20260311T135900Z"), repeated), "between repetitions");
            assertFalse(matches(alarmIn("20260311T140001Z", "20260311T141000Z"), repeated), "after the last one");
            assertFalse(matches(alarmIn("20260311T135900Z", "20260311T140001Z"), daily("TRIGGER:-PT15M\nREPEAT:3")),
                    "REPEAT without DURATION repeats nothing");
        }

        @Test
        void aHugeRepeatIsCountedNotWalked() {
            // a repetition every second for 63 years after each instance's alarm
            Calendar hostile = daily("TRIGGER:-PT15M\nREPEAT:2000000000\nDURATION:PT1S");

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertTrue(matches(alarmIn("20800101T000000Z", "20800101T000001Z"), hostile));
                assertFalse(matches(alarmIn("21000101T000000Z", "21000102T000000Z"), hostile));
            });
        }

        @Test
        void aHugeRepeatOnAnEndlessSeriesDoesNotHang() {
            Calendar hostile = ICal.parse(fixture("daily-with-alarm.ics", "uid", "endless@calendarpipe.test",
                    "until", "INTERVAL=1", "trigger", "TRIGGER:-PT15M\nREPEAT:2000000000\nDURATION:PT1S"));

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try {
                    matches(alarmIn("20800101T000000Z", "20800101T000001Z"), hostile);
                } catch (RecurrenceBudget.Exceeded refused) {
                    // refused as too costly: an answer too
                }
            });
        }
    }

    /** RFC 4791 §9.9 for VJOURNAL: a DATE start covers its day, a DATE-TIME start is an instant, no start: never in a range. */
    @Nested
    class Journals {

        private final Calendar onTheDay = ICal.parse(fixture("dated-journal.ics", "uid", "j1", "start", ";VALUE=DATE:20260310",
                "summary", "Tuesday"));
        private final Calendar atNine = ICal.parse(fixture("dated-journal.ics", "uid", "j2", "start", ":20260310T090000Z",
                "summary", "Standup notes"));
        private final Calendar undated = ICal.parse(fixture("journal.ics", "uid", "j3"));

        private CompFilter journalsIn(String start, String end) throws Exception {
            return filter("<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VJOURNAL\"><C:time-range start=\""
                    + start + "\" end=\"" + end + "\"/></C:comp-filter></C:comp-filter>");
        }

        @Test
        void aDateStartCoversThatDay() throws Exception {
            assertTrue(matches(journalsIn("20260310T230000Z", "20260311T000000Z"), onTheDay));
            assertFalse(matches(journalsIn("20260311T000000Z", "20260312T000000Z"), onTheDay));
            assertFalse(matches(journalsIn("20260309T000000Z", "20260310T000000Z"), onTheDay));
        }

        @Test
        void aDateTimeStartIsAnInstant() throws Exception {
            assertTrue(matches(journalsIn("20260310T090000Z", "20260310T090100Z"), atNine));
            assertFalse(matches(journalsIn("20260310T080000Z", "20260310T090000Z"), atNine));
        }

        @Test
        void withoutStartAJournalIsInNoRangeButMatchesWithoutOne() throws Exception {
            assertFalse(matches(journalsIn("00010101T000000Z", "99990101T000000Z"), undated));
            assertTrue(matches(filter("<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VJOURNAL\"/></C:comp-filter>"),
                    undated));
        }

        @Test
        void anEventFilterDoesNotMatchAJournal() throws Exception {
            assertFalse(matches(eventFilter(""), onTheDay));
            assertTrue(matches(journalsIn("20260301T000000Z", "20260401T000000Z"), onTheDay));
            assertFalse(matches(journalsIn("20260301T000000Z", "20260401T000000Z"), REVIEW));
        }
    }

    @Test
    void preconditionsAreInTheCalDavNamespace() {
        DavError error = assertThrows(DavError.class, () -> filter(""));
        assertEquals(new QName(Dav.CALDAV, "valid-filter"), error.precondition);
        assertNull(error.href);
    }
}
