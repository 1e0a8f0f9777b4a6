package com.calendarpipe.calendarapi;

import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.TestCalendars;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventInputTest {

    private static final String DOMAIN = "mail.calendarpipe.test";
    private static final HostedCalendar BERLIN = TestCalendars.hosted("Team", "Europe/Berlin");
    private static final HostedCalendar NEW_YORK = TestCalendars.hosted("Office", "America/New_York", "Front Desk");
    private static final HostedCalendar UTC = new HostedCalendar("account-1", "Plain");   // a new calendar is in UTC

    /** An event stored in Berlin on 5 March, 9:00 to 10:30, with a description. */
    private static final String PLANNING = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//CalendarPipe tests//EN
            BEGIN:VEVENT
            UID:planning@calendarpipe.test
            DTSTAMP:20260101T000000Z
            DTSTART;TZID=Europe/Berlin:20260305T090000
            DTEND;TZID=Europe/Berlin:20260305T103000
            SUMMARY:Planning
            DESCRIPTION:Bring the numbers
            RRULE:FREQ=WEEKLY;COUNT=4
            END:VEVENT
            END:VCALENDAR
            """.replace("\n", "\r\n");

    /** An all-day event stored from 5 March to 8 March (three days). */
    private static final String OFFSITE = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//CalendarPipe tests//EN
            BEGIN:VEVENT
            UID:offsite@calendarpipe.test
            DTSTAMP:20260101T000000Z
            DTSTART;VALUE=DATE:20260305
            DTEND;VALUE=DATE:20260308
            SUMMARY:Offsite
            END:VEVENT
            END:VCALENDAR
            """.replace("\n", "\r\n");

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /**
     * The fields a refused body is refused for, in order. The one place that knows how a refusal
     * looks: an invalid-input {@link Refused} whose details each name a field.
     */
    private static List<String> refusedFields(Executable reading) {
        Refused refused = assertThrows(Refused.class, reading);
        assertEquals(Refused.Kind.INVALID, refused.kind());
        return refused.details().stream().map(Refused.Detail::field).toList();
    }

    private static List<String> refusedOnCreate(String body) {
        return refusedFields(() -> EventInput.forCreate(json(body)));
    }

    private static List<String> refusedOnUpdate(String body) {
        return refusedFields(() -> EventInput.forUpdate(json(body)));
    }

    /** The VEVENT of the iCalendar text that a create body makes in {@code calendar}, read back by ICal.parse. */
    private static Component created(HostedCalendar calendar, String body) {
        return event(EventEditor.create(EventInput.forCreate(json(body)), calendar, DOMAIN));
    }

    private static Component updated(HostedCalendar calendar, String stored, String body) {
        return event(EventEditor.update(EventInput.forUpdate(json(body)), calendar, DOMAIN, stored));
    }

    private static Component event(String text) {
        return ICal.parse(text).getComponents(Component.VEVENT).get(0);
    }

    /** The first {@code name} line of the component, as iCalendar writes it, or null. */
    private static String line(Component component, String name) {
        return component.getProperty(name).map(p -> p.toString().strip()).orElse(null);
    }

    private static List<String> lines(Component component, String name) {
        return component.getProperties(name).stream().map(p -> p.toString().strip()).toList();
    }

    @Nested
    class RefusedBodies {

        @Test
        void aCreateWithoutTitleOrStartNamesBoth() {
            assertEquals(List.of("title", "start"), refusedOnCreate("{}"));
        }

        @Test
        void aNullTitleIsMissingOnCreateAndOnUpdate() {
            assertEquals(List.of("title"), refusedOnCreate("""
                    {"title": null, "start_at": "2026-03-05T09:00:00"}"""));
            assertEquals(List.of("title"), refusedOnUpdate("""
                    {"title": null}"""));
        }

        @Test
        void aBlankTitleIsRefused() {
            assertEquals(List.of("title"), refusedOnCreate("""
                    {"title": "   ", "start_at": "2026-03-05T09:00:00"}"""));
            assertEquals(List.of("title"), refusedOnUpdate("""
                    {"title": ""}"""));
        }

        @Test
        void aTitleIsAtMostOneThousandCharacters() {
            JsonObject longest = Json.createObjectBuilder().add("title", "x".repeat(1000)).add("start_at", "2026-03-05").build();
            JsonObject tooLong = Json.createObjectBuilder().add("title", "x".repeat(1001)).add("start_at", "2026-03-05").build();

            EventInput.forCreate(longest);
            assertEquals(List.of("title"), refusedFields(() -> EventInput.forCreate(tooLong)));
        }

        @Test
        void descriptionAndLocationHaveTheirOwnLimits() {
            JsonObject tooLong = Json.createObjectBuilder()
                    .add("description", "d".repeat(8001)).add("location", "l".repeat(1001)).build();
            JsonObject longest = Json.createObjectBuilder()
                    .add("description", "d".repeat(8000)).add("location", "l".repeat(1000)).build();

            assertEquals(List.of("description", "location"), refusedFields(() -> EventInput.forUpdate(tooLong)));
            EventInput.forUpdate(longest);
        }

        @Test
        void aTitleThatIsNotTextIsRefused() {
            assertEquals(List.of("title"), refusedOnUpdate("""
                    {"title": 42}"""));
        }

        @Test
        void anUpdateNeedsNeitherTitleNorStart() {
            EventInput.forUpdate(json("{}"));
            EventInput.forUpdate(json("""
                    {"location": "Room 4"}"""));
        }

        @Test
        void bothFormsOfTheStartAreRefusedOnTheFlatField() {
            assertEquals(List.of("start_at"), refusedOnCreate("""
                    {"title": "Standup", "start": {"dateTime": "2026-03-05T09:00:00"}, "start_at": "2026-03-05T09:00:00"}"""));
        }

        @Test
        void bothFormsOfTheEndAreRefusedOnTheFlatField() {
            assertEquals(List.of("end_at"), refusedOnUpdate("""
                    {"end": {"dateTime": "2026-03-05T10:00:00"}, "end_at": "2026-03-05T10:00:00"}"""));
        }

        @Test
        void aNullStartOrEndIsRefusedByItsOwnName() {
            assertEquals(List.of("start"), refusedOnCreate("""
                    {"title": "Standup", "start": null}"""));
            assertEquals(List.of("start_at"), refusedOnCreate("""
                    {"title": "Standup", "start_at": null}"""));
            assertEquals(List.of("end"), refusedOnUpdate("""
                    {"end": null}"""));
            assertEquals(List.of("end_at"), refusedOnUpdate("""
                    {"end_at": null}"""));
        }

        @Test
        void aNestedStartMustBeAnObjectWithATextDateTime() {
            assertEquals(List.of("start"), refusedOnCreate("""
                    {"title": "Standup", "start": "2026-03-05T09:00:00"}"""));
            assertEquals(List.of("start.dateTime"), refusedOnCreate("""
                    {"title": "Standup", "start": {"timeZone": "Europe/Berlin"}}"""));
            assertEquals(List.of("start.dateTime"), refusedOnCreate("""
                    {"title": "Standup", "start": {"dateTime": 20260305}}"""));
        }

        @Test
        void aNestedTimeZoneMustBeAnIanaName() {
            assertEquals(List.of("start.timeZone"), refusedOnCreate("""
                    {"title": "Standup", "start": {"dateTime": "2026-03-05T09:00:00", "timeZone": "Mars/Olympus_Mons"}}"""));
            assertEquals(List.of("end.timeZone"), refusedOnUpdate("""
                    {"end": {"dateTime": "2026-03-05T09:00:00", "timeZone": 1}}"""));
        }

        @Test
        void aNullNestedTimeZoneMeansTheCalendarsZone() {
            EventInput.forCreate(json("""
                    {"title": "Standup", "start": {"dateTime": "2026-03-05T09:00:00", "timeZone": null}}"""));
        }

        @Test
        void theFlatTimeZoneMustBeAnIanaName() {
            assertEquals(List.of("timezone"), refusedOnCreate("""
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00", "timezone": "CET+1"}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tomorrow", "2026-03-05 09:00", "2026-13-05T09:00:00", "2026-02-30", "2026-03-05T25:00:00",
                "2026-03-05T09:00:00+01:00[Europe/Berlin]", "05.03.2026", ""})
        void aStartThatIsNotAnIsoDateTimeOrDateIsRefused(String text) {
            assertEquals(List.of("start_at"), refusedFields(() -> EventInput.forCreate(
                    Json.createObjectBuilder().add("title", "Standup").add("start_at", text).build())));
            assertEquals(List.of("start.dateTime"), refusedFields(() -> EventInput.forCreate(Json.createObjectBuilder()
                    .add("title", "Standup").add("start", Json.createObjectBuilder().add("dateTime", text)).build())));
        }

        @Test
        void anEndThatIsNotAnIsoDateTimeIsRefusedByItsOwnName() {
            assertEquals(List.of("end_at"), refusedOnUpdate("""
                    {"end_at": "later"}"""));
            assertEquals(List.of("end.dateTime"), refusedOnUpdate("""
                    {"end": {"dateTime": "later"}}"""));
        }

        @Test
        void isAllDayIsTrueOrFalse() {
            assertEquals(List.of("isAllDay"), refusedOnCreate("""
                    {"title": "Standup", "start_at": "2026-03-05", "isAllDay": null}"""));
            assertEquals(List.of("isAllDay"), refusedOnCreate("""
                    {"title": "Standup", "start_at": "2026-03-05", "isAllDay": "yes"}"""));
        }

        @Test
        void changingIsAllDayNeedsTheStart() {
            assertEquals(List.of("start"), refusedOnUpdate("""
                    {"isAllDay": true}"""));
        }

        @Test
        void statusAndVisibilityComeFromTheirLists() {
            assertEquals(List.of("status", "visibility"), refusedOnUpdate("""
                    {"status": "done", "visibility": "secret"}"""));
            assertEquals(List.of("status", "visibility"), refusedOnUpdate("""
                    {"status": null, "visibility": null}"""));
            assertEquals(List.of("status"), refusedOnUpdate("""
                    {"status": "CONFIRMED"}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"confirmed", "tentative", "cancelled"})
        void everyListedStatusIsAccepted(String status) {
            EventInput.forUpdate(Json.createObjectBuilder().add("status", status).build());
        }

        @Test
        void eachAttendeeIsCheckedByItsPosition() {
            assertEquals(List.of("attendees[1].email", "attendees[2].status", "attendees[3]"), refusedOnUpdate("""
                    {"attendees": [
                      {"email": "ann@example.com", "status": "accepted"},
                      {"email": "not an address"},
                      {"email": "bob@example.com", "status": "maybe"},
                      "carol@example.com"
                    ]}"""));
        }

        @Test
        void anAttendeeCanBeWrongInEmailAndStatusAtOnce() {
            assertEquals(List.of("attendees[0].email", "attendees[0].status"), refusedOnUpdate("""
                    {"attendees": [{"status": "going"}]}"""));
        }

        @Test
        void anAttendeeNameIsTextOfAtMostTwoHundredCharacters() {
            JsonObject tooLong = Json.createObjectBuilder().add("attendees", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("email", "ann@example.com").add("displayName", "A".repeat(201)))).build();

            assertEquals(List.of("attendees[0].displayName"), refusedFields(() -> EventInput.forUpdate(tooLong)));
            assertEquals(List.of("attendees[0].displayName"), refusedOnUpdate("""
                    {"attendees": [{"email": "ann@example.com", "displayName": 7}]}"""));
        }

        @Test
        void anEmailLongerThanAnAddressCanBeIsRefused() {
            JsonObject body = Json.createObjectBuilder().add("attendees", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("email", "a".repeat(243) + "@example.com"))).build();   // 255 characters

            assertEquals(List.of("attendees[0].email"), refusedFields(() -> EventInput.forUpdate(body)));
        }

        @Test
        void attendeesAndOrganizerHaveTheirShapes() {
            assertEquals(List.of("attendees", "organizer"), refusedOnUpdate("""
                    {"attendees": {"email": "ann@example.com"}, "organizer": "ann@example.com"}"""));
            assertEquals(List.of("organizer.email"), refusedOnUpdate("""
                    {"organizer": {"email": "ann"}}"""));
        }

        @Test
        void recurrenceIsAtMostFiftyLines() {
            JsonArrayBuilder fifty = Json.createArrayBuilder();
            JsonArrayBuilder fiftyOne = Json.createArrayBuilder();
            for (int i = 0; i < 50; i++) {
                fifty.add("RDATE:202603%02dT090000Z".formatted(i % 28 + 1));
                fiftyOne.add("RDATE:202603%02dT090000Z".formatted(i % 28 + 1));
            }
            fiftyOne.add("RDATE:20260401T090000Z");

            EventInput.forUpdate(Json.createObjectBuilder().add("recurrence", fifty).build());
            assertEquals(List.of("recurrence"), refusedFields(() -> EventInput.forUpdate(
                    Json.createObjectBuilder().add("recurrence", fiftyOne).build())));
        }

        @Test
        void recurrenceLinesAreRruleRdateOrExdateOnly() {
            assertEquals(List.of("recurrence[1]", "recurrence[2]", "recurrence[4]"), refusedOnUpdate("""
                    {"recurrence": [
                      "RRULE:FREQ=WEEKLY;COUNT=4",
                      "DTSTART:20260305T090000Z",
                      "ATTENDEE:mailto:eve@example.com",
                      "EXDATE;TZID=Europe/Berlin:20260312T090000",
                      7
                    ]}"""));
        }

        @Test
        void aRecurrenceLineCannotSmuggleInAnotherLine() {
            assertEquals(List.of("recurrence[0]"), refusedOnUpdate("""
                    {"recurrence": ["RRULE:FREQ=DAILY\\r\\nATTENDEE:mailto:eve@example.com"]}"""));
        }

        @Test
        void aRecurrenceLineMustBeValidForItsKind() {
            assertEquals(List.of("recurrence[0]", "recurrence[1]", "recurrence[2]"), refusedOnUpdate("""
                    {"recurrence": ["RRULE:FREQ=SOMETIMES", "RRULE:COUNT=3", "EXDATE:next week"]}"""));
        }

        @Test
        void recurrenceMustBeAnArray() {
            assertEquals(List.of("recurrence"), refusedOnUpdate("""
                    {"recurrence": "RRULE:FREQ=DAILY"}"""));
        }

        @Test
        void unknownFieldsAreRefusedByName() {
            assertEquals(List.of("colour", "start_time"), refusedOnUpdate("""
                    {"colour": "red", "start_time": "2026-03-05T09:00:00"}"""));
        }

        @Test
        void serverOwnedFieldsAreTolerated() {
            EventInput.forUpdate(json("""
                    {"id": "e1", "calendarId": "hosted:c1", "provider": "calendarpipe", "providerEventId": "x",
                     "durationMinutes": 60, "dayOfWeek": "thursday", "hour": 9, "isWeekday": true,
                     "attendeeCount": 0, "updatedAt": "2026-03-01T00:00:00Z", "originalStart": null,
                     "title": "Standup"}"""));
        }

        @Test
        void everyProblemIsReportedAtOnceInTheOrderFound() {
            assertEquals(List.of("colour", "title", "start_at", "status", "attendees[0].email", "recurrence[0]"), refusedOnCreate("""
                    {"colour": "red", "start_at": "soon", "status": "done",
                     "attendees": [{"email": "nobody"}], "recurrence": ["EXRULE:FREQ=DAILY"]}"""));
        }

        @Test
        void noBodyAtAllIsRefusedWithoutFields() {
            assertEquals(List.of(), refusedFields(() -> EventInput.forCreate(null)));
        }
    }

    @Nested
    class CreatedEvents {

        @Test
        void aLocalTimeWithAZoneIsStoredInThatZoneWithItsDefinition() {
            String text = EventEditor.create(EventInput.forCreate(json("""
                    {"title": "Standup", "start": {"dateTime": "2026-03-05T09:00:00", "timeZone": "America/New_York"}}""")),
                    BERLIN, DOMAIN);
            Calendar ics = ICal.parse(text);
            Component event = ics.getComponents(Component.VEVENT).get(0);

            assertEquals("DTSTART;TZID=America/New_York:20260305T090000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=America/New_York:20260305T100000", line(event, Property.DTEND));
            assertEquals(List.of("America/New_York"), ics.getComponents(Component.VTIMEZONE).stream()
                    .map(z -> z.getProperty(Property.TZID).orElseThrow().getValue()).toList());
        }

        @Test
        void aLocalTimeWithoutZoneIsInTheCalendarsZone() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00"}""");

            assertEquals("DTSTART;TZID=Europe/Berlin:20260305T090000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=Europe/Berlin:20260305T100000", line(event, Property.DTEND));
        }

        @Test
        void aLocalTimeInAUtcCalendarIsStoredInUtc() {
            Component event = created(UTC, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00"}""");

            assertEquals("DTSTART:20260305T090000Z", line(event, Property.DTSTART));
            assertEquals("DTEND:20260305T100000Z", line(event, Property.DTEND));
        }

        @Test
        void aTimeWithAnOffsetOnlyIsStoredInUtc() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00+01:00", "end_at": "2026-03-05T09:30:00-05:00"}""");

            assertEquals("DTSTART:20260305T080000Z", line(event, Property.DTSTART));
            assertEquals("DTEND:20260305T143000Z", line(event, Property.DTEND));
        }

        @Test
        void aTimeWithAnOffsetAndAZoneIsThatInstantInThatZone() {
            Component event = created(UTC, """
                    {"title": "Standup", "start_at": "2026-03-05T08:00:00Z", "timezone": "Europe/Berlin"}""");

            assertEquals("DTSTART;TZID=Europe/Berlin:20260305T090000", line(event, Property.DTSTART));
        }

        @Test
        void aTimeWithoutSecondsMayCarryAnOffset() {
            Component event = created(UTC, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00+01:00"}""");

            assertEquals("DTSTART:20260305T080000Z", line(event, Property.DTSTART));
        }

        @Test
        void aTimeWithoutSecondsIsAccepted() {
            assertEquals("DTSTART:20260305T090000Z", line(created(UTC, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00"}"""), Property.DTSTART));
            assertEquals("DTSTART:20260305T090000Z", line(created(UTC, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00Z"}"""), Property.DTSTART));
        }

        @Test
        void withoutEndATimedEventLastsOneHour() {
            Component event = created(NEW_YORK, """
                    {"title": "Standup", "start": {"dateTime": "2026-03-05T23:30:00"}}""");

            assertEquals("DTSTART;TZID=America/New_York:20260305T233000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=America/New_York:20260306T003000", line(event, Property.DTEND));
        }

        @Test
        void aDateAloneMakesAnAllDayEventOfOneDay() {
            Component event = created(BERLIN, """
                    {"title": "Holiday", "start_at": "2026-03-05"}""");

            assertEquals("DTSTART;VALUE=DATE:20260305", line(event, Property.DTSTART));
            assertEquals("DTEND;VALUE=DATE:20260306", line(event, Property.DTEND));
        }

        @Test
        void anAllDayEventEndingOnItsStartDayIsThatOneDay() {
            Component event = created(BERLIN, """
                    {"title": "Holiday", "start_at": "2026-03-05", "end_at": "2026-03-05"}""");

            assertEquals("DTEND;VALUE=DATE:20260306", line(event, Property.DTEND));
        }

        @Test
        void anAllDayEventEndsOnTheDateGiven() {
            Component event = created(BERLIN, """
                    {"title": "Trip", "start": {"dateTime": "2026-03-05"}, "end": {"dateTime": "2026-03-08"}}""");

            assertEquals("DTSTART;VALUE=DATE:20260305", line(event, Property.DTSTART));
            assertEquals("DTEND;VALUE=DATE:20260308", line(event, Property.DTEND));
        }

        @Test
        void isAllDayTurnsADateTimeIntoItsDate() {
            Component event = created(BERLIN, """
                    {"title": "Holiday", "start_at": "2026-03-05T09:00:00", "isAllDay": true}""");

            assertEquals("DTSTART;VALUE=DATE:20260305", line(event, Property.DTSTART));
            assertEquals("DTEND;VALUE=DATE:20260306", line(event, Property.DTEND));
        }

        @Test
        void isAllDayFalseMakesADateStartAtMidnightInTheCalendarsZone() {
            Component event = created(BERLIN, """
                    {"title": "Early", "start_at": "2026-03-05", "isAllDay": false}""");

            assertEquals("DTSTART;TZID=Europe/Berlin:20260305T000000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=Europe/Berlin:20260305T010000", line(event, Property.DTEND));
        }

        @Test
        void anEndBeforeTheStartIsRefusedOnTheEnd() {
            EventInput input = EventInput.forCreate(json("""
                    {"title": "Backwards", "start_at": "2026-03-05T10:00:00", "end_at": "2026-03-05T09:00:00"}"""));

            assertEquals(List.of("end"), refusedFields(() -> EventEditor.create(input, BERLIN, DOMAIN)));
        }

        @Test
        void anEndBeforeTheStartInAnotherZoneIsRefusedToo() {
            // 10:00 in Berlin is 09:00Z; 03:30 in New York is 08:30Z
            EventInput input = EventInput.forCreate(json("""
                    {"title": "Backwards", "start": {"dateTime": "2026-03-05T10:00:00"},
                     "end": {"dateTime": "2026-03-05T03:30:00", "timeZone": "America/New_York"}}"""));

            assertEquals(List.of("end"), refusedFields(() -> EventEditor.create(input, BERLIN, DOMAIN)));
        }

        @Test
        void textFieldsBecomeTheirProperties() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "description": "Daily, short", "location": "Room 4",
                     "start_at": "2026-03-05T09:00:00"}""");

            assertEquals("Standup", event.getProperty(Property.SUMMARY).orElseThrow().getValue());
            assertEquals("Daily, short", event.getProperty(Property.DESCRIPTION).orElseThrow().getValue());
            assertEquals("Room 4", event.getProperty(Property.LOCATION).orElseThrow().getValue());
        }

        @Test
        void anEmptyOptionalTextLeavesItsPropertyOut() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "description": "", "start_at": "2026-03-05T09:00:00"}""");

            assertNull(line(event, Property.DESCRIPTION));
        }

        @Test
        void aTitleCannotInjectIcalendarLines() {
            // a lone CR is written as it is by ical4j, and readers take it for the end of the line
            assertEquals(List.of("title"), refusedOnCreate("""
                    {"title": "Standup\\rATTENDEE:mailto:eve@example.com", "start_at": "2026-03-05T09:00:00"}"""));
            assertEquals(List.of("title", "location"), refusedOnUpdate("""
                    {"title": "Standup\\r\\nATTENDEE:mailto:eve@example.com", "location": "Room\\u0000 4"}"""));
        }

        @Test
        void aDescriptionKeepsItsLineBreaksButNoOtherControlCharacter() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "description": "Agenda:\\r\\n1. news\\n2.\\tplans", "start_at": "2026-03-05T09:00:00"}""");
            assertEquals("Agenda:\n1. news\n2.\tplans", event.getProperty(Property.DESCRIPTION).orElseThrow().getValue());
            assertEquals(List.of("description"), refusedOnUpdate("""
                    {"description": "Agenda\\rDTSTART:20000101T000000Z"}"""));
            assertEquals(List.of("description"), refusedOnUpdate("""
                    {"description": "Agenda\\u2028next"}"""));
        }

        @Test
        void statusAndVisibilityAreWrittenInUpperCase() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00", "status": "cancelled", "visibility": "private"}""");

            assertEquals("STATUS:CANCELLED", line(event, Property.STATUS));
            assertEquals("CLASS:PRIVATE", line(event, Property.CLASS));
        }

        @Test
        void defaultVisibilityWritesNoClass() {
            assertNull(line(created(BERLIN, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00", "visibility": "default"}"""), Property.CLASS));
        }

        @Test
        void theEventHasAUidAStampAndTheServersProductId() {
            String text = EventEditor.create(EventInput.forCreate(json("""
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00"}""")), BERLIN, DOMAIN);
            Calendar ics = ICal.parse(text);
            Component event = ics.getComponents(Component.VEVENT).get(0);

            assertEquals("-//CalendarPipe//CalendarPipe server//EN", ics.getProperty(Property.PRODID).orElseThrow().getValue());
            assertEquals("2.0", ics.getProperty(Property.VERSION).orElseThrow().getValue());
            assertTrue(event.getProperty(Property.UID).orElseThrow().getValue().matches("[0-9a-f-]{36}"));
            assertTrue(event.getProperty(Property.DTSTAMP).isPresent());
        }

        @Test
        void attendeesAreWrittenWithTheirNameAndStatusNeedsActionByDefault() {
            Component event = created(BERLIN, """
                    {"title": "Review", "start_at": "2026-03-05T09:00:00", "attendees": [
                      {"email": "ann@example.com", "displayName": "Ann", "status": "accepted"},
                      {"email": "bob@example.com"}
                    ]}""");

            assertEquals(List.of("ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED:mailto:ann@example.com",
                    "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.com"), lines(event, Property.ATTENDEE));
        }

        @Test
        void withAttendeesTheOrganizerIsTheCalendarItself() {
            Component event = created(BERLIN, """
                    {"title": "Review", "start_at": "2026-03-05T09:00:00", "attendees": [{"email": "ann@example.com"}]}""");

            Property organizer = event.getProperty(Property.ORGANIZER).orElseThrow();
            assertEquals("mailto:cal-" + BERLIN.getMailId() + "@" + DOMAIN, organizer.getValue());
            assertFalse(organizer.getValue().contains(BERLIN.getFeedToken()), "the address is not the feed token");
            assertEquals("Team", organizer.getParameter(Parameter.CN).orElseThrow().getValue());
        }

        @Test
        void theDefaultOrganizerCarriesTheCalendarsOrganizerName() {
            Component event = created(NEW_YORK, """
                    {"title": "Review", "start_at": "2026-03-05T09:00:00", "attendees": [{"email": "ann@example.com"}]}""");

            assertEquals("Front Desk", event.getProperty(Property.ORGANIZER).orElseThrow()
                    .getParameter(Parameter.CN).orElseThrow().getValue());
        }

        @Test
        void aGivenOrganizerIsKept() {
            Component event = created(BERLIN, """
                    {"title": "Review", "start_at": "2026-03-05T09:00:00", "attendees": [{"email": "ann@example.com"}],
                     "organizer": {"email": "boss@example.com", "displayName": "The Boss"}}""");

            assertEquals(List.of("ORGANIZER;CN=The Boss:mailto:boss@example.com"), lines(event, Property.ORGANIZER));
        }

        @Test
        void withoutAttendeesThereIsNoOrganizer() {
            assertNull(line(created(BERLIN, """
                    {"title": "Focus time", "start_at": "2026-03-05T09:00:00"}"""), Property.ORGANIZER));
        }

        @Test
        void anAttendeeNameWithQuotesAndSeparatorsReadsBackTheSame() {
            Component event = created(BERLIN, """
                    {"title": "Review", "start_at": "2026-03-05T09:00:00", "attendees": [
                      {"email": "ann@example.com", "displayName": "Smith, Ann; Dr: \\"the boss\\""}
                    ]}""");

            assertEquals(List.of("mailto:ann@example.com"),
                    event.getProperties(Property.ATTENDEE).stream().map(Property::getValue).toList());
            assertEquals("Smith, Ann; Dr: \"the boss\"", event.getProperty(Property.ATTENDEE).orElseThrow()
                    .getParameter(Parameter.CN).orElseThrow().getValue());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Ann\rATTENDEE:mailto:eve@example.com", "Ann\r\nATTENDEE:mailto:eve@example.com", "Ann\u0000"})
        void aLineBreakOrOtherControlCharacterInAnAttendeeNameIsRefused(String name) {
            assertEquals(List.of("attendees[0].displayName"), refusedFields(() -> EventInput.forCreate(Json.createObjectBuilder()
                    .add("title", "Review").add("start_at", "2026-03-05T09:00:00")
                    .add("attendees", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("email", "ann@example.com").add("displayName", name)))
                    .build())));
        }

        @Test
        void recurrenceLinesAreWrittenAsGiven() {
            Component event = created(BERLIN, """
                    {"title": "Standup", "start_at": "2026-03-05T09:00:00",
                     "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Berlin:20260312T090000"]}""");

            assertEquals("RRULE:FREQ=WEEKLY;COUNT=4", line(event, Property.RRULE));
            assertEquals("EXDATE;TZID=Europe/Berlin:20260312T090000", line(event, Property.EXDATE));
        }
    }

    @Nested
    class UpdatedEvents {

        @Test
        void movingTheStartKeepsTheLength() {
            Component event = updated(BERLIN, PLANNING, """
                    {"start_at": "2026-03-06T14:00:00"}""");

            assertEquals("DTSTART;TZID=Europe/Berlin:20260306T140000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=Europe/Berlin:20260306T153000", line(event, Property.DTEND));
        }

        @Test
        void movingAnAllDayEventKeepsItsNumberOfDays() {
            Component event = updated(BERLIN, OFFSITE, """
                    {"start_at": "2026-04-01"}""");

            assertEquals("DTSTART;VALUE=DATE:20260401", line(event, Property.DTSTART));
            assertEquals("DTEND;VALUE=DATE:20260404", line(event, Property.DTEND));
        }

        @Test
        void turningATimedEventIntoAnAllDayOneMakesItOneDay() {
            Component event = updated(BERLIN, PLANNING, """
                    {"start_at": "2026-03-10", "isAllDay": true}""");

            assertEquals("DTSTART;VALUE=DATE:20260310", line(event, Property.DTSTART));
            assertEquals("DTEND;VALUE=DATE:20260311", line(event, Property.DTEND));
        }

        @Test
        void changingTheEndKeepsTheStartInstant() {
            Component event = updated(BERLIN, PLANNING, """
                    {"end_at": "2026-03-05T12:00:00"}""");

            assertEquals(Instant.parse("2026-03-05T08:00:00Z"), ICal.instant(Occurrences.start(event).orElseThrow(), ZoneOffset.UTC));
            assertEquals("DTEND;TZID=Europe/Berlin:20260305T120000", line(event, Property.DTEND));
        }

        @Test
        void changingTheEndKeepsTheStartsTimeZoneName() {
            Component event = updated(BERLIN, PLANNING, """
                    {"end_at": "2026-03-05T12:00:00"}""");

            assertEquals("DTSTART;TZID=Europe/Berlin:20260305T090000", line(event, Property.DTSTART));
        }

        @Test
        void anEndBeforeTheStoredStartIsRefusedOnTheEnd() {
            EventInput input = EventInput.forUpdate(json("""
                    {"end_at": "2026-03-05T08:00:00"}"""));

            assertEquals(List.of("end"), refusedFields(() -> EventEditor.update(input, BERLIN, DOMAIN, PLANNING)));
        }

        @Test
        void changingTheTitleLeavesTheTimesAndTheRestAlone() {
            Component event = updated(BERLIN, PLANNING, """
                    {"title": "Planning (Q2)"}""");

            assertEquals("Planning (Q2)", event.getProperty(Property.SUMMARY).orElseThrow().getValue());
            assertEquals("DTSTART;TZID=Europe/Berlin:20260305T090000", line(event, Property.DTSTART));
            assertEquals("DTEND;TZID=Europe/Berlin:20260305T103000", line(event, Property.DTEND));
            assertEquals("Bring the numbers", event.getProperty(Property.DESCRIPTION).orElseThrow().getValue());
            assertEquals("RRULE:FREQ=WEEKLY;COUNT=4", line(event, Property.RRULE));
            assertEquals("planning@calendarpipe.test", event.getProperty(Property.UID).orElseThrow().getValue());
        }

        @Test
        void aNullDescriptionRemovesIt() {
            assertNull(line(updated(BERLIN, PLANNING, """
                    {"description": null}"""), Property.DESCRIPTION));
        }

        @Test
        void anEmptyRecurrenceEndsTheSeries() {
            assertNull(line(updated(BERLIN, PLANNING, """
                    {"recurrence": []}"""), Property.RRULE));
        }

        @Test
        void newAttendeesBringTheDefaultOrganizer() {
            Component event = updated(BERLIN, PLANNING, """
                    {"attendees": [{"email": "ann@example.com", "status": "tentative"}]}""");

            assertEquals(List.of("ATTENDEE;PARTSTAT=TENTATIVE:mailto:ann@example.com"), lines(event, Property.ATTENDEE));
            assertEquals("mailto:cal-" + BERLIN.getMailId() + "@" + DOMAIN,
                    event.getProperty(Property.ORGANIZER).orElseThrow().getValue());
        }

        @Test
        void aSeriesIsChangedThroughItsMasterAndItsOverridesStay() {
            String series = fixture("weekly-with-override.ics", "uid", "weekly@calendarpipe.test");

            String text = EventEditor.update(EventInput.forUpdate(json("""
                    {"title": "Weekly Sync (renamed)"}""")), BERLIN, DOMAIN, series);

            List<String> summaries = ICal.parse(text).getComponents(Component.VEVENT).stream()
                    .map(e -> e.getProperty(Property.SUMMARY).orElseThrow().getValue()).toList();
            assertEquals(List.of("Weekly Sync (renamed)", "Weekly Sync (moved)"), summaries);
        }
    }
}
