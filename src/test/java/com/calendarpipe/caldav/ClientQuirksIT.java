package com.calendarpipe.caldav;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quirks real clients send, each as a PUT of a fixture (src/test/resources/caldav/quirks/): stored
 * repaired where the quirk has one clear meaning (and then answered without an ETag, RFC 4791
 * §5.3.4), stored as sent where it is valid as it is; read back as valid iCalendar; and indexed
 * at the right times (the events API's window and expansion find each instance where it is).
 */
class ClientQuirksIT extends ClientIT {

    /**
     * One fixture: whether it is repaired, lines the stored text must and must not hold, and the
     * starts the events API lists in March 2026 with {@code expand=true} (UTC; the day of an all-day one).
     */
    record Quirk(String fixture, boolean repaired, List<String> holds, List<String> lacks, List<String> starts) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Arguments> quirks() {
        return Stream.of(
                new Quirk("date-start-datetime-end", true, List.of("DTEND;VALUE=DATE:20260311"), List.of("DTEND:20260310T235959Z"),
                        List.of("2026-03-10")),
                new Quirk("datetime-start-date-end", true, List.of("DTEND:20260311T000000Z"), List.of("DTEND;VALUE=DATE"),
                        List.of("2026-03-10T09:00:00Z")),
                new Quirk("zoned-start-floating-end", true, List.of("DTEND;TZID=Europe/Berlin:20260310T100000"),
                        List.of("DTEND:20260310T100000\r"), List.of("2026-03-10T08:00:00Z")),
                new Quirk("floating-start-utc-end", true, List.of("DTEND:20260310T100000\r"), List.of("DTEND:20260310T100000Z"),
                        List.of("2026-03-10T08:00:00Z")),   // floating: read in the calendar's zone (Europe/Berlin)
                new Quirk("exdate-datetime-in-all-day-series", true, List.of("EXDATE;VALUE=DATE:20260311"),
                        List.of("EXDATE:20260311T000000Z"), List.of("2026-03-10", "2026-03-12", "2026-03-13", "2026-03-14")),
                new Quirk("exdate-date-in-timed-series", true, List.of("EXDATE;TZID=Europe/Berlin:20260311T090000"),
                        List.of("EXDATE;VALUE=DATE"), List.of("2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-13T08:00:00Z",
                                "2026-03-14T08:00:00Z")),
                new Quirk("end-before-start", true, List.of("DTSTART:20260310T100000Z"), List.of("DTEND"),
                        List.of("2026-03-10T10:00:00Z")),
                new Quirk("override-before-master", true, List.of("BEGIN:VEVENT\r\nUID:{{uid}}\r\nDTSTAMP:20260301T090000Z\r\nDTSTART"),
                        List.of(), List.of("2026-03-10T09:00:00Z", "2026-03-11T14:00:00Z", "2026-03-12T09:00:00Z")),
                new Quirk("duration-p1dt", true, List.of("DURATION:P1D\r", "TRIGGER:-P1D\r"), List.of("P1DT"),
                        List.of("2026-03-10T09:00:00Z")),
                new Quirk("x-properties-with-a-value-type", false, List.of("X-APPLE-STRUCTURED-LOCATION;VALUE=URI;",
                        "X-MICROSOFT-CDO-ALLDAYEVENT;VALUE=BOOLEAN:FALSE"), List.of(), List.of("2026-03-10T09:00:00Z")),
                new Quirk("rfc6868-parameters", false, List.of("CN=\"Dr. ^'Bob^' Smith^nEngineering\""), List.of(),
                        List.of("2026-03-10T09:00:00Z")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quirks")
    void aQuirkIsStoredRepairedOrAsSentReadBackValidAndIndexedAtTheRightTimes(Quirk quirk) throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "quirks");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Quirks\",\"timezone\":\"Europe/Berlin\"}");
        DavClient dav = new DavClient(api, account.email(), key);
        String uid = quirk.fixture() + "-" + UUID.randomUUID();
        String href = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/" + uid + ".ics";
        String sent = DavClient.fixture("quirks/" + quirk.fixture() + ".ics", "uid", uid);

        // the media type's parameters (a charset, a component) are no reason to refuse it
        Reply put = dav.put(href, sent, "Content-Type", "text/calendar; charset=\"utf-8\"; component=VEVENT");
        assertEquals(201, put.status(), put::toString);
        if (quirk.repaired()) {
            assertNull(put.header("ETag"), "stored repaired: no ETag (RFC 4791 §5.3.4)");
        } else {
            assertNotNull(put.header("ETag"), "stored as sent: its ETag");
        }

        Reply got = dav.send("GET", href, null);
        assertEquals(200, got.status(), got::toString);
        String stored = got.body();
        assertEquals(quirk.repaired(), !stored.equals(sent), "repaired, or byte for byte as sent:\n" + stored);
        for (String line : quirk.holds()) {
            assertTrue(stored.contains(line.replace("{{uid}}", uid)), "holds " + line + ":\n" + stored);
        }
        for (String line : quirk.lacks()) {
            assertFalse(stored.contains(line), "no longer holds " + line + ":\n" + stored);
        }
        assertFalse(new CalendarBuilder().build(new StringReader(stored)).getComponents().isEmpty(), "valid iCalendar");

        Reply listed = api.get("/api/v1/calendars/hosted:" + calendar.getString("id")
                + "/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&expand=true", bearer(key));
        assertEquals(200, listed.status(), listed::toString);
        List<String> starts = listed.dataArray().stream().map(JsonObject.class::cast)
                .map(e -> e.getBoolean("isAllDay") ? e.getJsonObject("start").getString("dateTime").substring(0, 10)
                        : OffsetDateTime.parse(e.getJsonObject("start").getString("dateTime")).toInstant().toString())
                .toList();
        assertEquals(quirk.starts(), starts, listed::toString);
    }
}
