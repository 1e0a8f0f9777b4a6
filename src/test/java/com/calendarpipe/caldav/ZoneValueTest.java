package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.calendar.InvalidCalendarObject;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Time zones as CalDAV carries them: one VTIMEZONE in a VCALENDAR (RFC 4791 §5.2.2, §9.8). */
class ZoneValueTest {

    private static String vcalendar(String... zones) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n" + String.join("", zones) + "END:VCALENDAR\r\n";
    }

    private static String zone(String tzid, String offset) {
        return "BEGIN:VTIMEZONE\r\nTZID:" + tzid + "\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:" + offset
                + "\r\nTZOFFSETTO:" + offset + "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    }

    @Test
    void aCalendarTimezoneNamesItsZoneByTheTzidOfItsOneVtimezone() {
        assertEquals(Optional.of("Europe/Berlin"), ZoneValue.tzid(vcalendar(zone("Europe/Berlin", "+0100"))));
        // incomplete, as some clients send it, but naming a known zone
        assertEquals(Optional.of("America/New_York"), ZoneValue.tzid(vcalendar("BEGIN:VTIMEZONE\nTZID:America/New_York\nEND:VTIMEZONE\n")));
        assertEquals(Optional.empty(), ZoneValue.tzid(vcalendar(zone("Europe/Berlin", "+0100"), zone("Europe/Paris", "+0100"))),
                "more than one VTIMEZONE");
        assertEquals(Optional.empty(), ZoneValue.tzid(vcalendar()), "none");
        assertEquals(Optional.empty(), ZoneValue.tzid(vcalendar(zone("Mars/Olympus_Mons", "+0300"))), "no IANA zone");
        assertEquals(Optional.empty(), ZoneValue.tzid("TZID:Europe/Berlin"), "no VCALENDAR");
    }

    @Test
    void aQuerysTimezoneIsTheIanaZoneOrTheVtimezonesOwnRules() throws DavError {
        assertEquals(ZoneId.of("Europe/Berlin"), ZoneValue.of(vcalendar(zone("Europe/Berlin", "+0100"))));
        ZoneId mars = ZoneValue.of(vcalendar(zone("Mars/Olympus_Mons", "+0300")));
        assertEquals(LocalDateTime.parse("2026-03-10T09:00").atZone(ZoneId.of("+03:00")).toInstant(),
                LocalDateTime.parse("2026-03-10T09:00").atZone(mars).toInstant());
    }

    /** Each is answered 403 valid-calendar-data: by ZoneValue, or by the store's parser through the CalDAV translator. */
    @Test
    void aQuerysTimezoneThatIsNotOneValidVtimezoneIsRefused() {
        for (String refused : new String[] {vcalendar(), vcalendar(zone("Europe/Berlin", "+0100"), zone("Europe/Berlin", "+0100")),
                vcalendar("BEGIN:VTIMEZONE\r\nTZID:Nowhere/Nothing\r\nEND:VTIMEZONE\r\n"), "not iCalendar"}) {
            try {
                ZoneId zone = ZoneValue.of(refused);
                throw new AssertionError("taken as " + zone + ": " + refused);
            } catch (DavError error) {
                assertEquals(403, error.status, refused);
                assertEquals(Dav.VALID_CALENDAR_DATA, error.precondition, refused);
            } catch (InvalidCalendarObject invalid) {
                assertEquals(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA, invalid.precondition(), refused);
            }
        }
    }
}
