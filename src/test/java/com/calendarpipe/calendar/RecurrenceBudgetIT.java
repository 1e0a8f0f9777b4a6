package com.calendarpipe.calendar;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Recurrences cost what the budget allows and no more, on every path that expands them: rules
 * that can never produce an instance are refused when written, and an endless rule asked about
 * over a wide range is refused within the request's time, over CalDAV and REST alike.
 */
class RecurrenceBudgetIT extends ClientIT {

    private static final String C = "{urn:ietf:params:xml:ns:caldav}";
    private static final String CP = "{urn:calendarpipe:dav}";
    /** The budget's time, and room for a loaded machine: a guard against a hang, not a speed target. */
    private static final Duration WITHIN = RecurrenceBudget.MAX_TIME.plusSeconds(8);

    private record Setup(String key, JsonObject calendar, String collection, DavClient dav) {
    }

    private Setup setup() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "budget");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Budget\"}");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
        return new Setup(key, calendar, collection, new DavClient(api, account.email(), key));
    }

    private static String recurring(String start, String rule) {
        return fixture("recurring.ics", "uid", "r-" + UUID.randomUUID(), "start", start, "rule", rule);
    }

    @Test
    void rulesThatCanNeverProduceAnInstanceAreRefusedWhenWritten() {
        Setup s = setup();
        List<String> impossible = List.of(
                "RRULE:FREQ=DAILY;INTERVAL=0",
                "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                "RRULE:FREQ=DAILY;COUNT=0",
                "RRULE:FREQ=WEEKLY;UNTIL=20200101T000000Z",
                "RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10;BYHOUR=1,2,3,4,5,6,7,8,9,10;BYMINUTE=0,30",
                "RRULE:FREQ=DAILY;BYSETPOS=400");
        for (String rule : impossible) {
            Reply put = s.dav().put(s.collection() + "impossible.ics", recurring("20260301T090000Z", rule));
            assertEquals(403, put.status(), () -> rule + " → " + put);
            assertEquals(C + "valid-calendar-data", DavClient.error(put), rule);
        }
        Reply rest = api().send("POST", "/api/v1/calendars/hosted:" + s.calendar().getString("id") + "/events",
                "{\"title\":\"Never\",\"start\":{\"dateTime\":\"2026-03-01T09:00:00Z\"},\"recurrence\":[\"RRULE:FREQ=DAILY;INTERVAL=0\"]}",
                bearer(s.key()));
        assertEquals(400, rest.status(), rest::toString);
        assertEquals(1, ctag(s), "nothing was written");
    }

    @Test
    void objectsThatBreakTheirOwnTimesOrCarryAMethodAreRefused() {
        Setup s = setup();
        String valid = recurring("20260301T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3");
        // an event that ends before it starts is stored repaired (calendar/Repairs, ClientQuirksIT); a to-do due
        // before it starts has no one clear meaning and is refused
        String dueBeforeItStarts = valid.replace("VEVENT", "VTODO").replace("DTEND:20260301T090000Z", "DUE:20260301T080000Z");
        String negativeDuration = valid.replace("DTEND:20260301T090000Z", "DURATION:-PT1H");
        String endAndDuration = valid.replace("DTEND:20260301T090000Z", "DTEND:20260301T100000Z\r\nDURATION:PT1H");
        String withMethod = valid.replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:REQUEST");
        for (String bad : List.of(dueBeforeItStarts, negativeDuration, endAndDuration)) {
            Reply put = s.dav().put(s.collection() + "bad.ics", bad);
            assertEquals(403, put.status(), () -> bad + " → " + put);
            assertEquals(C + "valid-calendar-data", DavClient.error(put));
        }
        Reply put = s.dav().put(s.collection() + "bad.ics", withMethod);
        assertEquals(403, put.status(), put::toString);
        assertEquals(C + "valid-calendar-object-resource", DavClient.error(put));
        assertEquals(1, ctag(s), "nothing was written");
        assertEquals(201, s.dav().put(s.collection() + "good.ics", valid).status(), "the same object, valid");
    }

    @Test
    void anEndlessEverySecondSeriesIsRefusedWithinTheBudgetOnEveryPathThatExpandsIt() {
        Setup s = setup();
        Reply put = s.dav().put(s.collection() + "every-second.ics", recurring("19700101T000000Z", "RRULE:FREQ=SECONDLY"));
        assertEquals(201, put.status(), "an endless rule is legal iCalendar: " + put);
        String wide = "19700101T000000Z";
        String end = "21000101T000000Z";

        Reply query = timed(() -> s.dav().report(s.collection(), fixture("query-time-range.xml", "start", wide, "end", end)));
        assertEquals(403, query.status(), query::toString);
        assertTrue(Set.of(CP + "max-recurrence-work", C + "max-instances").contains(DavClient.error(query)), query::toString);
        Reply expand = timed(() -> s.dav().report(s.collection(), fixture("query-expand-range.xml", "start", wide, "end", end)));
        assertEquals(403, expand.status(), expand::toString);
        Reply freeBusy = timed(() -> s.dav().report(s.collection(), fixture("free-busy-range.xml", "start", wide, "end", end)));
        assertEquals(403, freeBusy.status(), freeBusy::toString);

        String events = "/api/v1/calendars/hosted:" + s.calendar().getString("id") + "/events";
        for (String listing : List.of(events + "?start=1970-01-01&end=2100-01-01&expand=true",
                events + "?start=1970-01-01&end=2100-01-01", "/api/v1/events?start=2026-01-01&end=2027-01-01")) {
            Reply refused = timed(() -> api().get(listing, bearer(s.key())));
            assertEquals(422, refused.status(), () -> listing + " → " + refused);
            assertEquals("Unprocessable Content", refused.json().getString("error"));
        }

        // the feed lists the series as written, unexpanded
        Reply feed = timed(() -> api().get("/feed/" + s.calendar().getString("feedToken") + ".ics"));
        assertEquals(200, feed.status());
        assertTrue(feed.body().contains("RRULE:FREQ=SECONDLY"));

        // near the range asked for, the same series answers: ten minutes of it, expanded
        Reply narrow = timed(() -> s.dav().report(s.collection(), fixture("query-expand-range.xml",
                "start", "20260301T000000Z", "end", "20260301T001000Z")));
        assertEquals(207, narrow.status(), narrow::toString);
        assertEquals(600, narrow.body().split("BEGIN:VEVENT", -1).length - 1, "one VEVENT a second");
        Reply listed = timed(() -> api().get(events + "?start=2026-03-01T00:00:00Z&end=2026-03-01T00:01:00Z&expand=true&limit=100",
                bearer(s.key())));
        assertEquals(200, listed.status(), listed::toString);
        assertEquals(60, listed.json().getJsonObject("meta").getInt("total"));
    }

    /** The reply, checked to have come within the budget's time (and a margin for a loaded machine). */
    private static Reply timed(Supplier<Reply> request) {
        long started = System.nanoTime();
        Reply reply = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(WITHIN) < 0, () -> "took " + took + ": " + reply.status());
        return reply;
    }

    private int ctag(Setup s) {
        return api().get("/api/v1/hosted-calendars/" + s.calendar().getString("id"), bearer(s.key())).data().getInt("ctag");
    }
}
