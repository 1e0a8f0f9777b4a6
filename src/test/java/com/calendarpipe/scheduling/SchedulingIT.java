package com.calendarpipe.scheduling;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * RFC 6638 scheduling as clients meet it: discovery, an organizer's invitation to an attendee
 * here and one elsewhere, the attendee's inbox and default calendar, its REPLY, CANCEL, the
 * schedule tag, free-busy by POST to the outbox, and the same invitation made over REST.
 * External attendees go through the deployment's Delivery (until iMIP is merged, "5.1").
 */
class SchedulingIT extends ClientIT {

    private static final String D = "{DAV:}";
    private static final String C = "{urn:ietf:params:xml:ns:caldav}";
    private static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    private static final String EXTERNAL = "guest@elsewhere.example";

    /** A signed-up account with a key, its one calendar (the default one sign-up made), and a DAV client. */
    private record Person(ApiClient.TestAccount account, String key, JsonObject calendar, DavClient dav, String home,
                          String collection) {
        String email() {
            return account.email();
        }

        String inbox() {
            return home + "inbox/";
        }

        String outbox() {
            return home + "outbox/";
        }
    }

    private Person person() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "scheduling");
        Reply calendars = api.get("/api/v1/hosted-calendars", ApiClient.bearer(key));
        assertEquals(200, calendars.status(), calendars::toString);
        assertEquals(1, calendars.dataArray().size(), "a new account starts with its default calendar");
        JsonObject calendar = calendars.dataArray().getJsonObject(0);
        String home = "/dav/calendars/" + account.id() + "/";
        return new Person(account, key, calendar, new DavClient(api, account.email(), key), home,
                home + calendar.getString("id") + "/");
    }

    /** An event organized by {@code organizer}, with attendee addresses (or whole ATTENDEE lines). */
    private static String invite(String uid, String organizer, String summary, String... attendees) {
        String lines = Arrays.stream(attendees)
                .map(a -> a.startsWith("ATTENDEE") ? a : "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + a)
                .collect(Collectors.joining("\n"));
        return fixture("scheduling/invite.ics", "uid", uid, "summary", summary, "organizer", organizer, "attendees", lines);
    }

    /** The calendar's objects: href → text (unfolded). */
    private static Map<String, String> objects(Person p) {
        Map<String, String> texts = new LinkedHashMap<>();
        multistatus(p.dav().propfind(p.collection(), 1, fixture("propfind-objects.xml"))).forEach((href, r) -> {
            if (!href.equals(p.collection())) {
                texts.put(href, unfold(r.text(C + "calendar-data")));
            }
        });
        return texts;
    }

    /** The href of the calendar's object with this UID, or null. */
    private static String copyOf(Person p, String uid) {
        return objects(p).entrySet().stream().filter(e -> e.getValue().contains("UID:" + uid + "\r\n"))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The texts of the messages in the person's inbox, oldest first. */
    private static List<String> inbox(Person p) {
        List<String> texts = new ArrayList<>();
        for (String href : multistatus(p.dav().propfind(p.inbox(), 1, fixture("propfind-objects.xml"))).keySet()) {
            if (!href.equals(p.inbox())) {
                Reply item = p.dav().send("GET", href, null);
                assertEquals(200, item.status(), item::toString);
                texts.add(unfold(item.body()));
            }
        }
        return texts;
    }

    private static Reply get(Person p, String href) {
        Reply reply = p.dav().send("GET", href, null);
        assertEquals(200, reply.status(), reply::toString);
        return reply;
    }

    private static String text(Person p, String href) {
        return unfold(get(p, href).body());
    }

    private static String unfold(String ics) {
        return ics.replace("\r\n ", "").replace("\r\n\t", "");
    }

    /** The (unfolded) ATTENDEE line of this address. */
    private static String attendee(String ics, String email) {
        return ics.lines().filter(l -> l.startsWith("ATTENDEE") && l.toLowerCase().endsWith("mailto:" + email.toLowerCase()))
                .findFirst().orElseThrow(() -> new AssertionError("no ATTENDEE " + email + " in\n" + ics));
    }

    private static String put(Person p, String href, String ics, int status, String... headers) {
        Reply put = p.dav().put(href, ics, headers);
        assertEquals(status, put.status(), put::toString);
        return put.header("Schedule-Tag");
    }

    @Test
    void discoveryNamesTheInboxOutboxAddressesAndDefaultCalendar() {
        Person p = person();
        Reply options = p.dav().send("OPTIONS", "/dav/", null);
        assertTrue(options.header("DAV").contains("calendar-auto-schedule"), options::toString);

        String principal = "/dav/principals/" + p.account().id() + "/";
        DavClient.Resource me = multistatus(p.dav().propfind(principal, 0, fixture("scheduling/propfind-scheduling.xml"))).get(principal);
        assertEquals(p.inbox(), me.text(C + "schedule-inbox-URL"));
        assertEquals(p.outbox(), me.text(C + "schedule-outbox-URL"));
        assertEquals("INDIVIDUAL", me.text(C + "calendar-user-type"));
        assertEquals(List.of("mailto:" + p.email(), "mailto:" + p.calendar().getString("calendarEmail")),
                hrefs(me.found().get(C + "calendar-user-address-set")));

        DavClient.Resource home = multistatus(p.dav().propfind(p.home(), 0, fixture("scheduling/propfind-scheduling.xml"))).get(p.home());
        assertEquals(p.collection(), home.text(C + "schedule-default-calendar-URL"));

        Map<String, DavClient.Resource> inbox = multistatus(p.dav().propfind(p.inbox(), 1, fixture("scheduling/propfind-scheduling.xml")));
        assertEquals(List.of(p.inbox()), List.copyOf(inbox.keySet()), "an empty inbox at first");
        assertNotNull(inbox.get(p.inbox()).found().get(D + "resourcetype").getElementsByTagNameNS(CALDAV, "schedule-inbox").item(0));
        assertNotNull(inbox.get(p.inbox()).found().get(D + "current-user-privilege-set").getElementsByTagNameNS(CALDAV, "schedule-deliver").item(0));
        assertEquals(p.collection(), inbox.get(p.inbox()).text(C + "schedule-default-calendar-URL"));

        DavClient.Resource outbox = multistatus(p.dav().propfind(p.outbox(), 0, fixture("scheduling/propfind-scheduling.xml"))).get(p.outbox());
        assertNotNull(outbox.found().get(D + "resourcetype").getElementsByTagNameNS(CALDAV, "schedule-outbox").item(0));
        assertNotNull(outbox.found().get(D + "current-user-privilege-set").getElementsByTagNameNS(CALDAV, "schedule-send").item(0));

        // the names are taken: no calendar can be made there, and nothing can be PUT into them
        assertEquals(403, p.dav().send("MKCALENDAR", p.inbox(), null).status());
        assertEquals(403, p.dav().send("MKCALENDAR", p.outbox(), null).status());
        String ics = invite(UUID.randomUUID().toString(), p.email(), "x", EXTERNAL);
        Reply intoInbox = p.dav().put(p.inbox() + "x.ics", ics);
        assertEquals(403, intoInbox.status(), "only the server delivers into an inbox");
        assertEquals(D + "need-privileges", DavClient.error(intoInbox), "the owner has no bind there (RFC 6638 §6.1, RFC 3744 §7.1.1)");
        assertTrue(intoInbox.body().contains("<d:href>" + p.inbox() + "</d:href>") && intoInbox.body().contains("<d:bind/>"),
                intoInbox::toString);
        assertEquals(403, p.dav().put(p.outbox(), ics).status());
        // the outbox has no members at all (RFC 6638 §2.1): there is no resource under it to PUT
        assertEquals(405, p.dav().put(p.outbox() + "x.ics", ics).status());

        Person other = person();
        assertEquals(404, other.dav().propfind(p.inbox(), 0, fixture("scheduling/propfind-scheduling.xml")).status(),
                "another account's inbox is not found");
    }

    @Test
    void anOrganizerPutInvitesTheAttendeeHereAndReportsTheExternalOne() {
        Person alice = person();
        Person bob = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "planning.ics";
        Reply put = alice.dav().put(href, invite(uid, alice.calendar().getString("calendarEmail"), "Planning",
                "ATTENDEE;PARTSTAT=NEEDS-ACTION;SCHEDULE-STATUS=2.0:mailto:" + bob.email().toUpperCase(), EXTERNAL));
        assertEquals(201, put.status(), put::toString);
        assertNull(put.header("ETag"), "the server set SCHEDULE-STATUS: the stored text is not the one sent");
        assertNotNull(put.header("Schedule-Tag"));

        String stored = text(alice, href);
        assertTrue(attendee(stored, bob.email()).contains("SCHEDULE-STATUS=1.2"), stored);
        assertFalse(attendee(stored, bob.email()).contains("2.0"), "the client's SCHEDULE-STATUS is not kept: " + stored);
        assertTrue(attendee(stored, EXTERNAL).contains("SCHEDULE-STATUS=5.1"), "no SMTP: not delivered, and said so: " + stored);

        List<String> messages = inbox(bob);
        assertEquals(1, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("METHOD:REQUEST\r\n") && messages.get(0).contains("UID:" + uid), messages.get(0));
        assertFalse(messages.get(0).contains("SCHEDULE-STATUS"), messages.get(0));

        String copy = copyOf(bob, uid);
        assertNotNull(copy, "the invitation is in the attendee's default calendar");
        String copyText = text(bob, copy);
        assertTrue(attendee(copyText, bob.email()).contains("PARTSTAT=NEEDS-ACTION"), copyText);
        assertFalse(copyText.contains("METHOD:"), "a stored object has no METHOD (RFC 4791 §4.1)");
        assertNotNull(get(bob, copy).header("Schedule-Tag"));

        String[] crowd = IntStream.range(0, 101).mapToObj(i -> "guest" + i + "@elsewhere.example").toArray(String[]::new);
        Reply tooMany = alice.dav().put(alice.collection() + "crowd.ics", invite(UUID.randomUUID().toString(), alice.email(), "Crowd", crowd));
        assertEquals(403, tooMany.status(), tooMany::toString);
        assertEquals(C + "max-attendees-per-instance", DavClient.error(tooMany));
    }

    @Test
    void theAttendeesReplyUpdatesOnlyItsOwnPartstatInTheOrganizersCopy() {
        Person alice = person();
        Person bob = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "reply.ics";
        put(alice, href, invite(uid, alice.email(), "Review", bob.email(), EXTERNAL), 201);
        Reply before = get(alice, href);

        String copy = copyOf(bob, uid);
        String mine = text(bob, copy);
        String answered = mine.replace(attendee(mine, bob.email()), attendee(mine, bob.email()).replace("NEEDS-ACTION", "ACCEPTED"))
                // what the attendee may not change for the organizer: another's answer, the summary
                .replace(attendee(mine, EXTERNAL), attendee(mine, EXTERNAL).replace("NEEDS-ACTION", "DECLINED"))
                .replace("SUMMARY:Review", "SUMMARY:Hijacked");
        put(bob, copy, answered, 204, "If-Schedule-Tag-Match", get(bob, copy).header("Schedule-Tag"));

        Reply after = get(alice, href);
        String organizers = unfold(after.body());
        assertTrue(attendee(organizers, bob.email()).contains("PARTSTAT=ACCEPTED"), organizers);
        assertTrue(attendee(organizers, EXTERNAL).contains("PARTSTAT=NEEDS-ACTION"), organizers);
        assertTrue(organizers.contains("SUMMARY:Review"), organizers);
        assertNotEquals(before.header("ETag"), after.header("ETag"), "the merged reply is a write");
        assertEquals(before.header("Schedule-Tag"), after.header("Schedule-Tag"), "a merged reply keeps the schedule tag (§3.2.10)");

        List<String> replies = inbox(alice);
        assertEquals(1, replies.size(), replies::toString);
        assertTrue(replies.get(0).contains("METHOD:REPLY") && replies.get(0).contains("PARTSTAT=ACCEPTED"), replies.get(0));
        assertFalse(replies.get(0).contains(EXTERNAL), "a REPLY carries the replying attendee only: " + replies.get(0));
        assertTrue(text(bob, copy).contains("SCHEDULE-STATUS=1.2"), "the reply's outcome on the attendee's ORGANIZER");
    }

    @Test
    void scheduleAgentClientIsLeftToTheAppAndForceSendSendsAgain() {
        Person alice = person();
        Person bob = person();
        Person carol = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "agents.ics";
        String event = invite(uid, alice.email(), "Agents", "ATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:" + bob.email(), carol.email());
        put(alice, href, event, 201);
        assertEquals(List.of(), inbox(bob), "SCHEDULE-AGENT=CLIENT: the app invites, not the server (RFC 6638 §7.1)");
        assertNull(copyOf(bob, uid));
        assertFalse(attendee(text(alice, href), bob.email()).contains("SCHEDULE-STATUS"));
        assertEquals(1, inbox(carol).size());

        put(alice, href, event, 204);
        assertEquals(1, inbox(carol).size(), "an unchanged event sends nothing again");
        assertTrue(attendee(text(alice, href), carol.email()).contains("SCHEDULE-STATUS=1.2"), "the status is kept");

        put(alice, href, event.replace("ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + carol.email(),
                "ATTENDEE;SCHEDULE-FORCE-SEND=REQUEST;PARTSTAT=NEEDS-ACTION:mailto:" + carol.email()), 204);
        assertEquals(2, inbox(carol).size(), "SCHEDULE-FORCE-SEND=REQUEST sends it again (§7.3)");
        assertFalse(text(alice, href).contains("SCHEDULE-FORCE-SEND"), "asked for once, not kept");
    }

    @Test
    void anAttendeeDeletingItsCopyDeclinesButNotACancelledOne() {
        Person alice = person();
        Person bob = person();
        Person carol = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "decline.ics";
        put(alice, href, invite(uid, alice.email(), "Offsite", bob.email(), carol.email()), 201);

        Reply deleted = bob.dav().send("DELETE", copyOf(bob, uid), null);
        assertEquals(204, deleted.status(), deleted::toString);
        String organizers = text(alice, href);
        assertTrue(attendee(organizers, bob.email()).contains("PARTSTAT=DECLINED"), organizers);
        assertTrue(attendee(organizers, carol.email()).contains("PARTSTAT=NEEDS-ACTION"), organizers);
        List<String> replies = inbox(alice);
        assertEquals(1, replies.size(), replies::toString);
        assertTrue(replies.get(0).contains("METHOD:REPLY") && replies.get(0).contains("PARTSTAT=DECLINED"), replies.get(0));

        // a copy the organizer cancelled goes without a word
        put(alice, href, invite(uid, alice.email(), "Offsite", bob.email()), 204);
        String carolsCopy = copyOf(carol, uid);
        assertTrue(text(carol, carolsCopy).contains("STATUS:CANCELLED"));
        assertEquals(204, carol.dav().send("DELETE", carolsCopy, null).status());
        assertEquals(1, inbox(alice).size(), "no reply to a cancellation: " + inbox(alice));
    }

    @Test
    void removalAndDeleteCancel() {
        Person alice = person();
        Person bob = person();
        Person carol = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "cancel.ics";
        put(alice, href, invite(uid, alice.email(), "Sync", bob.email(), carol.email()), 201);
        String carolsCopy = copyOf(carol, uid);
        assertNotNull(carolsCopy);

        put(alice, href, invite(uid, alice.email(), "Sync", bob.email()), 204);
        String cancelled = text(carol, carolsCopy);
        assertTrue(cancelled.contains("STATUS:CANCELLED"), "the removed attendee's copy is kept, cancelled: " + cancelled);
        assertTrue(inbox(carol).get(1).contains("METHOD:CANCEL"), inbox(carol)::toString);
        assertFalse(text(bob, copyOf(bob, uid)).contains("STATUS:CANCELLED"));

        Reply delete = alice.dav().send("DELETE", href, null);
        assertEquals(204, delete.status(), delete::toString);
        String bobs = text(bob, copyOf(bob, uid));
        assertTrue(bobs.contains("STATUS:CANCELLED"), bobs);
        assertTrue(bobs.contains("SEQUENCE:2"), "each change moved the sequence: " + bobs);
        List<String> messages = inbox(bob);
        assertTrue(messages.get(messages.size() - 1).contains("METHOD:CANCEL"), messages::toString);

        // the attendee deletes the message it has read
        String item = multistatus(bob.dav().propfind(bob.inbox(), 1, fixture("propfind-objects.xml"))).keySet().stream()
                .filter(h -> !h.equals(bob.inbox())).findFirst().orElseThrow();
        assertEquals(404, alice.dav().send("DELETE", item, null).status(), "another account's message is not found");
        assertEquals(204, bob.dav().send("DELETE", item, null).status());
        assertEquals(404, bob.dav().send("GET", item, null).status());
    }

    /**
     * Clients read invitations from the inbox with calendar-query and keep up with it by
     * sync-collection, as sabre/dav and Cyrus answer them (RFC 6638 §2.2, RFC 4791 §7.8, RFC
     * 6578): the queries see the inbox's messages, a sync reports each new message and each
     * deleted one once, and calendar-multiget reads them.
     */
    @Test
    void theInboxAnswersCalendarQueryMultigetAndSyncCollection() {
        Person alice = person();
        Person bob = person();
        Reply initial = bob.dav().report(bob.inbox(), fixture("sync.xml", "token", ""));
        assertEquals(Set.of(), multistatus(initial).keySet(), initial::toString);
        String empty = DavClient.syncToken(initial);

        String planning = UUID.randomUUID().toString();
        String review = UUID.randomUUID().toString();
        put(alice, alice.collection() + "planning.ics", invite(planning, alice.email(), "Planning", bob.email()), 201);
        put(alice, alice.collection() + "review.ics", invite(review, alice.email(), "Review", bob.email()), 201);

        String data = "<c:calendar-data/>";
        String events = "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\"/></c:comp-filter>";
        Map<String, DavClient.Resource> all = multistatus(bob.dav().report(bob.inbox(),
                fixture("query-filter.xml", "data", data, "filter", events, "timezone", "")));
        assertEquals(2, all.size(), all::toString);
        assertTrue(all.values().stream().allMatch(r -> r.text(C + "calendar-data").contains("METHOD:REQUEST")), all::toString);
        String reviewOnly = "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\"><c:prop-filter name=\"SUMMARY\">"
                + "<c:text-match>Review</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter>";
        Map<String, DavClient.Resource> found = multistatus(bob.dav().report(bob.inbox(),
                fixture("query-filter.xml", "data", data, "filter", reviewOnly, "timezone", "")));
        assertEquals(1, found.size(), found::toString);
        String reviewHref = found.keySet().iterator().next();
        assertTrue(reviewHref.startsWith(bob.inbox()), reviewHref);
        assertTrue(found.get(reviewHref).text(C + "calendar-data").contains("UID:" + review));
        Reply invalid = bob.dav().report(bob.inbox(), fixture("query-filter.xml", "data", "", "timezone", "",
                "filter", "<c:comp-filter name=\"VCALENDAR\"><c:time-range start=\"20260101T000000Z\"/></c:comp-filter>"));
        assertEquals(403, invalid.status(), invalid::toString);
        assertEquals(C + "valid-filter", DavClient.error(invalid));

        Reply changes = bob.dav().report(bob.inbox(), fixture("sync.xml", "token", empty));
        assertEquals(all.keySet(), multistatus(changes).keySet(), changes::toString);
        String token = DavClient.syncToken(changes);
        Map<String, DavClient.Resource> got = multistatus(bob.dav().report(bob.inbox(), fixture("multiget.xml",
                "first", reviewHref, "second", bob.inbox() + "nothing.ics", "missing", alice.inbox() + "x.ics")));
        assertTrue(got.get(reviewHref).text(C + "calendar-data").contains("UID:" + review), got::toString);
        assertEquals(404, got.get(bob.inbox() + "nothing.ics").status());

        assertEquals(204, bob.dav().send("DELETE", reviewHref, null).status());
        put(alice, alice.collection() + "retro.ics", invite(UUID.randomUUID().toString(), alice.email(), "Retro", bob.email()), 201);
        Map<String, DavClient.Resource> since = multistatus(bob.dav().report(bob.inbox(), fixture("sync.xml", "token", token)));
        assertEquals(2, since.size(), since::toString);
        assertEquals(404, since.get(reviewHref).status(), "the deleted message, once");
        String next = DavClient.syncToken(bob.dav().report(bob.inbox(), fixture("sync.xml", "token", token)));
        assertEquals(Set.of(), multistatus(bob.dav().report(bob.inbox(), fixture("sync.xml", "token", next))).keySet());

        DavClient.Resource inbox = multistatus(bob.dav().propfind(bob.inbox(), 0, """
                <d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/><d:supported-report-set/></d:prop></d:propfind>""")).get(bob.inbox());
        assertEquals(next, inbox.text(D + "sync-token"));
        for (String report : List.of("sync-collection", "calendar-query", "calendar-multiget")) {
            assertEquals(1, inbox.found().get(D + "supported-report-set").getElementsByTagNameNS(
                    report.equals("sync-collection") ? "DAV:" : CALDAV, report).getLength(), report);
        }
        for (String bad : List.of(alice.calendar().getString("id"), next.replaceAll(":\\d+$", ":999"), "junk")) {
            Reply reply = bob.dav().report(bob.inbox(), fixture("sync.xml", "token", bad));
            assertEquals(403, reply.status(), reply::toString);
            assertEquals(D + "valid-sync-token", DavClient.error(reply));
        }
        assertEquals(404, alice.dav().report(bob.inbox(), fixture("sync.xml", "token", "")).status(), "another account's inbox");
        assertEquals(404, alice.dav().report(bob.inbox(), fixture("query-filter.xml", "data", "", "filter", events, "timezone", ""))
                .status());
    }

    @Test
    void theScheduleTagMovesOnlyWithTheOrganizersChanges() {
        Person alice = person();
        Person bob = person();
        String uid = UUID.randomUUID().toString();
        String href = alice.collection() + "tag.ics";
        String first = put(alice, href, invite(uid, alice.email(), "One", bob.email()), 201);
        assertEquals(first, get(alice, href).header("Schedule-Tag"));
        DavClient.Resource listed = multistatus(alice.dav().propfind(href, 0, fixture("scheduling/propfind-schedule-tag.xml"))).get(href);
        assertEquals(first, listed.text(C + "schedule-tag"));

        Reply stale = alice.dav().put(href, invite(uid, alice.email(), "Two", bob.email()), "If-Schedule-Tag-Match", "\"stale\"");
        assertEquals(412, stale.status(), stale::toString);
        String second = put(alice, href, invite(uid, alice.email(), "Two", bob.email()), 204, "If-Schedule-Tag-Match", first);
        assertNotEquals(first, second);

        String copy = copyOf(bob, uid);
        String bobs = text(bob, copy);
        put(bob, copy, bobs.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=TENTATIVE"), 204);
        assertEquals(second, get(alice, href).header("Schedule-Tag"), "the attendee's reply does not move the organizer's tag");
        // a DELETE on a tag the organizer's client no longer holds is refused like a PUT
        assertEquals(412, alice.dav().send("DELETE", href, null, "If-Schedule-Tag-Match", "\"stale\"").status());
        assertEquals(204, alice.dav().send("DELETE", href, null, "If-Schedule-Tag-Match", second).status());

        String plain = alice.collection() + "plain.ics";
        Reply put = alice.dav().put(plain, fixture("simple.ics", "uid", UUID.randomUUID().toString(),
                "start", "20260310T090000Z", "end", "20260310T100000Z", "summary", "Alone"));
        assertEquals(201, put.status(), put::toString);
        assertNotNull(put.header("ETag"), "an object scheduling does not touch is stored as sent");
        assertNull(put.header("Schedule-Tag"), "no schedule tag on an object that is not a scheduling object");

        Reply alone = alice.dav().put(alice.collection() + "alone.ics", invite(UUID.randomUUID().toString(), alice.email(), "Alone",
                "ATTENDEE;SCHEDULE-AGENT=NONE:mailto:" + EXTERNAL));
        assertEquals(201, alone.status(), alone::toString);
        assertNotNull(alone.header("ETag"), "an organizer's event that scheduling changed nothing in is stored as sent");
        assertNotNull(alone.header("Schedule-Tag"));
    }

    @Test
    void freeBusyByPostToTheOutbox() {
        Person alice = person();
        Person bob = person();
        Person carol = person();
        for (Person p : List.of(bob, carol)) {
            put(p, p.collection() + "busy.ics", fixture("simple.ics", "uid", UUID.randomUUID().toString(),
                    "start", "20260310T090000Z", "end", "20260310T100000Z", "summary", "Busy"), 201);
        }
        // bob shares his busy times with the server's other accounts; carol does not (the default)
        assertEquals(200, api().send("PATCH", "/api/v1/account", "{\"shareFreeBusy\":true}", bearer(bob.key())).status());
        String domain = alice.calendar().getString("calendarEmail").split("@")[1];
        String unknown = "nobody-" + UUID.randomUUID() + "@" + domain;
        String unknownElsewhere = "nobody-" + UUID.randomUUID() + "@calendarpipe.test";
        String carolsCalendar = carol.calendar().getString("calendarEmail");
        Map<String, Element> responses = freeBusy(alice, "mailto:" + bob.email(), "mailto:" + unknown, "mailto:" + EXTERNAL,
                "mailto:" + carol.email(), "mailto:" + carolsCalendar, "mailto:" + unknownElsewhere, "mailto:" + alice.email());
        assertTrue(status(responses.get("mailto:" + bob.email())).startsWith("2.0"));
        String busy = responses.get("mailto:" + bob.email()).getElementsByTagNameNS(CALDAV, "calendar-data").item(0).getTextContent();
        assertTrue(busy.contains("METHOD:REPLY") && busy.contains("FREEBUSY;FBTYPE=BUSY:20260310T090000Z/20260310T100000Z"), busy);
        assertTrue(status(responses.get("mailto:" + unknown)).startsWith("3.7"));
        assertTrue(status(responses.get("mailto:" + EXTERNAL)).startsWith("5.3"));
        assertTrue(status(responses.get("mailto:" + alice.email())).startsWith("2.0"), "one's own busy times, always");
        // carol, who does not share, answers as an address no one has: nothing tells she has an account
        assertEquals(status(responses.get("mailto:" + unknownElsewhere)), status(responses.get("mailto:" + carol.email())));
        assertEquals(status(responses.get("mailto:" + unknown)), status(responses.get("mailto:" + carolsCalendar)));
        for (String hidden : List.of(carol.email(), carolsCalendar)) {
            assertEquals(0, responses.get("mailto:" + hidden).getElementsByTagNameNS(CALDAV, "calendar-data").getLength(), hidden);
        }

        // hostile requests: a clear 403 naming what is wrong, never a 500
        assertRefused(post(alice, bob.email(), "20260310T000000Z", "20260311T000000Z", "mailto:" + bob.email()),
                C + "organizer-allowed");
        assertRefused(post(alice, alice.email(), "20260101T000000Z", "20290101T000000Z", "mailto:" + bob.email()),
                "{urn:calendarpipe:dav}max-free-busy-range");
        assertRefused(post(alice, alice.email(), "20260310T000000Z", "20260311T000000Z",
                IntStream.range(0, 21).mapToObj(i -> "mailto:a" + i + "@" + domain).toArray(String[]::new)),
                "{urn:calendarpipe:dav}max-recipients");
        assertRefused(post(alice, alice.email(), "yesterday", "20260311T000000Z", "mailto:" + bob.email()),
                C + "valid-scheduling-message");
        assertRefused(alice.dav().send("POST", alice.outbox(), "BEGIN:VCALENDAR\r\nnot really\r\n"), C + "valid-scheduling-message");
        assertEquals(404, alice.dav().send("POST", bob.outbox(), fixture("scheduling/freebusy-request.ics", "uid", "x",
                "start", "20260310T000000Z", "end", "20260311T000000Z", "organizer", alice.email(),
                "attendees", "ATTENDEE:mailto:" + bob.email())).status(), "another account's outbox is not found");
    }

    /** The free-busy answers for the recipients on 10 March 2026, asked by {@code p} as itself: recipient → response. */
    private static Map<String, Element> freeBusy(Person p, String... recipients) {
        Reply answer = post(p, p.email(), "20260310T000000Z", "20260311T000000Z", recipients);
        assertEquals(200, answer.status(), answer::toString);
        Map<String, Element> responses = new LinkedHashMap<>();
        NodeList list = DavClient.xml(answer.body()).getDocumentElement().getElementsByTagNameNS(CALDAV, "response");
        for (int i = 0; i < list.getLength(); i++) {
            Element response = (Element) list.item(i);
            responses.put(response.getElementsByTagNameNS(CALDAV, "recipient").item(0).getTextContent().strip(), response);
        }
        assertEquals(List.of(recipients), List.copyOf(responses.keySet()));
        return responses;
    }

    private static Reply post(Person p, String organizer, String start, String end, String... attendees) {
        return p.dav().send("POST", p.outbox(), fixture("scheduling/freebusy-request.ics", "uid", UUID.randomUUID().toString(),
                "start", start, "end", end, "organizer", organizer,
                "attendees", Arrays.stream(attendees).map(a -> "ATTENDEE:" + a).collect(Collectors.joining("\n"))));
    }

    private static String status(Element response) {
        return response.getElementsByTagNameNS(CALDAV, "request-status").item(0).getTextContent().strip();
    }

    private static void assertRefused(Reply reply, String precondition) {
        assertEquals(403, reply.status(), reply::toString);
        assertEquals(precondition, DavClient.error(reply), reply::toString);
    }

    @Test
    void anInvitationMadeOverRestSchedulesAlike() {
        Person alice = person();
        Person bob = person();
        Reply created = api().send("POST", "/api/v1/calendars/hosted:" + alice.calendar().getString("id") + "/events", """
                {"title":"Over REST","start":{"dateTime":"2026-03-12T09:00:00","timeZone":"UTC"},
                 "end":{"dateTime":"2026-03-12T10:00:00","timeZone":"UTC"},
                 "attendees":[{"email":"%s","status":"accepted"},{"email":"%s"}]}""".formatted(bob.email(), EXTERNAL),
                bearer(alice.key()));
        assertEquals(201, created.status(), created::toString);
        JsonObject event = created.data();
        String stored = text(alice, alice.collection() + event.getString("id") + ".ics");
        assertTrue(stored.contains("ORGANIZER") && stored.contains(alice.calendar().getString("calendarEmail")), stored);
        assertTrue(attendee(stored, bob.email()).contains("SCHEDULE-STATUS=1.2"), stored);
        assertTrue(attendee(stored, EXTERNAL).contains("SCHEDULE-STATUS=5.1"), stored);

        String uid = stored.lines().filter(l -> l.startsWith("UID:")).findFirst().orElseThrow().substring(4);
        String copy = text(bob, copyOf(bob, uid));
        assertTrue(attendee(copy, bob.email()).contains("PARTSTAT=NEEDS-ACTION"), "the organizer cannot answer for the attendee: " + copy);
        assertTrue(inbox(bob).get(0).contains("METHOD:REQUEST"));

        Reply deleted = api().send("DELETE", "/api/v1/events/" + event.getString("id"), null, bearer(alice.key()));
        assertEquals(204, deleted.status(), deleted::toString);
        assertTrue(text(bob, copyOf(bob, uid)).contains("STATUS:CANCELLED"));
    }

    /**
     * The feed token is the feed's credential and nothing else: a new one changes neither the
     * calendar's address nor its events, so attendees hear nothing and keep answering the same
     * organizer.
     */
    @Test
    void aNewFeedTokenLeavesTheOrganizerAddressAndTheAttendeesAlone() {
        Person alice = person();
        Person bob = person();
        String uid = UUID.randomUUID().toString();
        String address = alice.calendar().getString("calendarEmail");
        put(alice, alice.collection() + "kept.ics", invite(uid, address, "Staying", bob.email()), 201);
        String before = text(alice, alice.collection() + "kept.ics");

        Reply regenerated = api().send("POST", "/api/v1/hosted-calendars/" + alice.calendar().getString("id") + "/regenerate-token",
                null, bearer(alice.key()));
        assertEquals(200, regenerated.status(), regenerated::toString);
        assertEquals(address, regenerated.data().getString("calendarEmail"));
        assertEquals(before, text(alice, alice.collection() + "kept.ics"), "the event is untouched");
        assertEquals(1, inbox(bob).size(), "the attendee hears nothing of it");

        String copy = copyOf(bob, uid);
        put(bob, copy, text(bob, copy).replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED"), 204);
        String organizers = text(alice, alice.collection() + "kept.ics");
        assertTrue(attendee(organizers, bob.email()).contains("PARTSTAT=ACCEPTED"), organizers);
    }

    @Test
    void noOneCanOrganizeInAnothersName() {
        Person alice = person();
        Person bob = person();
        Person eve = person();
        String uid = UUID.randomUUID().toString();
        // eve writes an event naming alice as its organizer, inviting bob: no one is invited
        put(eve, eve.collection() + "forged.ics", invite(uid, alice.calendar().getString("calendarEmail"), "Forged", bob.email()), 201);
        assertEquals(List.of(), inbox(bob));
        assertNull(copyOf(bob, uid));

        // an organizer re-using the UID of the attendee's own event does not overwrite it
        String bobsOwn = bob.collection() + "own.ics";
        put(bob, bobsOwn, invite(uid, bob.email(), "Mine", EXTERNAL), 201);
        put(alice, alice.collection() + "clash.ics", invite(uid, alice.email(), "Clash", bob.email()), 201);
        assertTrue(text(bob, bobsOwn).contains("SUMMARY:Mine"));
    }

    private static List<String> hrefs(Element property) {
        NodeList nodes = property.getElementsByTagNameNS("DAV:", "href");
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent().strip()).toList();
    }
}
