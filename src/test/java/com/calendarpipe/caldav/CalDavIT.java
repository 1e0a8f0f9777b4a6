package com.calendarpipe.caldav;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CalDAV protocol conversations: discovery, properties, objects, preconditions, collections, reports. */
class CalDavIT extends ClientIT {

    private static final String D = "{DAV:}";
    private static final String C = "{urn:ietf:params:xml:ns:caldav}";
    private static final String APPLE = "{http://apple.com/ns/ical/}";

    /** A signed-up account with a key, one calendar made over REST, and a DAV client. */
    private record Setup(ApiClient.TestAccount account, String key, JsonObject calendar, String home, String collection,
                         DavClient dav) {
        String object(String name) {
            return collection + name;
        }
    }

    private Setup setup() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "caldav");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Team\",\"timezone\":\"Europe/Berlin\",\"color\":\"#112233\"}");
        String home = "/dav/calendars/" + account.id() + "/";
        return new Setup(account, key, calendar, home, home + calendar.getString("id") + "/",
                new DavClient(api, account.email(), key));
    }

    @Test
    void discoveryFromTheRootToTheCalendars() {
        Setup s = setup();
        Reply options = s.dav().send("OPTIONS", "/dav/", null);
        assertEquals(200, options.status(), options::toString);
        assertEquals("1, 3, calendar-access, extended-mkcol, calendar-auto-schedule", options.header("DAV"));
        assertTrue(options.header("Allow").contains("MKCALENDAR") && options.header("Allow").contains("REPORT"));

        String principal = "/dav/principals/" + s.account().id() + "/";
        for (String path : List.of("/dav/", principal, s.home(), s.collection())) {
            Map<String, DavClient.Resource> found = multistatus(s.dav().propfind(path, 0, fixture("propfind-principal.xml")));
            assertEquals(principal, found.values().iterator().next().text(D + "current-user-principal"), path);
        }
        DavClient.Resource me = multistatus(s.dav().propfind(principal, 0, fixture("propfind-principal.xml"))).get(principal);
        assertEquals(s.home(), me.text(C + "calendar-home-set"));
        assertEquals(principal, me.text(D + "principal-URL"));
        assertTrue(me.text(C + "calendar-user-address-set").startsWith("mailto:" + s.account().email()), me::toString);

        Map<String, DavClient.Resource> home = multistatus(s.dav().propfind(s.home(), 1, fixture("propfind-collection.xml")));
        List<String> listed = List.copyOf(home.keySet());
        assertEquals(List.of(s.home(), s.collection()), List.of(listed.get(0), listed.get(2)), listed::toString);
        assertEquals("Calendar", home.get(listed.get(1)).text(D + "displayname"), "the default calendar of sign-up, oldest");
        DavClient.Resource calendar = home.get(s.collection());
        assertNotEquals(null, calendar.found().get(D + "resourcetype").getElementsByTagNameNS("urn:ietf:params:xml:ns:caldav", "calendar").item(0));
        assertEquals("Team", calendar.text(D + "displayname"));
        assertEquals("1", calendar.text("{http://calendarserver.org/ns/}getctag"));
        assertTrue(calendar.text(D + "sync-token").startsWith("urn:calendarpipe:sync:"));
        assertEquals("#112233", calendar.text("{http://apple.com/ns/ical/}calendar-color"));
        assertEquals(String.valueOf(512 * 1024), calendar.text(C + "max-resource-size"));
        assertEquals("mailto:" + s.calendar().getString("calendarEmail"), calendar.text(C + "calendar-user-address-set"));
        assertTrue(calendar.text(C + "calendar-timezone").contains("TZID:Europe/Berlin"));
        var components = calendar.found().get(C + "supported-calendar-component-set").getElementsByTagNameNS("urn:ietf:params:xml:ns:caldav", "comp");
        assertEquals(Set.of("VEVENT", "VTODO"), Set.of(((org.w3c.dom.Element) components.item(0)).getAttribute("name"),
                ((org.w3c.dom.Element) components.item(1)).getAttribute("name")));
        String reports = toString(calendar, D + "supported-report-set");
        for (String report : List.of("sync-collection", "calendar-query", "calendar-multiget", "free-busy-query")) {
            assertTrue(reports.contains(report), report);
        }
        assertTrue(toString(calendar, D + "current-user-privilege-set").contains("write-content"));
        assertTrue(calendar.missing().contains(D + "x-not-a-property"), "unknown properties are 404 in their own propstat");

        Reply infinite = s.dav().send("PROPFIND", s.home(), fixture("propfind-collection.xml"), "Depth", "infinity");
        assertEquals(403, infinite.status(), infinite::toString);
        assertEquals(D + "propfind-finite-depth", DavClient.error(infinite));
    }

    @Test
    void objectsArePutAndGotByteForByteWithStrongEtagsAndConditions() {
        Setup s = setup();
        String ics = fixture("weekly-with-override.ics", "uid", "weekly-" + UUID.randomUUID());
        String path = s.object("weekly.ics");
        Reply created = s.dav().put(path, ics, "If-None-Match", "*");
        assertEquals(201, created.status(), created::toString);
        String etag = created.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);

        Reply got = s.dav().send("GET", path, null);
        assertEquals(200, got.status());
        assertEquals(ics, got.body(), "byte for byte as PUT");
        assertEquals(etag, got.header("ETag"));
        assertTrue(got.header("Content-Type").startsWith("text/calendar"));
        assertEquals(304, s.dav().send("GET", path, null, "If-None-Match", etag).status());
        assertEquals(200, s.dav().send("HEAD", path, null).status());

        assertEquals(412, s.dav().put(path, ics, "If-None-Match", "*").status(), "it exists");
        assertEquals(412, s.dav().put(path, ics.replace("Room 4", "Room 5"), "If-Match", "\"stale\"").status());
        Reply updated = s.dav().put(path, ics.replace("Room 4", "Room 5"), "If-Match", etag);
        assertEquals(204, updated.status(), updated::toString);
        assertNotEquals(etag, updated.header("ETag"));
        assertEquals(412, s.dav().put(s.object("new.ics"), ics, "If-Match", etag).status(), "If-Match on nothing");
        // the collection lists it with that ETag, whether the listing shows the text or only the ETags
        for (String listing : List.of(fixture("propfind-objects.xml"),
                "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>")) {
            assertEquals(updated.header("ETag"),
                    multistatus(s.dav().propfind(s.collection(), 1, listing)).get(path).text(D + "getetag"), listing);
        }

        // one store, two views: the CalDAV object is a REST event, and ctag moved for each write
        JsonObject event = api().get("/api/v1/calendars/" + s.calendar().getString("id") + "/events", bearer(s.key()))
                .json().getJsonArray("data").getJsonObject(0);
        assertEquals("Weekly Sync", event.getString("title"));
        assertEquals("Room 5", event.getString("location"));
        assertEquals(3, ctag(s));

        assertEquals(412, s.dav().send("DELETE", path, null, "If-Match", etag).status());
        assertEquals(204, s.dav().send("DELETE", path, null, "If-Match", updated.header("ETag")).status());
        assertEquals(404, s.dav().send("GET", path, null).status());
        assertEquals(404, s.dav().send("DELETE", path, null).status());
        assertEquals(4, ctag(s));
    }

    /**
     * PROPFIND Depth 1 keeps a calendar's listing between changes (MemberListings), which a
     * sync-collection from no token shares: each change shows at once in both.
     */
    @Test
    void aListingFollowsEveryChangeHoweverItIsMade() {
        Setup s = setup();
        String etags = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>";
        String sizes = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/><d:getcontentlength/>"
                + "<x:unknown xmlns:x=\"urn:x\"/></d:prop></d:propfind>";
        assertEquals(Set.of(s.collection()), multistatus(s.dav().propfind(s.collection(), 1, etags)).keySet());

        String a = s.object("a.ics");
        String uid = "a-" + UUID.randomUUID();
        Reply put = s.dav().put(a, fixture("simple.ics", "uid", uid, "start", "20260301T100000Z",
                "end", "20260301T110000Z", "summary", "A"));
        assertEquals(201, put.status(), put::toString);
        Reply first = s.dav().propfind(s.collection(), 1, etags);
        assertEquals(first.body(), s.dav().propfind(s.collection(), 1, etags).body(), "the same listing while nothing changes");
        assertEquals(put.header("ETag"), multistatus(first).get(a).text(D + "getetag"));
        assertEquals(Map.of(a, put.header("ETag")), initialSync(s), "a sync from no token, from the same listing");

        Reply rewritten = s.dav().put(a, fixture("simple.ics", "uid", uid, "start", "20260301T100000Z",
                "end", "20260301T110000Z", "summary", "A, rewritten with a longer summary"));
        assertEquals(204, rewritten.status(), rewritten::toString);
        assertEquals(Map.of(a, rewritten.header("ETag")), initialSync(s));
        assertEquals(rewritten.header("ETag"), multistatus(s.dav().propfind(s.collection(), 1, etags)).get(a).text(D + "getetag"));
        // another property set on the same calendar: its own listing, with the new size and the unknown property 404
        DavClient.Resource sized = multistatus(s.dav().propfind(s.collection(), 1, sizes)).get(a);
        assertEquals(rewritten.header("ETag"), sized.text(D + "getetag"));
        assertEquals(String.valueOf(s.dav().send("GET", a, null).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                sized.text(D + "getcontentlength"));
        assertTrue(sized.missing().contains("{urn:x}unknown"), sized::toString);

        JsonObject event = api().createEvent(s.key(), s.calendar().getString("id"), """
                {"title":"From REST","start":{"dateTime":"2026-03-05T09:00:00","timeZone":"Europe/Berlin"}}""");
        String b = s.object(event.getString("id") + ".ics");
        assertEquals(Set.of(s.collection(), a, b), multistatus(s.dav().propfind(s.collection(), 1, etags)).keySet(),
                "an event written over REST");
        assertEquals(Set.of(a, b), initialSync(s).keySet());
        assertEquals(204, api().send("DELETE", "/api/v1/events/" + event.getString("id"), null, bearer(s.key())).status());
        assertEquals(204, s.dav().send("DELETE", a, null).status());
        assertEquals(Set.of(s.collection()), multistatus(s.dav().propfind(s.collection(), 1, etags)).keySet(),
                "both deletes");
        assertEquals(Map.of(), initialSync(s));
    }

    /** The members a sync-collection from no token lists, with their ETags; it must carry a token. */
    private static Map<String, String> initialSync(Setup s) {
        Reply sync = s.dav().report(s.collection(), fixture("sync.xml", "token", ""));
        assertEquals(207, sync.status(), sync::toString);
        assertTrue(DavClient.syncToken(sync).startsWith("urn:"), sync::toString);
        Map<String, String> etags = new java.util.HashMap<>();
        multistatus(sync).forEach((href, member) -> etags.put(href, member.text(D + "getetag")));
        return etags;
    }

    @Test
    void anEventWrittenOverRestIsAVeventOverCalDav() {
        Setup s = setup();
        JsonObject event = api().createEvent(s.key(), s.calendar().getString("id"), """
                {"title":"From REST","start":{"dateTime":"2026-03-05T09:00:00","timeZone":"Europe/Berlin"}}""");
        Map<String, DavClient.Resource> members = multistatus(s.dav().propfind(s.collection(), 1, fixture("propfind-objects.xml")));
        String href = s.object(event.getString("id") + ".ics");
        assertTrue(members.containsKey(href), members::toString);
        String data = members.get(href).text(C + "calendar-data");
        assertTrue(data.contains("BEGIN:VEVENT") && data.contains("SUMMARY:From REST")
                && data.contains("DTSTART;TZID=Europe/Berlin:20260305T090000") && data.contains("BEGIN:VTIMEZONE"), data);
        assertEquals(data, s.dav().send("GET", href, null).body().strip());

        Reply changed = s.dav().put(href, s.dav().send("GET", href, null).body().replace("From REST", "Changed over CalDAV"));
        assertEquals(204, changed.status(), changed::toString);
        assertEquals("Changed over CalDAV", api().get("/api/v1/events/" + event.getString("id"), bearer(s.key())).data().getString("title"));
    }

    @Test
    void preconditionsAnswerWithDavErrorBodies() {
        Setup s = setup();
        String uid = "dup-" + UUID.randomUUID();
        assertEquals(201, s.dav().put(s.object("a.ics"), fixture("simple.ics", "uid", uid, "start", "20260301T100000Z",
                "end", "20260301T110000Z", "summary", "A")).status());
        Reply duplicate = s.dav().put(s.object("b.ics"), fixture("simple.ics", "uid", uid, "start", "20260302T100000Z",
                "end", "20260302T110000Z", "summary", "B"));
        assertEquals(403, duplicate.status(), duplicate::toString);
        assertEquals(C + "no-uid-conflict " + s.object("a.ics"), DavClient.error(duplicate));

        Map<String, String> refusals = Map.of(
                "BEGIN:VCALENDAR\r\nthis is not iCalendar\r\n", "valid-calendar-data",
                fixture("two-uids.ics"), "valid-calendar-object-resource",
                fixture("freebusy.ics"), "supported-calendar-component");
        for (var refusal : refusals.entrySet()) {
            Reply reply = s.dav().put(s.object("bad.ics"), refusal.getKey());
            assertEquals(403, reply.status(), reply::toString);
            assertEquals(C + refusal.getValue(), DavClient.error(reply));
        }
        String huge = fixture("simple.ics", "uid", "huge", "start", "20260301T100000Z", "end", "20260301T110000Z",
                "summary", "x".repeat(600 * 1024));
        Reply tooLarge = s.dav().put(s.object("huge.ics"), huge);
        assertEquals(403, tooLarge.status());
        assertEquals(C + "max-resource-size", DavClient.error(tooLarge));
        assertEquals(404, s.dav().send("GET", s.object("bad.ics"), null).status(), "nothing refused was stored");
        assertEquals(2, ctag(s));
    }

    @Test
    void calendarsAreMadeChangedAndDeletedOverCalDav() {
        Setup s = setup();
        String made = s.home() + "made-by-client/";
        Reply mk = s.dav().send("MKCALENDAR", made, fixture("mkcalendar.xml"));
        assertEquals(201, mk.status(), mk::toString);
        assertEquals(403, s.dav().send("MKCALENDAR", made, fixture("mkcalendar.xml")).status(), "it exists");
        JsonObject rest = calendarNamed(s, "Made over CalDAV");
        assertEquals("From a calendar client", rest.getString("description"));
        assertEquals("#3A87AD", rest.getString("color"), "Apple's #RRGGBBAA loses its alpha");

        Reply mkcol = s.dav().send("MKCOL", s.home() + "extended/", fixture("mkcol.xml"));
        assertEquals(201, mkcol.status(), mkcol::toString);
        assertEquals("Extended MKCOL", calendarNamed(s, "Extended MKCOL").getString("name"));

        Reply patched = s.dav().send("PROPPATCH", made, fixture("proppatch.xml"));
        DavClient.Resource result = multistatus(patched).get(made);
        assertEquals(Set.of(D + "displayname", "{http://apple.com/ns/ical/}calendar-color", C + "calendar-timezone",
                C + "calendar-description"), result.found().keySet());
        JsonObject renamed = calendarNamed(s, "Renamed over CalDAV");
        assertEquals("#FF0000", renamed.getString("color"));
        assertEquals("America/New_York", renamed.getString("timezone"));
        assertTrue(renamed.isNull("description"));

        // a property of no field is kept as set (RFC 4918 §4); one the server computes is not, and then nothing is
        Reply kept = s.dav().send("PROPPATCH", made, fixture("proppatch-unknown.xml"));
        assertEquals(Set.of(D + "displayname", "{http://example.com/ns/}favourite-number"),
                multistatus(kept).get(made).found().keySet(), kept::toString);
        assertEquals("7", multistatus(s.dav().propfind(made, 0, """
                <d:propfind xmlns:d="DAV:"><d:prop><x:favourite-number xmlns:x="http://example.com/ns/"/></d:prop></d:propfind>"""))
                .get(made).text("{http://example.com/ns/}favourite-number"));
        Reply refused = s.dav().send("PROPPATCH", made, fixture("proppatch-unknown.xml")
                .replace("Should not stick", "Refused with the ETag").replace("</d:prop>", "<d:getetag>\"x\"</d:getetag></d:prop>"));
        DavClient.Resource none = multistatus(refused).get(made);
        assertTrue(none.found().isEmpty());
        assertEquals(Set.of(D + "displayname", "{http://example.com/ns/}favourite-number", D + "getetag"), none.missing());
        assertTrue(refused.body().contains("424 Failed Dependency") && refused.body().contains("403 Forbidden"));
        assertEquals("Should not stick", calendarNamed(s, "Should not stick").getString("name"), "all or nothing");

        assertEquals(204, s.dav().send("DELETE", made, null).status());
        assertEquals(404, s.dav().propfind(made, 0, null).status());
        assertEquals(404, api().get("/api/v1/hosted-calendars/" + renamed.getString("id"), bearer(s.key())).status());

        // regenerating the feed token leaves the collection where it is: its name is not the token
        String fresh = api().send("POST", "/api/v1/hosted-calendars/" + s.calendar().getString("id") + "/regenerate-token",
                null, bearer(s.key())).data().getString("feedToken");
        assertEquals(207, s.dav().propfind(s.collection(), 0, null).status());
        assertEquals(404, s.dav().propfind(s.home() + fresh + "/", 0, null).status(), "the token names no collection");
        assertEquals(404, s.dav().propfind(s.home() + s.calendar().getString("feedToken") + "/", 0, null).status());
    }

    @Test
    void calendarQueryFiltersWithRecurrenceTextAndParameters() {
        Setup s = setup();
        s.dav().put(s.object("weekly.ics"), fixture("weekly-with-override.ics", "uid", "w-" + UUID.randomUUID()));
        s.dav().put(s.object("other.ics"), fixture("simple.ics", "uid", "o-" + UUID.randomUUID(),
                "start", "20260318T120000Z", "end", "20260318T130000Z", "summary", "lunch WITH team"));
        s.dav().put(s.object("todo.ics"), fixture("todo.ics", "uid", "t-" + UUID.randomUUID()));

        // 19 March is the EXDATE: nothing that day; the lunch is on the 18th
        assertEquals(Set.of(), hrefs(s, fixture("query-time-range.xml", "start", "20260319T000000Z", "end", "20260320T000000Z")));
        assertEquals(Set.of(s.object("other.ics")),
                hrefs(s, fixture("query-time-range.xml", "start", "20260318T000000Z", "end", "20260319T000000Z")));
        // 26 March 09:00 Berlin (08:00Z) was that instance's slot until the override moved it to 11:00 (10:00Z)
        assertEquals(Set.of(), hrefs(s, fixture("query-time-range.xml", "start", "20260326T080000Z", "end", "20260326T085900Z")));
        assertEquals(Set.of(s.object("weekly.ics")),
                hrefs(s, fixture("query-time-range.xml", "start", "20260326T100000Z", "end", "20260326T103000Z")));
        // a year later the series still runs
        assertEquals(Set.of(s.object("weekly.ics")),
                hrefs(s, fixture("query-time-range.xml", "start", "20270301T000000Z", "end", "20270308T000000Z")));

        assertEquals(Set.of(s.object("other.ics")), hrefs(s, text("With TEAM", "i;ascii-casemap", "no")));
        assertEquals(Set.of(), hrefs(s, text("With TEAM", "i;octet", "no")));
        assertEquals(Set.of(s.object("other.ics")), hrefs(s, text("WITH team", "i;octet", "no")));
        assertEquals(Set.of(s.object("weekly.ics")), hrefs(s, text("lunch", "i;ascii-casemap", "yes")));
        Reply badCollation = s.dav().report(s.collection(), text("x", "i;klingon", "no"));
        assertEquals(403, badCollation.status());
        assertEquals(C + "supported-collation", DavClient.error(badCollation));

        assertEquals(Set.of(s.object("weekly.ics")), hrefs(s, fixture("query-filters.xml")));
        Map<String, DavClient.Resource> todos = multistatus(s.dav().report(s.collection(), fixture("query-todos.xml")));
        assertEquals(Set.of(s.object("todo.ics")), todos.keySet());
        assertTrue(todos.get(s.object("todo.ics")).text(C + "calendar-data").contains("BEGIN:VTODO"));

        String expanded = multistatus(s.dav().report(s.collection(), fixture("query-expand.xml")))
                .get(s.object("weekly.ics")).text(C + "calendar-data");
        assertFalse(expanded.contains("RRULE"), expanded);
        for (String line : List.of("RECURRENCE-ID:20260326T080000Z", "DTSTART:20260326T100000Z", "SUMMARY:Weekly Sync (moved)",
                "RECURRENCE-ID:20260402T070000Z", "DTSTART:20260402T070000Z")) {
            assertTrue(expanded.contains(line), () -> line + " in " + expanded);
        }
        assertFalse(expanded.contains("20260319"), "the EXDATE is not an instance");
    }

    @Test
    void multigetAndFreeBusy() {
        Setup s = setup();
        String weekly = fixture("weekly-with-override.ics", "uid", "w-" + UUID.randomUUID());
        s.dav().put(s.object("weekly.ics"), weekly);
        s.dav().put(s.object("lunch.ics"), fixture("simple.ics", "uid", "l-" + UUID.randomUUID(),
                "start", "20260318T120000Z", "end", "20260318T130000Z", "summary", "Lunch"));
        Map<String, DavClient.Resource> got = multistatus(s.dav().report(s.collection(), fixture("multiget.xml",
                "first", s.object("weekly.ics"), "second", "http://localhost" + s.object("lunch.ics"), "missing", s.object("gone.ics"))));
        assertEquals(weekly, got.get(s.object("weekly.ics")).text(C + "calendar-data") + "\r\n");
        assertTrue(got.get(s.object("lunch.ics")).text(C + "calendar-data").contains("SUMMARY:Lunch"));
        assertEquals(404, got.get(s.object("gone.ics")).status());

        Reply busy = s.dav().report(s.collection(), fixture("free-busy.xml"));
        assertEquals(200, busy.status(), busy::toString);
        assertTrue(busy.body().contains("BEGIN:VFREEBUSY"));
        List<String> lines = busy.body().lines().filter(l -> l.startsWith("FREEBUSY")).toList();
        assertEquals(List.of("FREEBUSY;FBTYPE=BUSY:20260318T120000Z/20260318T130000Z",
                "FREEBUSY;FBTYPE=BUSY:20260326T100000Z/20260326T110000Z",
                "FREEBUSY;FBTYPE=BUSY:20260402T070000Z/20260402T080000Z",
                "FREEBUSY;FBTYPE=BUSY:20260409T070000Z/20260409T080000Z"), lines.stream().sorted().toList());
    }

    @Test
    void syncCollectionReportsChangesAndEachDeletionOnce() {
        Setup s = setup();
        s.dav().put(s.object("one.ics"), fixture("simple.ics", "uid", "1-" + UUID.randomUUID(), "start", "20260301T100000Z",
                "end", "20260301T110000Z", "summary", "One"));
        s.dav().put(s.object("two.ics"), fixture("simple.ics", "uid", "2-" + UUID.randomUUID(), "start", "20260302T100000Z",
                "end", "20260302T110000Z", "summary", "Two"));
        s.dav().send("DELETE", s.object("two.ics"), null);

        Reply initial = s.dav().report(s.collection(), fixture("sync.xml", "token", ""));
        assertEquals(Set.of(s.object("one.ics")), multistatus(initial).keySet(), "an initial sync lists no deleted members");
        String token = DavClient.syncToken(initial);

        JsonObject rest = api().createEvent(s.key(), s.calendar().getString("id"), "{\"title\":\"Three\",\"start_at\":\"2026-03-03T10:00:00Z\"}");
        String one = s.dav().send("GET", s.object("one.ics"), null).body();
        s.dav().put(s.object("one.ics"), one.replace("SUMMARY:One", "SUMMARY:One again"));
        s.dav().send("DELETE", s.object("one.ics"), null);
        s.dav().put(s.object("four.ics"), fixture("simple.ics", "uid", "4-" + UUID.randomUUID(), "start", "20260304T100000Z",
                "end", "20260304T110000Z", "summary", "Four"));

        Reply changes = s.dav().report(s.collection(), fixture("sync.xml", "token", token));
        Map<String, DavClient.Resource> changed = multistatus(changes);
        assertEquals(Set.of(s.object(rest.getString("id") + ".ics"), s.object("one.ics"), s.object("four.ics")), changed.keySet());
        assertEquals(404, changed.get(s.object("one.ics")).status());
        String next = DavClient.syncToken(changes);
        assertNotEquals(token, next);
        assertEquals(Set.of(), multistatus(s.dav().report(s.collection(), fixture("sync.xml", "token", next))).keySet(),
                "a deletion is reported once per token");

        Reply limited = s.dav().report(s.collection(), fixture("sync-limit.xml", "token", token, "limit", "2"));
        Map<String, DavClient.Resource> page = multistatus(limited);
        assertEquals(3, page.size(), limited::toString);
        assertEquals(507, page.get(s.collection()).status(), "truncated");
        Map<String, DavClient.Resource> rest2 = multistatus(s.dav().report(s.collection(),
                fixture("sync.xml", "token", DavClient.syncToken(limited))));
        assertEquals(Set.of(s.object("four.ics")), rest2.keySet());

        for (String bad : List.of("urn:calendarpipe:sync:nope:1", "junk", token.replaceAll(":\\d+$", ":999"))) {
            Reply reply = s.dav().report(s.collection(), fixture("sync.xml", "token", bad));
            assertEquals(403, reply.status(), bad);
            assertEquals(D + "valid-sync-token", DavClient.error(reply));
        }
    }

    @Test
    void allpropPropnameAndReportsTheServerDoesNotKnow() {
        Setup s = setup();
        String weekly = fixture("weekly-with-override.ics", "uid", "w-" + UUID.randomUUID());
        s.dav().put(s.object("weekly.ics"), weekly);
        DavClient.Resource all = multistatus(s.dav().propfind(s.collection(), 0, fixture("propfind-allprop.xml"))).get(s.collection());
        assertEquals("Team", all.text(D + "displayname"));
        assertTrue(all.found().containsKey("{http://calendarserver.org/ns/}getctag"));
        assertEquals(all.found().keySet(), multistatus(s.dav().propfind(s.collection(), 0, null)).get(s.collection()).found().keySet(),
                "an empty PROPFIND is allprop");
        DavClient.Resource names = multistatus(s.dav().propfind(s.object("weekly.ics"), 0, fixture("propfind-propname.xml")))
                .get(s.object("weekly.ics"));
        assertTrue(names.found().keySet().containsAll(Set.of(D + "getetag", D + "getcontenttype", D + "getlastmodified")));
        assertTrue(names.found().values().stream().allMatch(e -> e.getTextContent().isEmpty()), "names only");

        Reply unknown = s.dav().report(s.collection(), fixture("report-unknown.xml"));
        assertEquals(403, unknown.status(), unknown::toString);
        assertEquals(D + "supported-report", DavClient.error(unknown));
        Reply onHome = s.dav().report(s.home(), fixture("sync.xml", "token", ""));
        assertEquals(403, onHome.status());

        // limit-recurrence-set keeps the master and the override moved inside the range (RFC 4791 §9.6.6)
        String limited = multistatus(s.dav().report(s.collection(), fixture("query-limit-recurrence-set.xml")))
                .get(s.object("weekly.ics")).text(C + "calendar-data");
        assertTrue(limited.contains("RRULE:FREQ=WEEKLY") && limited.contains("SUMMARY:Weekly Sync (moved)"), limited);
    }

    @Test
    void anotherAccountsPathsAreNotFound() {
        Setup owner = setup();
        owner.dav().put(owner.object("mine.ics"), fixture("simple.ics", "uid", "m-" + UUID.randomUUID(),
                "start", "20260301T100000Z", "end", "20260301T110000Z", "summary", "Mine"));
        Setup stranger = setup();
        for (String path : List.of("/dav/principals/" + owner.account().id() + "/", owner.home(), owner.collection(),
                owner.object("mine.ics"))) {
            assertEquals(404, stranger.dav().propfind(path, 0, null).status(), path);
        }
        assertEquals(404, stranger.dav().send("GET", owner.object("mine.ics"), null).status());
        assertEquals(404, stranger.dav().put(owner.object("mine.ics"), fixture("simple.ics", "uid", "x", "start",
                "20260301T100000Z", "end", "20260301T110000Z", "summary", "Taken")).status());
        assertEquals(404, stranger.dav().send("DELETE", owner.object("mine.ics"), null).status());
        assertEquals(404, stranger.dav().send("DELETE", owner.collection(), null).status());
        assertEquals(404, stranger.dav().report(owner.collection(), fixture("sync.xml", "token", "")).status());
        assertEquals(200, owner.dav().send("GET", owner.object("mine.ics"), null).status());
    }

    /**
     * A task list made the way Apple Reminders (MKCALENDAR) and DAVx5 (extended MKCOL) make one,
     * naming VTODO alone in supported-calendar-component-set, stays a task list (RFC 4791 §5.2.3,
     * §5.3.1): it says so, refuses an event (supported-calendar-component) and REST shows it; an
     * event calendar made by Thunderbird refuses a to-do.
     */
    @Test
    void aTaskListMadeByAppleRemindersOrDavx5StaysATaskList() {
        Setup s = setup();
        String reminders = s.home() + "reminders-" + UUID.randomUUID() + "/";
        Reply made = s.dav().send("MKCALENDAR", reminders, fixture("mkcalendar-apple-reminders.xml"));
        assertEquals(201, made.status(), made::toString);
        String tasks = s.home() + "tasks-" + UUID.randomUUID() + "/";
        Reply mkcol = s.dav().send("MKCOL", tasks, fixture("mkcol-davx5-tasks.xml"));
        assertEquals(201, mkcol.status(), mkcol::toString);
        for (String list : List.of(reminders, tasks)) {
            DavClient.Resource props = multistatus(s.dav().propfind(list, 0, fixture("propfind-kept.xml"))).get(list);
            assertEquals(List.of("VTODO"), components(props), list);
            Reply event = s.dav().put(list + "lunch.ics", fixture("simple.ics", "uid", "l-" + UUID.randomUUID(),
                    "start", "20260310T120000Z", "end", "20260310T130000Z", "summary", "Lunch"));
            assertEquals(403, event.status(), event::toString);
            assertEquals(C + "supported-calendar-component", DavClient.error(event));
            Reply todo = s.dav().put(list + "milk.ics", fixture("todo.ics", "uid", "t-" + UUID.randomUUID()));
            assertEquals(201, todo.status(), todo::toString);
        }
        JsonObject groceries = calendarNamed(s, "Groceries");
        assertEquals(List.of("VTODO"), groceries.getJsonArray("components").getValuesAs(jakarta.json.JsonString::getString));
        Reply restEvent = api().send("POST", "/api/v1/calendars/hosted:" + groceries.getString("id") + "/events",
                "{\"title\":\"Lunch\",\"start_at\":\"2026-03-10T12:00:00Z\"}", bearer(s.key()));
        assertEquals(409, restEvent.status(), restEvent::toString);

        String work = s.home() + "work-" + UUID.randomUUID() + "/";
        assertEquals(201, s.dav().send("MKCALENDAR", work, fixture("mkcalendar-thunderbird.xml")).status());
        assertEquals(List.of("VEVENT"), components(multistatus(s.dav().propfind(work, 0, fixture("propfind-kept.xml"))).get(work)));
        Reply todo = s.dav().put(work + "milk.ics", fixture("todo.ics", "uid", "t-" + UUID.randomUUID()));
        assertEquals(403, todo.status(), todo::toString);
        assertEquals(C + "supported-calendar-component", DavClient.error(todo));
        // a calendar made over REST holds all three, as before
        assertEquals(List.of("VEVENT", "VTODO", "VJOURNAL"),
                s.calendar().getJsonArray("components").getValuesAs(jakarta.json.JsonString::getString));
    }

    /**
     * What Apple Calendar sets when it makes a calendar and when it reorders the list (MKCALENDAR,
     * then PROPPATCH of calendar-order), and a dead property of any namespace, with markup and
     * xml:lang, are read back as they were set until removed (RFC 4918 §4, §9.2): a 200 is kept.
     */
    @Test
    void whatAppleCalendarSetsIsReadBackAsItWasSet() {
        Setup s = setup();
        String reminders = s.home() + "r-" + UUID.randomUUID() + "/";
        assertEquals(201, s.dav().send("MKCALENDAR", reminders, fixture("mkcalendar-apple-reminders.xml")).status());
        DavClient.Resource made = multistatus(s.dav().propfind(reminders, 0, fixture("propfind-kept.xml"))).get(reminders);
        assertEquals("Groceries", made.text(D + "displayname"));
        assertEquals("3", made.text(APPLE + "calendar-order"), made::toString);
        assertEquals("#FF9500FF", made.text(APPLE + "calendar-color"), "as sent, with its alpha");
        assertEquals("orange", made.found().get(APPLE + "calendar-color").getAttribute("symbolic-color"));
        String sentZone = fixture("mkcalendar-apple-reminders.xml").replaceAll("(?s).*<B:calendar-timezone>(.*)</B:calendar-timezone>.*", "$1")
                .replace("&#13;", "").strip();
        assertEquals(sentZone, made.text(C + "calendar-timezone").replace("\r", ""), "the VTIMEZONE as Apple sent it");
        JsonObject rest = calendarNamed(s, "Groceries");
        assertEquals("#FF9500", rest.getString("color"));
        assertEquals("Europe/Berlin", rest.getString("timezone"));

        Reply reorder = s.dav().send("PROPPATCH", reminders, """
                <?xml version="1.0" encoding="UTF-8"?>
                <A:propertyupdate xmlns:A="DAV:"><A:set><A:prop>
                <B:calendar-order xmlns:B="http://apple.com/ns/ical/">5</B:calendar-order>
                <X:sort-key xmlns:X="http://example.com/ns/" xml:lang="de"><X:part n="1">Einkauf</X:part><Y:tag xmlns:Y="urn:y"/></X:sort-key>
                </A:prop></A:set></A:propertyupdate>""");
        DavClient.Resource patched = multistatus(reorder).get(reminders);
        assertEquals(Set.of(APPLE + "calendar-order", "{http://example.com/ns/}sort-key"), patched.found().keySet(), reorder::toString);
        DavClient.Resource read = multistatus(s.dav().propfind(reminders, 0, fixture("propfind-kept.xml"))).get(reminders);
        assertEquals("5", read.text(APPLE + "calendar-order"));
        org.w3c.dom.Element key = read.found().get("{http://example.com/ns/}sort-key");
        assertEquals("de", key.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang"), read::toString);
        org.w3c.dom.Element part = (org.w3c.dom.Element) key.getElementsByTagNameNS("http://example.com/ns/", "part").item(0);
        assertEquals("Einkauf", part.getTextContent());
        assertEquals("1", part.getAttribute("n"));
        assertEquals(1, key.getElementsByTagNameNS("urn:y", "tag").getLength());
        assertTrue(multistatus(s.dav().propfind(reminders, 0, fixture("propfind-allprop.xml"))).get(reminders).found()
                .containsKey("{http://example.com/ns/}sort-key"), "allprop shows dead properties (RFC 4918 §9.1)");

        Reply removed = s.dav().send("PROPPATCH", reminders, """
                <A:propertyupdate xmlns:A="DAV:"><A:remove><A:prop><B:calendar-order xmlns:B="http://apple.com/ns/ical/"/>
                </A:prop></A:remove></A:propertyupdate>""");
        assertEquals(Set.of(APPLE + "calendar-order"), multistatus(removed).get(reminders).found().keySet(), removed::toString);
        assertTrue(multistatus(s.dav().propfind(reminders, 0, fixture("propfind-kept.xml"))).get(reminders).missing()
                .contains(APPLE + "calendar-order"));

        // a color changed elsewhere is the calendar's color, not the alpha form Apple sent before
        assertEquals(200, api().send("PATCH", "/api/v1/hosted-calendars/" + rest.getString("id"), "{\"color\":\"#00AA00\"}",
                bearer(s.key())).status());
        assertEquals("#00AA00", multistatus(s.dav().propfind(reminders, 0, fixture("propfind-kept.xml"))).get(reminders)
                .text(APPLE + "calendar-color"));
    }

    /** A PUT over an existing object with another UID would swap the event: refused (RFC 4791 §5.3.2.1 no-uid-conflict). */
    @Test
    void aPutWithAnotherUidNeverReplacesTheObjectThere() {
        Setup s = setup();
        String first = fixture("simple.ics", "uid", "first-" + UUID.randomUUID(), "start", "20260301T100000Z",
                "end", "20260301T110000Z", "summary", "First");
        Reply created = s.dav().put(s.object("x.ics"), first);
        assertEquals(201, created.status(), created::toString);
        String second = fixture("simple.ics", "uid", "second-" + UUID.randomUUID(), "start", "20260302T100000Z",
                "end", "20260302T110000Z", "summary", "Second");
        for (Reply swap : List.of(s.dav().put(s.object("x.ics"), second, "If-Match", created.header("ETag")),
                s.dav().put(s.object("x.ics"), second))) {
            assertEquals(403, swap.status(), swap::toString);
            assertEquals(C + "no-uid-conflict " + s.object("x.ics"), DavClient.error(swap));
        }
        assertEquals(first, s.dav().send("GET", s.object("x.ics"), null).body(), "the first event is still there");
        assertEquals(2, ctag(s), "nothing was written");
    }

    /**
     * A calendar-query whose filter RFC 4791 §9.7 does not allow is refused with 403 valid-filter
     * (§7.8), never answered as if it were another question: a time range directly in the
     * VCALENDAR filter asked "everything", and got every event of every year.
     */
    @Test
    void anInvalidCalendarQueryIsRefusedNotAnsweredAsAnotherQuestion() {
        Setup s = setup();
        assertEquals(201, s.dav().put(s.object("2027.ics"), fixture("simple.ics", "uid", "y-" + UUID.randomUUID(),
                "start", "20270310T120000Z", "end", "20270310T130000Z", "summary", "Next year")).status());
        String range2000 = "<c:time-range start=\"20000101T000000Z\" end=\"20010101T000000Z\"/>";
        List<String> invalid = List.of(
                "<c:comp-filter name=\"VCALENDAR\">" + range2000 + "</c:comp-filter>",
                "<c:comp-filter name=\"VCALENDAR\">" + range2000 + "<c:comp-filter name=\"VEVENT\"/></c:comp-filter>",
                vevent("<c:comp-filter name=\"VEVENT\"/>"),
                "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VALARM\"/></c:comp-filter>",
                vevent("<c:prop-filter name=\"SUMMARY\">" + range2000 + "</c:prop-filter>"),
                vevent("<c:prop-filter name=\"DTSTART\">" + range2000 + "<c:text-match>2000</c:text-match></c:prop-filter>"),
                vevent("<c:prop-filter name=\"SUMMARY\"><c:is-not-defined/><c:text-match>x</c:text-match></c:prop-filter>"),
                "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\"><c:is-not-defined/>" + range2000
                        + "</c:comp-filter></c:comp-filter>",
                vevent("<c:prop-filter name=\"DTSTART\"><c:param-filter name=\"TZID\">" + range2000 + "</c:param-filter></c:prop-filter>"),
                vevent(range2000 + range2000),
                vevent("<c:prop-filter name=\"SUMMARY\"><c:text-match negate-condition=\"maybe\">x</c:text-match></c:prop-filter>"),
                vevent("<c:prop-filter><c:text-match>x</c:text-match></c:prop-filter>"),
                vevent("<c:time-range start=\"tomorrow\"/>"),
                vevent("<c:time-range start=\"20270101T000000Z\" end=\"20260101T000000Z\"/>"),
                vevent("<c:frobnicate/>"));
        for (String filter : invalid) {
            Reply reply = s.dav().report(s.collection(), query(filter));
            assertEquals(403, reply.status(), () -> filter + " → " + reply);
            assertEquals(C + "valid-filter", DavClient.error(reply), filter);
        }
        Reply unknown = s.dav().report(s.collection(), query("<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"X-THING\"/></c:comp-filter>"));
        assertEquals(403, unknown.status(), unknown::toString);
        assertEquals(C + "supported-filter", DavClient.error(unknown));
        // the question asked right is answered right, floating times in the zone the query names (RFC 4791 §9.8)
        assertEquals(Set.of(), multistatus(s.dav().report(s.collection(), query(vevent(range2000)))).keySet());
        assertEquals(201, s.dav().put(s.object("floating.ics"), fixture("simple.ics", "uid", "f-" + UUID.randomUUID(),
                "start", "20260310T090000", "end", "20260310T093000", "summary", "Nine wherever you are")).status());
        String eightUtc = vevent("<c:time-range start=\"20260310T080000Z\" end=\"20260310T081500Z\"/>");
        String berlin = "<c:timezone>" + Properties.timezone("Europe/Berlin").replace("\r", "&#13;") + "</c:timezone>";
        assertEquals(Set.of(s.object("floating.ics")), multistatus(s.dav().report(s.collection(),
                fixture("query-filter.xml", "data", "", "filter", eightUtc, "timezone", berlin))).keySet(), "09:00 in Berlin");
        assertEquals(Set.of(), multistatus(s.dav().report(s.collection(), query(eightUtc))).keySet(), "09:00 UTC without one");
        assertEquals(Set.of(s.object("2027.ics")), multistatus(s.dav().report(s.collection(),
                query(vevent("<c:time-range start=\"20270101T000000Z\"/>")))).keySet());
    }

    /**
     * Every precondition a refusal breaks is named in a DAV:error element (RFC 4918 §16, RFC 4791
     * §1.3: preconditions are 403 or 409), and MKCALENDAR or PROPPATCH that cannot set a property
     * names it in a propstat (RFC 4791 §5.3.1.1, RFC 4918 §9.2.1) and changes nothing.
     */
    @Test
    void everyRefusalNamesWhatItRefused() {
        Setup s = setup();
        Reply nested = s.dav().send("MKCALENDAR", s.collection() + "nested/", fixture("mkcalendar.xml"));
        assertEquals(403, nested.status(), nested::toString);
        assertEquals(C + "calendar-collection-location-ok", DavClient.error(nested), "no calendar in a calendar (RFC 4791 §4.2)");
        Reply longName = s.dav().send("MKCALENDAR", s.home() + "n".repeat(300) + "/", fixture("mkcalendar.xml"));
        assertEquals(403, longName.status(), longName::toString);
        assertEquals(C + "calendar-collection-location-ok", DavClient.error(longName));

        String refusedCalendar = s.home() + "p-" + UUID.randomUUID() + "/";
        Reply setsProtected = s.dav().send("MKCALENDAR", refusedCalendar, """
                <c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">
                <d:set><d:prop><d:displayname>Never made</d:displayname><cs:getctag>7</cs:getctag></d:prop></d:set></c:mkcalendar>""");
        assertEquals(207, setsProtected.status(), setsProtected::toString);
        DavClient.Resource why = DavClient.mkcolResponse(setsProtected);
        assertEquals(403, why.statusOf().get("{http://calendarserver.org/ns/}getctag"), setsProtected::toString);
        assertEquals(D + "cannot-modify-protected-property", why.errorOf().get("{http://calendarserver.org/ns/}getctag"));
        assertEquals(424, why.statusOf().get(D + "displayname"));
        assertEquals(404, s.dav().propfind(refusedCalendar, 0, null).status(), "nothing was made");

        String twoZones = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
                + "END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";
        Reply patch = s.dav().send("PROPPATCH", s.collection(), """
                <d:propertyupdate xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:x="urn:x">
                <d:set><d:prop><d:displayname>Not renamed</d:displayname><d:getetag>"x"</d:getetag>
                <c:calendar-timezone>%s</c:calendar-timezone><x:huge>%s</x:huge>
                <c:supported-calendar-component-set><c:comp name="VTODO"/></c:supported-calendar-component-set>
                </d:prop></d:set></d:propertyupdate>""".formatted(twoZones, "x".repeat(20_000)));
        DavClient.Resource result = multistatus(patch).get(s.collection());
        assertEquals(403, result.statusOf().get(D + "getetag"), patch::toString);
        assertEquals(D + "cannot-modify-protected-property", result.errorOf().get(D + "getetag"));
        assertEquals(403, result.statusOf().get(C + "supported-calendar-component-set"), "set at MKCALENDAR only (RFC 4791 §5.2.3)");
        assertEquals(409, result.statusOf().get(C + "calendar-timezone"), "one VTIMEZONE (RFC 4791 §5.2.2)");
        assertEquals(C + "valid-calendar-data", result.errorOf().get(C + "calendar-timezone"));
        assertEquals(507, result.statusOf().get("{urn:x}huge"));
        assertEquals(424, result.statusOf().get(D + "displayname"));
        assertEquals("Team", calendarNamed(s, "Team").getString("name"), "all or nothing");

        Reply zoneQuery = s.dav().report(s.collection(), fixture("query-filter.xml", "data", "",
                "filter", vevent(""), "timezone", "<c:timezone>" + twoZones + "</c:timezone>"));
        assertEquals(403, zoneQuery.status(), zoneQuery::toString);
        assertEquals(C + "valid-calendar-data", DavClient.error(zoneQuery));

        Reply level = s.dav().report(s.collection(), fixture("sync.xml", "token", "").replace("<d:sync-level>1<", "<d:sync-level>2<"));
        assertEquals(400, level.status(), "sync-level is 1 or infinite (RFC 6578 §6.3): " + level);

        Reply unknownZone = s.dav().put(s.object("mars.ics"), fixture("simple.ics", "uid", "m-" + UUID.randomUUID(),
                "start", "20260301T100000Z", "end", "20260301T110000Z", "summary", "Olympus")
                .replace("DTSTART:20260301T100000Z", "DTSTART;TZID=Mars/Olympus_Mons:20260301T100000"));
        assertEquals(403, unknownZone.status(), unknownZone::toString);
        assertEquals(C + "valid-calendar-data", DavClient.error(unknownZone), "a TZID no VTIMEZONE defines (RFC 5545 §3.6.5)");
        assertEquals(1, ctag(s), "nothing refused changed the calendar");
    }

    private static String vevent(String inside) {
        return "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">" + inside + "</c:comp-filter></c:comp-filter>";
    }

    private static String query(String filter) {
        return fixture("query-filter.xml", "data", "", "filter", filter, "timezone", "");
    }

    private static List<String> components(DavClient.Resource collection) {
        var comps = collection.found().get(C + "supported-calendar-component-set").getElementsByTagNameNS(
                "urn:ietf:params:xml:ns:caldav", "comp");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < comps.getLength(); i++) {
            names.add(((org.w3c.dom.Element) comps.item(i)).getAttribute("name"));
        }
        return names;
    }

    private Set<String> hrefs(Setup s, String report) {
        return multistatus(s.dav().report(s.collection(), report)).keySet();
    }

    private static String text(String text, String collation, String negate) {
        return fixture("query-text.xml", "text", text, "collation", collation, "negate", negate);
    }

    private long ctag(Setup s) {
        return api().get("/api/v1/hosted-calendars/" + s.calendar().getString("id"), bearer(s.key())).data()
                .getJsonNumber("ctag").longValue();
    }

    private JsonObject calendarNamed(Setup s, String name) {
        return api().get("/api/v1/hosted-calendars", bearer(s.key())).dataArray().stream()
                .map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no calendar " + name));
    }

    private static String toString(DavClient.Resource resource, String property) {
        var node = resource.found().get(property);
        StringBuilder names = new StringBuilder();
        var all = node.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            names.append(all.item(i).getLocalName()).append(' ');
        }
        return names.toString();
    }
}
