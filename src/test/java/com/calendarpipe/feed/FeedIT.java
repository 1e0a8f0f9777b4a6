package com.calendarpipe.feed;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import org.junit.jupiter.api.Test;

/** {@code /feed/{token}}: the whole calendar as iCalendar, by the token alone, with ETag and 304. */
class FeedIT extends ClientIT {

    @Test
    void theFeedHoldsEveryEventAndRoundTripsTheirFields() throws Exception {
        String key = api().newKey();
        JsonObject calendar = api().createCalendar(key,
                "{\"name\":\"Feed test\",\"description\":\"Public\",\"timezone\":\"Europe/Berlin\"}");
        String cal = calendar.getString("id");
        JsonObject standup = api().createEvent(key, cal, """
                {"title":"Standup","start":{"dateTime":"2026-03-02T09:30:00","timeZone":"Europe/Berlin"},
                 "end":{"dateTime":"2026-03-02T09:45:00","timeZone":"Europe/Berlin"},"recurrence":["RRULE:FREQ=DAILY;COUNT=10"]}""");
        JsonObject conference = api().createEvent(key, cal, """
                {"title":"Conference","description":"Bring the badge","start":{"dateTime":"2026-04-01"},"end":{"dateTime":"2026-04-03"}}""");
        JsonObject call = api().createEvent(key, cal, """
                {"title":"NY call","location":"Zoom","start":{"dateTime":"2026-03-10T15:00:00","timeZone":"America/New_York"},
                 "end":{"dateTime":"2026-03-10T16:00:00","timeZone":"America/New_York"},
                 "attendees":[{"email":"ann@example.com","displayName":"Ann","status":"accepted"}]}""");

        Reply feed = api().get("/feed/" + calendar.getString("feedToken"));
        assertEquals(200, feed.status(), feed::toString);
        assertEquals("text/calendar;charset=utf-8", feed.header("Content-Type").replace(" ", "").toLowerCase());
        assertEquals("max-age=3600", feed.header("Cache-Control"));
        assertTrue(feed.header("ETag").matches("\"[^\"]+\""), "a strong ETag: " + feed.header("ETag"));

        Calendar parsed = new CalendarBuilder().build(new StringReader(feed.body()));
        assertEquals("Feed test", parsed.getProperty("X-WR-CALNAME").map(Property::getValue).orElse(null));
        Map<String, CalendarComponent> events = parsed.getComponents(Component.VEVENT).stream()
                .collect(Collectors.toMap(e -> value(e, Property.SUMMARY), Function.identity()));
        assertEquals(3, events.size());

        CalendarComponent s = events.get("Standup");
        assertEquals(standup.getString("providerEventId"), value(s, Property.UID));
        assertEquals("20260302T093000", value(s, Property.DTSTART));
        assertEquals("Europe/Berlin", tzid(s, Property.DTSTART));
        assertEquals("20260302T094500", value(s, Property.DTEND));
        assertEquals("FREQ=DAILY;COUNT=10", value(s, Property.RRULE));

        CalendarComponent c = events.get("Conference");
        assertEquals(conference.getString("providerEventId"), value(c, Property.UID));
        assertEquals("20260401", value(c, Property.DTSTART));
        assertEquals("DATE", c.getProperty(Property.DTSTART).flatMap(p -> p.<Parameter>getParameter(Parameter.VALUE))
                .map(Parameter::getValue).orElse(null));
        assertEquals("20260403", value(c, Property.DTEND));
        assertEquals("Bring the badge", value(c, Property.DESCRIPTION));

        CalendarComponent n = events.get("NY call");
        assertEquals(call.getString("providerEventId"), value(n, Property.UID));
        assertEquals("20260310T150000", value(n, Property.DTSTART));
        assertEquals("America/New_York", tzid(n, Property.DTSTART));
        assertEquals("Zoom", value(n, Property.LOCATION));
        Property attendee = n.getProperty(Property.ATTENDEE).orElseThrow();
        assertEquals("mailto:ann@example.com", attendee.getValue());
        assertEquals("Ann", attendee.getParameter(Parameter.CN).map(p -> ((Parameter) p).getValue()).orElse(null));
        assertEquals("ACCEPTED", attendee.getParameter(Parameter.PARTSTAT).map(p -> ((Parameter) p).getValue()).orElse(null));

        List<String> zones = parsed.getComponents(Component.VTIMEZONE).stream().map(z -> value(z, Property.TZID)).sorted().toList();
        assertEquals(List.of("America/New_York", "Europe/Berlin"), zones, "one VTIMEZONE per zone used");

        assertEquals(feed.body(), api().get("/feed/" + calendar.getString("feedToken") + ".ics").body());
    }

    @Test
    void etagsAnswer304UntilTheCalendarChangesAndRegeneratingKillsTheOldUrl() {
        String key = api().newKey();
        JsonObject calendar = api().createCalendar(key, "{\"name\":\"Cached\"}");
        String cal = calendar.getString("id");
        JsonObject event = api().createEvent(key, cal, "{\"title\":\"One\",\"start_at\":\"2026-06-01T10:00:00Z\"}");
        String url = "/feed/" + calendar.getString("feedToken");
        Reply first = api().get(url);
        String etag = first.header("ETag");
        assertEquals(first.body(), api().get(url).body(), "the same state gives the same bytes");
        Reply notModified = api().get(url, "If-None-Match", etag);
        assertEquals(304, notModified.status());
        assertTrue(notModified.body().isEmpty());
        assertEquals(etag, notModified.header("ETag"));

        api().send("PATCH", "/api/v1/events/" + event.getString("id"), "{\"title\":\"Two\"}", bearer(key));
        Reply changed = api().get(url, "If-None-Match", etag);
        assertEquals(200, changed.status());
        assertNotEquals(etag, changed.header("ETag"));
        assertTrue(changed.body().contains("SUMMARY:Two"));

        String fresh = api().send("POST", "/api/v1/hosted-calendars/" + cal + "/regenerate-token", null, bearer(key))
                .data().getString("feedToken");
        assertEquals(404, api().get(url).status(), "the old URL is dead");
        assertEquals(404, api().get(url + ".ics").status());
        assertEquals(200, api().get("/feed/" + fresh).status());
        assertEquals(200, api().get("/feed/" + fresh + ".ics").status());
        assertEquals(404, api().get("/feed/" + "0".repeat(40)).status());
        assertEquals(404, api().get("/feed/not-a-token").status());
        assertFalse(api().get("/feed/" + fresh).body().contains(calendar.getString("feedToken")));
    }

    /**
     * The feed's URL is its only credential, so it shows what a stranger may see (RFC 5545
     * §3.8.1.3): a private or confidential event as busy time, with its recurrence, and nothing of
     * what it is; an override of a private series as well, though it does not say CLASS itself.
     */
    @Test
    void privateAndConfidentialEventsAreBusyTimeOnly() throws Exception {
        String key = api().newKey();
        JsonObject calendar = api().createCalendar(key, "{\"name\":\"Mine\"}");
        String cal = calendar.getString("id");
        api().createEvent(key, cal, """
                {"title":"Salary review","description":"Ask for 10%","location":"HR","visibility":"private",
                 "start_at":"2026-03-04T14:00:00Z","end_at":"2026-03-04T15:00:00Z",
                 "attendees":[{"email":"boss@example.com","displayName":"The Boss"}]}""");
        api().createEvent(key, cal, """
                {"title":"Team lunch","visibility":"public","start_at":"2026-03-05T12:00:00Z"}""");
        Reply imported = api().send("POST", "/api/v1/calendars/hosted:" + cal + "/events",
                DavClient.fixture("private-series.ics", "uid", "therapy-" + UUID.randomUUID()),
                "Authorization", "Bearer " + key, "Content-Type", "text/calendar");
        assertEquals(201, imported.status(), imported::toString);

        Reply feed = api().get("/feed/" + calendar.getString("feedToken") + ".ics");
        assertEquals(200, feed.status(), feed::toString);
        for (String secret : List.of("Salary", "10%", "HR", "boss@", "The Boss", "Therapy", "notes", "Wells", "HEALTH", "example.com/secret", "holiday", "VALARM")) {
            assertFalse(feed.body().contains(secret), () -> secret + " shows in the feed:\n" + feed.body());
        }
        Calendar parsed = new CalendarBuilder().build(new StringReader(feed.body()));
        Map<String, List<CalendarComponent>> bySummary = parsed.getComponents(Component.VEVENT).stream()
                .collect(Collectors.groupingBy(e -> value(e, Property.SUMMARY)));
        assertEquals(Set.of("Busy", "Team lunch"), bySummary.keySet());
        List<CalendarComponent> busy = bySummary.get("Busy");
        assertEquals(3, busy.size(), "the private event, and the series with its override");
        CalendarComponent review = busy.stream().filter(e -> "20260304T140000Z".equals(value(e, Property.DTSTART)))
                .findFirst().orElseThrow();
        assertEquals("20260304T150000Z", value(review, Property.DTEND), "when it is busy stays");
        assertEquals("PRIVATE", value(review, Property.CLASS));
        CalendarComponent series = busy.stream().filter(e -> e.getProperty(Property.RRULE).isPresent()).findFirst().orElseThrow();
        assertEquals("FREQ=WEEKLY;COUNT=4", value(series, Property.RRULE), "the recurrence stays");
        CalendarComponent moved = busy.stream().filter(e -> e.getProperty(Property.RECURRENCE_ID).isPresent()).findFirst().orElseThrow();
        assertEquals("20260309T110000Z", value(moved, Property.DTSTART), "the moved instance is busy where it moved to");
        assertEquals("Team lunch", value(bySummary.get("Team lunch").get(0), Property.SUMMARY), "public events stay whole");
    }

    private static String value(Component component, String property) {
        return component.getProperty(property).map(Property::getValue).orElse(null);
    }

    private static String tzid(Component component, String property) {
        return component.getProperty(property).flatMap(p -> p.<Parameter>getParameter(Parameter.TZID))
                .map(Parameter::getValue).orElse(null);
    }
}
