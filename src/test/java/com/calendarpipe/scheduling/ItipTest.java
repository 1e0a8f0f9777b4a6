package com.calendarpipe.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The content-line edits scheduling makes, on texts as clients write them. */
class ItipTest {

    private static final String EVENT = String.join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
            "BEGIN:VEVENT", "UID:u1", "DTSTAMP:20260101T000000Z", "DTSTART:20260310T090000Z", "SUMMARY:Plan",
            "ORGANIZER;CN=\"Ann; the boss: herself\":MAILTO:Ann@Example.com",
            "ATTENDEE;PARTSTAT=NEEDS-ACTION;SCHEDULE-STATUS=2.0:mailto:bob@example.com",
            "ATTENDEE;SCHEDULE-AGENT=CLIENT;CN=Carol with a name long enough to need folding at seventy-five octets:mailto:carol@example.com",
            "BEGIN:VALARM", "ACTION:EMAIL", "ATTENDEE:mailto:alarm@example.com", "TRIGGER:-PT5M", "END:VALARM",
            "END:VEVENT", "END:VCALENDAR", "");

    @Test
    void quotedParametersMayHoldColonsAndSemicolons() {
        Itip itip = Itip.parse(EVENT);
        assertEquals(Optional.of("ann@example.com"), itip.organizer(), "a mailto: address, compared lower-cased");
        assertEquals("\"Ann; the boss: herself\"", itip.properties("ORGANIZER").get(0).params.get("CN"));
    }

    @Test
    void anAlarmsAttendeeIsNoInvitee() {
        assertEquals(List.of("bob@example.com", "carol@example.com"), List.copyOf(Itip.parse(EVENT).attendees().keySet()));
    }

    @Test
    void linesAreFoldedAtSeventyFiveOctetsAndReadBackTheSame() {
        String text = Itip.parse(EVENT).text();
        assertTrue(text.lines().allMatch(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75), text);
        assertEquals(text, Itip.parse(text).text());
    }

    @Test
    void sequenceIsAddedToTheEventNotToItsAlarm() {
        Itip itip = Itip.parse(EVENT);
        itip.sequence(3);
        assertEquals(3, itip.sequence());
        String text = itip.text();
        assertEquals(1, text.split("SEQUENCE:3", -1).length - 1, text);
        assertTrue(text.indexOf("SEQUENCE:3") < text.indexOf("BEGIN:VALARM"), text);
    }

    @Test
    void aMessageCarriesItsMethodAndNoneOfTheServersParameters() {
        String message = Itip.parse(EVENT).message("REQUEST");
        assertTrue(message.startsWith("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"), message);
        assertFalse(message.contains("SCHEDULE-STATUS") || message.contains("SCHEDULE-AGENT"), message);
    }

    @Test
    void aReplyNamesOnlyTheReplyingAttendee() {
        String reply = Itip.parse(EVENT).reply("bob@example.com");
        assertTrue(reply.contains("METHOD:REPLY") && reply.contains("mailto:bob@example.com"), reply);
        assertFalse(reply.contains("carol@example.com"), reply);
    }

    @Test
    void repliesAndStampsAreNoSignificantChange() {
        Itip before = Itip.parse(EVENT);
        Itip answered = Itip.parse(EVENT.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED").replace("DTSTAMP:2026", "DTSTAMP:2027"));
        assertEquals(before.essence(), answered.essence());
        assertNotEquals(before.essence(), Itip.parse(EVENT.replace("SUMMARY:Plan", "SUMMARY:Moved")).essence());
    }

    @Test
    void anOverrideAloneReplacesItsInstanceAndBringsTheZoneItNeeds() {
        String series = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20260310T090000Z\r\n"
                + "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:s\r\nRECURRENCE-ID:20260311T090000Z\r\n"
                + "DTSTART:20260311T100000Z\r\nSUMMARY:old\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        String update = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE\r\n"
                + "BEGIN:VEVENT\r\nUID:s\r\nRECURRENCE-ID:20260311T090000Z\r\nDTSTART;TZID=Europe/Berlin:20260311T150000\r\n"
                + "SUMMARY:new\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        Itip merged = Itip.parse(series).withComponentsOf(Itip.parse(update));
        assertEquals(List.of("", "20260311T090000Z"), merged.recurrenceIds());
        String text = merged.text();
        assertFalse(text.contains("SUMMARY:old"), text);
        assertTrue(text.contains("SUMMARY:new") && text.indexOf("BEGIN:VTIMEZONE") < text.indexOf("BEGIN:VEVENT"), text);
        assertEquals(text, Itip.parse(text).withComponentsOf(Itip.parse(update)).text(), "the zone is not added twice");
    }

    @Test
    void aDelegateSpeaksForTheOrganizerItNamesAndCaretsAreRead() {
        Itip itip = Itip.parse("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:d\r\n"
                + "ORGANIZER;CN=\"Dr. ^'Bob^' ^^1\";SENT-BY=\"mailto:Assistant@Example.com\":mailto:bob@example.com\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n");
        assertEquals("REQUEST", itip.method());
        assertEquals("Dr. \"Bob\" ^1", itip.organizerName());
        assertEquals(java.util.Set.of("bob@example.com", "assistant@example.com"), Itip.speakers(itip.properties("ORGANIZER").get(0)));
    }
}
