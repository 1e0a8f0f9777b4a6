package com.calendarpipe.calendarapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.TestCalendars;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.ZoneId;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One instance of a series changed (a RECURRENCE-ID override) or removed (an EXDATE), as iCalendar text. */
class SeriesInstanceTest {

    private static final String DOMAIN = "mail.calendarpipe.test";
    private static final HostedCalendar BERLIN = TestCalendars.hosted("Team", "Europe/Berlin");
    private static final ZoneId BERLIN_ZONE = ZoneId.of("Europe/Berlin");

    /** Thursdays 9:00 to 10:30 in Berlin, four times from 5 March 2026. */
    private static final String WEEKLY = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//CalendarPipe tests//EN
            BEGIN:VEVENT
            UID:weekly@calendarpipe.test
            DTSTAMP:20260101T000000Z
            DTSTART;TZID=Europe/Berlin:20260305T090000
            DTEND;TZID=Europe/Berlin:20260305T103000
            SUMMARY:Planning
            LOCATION:Room 1
            RRULE:FREQ=WEEKLY;COUNT=4
            END:VEVENT
            END:VCALENDAR
            """.replace("\n", "\r\n");

    /** All-day on 1 June 2026 and the three days after. */
    private static final String DAILY = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//CalendarPipe tests//EN
            BEGIN:VEVENT
            UID:daily@calendarpipe.test
            DTSTAMP:20260101T000000Z
            DTSTART;VALUE=DATE:20260601
            DTEND;VALUE=DATE:20260602
            SUMMARY:Fair
            RRULE:FREQ=DAILY;COUNT=4
            END:VEVENT
            END:VCALENDAR
            """.replace("\n", "\r\n");

    private static final String SINGLE = WEEKLY.replace("RRULE:FREQ=WEEKLY;COUNT=4\r\n", "");

    private static EventInput patch(String body) {
        return EventInput.forUpdate(Json.createReader(new StringReader(body)).readObject());
    }

    private static List<Component> events(String text) {
        return ICal.parse(text).getComponents(Component.VEVENT).stream().map(c -> (Component) c).toList();
    }

    private static String line(Component component, String name) {
        return component.getProperty(name).map(p -> p.toString().strip()).orElse(null);
    }

    private static Refused refused(Runnable call) {
        return assertThrows(Refused.class, call::run);
    }

    @Test
    void anOverrideCarriesTheRecurrenceIdInTheSeriesZoneAndOnlyThePatchedChange() {
        String text = SeriesInstance.parse("2026-03-12T09:00:00+01:00")
                .change(WEEKLY, patch("{\"title\":\"Moved planning\",\"start_at\":\"2026-03-13T14:00:00\"}"), BERLIN, DOMAIN);
        List<Component> events = events(text);
        assertEquals(2, events.size(), text);
        Component master = events.get(0);
        Component override = events.get(1);
        assertEquals("RRULE:FREQ=WEEKLY;COUNT=4", line(master, Property.RRULE), "the series is unchanged");
        assertEquals("SUMMARY:Planning", line(master, Property.SUMMARY));
        assertEquals("RECURRENCE-ID;TZID=Europe/Berlin:20260312T090000", line(override, Property.RECURRENCE_ID), text);
        assertEquals("SUMMARY:Moved planning", line(override, Property.SUMMARY));
        assertEquals("DTSTART;TZID=Europe/Berlin:20260313T140000", line(override, Property.DTSTART));
        assertEquals("DTEND;TZID=Europe/Berlin:20260313T153000", line(override, Property.DTEND), "it keeps its length");
        assertEquals("LOCATION:Room 1", line(override, Property.LOCATION), "the series' other fields are copied");
        assertEquals("UID:weekly@calendarpipe.test", line(override, Property.UID));
        assertEquals(null, line(override, Property.RRULE), "an override does not recur");
    }

    @Test
    void aSecondChangeOfTheSameInstanceUpdatesItsOverride() {
        SeriesInstance one = SeriesInstance.parse("2026-03-12T08:00:00Z");   // the same moment in UTC
        String first = one.change(WEEKLY, patch("{\"title\":\"Once\"}"), BERLIN, DOMAIN);
        String second = one.change(first, patch("{\"location\":\"Room 2\"}"), BERLIN, DOMAIN);
        List<Component> events = events(second);
        assertEquals(2, events.size(), second);
        assertEquals("SUMMARY:Once", line(events.get(1), Property.SUMMARY));
        assertEquals("LOCATION:Room 2", line(events.get(1), Property.LOCATION));
        assertEquals("DTSTART;TZID=Europe/Berlin:20260312T090000", line(events.get(1), Property.DTSTART), "not moved");
    }

    @Test
    void removingAnInstanceAddsAnExdateAndDropsItsOverride() {
        SeriesInstance one = SeriesInstance.parse("2026-03-19T09:00:00+01:00");
        String changed = one.change(WEEKLY, patch("{\"title\":\"Changed first\"}"), BERLIN, DOMAIN);
        String removed = one.remove(changed, BERLIN_ZONE);
        List<Component> events = events(removed);
        assertEquals(1, events.size(), removed);
        assertEquals("EXDATE;TZID=Europe/Berlin:20260319T090000", line(events.get(0), Property.EXDATE), removed);
        Refused again = refused(() -> one.remove(removed, BERLIN_ZONE));
        assertEquals(Refused.Kind.NOT_FOUND, again.kind(), "a removed instance is no longer one of the series");
    }

    @Test
    void anAllDaySeriesIsNamedByDateAndKeepsDateValues() {
        String text = SeriesInstance.parse("2026-06-03").change(DAILY, patch("{\"title\":\"Fair, day 3\"}"), BERLIN, DOMAIN);
        Component override = events(text).get(1);
        assertEquals("RECURRENCE-ID;VALUE=DATE:20260603", line(override, Property.RECURRENCE_ID), text);
        assertEquals("DTSTART;VALUE=DATE:20260603", line(override, Property.DTSTART));
        String removed = SeriesInstance.parse("2026-06-02").remove(DAILY, BERLIN_ZONE);
        assertEquals("EXDATE;VALUE=DATE:20260602", line(events(removed).get(0), Property.EXDATE), removed);
    }

    @Test
    void aUtcSeriesWithADurationGetsUtcValuesAndKeepsTheDuration() {
        String utc = WEEKLY.replace("DTSTART;TZID=Europe/Berlin:20260305T090000", "DTSTART:20260305T080000Z")
                .replace("DTEND;TZID=Europe/Berlin:20260305T103000", "DURATION:PT90M");
        String text = SeriesInstance.parse("2026-03-19T09:00:00+01:00").change(utc, patch("{\"title\":\"Third\"}"), BERLIN, DOMAIN);
        Component override = events(text).get(1);
        assertEquals("RECURRENCE-ID:20260319T080000Z", line(override, Property.RECURRENCE_ID), text);
        assertEquals("DTSTART:20260319T080000Z", line(override, Property.DTSTART));
        assertEquals("DURATION:PT1H30M", line(override, Property.DURATION));
        String removed = SeriesInstance.parse("2026-03-26T08:00:00Z").remove(text, BERLIN_ZONE);
        assertEquals("EXDATE:20260326T080000Z", line(events(removed).get(0), Property.EXDATE), removed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-12T09:30:00+01:00", "2026-04-02T09:00:00+02:00", "2026-03-05T09:00:00Z", "2027-03-11T09:00:00+01:00",
            "+999999999-03-12T09:00:00+01:00", "-0001-03-12T09:00:00+01:00"})
    void aTimeThatIsNoInstanceOfTheSeriesIsNotFound(String instance) {
        assertEquals(Refused.Kind.NOT_FOUND, refused(() -> SeriesInstance.parse(instance).remove(WEEKLY, BERLIN_ZONE)).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-03-12T09:00:00", "2026-13-12", "", "2026-03-12T09:00:00+01:00[Europe/Berlin]"})
    void aValueThatIsNoDateTimeWithOffsetAndNoDateIsInvalid(String instance) {
        Refused refused = refused(() -> SeriesInstance.parse(instance));
        assertEquals(Refused.Kind.INVALID, refused.kind());
        assertEquals("instance", refused.details().get(0).field());
    }

    @Test
    void anUnencodedPlusThatArrivedAsASpaceIsReadAsThePlus() {
        String text = SeriesInstance.parse("2026-03-12T09:00:00 01:00").remove(WEEKLY, BERLIN_ZONE);
        assertTrue(text.contains("EXDATE;TZID=Europe/Berlin:20260312T090000"), text);
    }

    @Test
    void anEventThatDoesNotRecurAndAMismatchedValueTypeAreInvalid() {
        Refused single = refused(() -> SeriesInstance.parse("2026-03-05T09:00:00+01:00").remove(SINGLE, BERLIN_ZONE));
        assertEquals(Refused.Kind.INVALID, single.kind());
        assertTrue(single.getMessage().contains("does not recur"), single.getMessage());
        assertEquals(Refused.Kind.INVALID, refused(() -> SeriesInstance.parse("2026-03-12").remove(WEEKLY, BERLIN_ZONE)).kind());
        assertEquals(Refused.Kind.INVALID,
                refused(() -> SeriesInstance.parse("2026-06-02T00:00:00+02:00").remove(DAILY, BERLIN_ZONE)).kind());
    }

    @Test
    void anInstanceCannotBeGivenRecurrenceOfItsOwn() {
        Refused refused = refused(() -> SeriesInstance.parse("2026-03-12T08:00:00Z")
                .change(WEEKLY, patch("{\"recurrence\":[\"RRULE:FREQ=DAILY\"]}"), BERLIN, DOMAIN));
        assertEquals("recurrence", refused.details().get(0).field());
    }

    @Test
    void theInstanceReadBackIsTheOverrideAtItsNewTimes() {
        SeriesInstance one = SeriesInstance.parse("2026-03-12T08:00:00Z");
        Calendar stored = ICal.parse(one.change(WEEKLY, patch("{\"start_at\":\"2026-03-12T11:00:00Z\"}"), BERLIN, DOMAIN));
        var occurrence = one.occurrence(stored, BERLIN_ZONE);
        assertEquals(java.time.Instant.parse("2026-03-12T11:00:00Z"), ICal.instant(occurrence.start(), BERLIN_ZONE));
        assertEquals(java.time.Instant.parse("2026-03-12T08:00:00Z"), ICal.instant(occurrence.recurrenceId(), BERLIN_ZONE));
    }
}
