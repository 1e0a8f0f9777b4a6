package com.calendarpipe.calendarapi;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.junit.jupiter.api.Test;

/**
 * One instance of a series over REST ({@code ?instance=<original start>}): a PATCH makes a
 * RECURRENCE-ID override, a DELETE an EXDATE; CalDAV clients see both, the REST listing too.
 */
class EventInstancesIT extends ClientIT {

    private static final String MARCH = "?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&expand=true";

    /** An account with a key, a Berlin calendar holding a weekly series (Thursdays 9:00, five times), and a DAV client. */
    private record Series(String key, String calendarId, String eventId, String etag, String href, DavClient dav) {
        String path(String instance) {
            return "/api/v1/events/" + eventId + "?instance=" + instance;
        }
    }

    private Series series() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "instances");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Team\",\"timezone\":\"Europe/Berlin\"}");
        Reply created = api.send("POST", "/api/v1/calendars/hosted:" + calendar.getString("id") + "/events", """
                {"title":"Weekly sync","start_at":"2026-03-05T09:00:00","end_at":"2026-03-05T10:00:00",
                 "recurrence":["RRULE:FREQ=WEEKLY;COUNT=5"]}""", bearer(key));
        assertEquals(201, created.status(), created::toString);
        String eventId = created.data().getString("id");
        String href = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/" + eventId + ".ics";
        return new Series(key, calendar.getString("id"), eventId, created.header("ETag"), href,
                new DavClient(api, account.email(), key));
    }

    /** "start title" of each instance in March, as the expanded REST listing has them. */
    private List<String> march(Series s) {
        Reply listed = api().get("/api/v1/calendars/hosted:" + s.calendarId() + "/events" + MARCH, bearer(s.key()));
        assertEquals(200, listed.status(), listed::toString);
        return listed.dataArray().stream().map(v -> v.asJsonObject())
                .map(e -> e.getJsonObject("start").getString("dateTime") + " " + e.getString("title"))
                .toList();
    }

    /** The stored object as a CalDAV client reads it. */
    private List<Component> overCalDav(Series s) {
        Reply got = s.dav().send("GET", s.href(), null);
        assertEquals(200, got.status(), got::toString);
        return ICal.parse(got.body()).getComponents(Component.VEVENT).stream().map(c -> (Component) c).toList();
    }

    private static String line(Component component, String name) {
        return component.getProperty(name).map(p -> p.toString().strip()).orElse(null);
    }

    private int ctag(Series s) {
        return api().get("/api/v1/hosted-calendars/" + s.calendarId(), bearer(s.key())).data().getInt("ctag");
    }

    @Test
    void patchOneInstanceThenDeleteAnother() {
        Series s = series();
        int before = ctag(s);

        // "+" sent as %2B: a bare "+" in a query is a space
        Reply patched = api().send("PATCH", s.path("2026-03-12T09:00:00%2B01:00"),
                "{\"title\":\"Weekly sync (moved)\",\"start_at\":\"2026-03-13T14:00:00\"}",
                "Authorization", "Bearer " + s.key(), "If-Match", s.etag());
        assertEquals(200, patched.status(), patched::toString);
        JsonObject instance = patched.data();
        assertEquals(s.eventId(), instance.getString("id"), "the instance is part of the series' object");
        assertEquals("Weekly sync (moved)", instance.getString("title"));
        assertEquals("2026-03-13T14:00:00+01:00", instance.getJsonObject("start").getString("dateTime"));
        assertEquals("2026-03-13T15:00:00+01:00", instance.getJsonObject("end").getString("dateTime"), "it keeps its hour");
        assertEquals("2026-03-12T09:00:00+01:00", instance.getJsonObject("originalStart").getString("dateTime"));
        assertNotEquals(s.etag(), patched.header("ETag"));
        assertEquals(412, api().send("PATCH", s.path("2026-03-19T08:00:00Z"), "{\"title\":\"Late\"}",
                "Authorization", "Bearer " + s.key(), "If-Match", s.etag()).status(), "the old ETag no longer holds");

        List<Component> stored = overCalDav(s);
        assertEquals(2, stored.size(), stored::toString);
        Component override = stored.get(1);
        assertEquals("RECURRENCE-ID;TZID=Europe/Berlin:20260312T090000", line(override, Property.RECURRENCE_ID));
        assertEquals("SUMMARY:Weekly sync (moved)", line(override, Property.SUMMARY));
        assertEquals("DTSTART;TZID=Europe/Berlin:20260313T140000", line(override, Property.DTSTART));
        assertEquals("SUMMARY:Weekly sync", line(stored.get(0), Property.SUMMARY), "the series keeps its title");
        assertEquals(List.of("2026-03-05T09:00:00+01:00 Weekly sync", "2026-03-13T14:00:00+01:00 Weekly sync (moved)",
                "2026-03-19T09:00:00+01:00 Weekly sync", "2026-03-26T09:00:00+01:00 Weekly sync"), march(s));

        Reply deleted = api().send("DELETE", s.path("2026-03-19T08:00:00Z"), null, bearer(s.key()));
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals("EXDATE;TZID=Europe/Berlin:20260319T090000", line(overCalDav(s).get(0), Property.EXDATE));
        assertEquals(List.of("2026-03-05T09:00:00+01:00 Weekly sync", "2026-03-13T14:00:00+01:00 Weekly sync (moved)",
                "2026-03-26T09:00:00+01:00 Weekly sync"), march(s));
        assertEquals(404, api().send("DELETE", s.path("2026-03-19T08:00:00Z"), null, bearer(s.key())).status(),
                "a deleted instance is no longer one of the series");

        // deleting a changed instance drops its override too
        assertEquals(204, api().send("DELETE", s.path("2026-03-12T08:00:00Z"), null, bearer(s.key())).status());
        List<Component> left = overCalDav(s);
        assertEquals(1, left.size(), left::toString);
        assertEquals(List.of("2026-03-05T09:00:00+01:00 Weekly sync", "2026-03-26T09:00:00+01:00 Weekly sync"), march(s));
        assertEquals(before + 3, ctag(s), "each instance write moves the ctag like any write");
    }

    @Test
    void aFloatingSeriesStaysFloatingInItsOverrideAndInTheView() {
        Series s = series();
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe tests//EN",
                "BEGIN:VEVENT", "UID:floating-" + s.eventId(), "DTSTAMP:20260101T000000Z", "DTSTART:20260305T090000",
                "DTEND:20260305T093000", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Stretch", "END:VEVENT", "END:VCALENDAR", "");
        Reply created = api().send("POST", "/api/v1/calendars/hosted:" + s.calendarId() + "/events", ics,
                "Authorization", "Bearer " + s.key(), "Content-Type", "text/calendar");
        assertEquals(201, created.status(), created::toString);
        JsonObject event = created.data();
        assertTrue(event.getBoolean("isFloating"), event::toString);
        assertEquals("2026-03-05T09:00:00+01:00", event.getJsonObject("start").getString("dateTime"), "shown in the calendar's zone");
        assertEquals(false, api().get("/api/v1/events/" + s.eventId(), bearer(s.key())).data().getBoolean("isFloating"),
                "a series with a TZID is not floating");

        String path = "/api/v1/events/" + event.getString("id") + "?instance=2026-03-12T08:00:00Z";
        Reply patched = api().send("PATCH", path, "{\"title\":\"Stretch longer\"}", bearer(s.key()));
        assertEquals(200, patched.status(), patched::toString);
        assertTrue(patched.data().getBoolean("isFloating"), patched::toString);
        Reply got = s.dav().send("GET", s.href().replace(s.eventId(), event.getString("id")), null);
        Component override = ICal.parse(got.body()).getComponents(Component.VEVENT).get(1);
        assertEquals("RECURRENCE-ID:20260312T090000", line(override, Property.RECURRENCE_ID), got::toString);
        assertEquals("DTSTART:20260312T090000", line(override, Property.DTSTART), "still floating");
    }

    @Test
    void hostileInstancesAreClientErrors() {
        Series s = series();
        String key = s.key();
        Reply notInSeries = api().send("PATCH", s.path("2026-03-12T09:30:00Z"), "{\"title\":\"x\"}", bearer(key));
        assertEquals(404, notInSeries.status(), notInSeries::toString);
        assertEquals(404, api().send("DELETE", s.path("2027-03-11T08:00:00Z"), null, bearer(key)).status(), "after the series' end");
        for (String garbage : List.of("yesterday", "2026-03-12T09:00:00", "2026-02-30", "9".repeat(2000))) {
            Reply bad = api().send("DELETE", s.path(garbage), null, bearer(key));
            assertEquals(400, bad.status(), () -> garbage + " → " + bad);
            assertEquals("instance", bad.json().getJsonArray("details").getJsonObject(0).getString("field"), bad::toString);
        }
        Reply dateForTimed = api().send("DELETE", s.path("2026-03-12"), null, bearer(key));
        assertEquals(400, dateForTimed.status(), dateForTimed::toString);
        Reply recurrence = api().send("PATCH", s.path("2026-03-12T08:00:00Z"), "{\"recurrence\":[\"RRULE:FREQ=DAILY\"]}", bearer(key));
        assertEquals(400, recurrence.status(), recurrence::toString);

        String single = api().createEvent(key, s.calendarId(), "{\"title\":\"Once\",\"start_at\":\"2026-03-12T08:00:00Z\"}")
                .getString("id");
        Reply once = api().send("PATCH", "/api/v1/events/" + single + "?instance=2026-03-12T08:00:00Z", "{\"title\":\"x\"}", bearer(key));
        assertEquals(400, once.status(), once::toString);
        assertTrue(once.json().getString("message").contains("does not recur"), once::toString);

        String stranger = api().newKey();
        assertEquals(404, api().send("PATCH", s.path("2026-03-12T08:00:00Z"), "{\"title\":\"Mine\"}", bearer(stranger)).status());
        assertEquals(404, api().send("DELETE", s.path("2026-03-12T08:00:00Z"), null, bearer(stranger)).status());
        assertEquals(1, overCalDav(s).size(), "nothing was written");
    }

    @Test
    void overridesAreBoundedByTheObjectSizeCap() {
        Series s = series();
        String key = s.key();
        Reply daily = api().send("PATCH", "/api/v1/events/" + s.eventId(), "{\"recurrence\":[\"RRULE:FREQ=DAILY\"]}", bearer(key));
        assertEquals(200, daily.status(), daily::toString);
        assertEquals(404, api().send("DELETE", s.path("%2B999999999-01-01T00:00:00Z"), null, bearer(key)).status(),
                "an endless series is not walked to the end of time");
        String body = "{\"description\":\"" + "d".repeat(8000) + "\"}";
        int status = 200;
        int day = 0;
        while (status == 200 && day < 200) {
            // 9:00 in Berlin, on either side of the change to summer time
            String instance = ZonedDateTime.of(2026, 3, 5, 9, 0, 0, 0, ZoneId.of("Europe/Berlin")).plusDays(day++)
                    .toOffsetDateTime().toString().replace("+", "%2B");
            status = api().send("PATCH", s.path(instance), body, bearer(key)).status();
            assertTrue(status == 200 || status == 413, instance + " → " + status);
        }
        assertEquals(413, status, "refused at the 512 KiB object cap after " + day + " overrides");
        assertTrue(day > 50, "about 60 overrides of 8 KB fit: " + day);
        assertEquals(200, api().get("/api/v1/events/" + s.eventId(), bearer(key)).status(), "the stored series still reads");
    }
}
