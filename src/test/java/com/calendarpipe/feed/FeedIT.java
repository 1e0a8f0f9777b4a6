package com.calendarpipe.feed;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
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

    private static String value(Component component, String property) {
        return component.getProperty(property).map(Property::getValue).orElse(null);
    }

    private static String tzid(Component component, String property) {
        return component.getProperty(property).flatMap(p -> p.<Parameter>getParameter(Parameter.TZID))
                .map(Parameter::getValue).orElse(null);
    }
}
