package com.calendarpipe.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.calendar.Occurrences.Occurrence;
import com.calendarpipe.testing.DavClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OccurrencesTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** A VCALENDAR around {@code components}, lines ended in CRLF. */
    private static Calendar calendar(String components) {
        String text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//CalendarPipe//Tests//EN\n" + components + "END:VCALENDAR\n";
        return ICal.parse(text.replace("\n", "\r\n"));
    }

    /** A VEVENT with a UID, a DTSTAMP and {@code lines}. */
    private static String event(String lines) {
        return "BEGIN:VEVENT\nUID:e@calendarpipe.test\nDTSTAMP:20260101T000000Z\n" + lines + "END:VEVENT\n";
    }

    private static String todo(String lines) {
        return "BEGIN:VTODO\nUID:t@calendarpipe.test\nDTSTAMP:20260101T000000Z\n" + lines + "END:VTODO\n";
    }

    private static List<Occurrence> within(Calendar calendar, String from, String to, ZoneId floating) {
        return Occurrences.within(calendar, Instant.parse(from), Instant.parse(to), floating, new RecurrenceBudget());
    }

    private static List<Occurrence> within(Calendar calendar, String from, String to) {
        return within(calendar, from, to, UTC);
    }

    /** The instants the occurrences start at, as ISO text, floating values read in {@code zone}. */
    private static List<String> starts(List<Occurrence> occurrences, ZoneId zone) {
        return occurrences.stream().map(o -> ICal.instant(o.start(), zone).toString()).toList();
    }

    private static List<String> starts(List<Occurrence> occurrences) {
        return starts(occurrences, UTC);
    }

    private static List<String> ends(List<Occurrence> occurrences, ZoneId zone) {
        return occurrences.stream().map(o -> ICal.instant(o.end(), zone).toString()).toList();
    }

    private static String summary(Occurrence occurrence) {
        return occurrence.component().getProperty(Property.SUMMARY).map(Property::getValue).orElse(null);
    }

    private static Component only(Calendar calendar) {
        return calendar.getComponents().get(0);
    }

    private static String instant(Optional<Temporal> value) {
        return ICal.instant(value.orElseThrow(), UTC).toString();
    }

    @Nested
    class ASingleEvent {

        private final Calendar meeting = calendar(event("""
                DTSTART:20260305T100000Z
                DTEND:20260305T110000Z
                SUMMARY:Meeting
                """));

        @Test
        void insideTheWindowIsOneInstanceWithItsOwnTimesAndNoRecurrenceId() {
            List<Occurrence> found = within(meeting, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(found));
            assertEquals(List.of("2026-03-05T11:00:00Z"), ends(found, UTC));
            assertEquals("Meeting", summary(found.get(0)));
            assertNull(found.get(0).recurrenceId());
        }

        @Test
        void endingWhereTheWindowStartsOrStartingWhereItEndsIsOutside() {
            assertEquals(List.of(), starts(within(meeting, "2026-03-05T11:00:00Z", "2026-03-05T12:00:00Z")));
            assertEquals(List.of(), starts(within(meeting, "2026-03-05T09:00:00Z", "2026-03-05T10:00:00Z")));
        }

        @Test
        void overlappingTheWindowByASecondAtEitherEndIsInside() {
            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(within(meeting, "2026-03-05T10:59:59Z", "2026-03-05T12:00:00Z")));
            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(within(meeting, "2026-03-05T09:00:00Z", "2026-03-05T10:00:01Z")));
        }

        @Test
        void aWindowInsideTheEventFindsIt() {
            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(within(meeting, "2026-03-05T10:15:00Z", "2026-03-05T10:45:00Z")));
        }
    }

    @Nested
    class AZeroLengthInstance {

        private final Calendar reminder = calendar(event("DTSTART:20260305T100000Z\nSUMMARY:Reminder\n"));
        private final Calendar zeroDuration = calendar(event("DTSTART:20260305T100000Z\nDURATION:PT0S\n"));

        @Test
        void countsInAWindowStartingWhereItIs() {
            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(within(reminder, "2026-03-05T10:00:00Z", "2026-03-05T10:30:00Z")));
            assertEquals(List.of("2026-03-05T10:00:00Z"), starts(within(zeroDuration, "2026-03-05T10:00:00Z", "2026-03-05T10:30:00Z")));
        }

        @Test
        void doesNotCountInAWindowEndingWhereItIs() {
            // RFC 4791 §9.9: (start <= DTSTART) AND (end > DTSTART)
            assertEquals(List.of(), starts(within(reminder, "2026-03-05T09:00:00Z", "2026-03-05T10:00:00Z")));
            assertEquals(List.of(), starts(within(zeroDuration, "2026-03-05T09:00:00Z", "2026-03-05T10:00:00Z")));
        }

        @Test
        void endsWhereItStarts() {
            List<Occurrence> found = within(reminder, "2026-03-05T09:00:00Z", "2026-03-05T11:00:00Z");
            assertEquals(List.of("2026-03-05T10:00:00Z"), ends(found, UTC));
        }
    }

    @Nested
    class ARecurringEvent {

        @Test
        void expandsOnlyTheInstancesInsideTheWindow() {
            Calendar weekly = calendar(event("""
                    DTSTART:20260302T090000Z
                    DTEND:20260302T100000Z
                    RRULE:FREQ=WEEKLY;COUNT=10
                    SUMMARY:Standup
                    """));

            List<Occurrence> found = within(weekly, "2026-03-10T00:00:00Z", "2026-03-31T00:00:00Z");

            assertEquals(List.of("2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-30T09:00:00Z"), starts(found));
            assertEquals(List.of("2026-03-16T10:00:00Z", "2026-03-23T10:00:00Z", "2026-03-30T10:00:00Z"), ends(found, UTC));
        }

        @Test
        void eachExpandedInstanceIsTheMasterWithItsOwnStartAsRecurrenceId() {
            Calendar weekly = calendar(event("""
                    DTSTART:20260302T090000Z
                    DTEND:20260302T100000Z
                    RRULE:FREQ=WEEKLY;COUNT=3
                    SUMMARY:Standup
                    """));

            List<Occurrence> found = within(weekly, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

            assertEquals(3, found.size());
            for (Occurrence o : found) {
                assertEquals("Standup", summary(o));
                assertEquals(ICal.instant(o.start(), UTC), ICal.instant(o.recurrenceId(), UTC));
            }
        }

        @Test
        void endsWhenItsCountIsReached() {
            Calendar three = calendar(event("DTSTART:20260302T090000Z\nDTEND:20260302T100000Z\nRRULE:FREQ=DAILY;COUNT=3\n"));

            assertEquals(List.of("2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"),
                    starts(within(three, "2026-03-01T00:00:00Z", "2027-01-01T00:00:00Z")));
        }

        @Test
        void anExdateRemovesAnInstanceAndAnRdateAddsOne() {
            Calendar daily = calendar(event("""
                    DTSTART:20260302T090000Z
                    DTEND:20260302T100000Z
                    RRULE:FREQ=DAILY;COUNT=5
                    EXDATE:20260303T090000Z
                    RDATE:20260310T090000Z
                    """));

            assertEquals(List.of("2026-03-02T09:00:00Z", "2026-03-04T09:00:00Z", "2026-03-05T09:00:00Z",
                            "2026-03-06T09:00:00Z", "2026-03-10T09:00:00Z"),
                    starts(within(daily, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")));
        }

        @Test
        void anRdateAloneMakesAnEventRecur() {
            Calendar twice = calendar(event("DTSTART:20260302T090000Z\nDTEND:20260302T100000Z\nRDATE:20260309T090000Z\n"));

            assertEquals(List.of("2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z"),
                    starts(within(twice, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")));
        }

        @Test
        void anInstanceThatStartedBeforeTheWindowAndStillRunsIsIncluded() {
            Calendar nightShift = calendar(event("DTSTART:20260302T220000Z\nDTEND:20260303T020000Z\nRRULE:FREQ=DAILY\n"));

            assertEquals(List.of("2026-03-05T22:00:00Z"), starts(within(nightShift, "2026-03-06T00:00:00Z", "2026-03-06T01:00:00Z")));
        }

        @Test
        void keepsItsLocalTimeAcrossTheChangeToSummerTimeInBerlin() {
            // Europe/Berlin moves from UTC+1 to UTC+2 on 29 March 2026
            Calendar weekly = calendar(event("""
                    DTSTART;TZID=Europe/Berlin:20260319T090000
                    DTEND;TZID=Europe/Berlin:20260319T100000
                    RRULE:FREQ=WEEKLY;COUNT=4
                    """));

            List<Occurrence> found = within(weekly, "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z");

            assertEquals(List.of("2026-03-19T08:00:00Z", "2026-03-26T08:00:00Z", "2026-04-02T07:00:00Z", "2026-04-09T07:00:00Z"),
                    starts(found));
            assertEquals(List.of("2026-03-19T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-02T08:00:00Z", "2026-04-09T08:00:00Z"),
                    ends(found, UTC));
        }

        @Test
        void withMoreInstancesThanTheMaximumIsRefused() {
            Calendar daily = calendar(event("DTSTART:20260301T090000Z\nDTEND:20260301T100000Z\nRRULE:FREQ=DAILY\n"));
            Instant from = Instant.parse("2026-03-01T00:00:00Z");
            Instant lastAllowed = from.plus(Duration.ofDays(RecurrenceBudget.MAX_INSTANCES));

            assertEquals(RecurrenceBudget.MAX_INSTANCES, Occurrences.within(daily, from, lastAllowed, UTC, new RecurrenceBudget()).size());
            RecurrenceBudget.Exceeded refused = assertThrows(RecurrenceBudget.Exceeded.class,
                    () -> Occurrences.within(daily, from, lastAllowed.plus(Duration.ofDays(1)), UTC, new RecurrenceBudget()));
            assertEquals(RecurrenceBudget.Limit.INSTANCES, refused.limit());
            assertEquals("The time range holds more than 5000 instances; narrow it", refused.getMessage());
        }

        @Test
        void theInstancesOfOneRequestAreCountedTogether() {
            Calendar daily = calendar(event("DTSTART:20260301T090000Z\nDTEND:20260301T100000Z\nRRULE:FREQ=DAILY\n"));
            Instant from = Instant.parse("2026-03-01T00:00:00Z");
            Instant to = from.plus(Duration.ofDays(3000));
            RecurrenceBudget budget = new RecurrenceBudget();

            assertEquals(3000, Occurrences.within(daily, from, to, UTC, budget).size());
            assertThrows(RecurrenceBudget.Exceeded.class, () -> Occurrences.within(daily, from, to, UTC, budget),
                    "the second object of the same request finds 2000 instances left");
            assertEquals(3000, Occurrences.within(daily, from, to, UTC, new RecurrenceBudget().forOneObject()).size());
        }

        @Test
        void anEndlessSeriesInARangeOpenToTheEndOfTimeIsRefusedWithoutExpandingItAll() {
            Calendar daily = calendar(event("DTSTART:20260301T090000Z\nDTEND:20260301T100000Z\nRRULE:FREQ=DAILY\n"));
            Instant from = Instant.parse("2026-03-01T00:00:00Z");
            Instant endOfTime = Instant.parse("9999-01-01T00:00:00Z");   // TimeRange.LATEST

            // a guard against a hang, not a speed target: the refusal comes before ical4j walks the range
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(RecurrenceBudget.Exceeded.class,
                    () -> Occurrences.within(daily, from, endOfTime, UTC, new RecurrenceBudget())));
        }

        @Test
        void aSecondlyRuleFromLongAgoIsWalkedOnlyNearTheRange() {
            Calendar everySecond = calendar(event("DTSTART:19700101T000000Z\nDTEND:19700101T000000Z\nRRULE:FREQ=SECONDLY\n"));

            List<Occurrence> found = Occurrences.within(everySecond, Instant.parse("2026-03-01T00:00:00Z"),
                    Instant.parse("2026-03-01T00:10:00Z"), UTC, new RecurrenceBudget());

            assertEquals(600, found.size());
            assertEquals("2026-03-01T00:00:00Z", starts(found).get(0));
            assertEquals("2026-03-01T00:09:59Z", starts(found).get(599));
        }
    }

    @Nested
    class AnOverride {

        /** Weekly on Thursdays at 9 in Berlin from 5 March; 19 March excluded; 26 March moved to 11. */
        private final Calendar series = ICal.parse(DavClient.fixture("weekly-with-override.ics", "uid", "weekly@calendarpipe.test"));

        @Test
        void replacesTheInstanceItNames() {
            List<Occurrence> found = within(series, "2026-03-01T00:00:00Z", "2026-04-10T00:00:00Z");

            assertEquals(List.of("2026-03-05T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-26T10:00:00Z",
                    "2026-04-02T07:00:00Z", "2026-04-09T07:00:00Z"), starts(found));
            assertEquals(List.of("Weekly Sync", "Weekly Sync", "Weekly Sync (moved)", "Weekly Sync", "Weekly Sync"),
                    found.stream().map(OccurrencesTest::summary).toList());
        }

        @Test
        void carriesTheRecurrenceIdOfTheInstanceItReplaces() {
            Occurrence moved = within(series, "2026-03-26T00:00:00Z", "2026-03-27T00:00:00Z").get(0);

            assertEquals(Instant.parse("2026-03-26T08:00:00Z"), ICal.instant(moved.recurrenceId(), UTC));
            assertEquals(Instant.parse("2026-03-26T11:00:00Z"), ICal.instant(moved.end(), UTC));
        }

        @Test
        void movedAwayLeavesNothingWhereTheInstanceWas() {
            assertEquals(List.of(), starts(within(series, "2026-03-26T07:30:00Z", "2026-03-26T09:30:00Z")));
        }

        @Test
        void movedIntoTheWindowFromAnotherDayIsFound() {
            Calendar moved = calendar(event("""
                    DTSTART:20260302T090000Z
                    DTEND:20260302T100000Z
                    RRULE:FREQ=WEEKLY;COUNT=4
                    SUMMARY:Weekly
                    """) + event("""
                    RECURRENCE-ID:20260309T090000Z
                    DTSTART:20260312T150000Z
                    DTEND:20260312T160000Z
                    SUMMARY:Weekly, on Thursday this time
                    """));

            List<Occurrence> found = within(moved, "2026-03-12T00:00:00Z", "2026-03-13T00:00:00Z");

            assertEquals(List.of("2026-03-12T15:00:00Z"), starts(found));
            assertEquals("Weekly, on Thursday this time", summary(found.get(0)));
            assertEquals(List.of(), starts(within(moved, "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z")));
        }
    }

    @Nested
    class FloatingTimesAndDates {

        private final Calendar floating = calendar(event("DTSTART:20260305T090000\nDTEND:20260305T100000\n"));

        @Test
        void floatingTimesAreReadInTheGivenZone() {
            // New York is UTC-5 on 5 March 2026
            assertEquals(List.of("2026-03-05T14:00:00Z"),
                    starts(within(floating, "2026-03-05T13:30:00Z", "2026-03-05T14:30:00Z", NEW_YORK), NEW_YORK));
            assertEquals(List.of(), starts(within(floating, "2026-03-05T13:30:00Z", "2026-03-05T14:00:00Z", NEW_YORK)));
            assertEquals(List.of("2026-03-05T09:00:00Z"),
                    starts(within(floating, "2026-03-05T08:30:00Z", "2026-03-05T09:30:00Z", UTC)));
        }

        @Test
        void aFloatingSeriesFollowsTheGivenZonesSummerTime() {
            // New York moves to UTC-4 on 8 March 2026
            Calendar daily = calendar(event("DTSTART:20260306T090000\nDTEND:20260306T100000\nRRULE:FREQ=DAILY;COUNT=4\n"));

            assertEquals(List.of("2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"),
                    starts(within(daily, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", NEW_YORK), NEW_YORK));
        }

        @Test
        void anAllDayEventIsTheWholeDayInTheGivenZone() {
            Calendar holiday = calendar(event("DTSTART;VALUE=DATE:20260305\n"));

            List<Occurrence> inBerlin = within(holiday, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", BERLIN);

            assertEquals(LocalDate.of(2026, 3, 5), inBerlin.get(0).start());
            assertEquals(LocalDate.of(2026, 3, 6), inBerlin.get(0).end());
            assertEquals(List.of("2026-03-04T23:00:00Z"), starts(inBerlin, BERLIN));
            assertEquals(List.of("2026-03-05T23:00:00Z"), ends(inBerlin, BERLIN));
        }

        @Test
        void theLastHourOfAnAllDayEventInUtcIsTheNextDayInBerlin() {
            Calendar holiday = calendar(event("DTSTART;VALUE=DATE:20260305\nDTEND;VALUE=DATE:20260306\n"));

            assertEquals(1, within(holiday, "2026-03-05T23:00:00Z", "2026-03-06T00:00:00Z", UTC).size());
            assertEquals(0, within(holiday, "2026-03-05T23:00:00Z", "2026-03-06T00:00:00Z", BERLIN).size());
        }

        @Test
        void aRecurringAllDayEventExpandsToDates() {
            Calendar days = calendar(event("DTSTART;VALUE=DATE:20260305\nRRULE:FREQ=DAILY;COUNT=3\n"));

            assertEquals(List.of(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 7)),
                    within(days, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").stream().map(Occurrence::start).toList());
        }
    }

    @Nested
    class ToDos {

        @Test
        void anUndatedToDoIsInEveryWindow() {
            Calendar undated = calendar(todo("SUMMARY:Someday\n"));

            for (String[] window : new String[][] {{"2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"},
                    {"1990-01-01T00:00:00Z", "1990-01-01T00:00:01Z"}}) {
                List<Occurrence> found = within(undated, window[0], window[1]);
                assertEquals(1, found.size());
                assertEquals("Someday", summary(found.get(0)));
                assertNull(found.get(0).start());
                assertNull(found.get(0).end());
                assertNull(found.get(0).recurrenceId());
            }
        }

        @Test
        void aToDoWithOnlyADueDateIsAnInstantAtItsDue() {
            Calendar due = ICal.parse(DavClient.fixture("todo.ics", "uid", "todo@calendarpipe.test"));   // DUE 20 March, 17:00Z

            List<Occurrence> found = within(due, "2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z");

            assertEquals(List.of("2026-03-20T17:00:00Z"), starts(found));
            assertEquals(List.of("2026-03-20T17:00:00Z"), ends(found, UTC));
        }

        @Test
        void aToDoDueAtTheEndOfTheWindowIsInItAndOneDueAtItsStartIsNot() {
            Calendar due = ICal.parse(DavClient.fixture("todo.ics", "uid", "todo@calendarpipe.test"));   // DUE 20 March, 17:00Z

            assertEquals(1, within(due, "2026-03-20T16:00:00Z", "2026-03-20T17:00:00Z").size());
            assertEquals(0, within(due, "2026-03-20T17:00:00Z", "2026-03-20T18:00:00Z").size());
        }

        @Test
        void aToDoRunsFromItsStartToItsDue() {
            Calendar task = calendar(todo("DTSTART:20260320T090000Z\nDUE:20260320T170000Z\n"));

            assertEquals(List.of("2026-03-20T09:00:00Z"), starts(within(task, "2026-03-20T16:00:00Z", "2026-03-20T18:00:00Z")));
            assertEquals(List.of(), starts(within(task, "2026-03-20T17:00:00Z", "2026-03-20T18:00:00Z")));
        }
    }

    @Test
    void timeZoneDefinitionsAreNotInstances() {
        Calendar withZone = ICal.withTimeZones(calendar(event("""
                DTSTART;TZID=Europe/Berlin:20260305T090000
                DTEND;TZID=Europe/Berlin:20260305T100000
                """)));
        assertEquals(2, withZone.getComponents().size());   // the VEVENT and its VTIMEZONE

        assertEquals(List.of("2026-03-05T08:00:00Z"), starts(within(withZone, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")));
    }

    @Test
    void instancesComeInStartOrderWhateverTheOrderOfTheirComponents() {
        Calendar series = calendar(event("""
                DTSTART:20260302T090000Z
                DTEND:20260302T100000Z
                RRULE:FREQ=DAILY;COUNT=3
                """) + event("""
                RECURRENCE-ID:20260303T090000Z
                DTSTART:20260302T070000Z
                DTEND:20260302T080000Z
                """));

        assertEquals(List.of("2026-03-02T07:00:00Z", "2026-03-02T09:00:00Z", "2026-03-04T09:00:00Z"),
                starts(within(series, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")));
    }

    @Nested
    class StartAndEnd {

        @Test
        void anEventStartsAtDtstartAndEndsAtDtend() {
            Component meeting = only(calendar(event("DTSTART:20260305T100000Z\nDTEND:20260305T113000Z\n")));

            assertEquals("2026-03-05T10:00:00Z", instant(Occurrences.start(meeting)));
            assertEquals("2026-03-05T11:30:00Z", instant(Occurrences.end(meeting)));
        }

        @Test
        void aDurationGivesTheEnd() {
            Component meeting = only(calendar(event("DTSTART;TZID=Europe/Berlin:20260305T100000\nDURATION:PT1H30M\n")));

            assertEquals("2026-03-05T09:00:00Z", instant(Occurrences.start(meeting)));
            assertEquals("2026-03-05T10:30:00Z", instant(Occurrences.end(meeting)));
        }

        @Test
        void anAllDayEventEndsTheNextDayByDefaultOrAfterItsDuration() {
            Component oneDay = only(calendar(event("DTSTART;VALUE=DATE:20260305\n")));
            Component twoDays = only(calendar(event("DTSTART;VALUE=DATE:20260305\nDURATION:P2D\n")));

            assertEquals(Optional.of(LocalDate.of(2026, 3, 5)), Occurrences.start(oneDay));
            assertEquals(Optional.of(LocalDate.of(2026, 3, 6)), Occurrences.end(oneDay));
            assertEquals(Optional.of(LocalDate.of(2026, 3, 7)), Occurrences.end(twoDays));
        }

        @Test
        void anEventWithOnlyAStartDateTimeHasNoEnd() {
            assertEquals(Optional.empty(), Occurrences.end(only(calendar(event("DTSTART:20260305T100000Z\n")))));
        }

        @Test
        void aToDoEndsAtItsDueAndStartsThereWithoutDtstart() {
            Component dueOnly = only(calendar(todo("DUE:20260320T170000Z\n")));
            Component both = only(calendar(todo("DTSTART:20260320T090000Z\nDUE:20260320T170000Z\n")));
            Component timed = only(calendar(todo("DTSTART:20260320T090000Z\nDURATION:PT2H\n")));

            assertEquals("2026-03-20T17:00:00Z", instant(Occurrences.start(dueOnly)));
            assertEquals("2026-03-20T17:00:00Z", instant(Occurrences.end(dueOnly)));
            assertEquals("2026-03-20T09:00:00Z", instant(Occurrences.start(both)));
            assertEquals("2026-03-20T17:00:00Z", instant(Occurrences.end(both)));
            assertEquals("2026-03-20T11:00:00Z", instant(Occurrences.end(timed)));
        }

        @Test
        void anUndatedToDoHasNeitherStartNorEnd() {
            Component undated = only(calendar(todo("SUMMARY:Someday\n")));

            assertEquals(Optional.empty(), Occurrences.start(undated));
            assertEquals(Optional.empty(), Occurrences.end(undated));
        }

        @Test
        void anEventRecursWithAnRruleOrAnRdateOnly() {
            assertTrue(Occurrences.recurs(only(calendar(event("DTSTART:20260305T100000Z\nRRULE:FREQ=DAILY\n")))));
            assertTrue(Occurrences.recurs(only(calendar(event("DTSTART:20260305T100000Z\nRDATE:20260306T100000Z\n")))));
            assertFalse(Occurrences.recurs(only(calendar(event("DTSTART:20260305T100000Z\nEXDATE:20260306T100000Z\n")))));
        }
    }
}
