package com.calendarpipe.calendarapi;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Events over REST: the shape, both input forms, validation, paging, windows, recurrence, isolation, concurrency. */
class EventsIT extends ClientIT {

    @Test
    void anEventHasThePublicShapeAndItsComputedFields() {
        String key = api().newKey();
        JsonObject calendar = api().createCalendar(key, "{\"name\":\"Work\",\"timezone\":\"Europe/Berlin\"}");
        Reply created = api().send("POST", "/api/v1/calendars/hosted:" + calendar.getString("id") + "/events", """
                {"title":"Planning","description":"Q3","location":"Room 1",
                 "start":{"dateTime":"2026-03-05T09:00:00","timeZone":"America/New_York"},
                 "end":{"dateTime":"2026-03-05T10:30:00","timeZone":"America/New_York"},
                 "status":"tentative","visibility":"private",
                 "attendees":[{"email":"ann@example.com","displayName":"Ann","status":"accepted"},{"email":"bob@example.com"}]}""",
                bearer(key));
        assertEquals(201, created.status(), created::toString);
        JsonObject e = created.data();
        assertTrue(e.getString("id").matches("evt_[A-Za-z0-9_-]{22}"), e.getString("id"));
        assertTrue(created.header("Location").endsWith("/api/v1/events/" + e.getString("id")));
        assertTrue(created.header("ETag").matches("\"[0-9a-f]{32}\""), "a strong ETag");
        assertEquals("hosted:" + calendar.getString("id"), e.getString("calendarId"));
        assertEquals("calendarpipe", e.getString("provider"));
        assertFalse(e.getString("providerEventId").isBlank());
        assertEquals("Planning", e.getString("title"));
        assertEquals("Q3", e.getString("description"));
        assertEquals("Room 1", e.getString("location"));
        assertEquals(when("2026-03-05T09:00:00-05:00", "America/New_York"), e.getJsonObject("start"));
        assertEquals(when("2026-03-05T10:30:00-05:00", "America/New_York"), e.getJsonObject("end"));
        assertFalse(e.getBoolean("isAllDay"));
        assertEquals("tentative", e.getString("status"));
        assertEquals("private", e.getString("visibility"));
        assertEquals(Json.createReader(new java.io.StringReader("""
                [{"email":"ann@example.com","displayName":"Ann","status":"accepted"},
                 {"email":"bob@example.com","displayName":null,"status":"needsAction"}]""")).readArray(),
                e.getJsonArray("attendees"));
        assertEquals(calendar.getString("calendarEmail"), e.getJsonObject("organizer").getString("email"),
                "with attendees, the calendar itself organizes by default");
        assertEquals("Work", e.getJsonObject("organizer").getString("displayName"));
        assertEquals(JsonValue.NULL, e.get("recurrence"));
        assertEquals(90, e.getInt("durationMinutes"));
        assertEquals(4, e.getInt("dayOfWeek"), "a Thursday; 0 is Sunday");
        assertEquals(9, e.getInt("hour"));
        assertTrue(e.getBoolean("isWeekday"));
        assertEquals(2, e.getInt("attendeeCount"));
        assertFalse(e.getString("updatedAt").isBlank());

        Reply read = api().get("/api/v1/events/" + e.getString("id"), bearer(key));
        assertEquals(200, read.status(), read::toString);
        assertEquals(e, read.data());
        assertEquals(created.header("ETag"), read.header("ETag"));
    }

    @Test
    void theFlatFormAndZonelessTimesAndAllDayEvents() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Flat\",\"timezone\":\"Europe/Berlin\"}").getString("id");
        JsonObject utc = api().createEvent(key, cal, """
                {"title":"UTC","start_at":"2026-03-08T14:00:00Z","end_at":"2026-03-08T15:00:00Z"}""");
        assertEquals(when("2026-03-08T14:00:00Z", null), utc.getJsonObject("start"));
        assertEquals(0, utc.getInt("dayOfWeek"), "a Sunday");
        assertFalse(utc.getBoolean("isWeekday"));
        assertEquals(14, utc.getInt("hour"));

        JsonObject tokyo = api().createEvent(key, cal, """
                {"title":"Tokyo","start_at":"2026-03-08T09:00:00","timezone":"Asia/Tokyo"}""");
        assertEquals(when("2026-03-08T09:00:00+09:00", "Asia/Tokyo"), tokyo.getJsonObject("start"));
        assertEquals(when("2026-03-08T10:00:00+09:00", "Asia/Tokyo"), tokyo.getJsonObject("end"), "one hour by default");

        JsonObject local = api().createEvent(key, cal, "{\"title\":\"Local\",\"start_at\":\"2026-07-08T09:00:00\"}");
        assertEquals(when("2026-07-08T09:00:00+02:00", "Europe/Berlin"), local.getJsonObject("start"),
                "no offset and no zone: the calendar's zone");

        JsonObject holiday = api().createEvent(key, cal, """
                {"title":"Holiday","start":{"dateTime":"2026-03-07"},"end":{"dateTime":"2026-03-09"}}""");
        assertTrue(holiday.getBoolean("isAllDay"));
        assertEquals(2 * 24 * 60, holiday.getInt("durationMinutes"));
        assertEquals(when("2026-03-07T00:00:00+01:00", "Europe/Berlin"), holiday.getJsonObject("start"));

        JsonObject day = api().createEvent(key, cal, """
                {"title":"Day","isAllDay":true,"start_at":"2026-03-10T15:00:00+01:00"}""");
        assertTrue(day.getBoolean("isAllDay"));
        assertEquals(24 * 60, day.getInt("durationMinutes"));
        assertEquals(when("2026-03-10T00:00:00+01:00", "Europe/Berlin"), day.getJsonObject("start"));
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndMovesTheCalendarsCtag() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Patch\"}").getString("id");
        JsonObject e = api().createEvent(key, cal, """
                {"title":"Call","location":"Room 2","start":{"dateTime":"2026-03-05T09:00:00","timeZone":"America/New_York"},
                 "end":{"dateTime":"2026-03-05T10:30:00","timeZone":"America/New_York"}}""");
        String path = "/api/v1/events/" + e.getString("id");
        assertEquals(2, ctag(key, cal));

        JsonObject renamed = patch(key, path, "{\"title\":\"Renamed\",\"location\":null}");
        assertEquals("Renamed", renamed.getString("title"));
        assertEquals(JsonValue.NULL, renamed.get("location"));
        assertEquals(e.getJsonObject("start"), renamed.getJsonObject("start"));
        assertEquals(e.getString("providerEventId"), renamed.getString("providerEventId"));
        assertEquals(3, ctag(key, cal));

        JsonObject moved = patch(key, path, "{\"start\":{\"dateTime\":\"2026-03-06T08:00:00\",\"timeZone\":\"America/New_York\"}}");
        assertEquals(when("2026-03-06T09:30:00-05:00", "America/New_York"), moved.getJsonObject("end"), "a moved event keeps its length");

        Reply backwards = api().send("PATCH", path, "{\"end\":{\"dateTime\":\"2026-03-06T07:00:00-05:00\"}}", bearer(key));
        assertEquals(400, backwards.status(), backwards::toString);
        assertEquals("start must be before end", backwards.json().getString("message"));
        assertEquals(List.of("end"), fields(backwards));
        assertEquals(moved, api().get(path, bearer(key)).data(), "a refused change changes nothing");
        assertEquals(4, ctag(key, cal));

        String etag = api().get(path, bearer(key)).header("ETag");
        Reply stale = api().send("PATCH", path, "{\"title\":\"Stale\"}", "Authorization", "Bearer " + key, "If-Match", "\"0000\"");
        assertEquals(412, stale.status(), stale::toString);
        Reply current = api().send("PATCH", path, "{\"title\":\"Fresh\"}", "Authorization", "Bearer " + key, "If-Match", etag);
        assertEquals(200, current.status(), current::toString);
        assertNotEquals(etag, current.header("ETag"));

        JsonObject weekly = patch(key, path, "{\"recurrence\":[\"RRULE:FREQ=WEEKLY;COUNT=4\"]}");
        assertEquals(List.of("RRULE:FREQ=WEEKLY;COUNT=4"), strings(weekly.getJsonArray("recurrence")));
        assertEquals(JsonValue.NULL, patch(key, path, "{\"recurrence\":null}").get("recurrence"));

        assertEquals(204, api().send("DELETE", path, null, bearer(key)).status());
        assertEquals(404, api().get(path, bearer(key)).status());
        assertEquals(404, api().send("DELETE", path, null, bearer(key)).status());
        assertEquals(8, ctag(key, cal), "create, 5 successful patches, delete");
    }

    @Test
    void eachValidationRuleIsA400NamingItsField() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Rules\"}").getString("id");
        String at = "\"start_at\":\"2026-03-05T09:00:00Z\"";
        Map<String, String> bodies = Map.ofEntries(
                Map.entry("{" + at + "}", "title"),
                Map.entry("{\"title\":\"  \"," + at + "}", "title"),
                Map.entry("{\"title\":\"" + "t".repeat(1001) + "\"," + at + "}", "title"),
                Map.entry("{\"title\":\"x\"}", "start"),
                Map.entry("{\"title\":\"x\",\"start\":{\"dateTime\":\"tomorrow\"}}", "start.dateTime"),
                Map.entry("{\"title\":\"x\",\"start\":{\"dateTime\":\"2026-03-05T09:00:00\",\"timeZone\":\"Mars/Base\"}}", "start.timeZone"),
                Map.entry("{\"title\":\"x\",\"start_at\":\"2026-03-05T09:00:00\",\"timezone\":\"Nowhere/Land\"}", "timezone"),
                Map.entry("{\"title\":\"x\",\"start_at\":\"2026-03-05T10:00:00Z\",\"end_at\":\"2026-03-05T09:00:00Z\"}", "end"),
                Map.entry("{\"title\":\"x\"," + at + ",\"status\":\"maybe\"}", "status"),
                Map.entry("{\"title\":\"x\"," + at + ",\"visibility\":\"secret\"}", "visibility"),
                Map.entry("{\"title\":\"x\"," + at + ",\"isAllDay\":\"yes\"}", "isAllDay"),
                Map.entry("{\"title\":\"x\"," + at + ",\"attendees\":[{\"email\":\"nope\"}]}", "attendees[0].email"),
                Map.entry("{\"title\":\"x\"," + at + ",\"attendees\":[{\"email\":\"a@b.test\",\"status\":\"perhaps\"}]}", "attendees[0].status"),
                Map.entry("{\"title\":\"x\"," + at + ",\"organizer\":{\"email\":\"@\"}}", "organizer.email"),
                Map.entry("{\"title\":\"x\"," + at + ",\"recurrence\":[\"FOO:BAR\"]}", "recurrence[0]"),
                Map.entry("{\"title\":\"x\"," + at + ",\"recurrence\":[\"RRULE:FREQ=SOMETIMES\"]}", "recurrence[0]"),
                Map.entry("{\"title\":\"x\"," + at + ",\"recurrence\":[\"RRULE:FREQ=DAILY\\r\\nATTACH:http://x\"]}", "recurrence[0]"),
                Map.entry("{\"title\":\"x\"," + at + ",\"start\":{\"dateTime\":\"2026-03-05T09:00:00Z\"}}", "start_at"),
                Map.entry("{\"title\":\"x\"," + at + ",\"colour\":\"red\"}", "colour"));
        for (var body : bodies.entrySet()) {
            Reply reply = api().send("POST", "/api/v1/calendars/" + cal + "/events", body.getKey(), bearer(key));
            assertEquals(400, reply.status(), () -> body.getKey() + " → " + reply);
            assertEquals(List.of(body.getValue()), fields(reply), () -> body.getKey() + " → " + reply);
        }
        assertEquals(0, api().get("/api/v1/calendars/" + cal + "/events", bearer(key)).json().getJsonObject("meta").getInt("total"));
        assertEquals(1, ctag(key, cal), "nothing was written");
    }

    @Test
    void pagingAndItsLimits() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Pages\"}").getString("id");
        for (int day = 1; day <= 7; day++) {
            api().createEvent(key, cal, "{\"title\":\"Day " + day + "\",\"start_at\":\"2026-05-0" + day + "T10:00:00Z\"}");
        }
        Reply first = api().get("/api/v1/calendars/hosted:" + cal + "/events?limit=3", bearer(key));
        assertEquals(List.of("Day 1", "Day 2", "Day 3"), titles(first));
        assertEquals(meta(0, 3, 7, true), first.json().getJsonObject("meta"));
        Reply last = api().get("/api/v1/calendars/hosted:" + cal + "/events?limit=3&offset=6", bearer(key));
        assertEquals(List.of("Day 7"), titles(last));
        assertEquals(meta(6, 3, 7, false), last.json().getJsonObject("meta"));
        assertEquals(meta(0, 50, 7, false), api().get("/api/v1/calendars/" + cal + "/events", bearer(key)).json().getJsonObject("meta"));

        for (String query : List.of("limit=0", "limit=101", "limit=ten", "offset=-1", "start=yesterday", "expand=maybe",
                "expand=true&start=2026-05-01T00:00:00Z", "start=2026-05-02T00:00:00Z&end=2026-05-01T00:00:00Z")) {
            Reply reply = api().get("/api/v1/calendars/" + cal + "/events?" + query, bearer(key));
            assertEquals(400, reply.status(), () -> query + " → " + reply);
            String parameter = query.startsWith("expand=true") ? "end" : query.startsWith("start=2026") ? "end" : query.split("=")[0];
            assertEquals(List.of(parameter), fields(reply), () -> query + " → " + reply);
        }
    }

    @Test
    void aWindowAndTheThreeFormsOfACalendarId() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Window\"}").getString("id");
        api().createEvent(key, cal, "{\"title\":\"Before\",\"start_at\":\"2026-05-31T22:00:00Z\",\"end_at\":\"2026-06-01T00:00:00Z\"}");
        api().createEvent(key, cal, "{\"title\":\"Straddles\",\"start_at\":\"2026-05-31T23:00:00Z\",\"end_at\":\"2026-06-01T01:00:00Z\"}");
        api().createEvent(key, cal, "{\"title\":\"Inside\",\"start_at\":\"2026-06-15T10:00:00Z\"}");
        api().createEvent(key, cal, "{\"title\":\"Long\",\"start\":{\"dateTime\":\"2026-05-20\"},\"end\":{\"dateTime\":\"2026-06-10\"}}");
        api().createEvent(key, cal, "{\"title\":\"After\",\"start_at\":\"2026-07-01T00:00:00Z\"}");
        String window = "?start=2026-06-01T00:00:00Z&end=2026-07-01T00:00:00Z";
        for (String id : List.of("hosted:" + cal, URLEncoder.encode("hosted:" + cal, StandardCharsets.UTF_8), cal)) {
            Reply reply = api().get("/api/v1/calendars/" + id + "/events" + window, bearer(key));
            assertEquals(200, reply.status(), () -> id + " → " + reply);
            assertEquals(List.of("Long", "Straddles", "Inside"), titles(reply), id);
        }
        assertEquals(404, api().get("/api/v1/calendars/hosted:nope/events", bearer(key)).status());
        assertEquals(404, api().get("/api/v1/calendars/" + java.util.UUID.randomUUID() + "/events", bearer(key)).status());
    }

    /** The acceptance case: weekly in Berlin across the spring DST change, one EXDATE, one moved instance. */
    @Test
    void expandReturnsTheExactInstancesOfASeriesWithAnExdateAndAnOverride() {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Series\",\"timezone\":\"Europe/Berlin\"}").getString("id");
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe tests//EN",
                "BEGIN:VEVENT", "UID:weekly-1@calendarpipe.test", "DTSTAMP:20260101T000000Z",
                "DTSTART;TZID=Europe/Berlin:20260305T090000", "DTEND;TZID=Europe/Berlin:20260305T100000",
                "RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20260319T090000", "SUMMARY:Weekly sync", "END:VEVENT",
                "BEGIN:VEVENT", "UID:weekly-1@calendarpipe.test", "DTSTAMP:20260101T000000Z",
                "RECURRENCE-ID;TZID=Europe/Berlin:20260326T090000",
                "DTSTART;TZID=Europe/Berlin:20260326T110000", "DTEND;TZID=Europe/Berlin:20260326T120000",
                "SUMMARY:Weekly sync (moved)", "END:VEVENT", "END:VCALENDAR", "");
        Reply imported = api().send("POST", "/api/v1/calendars/hosted:" + cal + "/events", ics,
                "Authorization", "Bearer " + key, "Content-Type", "text/calendar");
        assertEquals(201, imported.status(), imported::toString);
        String id = imported.data().getString("id");
        assertEquals("weekly-1@calendarpipe.test", imported.data().getString("providerEventId"));

        String window = "start=2026-03-15T00:00:00%2B01:00&end=2026-04-15T00:00:00%2B02:00";
        Reply expanded = api().get("/api/v1/calendars/hosted:" + cal + "/events?expand=true&" + window, bearer(key));
        assertEquals(200, expanded.status(), expanded::toString);
        JsonArray instances = expanded.json().getJsonArray("data");
        assertEquals(3, instances.size(), expanded::toString);
        List<String> starts = new ArrayList<>();
        for (JsonValue value : instances) {
            JsonObject instance = value.asJsonObject();
            assertEquals(id, instance.getString("id"), "each instance carries the series' id");
            starts.add(instance.getJsonObject("start").getString("dateTime") + " " + instance.getString("title"));
        }
        assertEquals(List.of(
                "2026-03-26T11:00:00+01:00 Weekly sync (moved)",
                "2026-04-02T09:00:00+02:00 Weekly sync",
                "2026-04-09T09:00:00+02:00 Weekly sync"), starts);
        JsonObject moved = instances.getJsonObject(0);
        assertEquals(when("2026-03-26T12:00:00+01:00", "Europe/Berlin"), moved.getJsonObject("end"));
        assertEquals(when("2026-03-26T09:00:00+01:00", "Europe/Berlin"), moved.getJsonObject("originalStart"));
        assertEquals(when("2026-04-02T10:00:00+02:00", "Europe/Berlin"), instances.getJsonObject(1).getJsonObject("end"));
        assertEquals(meta(0, 50, 3, false), expanded.json().getJsonObject("meta"));

        Reply series = api().get("/api/v1/calendars/hosted:" + cal + "/events?" + window, bearer(key));
        assertEquals(1, series.json().getJsonArray("data").size(), "without expand, the series once");
        JsonObject master = series.json().getJsonArray("data").getJsonObject(0);
        assertEquals(List.of("RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20260319T090000"), strings(master.getJsonArray("recurrence")));
        assertEquals(when("2026-03-05T09:00:00+01:00", "Europe/Berlin"), master.getJsonObject("start"));

        Reply page = api().get("/api/v1/calendars/hosted:" + cal + "/events?expand=true&limit=2&offset=2&" + window, bearer(key));
        assertEquals(List.of("Weekly sync"), titles(page));
        assertEquals(meta(2, 2, 3, false), page.json().getJsonObject("meta"));

        Reply duplicate = api().send("POST", "/api/v1/calendars/hosted:" + cal + "/events", ics,
                "Authorization", "Bearer " + key, "Content-Type", "text/calendar");
        assertEquals(409, duplicate.status(), "one UID per calendar");
        Reply garbage = api().send("POST", "/api/v1/calendars/hosted:" + cal + "/events", "BEGIN:VCALENDAR\r\nnonsense",
                "Authorization", "Bearer " + key, "Content-Type", "text/calendar");
        assertEquals(400, garbage.status(), garbage::toString);
    }

    @Test
    void eventsAcrossCalendarsAndAnotherAccountsIdsAreNotFound() {
        String key = api().newKey();
        String a = api().createCalendar(key, "{\"name\":\"A\"}").getString("id");
        String b = api().createCalendar(key, "{\"name\":\"B\"}").getString("id");
        api().createEvent(key, a, "{\"title\":\"In A\",\"start_at\":\"2026-06-01T10:00:00Z\"}");
        JsonObject inB = api().createEvent(key, b, "{\"title\":\"In B\",\"start_at\":\"2026-06-02T10:00:00Z\"}");
        assertEquals(List.of("In A", "In B"), titles(api().get("/api/v1/events?calendarIds=hosted:" + a + ",hosted:" + b, bearer(key))));
        assertEquals(List.of("In B"), titles(api().get("/api/v1/events?calendarIds=" + b, bearer(key))));
        assertEquals(List.of("In A", "In B"), titles(api().get("/api/v1/events", bearer(key))));
        JsonArray connections = api().get("/api/v1/calendars", bearer(key)).json().getJsonArray("data");
        assertEquals(1, connections.size());
        assertEquals("calendarpipe", connections.getJsonObject(0).getString("provider"));
        List<String> listed = connections.getJsonObject(0).getJsonArray("calendars").stream()
                .map(c -> c.asJsonObject().getString("id")).toList();
        assertEquals(List.of("hosted:" + a, "hosted:" + b), listed.subList(1, listed.size()),
                "oldest first, after the account's default calendar: " + listed);

        String stranger = api().newKey();
        Reply none = api().get("/api/v1/events", bearer(stranger));
        assertEquals(200, none.status(), none::toString);
        assertEquals(meta(0, 50, 0, false), none.json().getJsonObject("meta"), "an account with only its empty default calendar");
        String event = "/api/v1/events/" + inB.getString("id");
        assertEquals(404, api().get(event, bearer(stranger)).status());
        assertEquals(404, api().send("PATCH", event, "{\"title\":\"Mine now\"}", bearer(stranger)).status());
        assertEquals(404, api().send("DELETE", event, null, bearer(stranger)).status());
        assertEquals(404, api().get("/api/v1/calendars/hosted:" + a + "/events", bearer(stranger)).status());
        assertEquals(404, api().send("POST", "/api/v1/calendars/hosted:" + a + "/events",
                "{\"title\":\"Intruder\",\"start_at\":\"2026-06-01T10:00:00Z\"}", bearer(stranger)).status());
        assertEquals(404, api().get("/api/v1/events?calendarIds=" + a, bearer(stranger)).status());
        assertEquals("In B", api().get(event, bearer(key)).data().getString("title"));
        assertEquals(2, ctag(key, b));
    }

    /** 20 concurrent PATCHes of one event: every one applies in full or is a 409; none is lost. */
    @Test
    void concurrentPatchesLoseNoUpdate() throws Exception {
        String key = api().newKey();
        String cal = api().createCalendar(key, "{\"name\":\"Race\"}").getString("id");
        String path = "/api/v1/events/" + api().createEvent(key, cal, "{\"title\":\"t\",\"start_at\":\"2026-06-01T10:00:00Z\"}").getString("id");
        long before = ctag(key, cal);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"title\":\"t-" + i + "\",\"description\":\"writer " + i + "\"}";
            replies.add(pool.submit(() -> api().send("PATCH", path, body, bearer(key))));
        }
        List<JsonObject> successes = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            Reply r = reply.get();
            assertTrue(r.status() == 200 || r.status() == 409, r::toString);
            if (r.status() == 200) {
                successes.add(r.data());
            }
        }
        pool.shutdown();
        assertFalse(successes.isEmpty());
        JsonObject last = Collections.max(successes, Comparator.comparing(s -> java.time.Instant.parse(s.getString("updatedAt"))));
        JsonObject stored = api().get(path, bearer(key)).data();
        assertEquals(last.getString("title"), stored.getString("title"), "the final state is the last successful write");
        assertEquals(last.getString("title").replace("t-", "writer "), stored.getString("description"), "never half of one write");
        assertEquals(before + successes.size(), ctag(key, cal), "ctag moved once per successful write");
    }

    private JsonObject patch(String key, String path, String body) {
        Reply reply = api().send("PATCH", path, body, bearer(key));
        assertEquals(200, reply.status(), () -> body + " → " + reply);
        return reply.data();
    }

    private long ctag(String key, String calendarId) {
        return api().get("/api/v1/hosted-calendars/" + calendarId, bearer(key)).data().getJsonNumber("ctag").longValue();
    }

    private static JsonObject when(String dateTime, String zone) {
        return Json.createObjectBuilder().add("dateTime", dateTime)
                .add("timeZone", zone == null ? JsonValue.NULL : Json.createValue(zone)).build();
    }

    private static JsonObject meta(int offset, int limit, int total, boolean more) {
        return Json.createObjectBuilder().add("offset", offset).add("limit", limit).add("total", total).add("has_more", more).build();
    }

    private static List<String> titles(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("data").stream().map(v -> v.asJsonObject().getString("title")).toList();
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(v -> ((jakarta.json.JsonString) v).getString()).toList();
    }

    private static List<String> fields(Reply reply) {
        return reply.json().getJsonArray("details").stream()
                .map(d -> d.asJsonObject().getString("field"))
                .sorted()
                .collect(Collectors.toList());
    }
}
