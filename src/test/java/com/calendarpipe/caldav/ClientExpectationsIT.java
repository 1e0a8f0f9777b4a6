package com.calendarpipe.caldav;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What calendar apps expect of calendar-data and filters (RFC 4791 §9.6, §9.9): journals,
 * expansion that keeps all-day instances all-day, partial retrieval, limit-recurrence-set and
 * time-ranges on alarms, with the hostile variants of each.
 */
class ClientExpectationsIT extends ClientIT {

    private static final String C = "{urn:ietf:params:xml:ns:caldav}";
    private static final String CALENDAR_DATA = C + "calendar-data";
    /** A VEVENT with its UID and SUMMARY only, inside a VCALENDAR with its VERSION only. */
    private static final String SUMMARIES = """
            <c:comp name="VCALENDAR"><c:prop name="VERSION"/>
              <c:comp name="VEVENT"><c:prop name="UID"/><c:prop name="SUMMARY"/></c:comp>
            </c:comp>""";

    /** A signed-up account with a key, one calendar made over REST, and a DAV client. */
    private record Setup(ApiClient api, String key, JsonObject calendar, String collection, DavClient dav) {
        String object(String name) {
            return collection + name;
        }

        Reply query(String data, String filter) {
            return dav.report(collection, fixture("query-data.xml", "data", data, "filter", filter));
        }

        /** The hrefs a calendar-query with this filter inside the VCALENDAR comp-filter answers. */
        Set<String> found(String filter) {
            Reply reply = query("", filter);
            assertEquals(207, reply.status(), reply::toString);
            return multistatus(reply).keySet();
        }
    }

    private Setup setup() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "caldav");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Expectations\",\"timezone\":\"UTC\"}");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
        return new Setup(api, key, calendar, collection, new DavClient(api, account.email(), key));
    }

    private static String range(String component, String start, String end) {
        return "<c:comp-filter name=\"" + component + "\"><c:time-range start=\"" + start + "\" end=\"" + end
                + "\"/></c:comp-filter>";
    }

    private static String alarmRange(String start, String end) {
        return "<c:comp-filter name=\"VEVENT\">" + range("VALARM", start, end) + "</c:comp-filter>";
    }

    private static void created(Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
    }

    @Test
    void journalsAreStoredReadAndQueriedButAreNeverEventsOrBusyTime() {
        Setup s = setup();
        String tuesday = fixture("dated-journal.ics", "uid", "j-" + UUID.randomUUID(), "start", ";VALUE=DATE:20260310",
                "summary", "Tuesday");
        created(s.dav().put(s.object("tuesday.ics"), tuesday));
        created(s.dav().put(s.object("undated.ics"), fixture("journal.ics", "uid", "u-" + UUID.randomUUID())));
        created(s.dav().put(s.object("lunch.ics"), fixture("simple.ics", "uid", "l-" + UUID.randomUUID(),
                "start", "20260310T120000Z", "end", "20260310T130000Z", "summary", "Lunch")));

        Reply read = s.dav().send("GET", s.object("tuesday.ics"), null);
        assertEquals(200, read.status(), read::toString);
        assertEquals(tuesday, read.body());
        assertTrue(read.header("Content-Type").contains("component=vjournal"), read::toString);

        // RFC 4791 §9.9: a DATE start covers its day; no start, no time range
        assertEquals(Set.of(s.object("tuesday.ics")), s.found(range("VJOURNAL", "20260310T230000Z", "20260311T000000Z")));
        assertEquals(Set.of(), s.found(range("VJOURNAL", "20260311T000000Z", "20260312T000000Z")));
        assertEquals(Set.of(s.object("tuesday.ics"), s.object("undated.ics")), s.found("<c:comp-filter name=\"VJOURNAL\"/>"));
        assertEquals(Set.of(s.object("lunch.ics")), s.found(range("VEVENT", "20260310T000000Z", "20260311T000000Z")));

        Map<String, DavClient.Resource> listed = multistatus(s.dav().propfind(s.collection(), 0, fixture("propfind-collection.xml")));
        var components = listed.get(s.collection()).found().get(C + "supported-calendar-component-set")
                .getElementsByTagNameNS("urn:ietf:params:xml:ns:caldav", "comp");
        assertEquals(3, components.getLength(), "VEVENT, VTODO and VJOURNAL");
        assertEquals("VJOURNAL", ((org.w3c.dom.Element) components.item(2)).getAttribute("name"));
        String diary = s.collection().replace(s.calendar().getString("id"), "diary-" + UUID.randomUUID());
        created(s.dav().send("MKCALENDAR", diary, fixture("mkcalendar-journals.xml")));

        String id = "hosted:" + s.calendar().getString("id");
        Reply events = s.api().get("/api/v1/calendars/" + id + "/events", bearer(s.key()));
        assertEquals(200, events.status(), events::toString);
        assertEquals(List.of("Lunch"), titles(events));
        Reply window = s.api().get("/api/v1/calendars/" + id + "/events?start=2026-03-10T00:00:00Z&end=2026-03-11T00:00:00Z",
                bearer(s.key()));
        assertEquals(List.of("Lunch"), titles(window), window::toString);

        Reply feed = s.api().get("/feed/" + s.calendar().getString("feedToken"));
        assertEquals(200, feed.status(), feed::toString);
        assertTrue(feed.body().contains("SUMMARY:Lunch"), feed::toString);
        assertFalse(feed.body().contains("VJOURNAL"), feed::toString);

        Reply busy = s.dav().report(s.collection(), fixture("free-busy-range.xml", "start", "20260301T000000Z",
                "end", "20260401T000000Z"));
        assertEquals(200, busy.status(), busy::toString);
        assertEquals(List.of("FREEBUSY;FBTYPE=BUSY:20260310T120000Z/20260310T130000Z"),
                busy.body().lines().filter(l -> l.startsWith("FREEBUSY")).toList());

        Setup other = setup();
        assertEquals(404, other.dav().send("GET", s.object("tuesday.ics"), null).status(), "another account's journal");
    }

    private static List<String> titles(Reply reply) {
        return reply.dataArray().stream().map(v -> v.asJsonObject().getString("title")).toList();
    }

    @Test
    void anAllDaySeriesExpandsToDateInstances() {
        Setup s = setup();
        created(s.dav().put(s.object("conference.ics"), fixture("all-day-series.ics", "uid", "c-" + UUID.randomUUID())));

        Reply reply = s.dav().report(s.collection(), fixture("query-expand-range.xml", "start", "20260301T000000Z",
                "end", "20260401T000000Z"));
        String expanded = multistatus(reply).get(s.object("conference.ics")).text(CALENDAR_DATA);

        assertTrue(expanded.contains("DTSTART;VALUE=DATE:20260311\r\nDTEND;VALUE=DATE:20260312\r\nRECURRENCE-ID;VALUE=DATE:20260311"),
                expanded);
        assertFalse(expanded.contains("DTSTART:2026") || expanded.contains("RECURRENCE-ID:2026"), "no UTC midnights: " + expanded);
        assertFalse(expanded.contains("DTSTART;VALUE=DATE:20260312"), "the EXDATE: " + expanded);
        assertTrue(expanded.contains("SUMMARY:Conference (workshops)\r\nDTSTART;VALUE=DATE:20260313"), expanded);
    }

    @Test
    void partialRetrievalAnswersOnlyWhatIsAskedInQueryMultigetAndPropfind() {
        Setup s = setup();
        String uid = "r-" + UUID.randomUUID();
        created(s.dav().put(s.object("review.ics"), fixture("review-with-alarm.ics").replace("review@calendarpipe.test", uid)));
        String expected = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nSUMMARY:Quarterly REVIEW at CAFÉ Müller\r\nEND:VEVENT\r\nEND:VCALENDAR";

        Reply query = s.query(SUMMARIES, "<c:comp-filter name=\"VEVENT\"/>");
        assertEquals(expected, multistatus(query).get(s.object("review.ics")).text(CALENDAR_DATA));
        Reply multiget = s.dav().report(s.collection(), fixture("multiget-data.xml", "data", SUMMARIES, "href", s.object("review.ics")));
        assertEquals(expected, multistatus(multiget).get(s.object("review.ics")).text(CALENDAR_DATA));
        Reply propfind = s.dav().propfind(s.collection(), 1, fixture("propfind-data.xml", "data", SUMMARIES));
        assertEquals(expected, multistatus(propfind).get(s.object("review.ics")).text(CALENDAR_DATA));

        Reply novalue = s.query("<c:comp name=\"VCALENDAR\"><c:comp name=\"VEVENT\"><c:prop name=\"ATTENDEE\" novalue=\"yes\"/>"
                + "</c:comp></c:comp>", "");
        String attendees = multistatus(novalue).get(s.object("review.ics")).text(CALENDAR_DATA);
        assertTrue(attendees.contains("ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED:\r\n") && !attendees.contains("mailto:"), attendees);
    }

    @Test
    void limitRecurrenceSetKeepsTheMasterAndOnlyTheOverridesInTheRange() {
        Setup s = setup();
        created(s.dav().put(s.object("weekly.ics"), fixture("weekly-with-override.ics", "uid", "w-" + UUID.randomUUID())));

        String early = multistatus(s.query("<c:limit-recurrence-set start=\"20260301T000000Z\" end=\"20260320T000000Z\"/>", ""))
                .get(s.object("weekly.ics")).text(CALENDAR_DATA);
        assertTrue(early.contains("RRULE:FREQ=WEEKLY"), early);
        assertFalse(early.contains("RECURRENCE-ID"), early);
        String moved = multistatus(s.query("<c:limit-recurrence-set start=\"20260326T000000Z\" end=\"20260327T000000Z\"/>", ""))
                .get(s.object("weekly.ics")).text(CALENDAR_DATA);
        assertTrue(moved.contains("RRULE:FREQ=WEEKLY") && moved.contains("SUMMARY:Weekly Sync (moved)"), moved);
    }

    @Test
    void aTimeRangeOnAlarmsFindsTheEventsWhoseAlarmsFireInIt() {
        Setup s = setup();
        created(s.dav().put(s.object("review.ics"), fixture("review-with-alarm.ics")
                .replace("review@calendarpipe.test", "r-" + UUID.randomUUID())));   // 10 March 14:00Z, alarm 13:45Z
        created(s.dav().put(s.object("standup.ics"), fixture("daily-with-alarm.ics", "uid", "d-" + UUID.randomUUID(),
                "until", "COUNT=5", "trigger", "TRIGGER;RELATED=END:PT5M")));   // 10-14 March 14:00Z, alarm 15:05Z
        created(s.dav().put(s.object("lunch.ics"), fixture("simple.ics", "uid", "l-" + UUID.randomUUID(),
                "start", "20260310T133000Z", "end", "20260310T143000Z", "summary", "Lunch")));

        assertEquals(Set.of(s.object("review.ics")), s.found(alarmRange("20260310T134000Z", "20260310T135000Z")));
        assertEquals(Set.of(s.object("standup.ics")), s.found(alarmRange("20260312T150000Z", "20260312T151000Z")));
        assertEquals(Set.of(), s.found(alarmRange("20260315T150000Z", "20260315T151000Z")), "after the series' last alarm");
    }

    @Test
    void hostileCalendarDataAndAlarmsGetAClearAnswer() {
        Setup s = setup();
        created(s.dav().put(s.object("lunch.ics"), fixture("simple.ics", "uid", "l-" + UUID.randomUUID(),
                "start", "20260310T120000Z", "end", "20260310T130000Z", "summary", "Lunch")));
        String deep = "<c:comp name=\"VCALENDAR\">" + "<c:comp name=\"VEVENT\">".repeat(20) + "</c:comp>".repeat(21);
        Map<String, String> refusals = Map.of(
                "<c:comp name=\"VCALENDAR\"><c:comp name=\"VNOTHING\"/></c:comp>", "400",
                deep, "400",
                "<c:comp name=\"VCALENDAR\"><c:allprop/><c:prop name=\"VERSION\"/></c:comp>", "400",
                "<c:expand start=\"20260301T000000Z\"/><c:limit-recurrence-set start=\"20260301T000000Z\"/>", "400",
                "<c:limit-recurrence-set start=\"tomorrow\"/>", "400");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            for (Reply reply : List.of(s.query(refusal.getKey(), ""),
                    s.dav().report(s.collection(), fixture("multiget-data.xml", "data", refusal.getKey(), "href", s.object("lunch.ics"))),
                    s.dav().propfind(s.collection(), 1, fixture("propfind-data.xml", "data", refusal.getKey())))) {
                assertEquals(refusal.getValue(), reply.status() + "", () -> refusal.getKey() + " → " + reply);
            }
        }
        Reply json = s.dav().report(s.collection(), fixture("multiget-data.xml", "data", "", "href", s.object("lunch.ics"))
                .replace("<c:calendar-data>", "<c:calendar-data content-type=\"application/calendar+json\">"));
        assertEquals(403, json.status(), json::toString);
        assertEquals(C + "supported-calendar-data", DavClient.error(json));

        Reply badTrigger = s.dav().put(s.object("bad.ics"), fixture("daily-with-alarm.ics", "uid", "b-" + UUID.randomUUID(),
                "until", "COUNT=5", "trigger", "TRIGGER:whenever"));
        assertEquals(403, badTrigger.status(), badTrigger::toString);
        assertEquals(C + "valid-calendar-data", DavClient.error(badTrigger));

        // an alarm repeating every second for 63 years on an endless series: answered (or refused as too costly) quickly
        created(s.dav().put(s.object("endless.ics"), fixture("daily-with-alarm.ics", "uid", "e-" + UUID.randomUUID(),
                "until", "INTERVAL=1", "trigger", "TRIGGER:-PT15M\nREPEAT:2000000000\nDURATION:PT1S")));
        Reply hostile = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> s.query("", alarmRange("20800101T000000Z", "20800101T000001Z")));
        assertTrue(Set.of(207, 403).contains(hostile.status()), hostile::toString);
        assertFalse(hostile.body().contains("Exception"), hostile::toString);
    }
}
