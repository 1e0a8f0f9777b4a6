package com.calendarpipe.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SmtpClient;
import com.calendarpipe.testing.TestMail;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invitations in, with real mail on both sides: the tests send invitations to the server's SMTP
 * listener as the big clients' mails leave them (src/test/resources/inbound/, byte for byte) or
 * with Python's smtplib, and the organizer's side is GreenMail, which must receive the REPLY the
 * calendar's answer sends.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InvitationsByMailIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int LISTENER = SmtpClient.testServerPort();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war().addClass(InvitationEventsProbe.class);
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    /** One client's mail: its times for the invitation and for the update, and the instants they mean. */
    record Client(String name, String subject, String start, String end, Instant startsAt, String movedStart, String movedEnd,
                  Instant movedTo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> clients() {
        return Stream.of(
                // Google: UTC times
                new Client("google", "Invitation: Quarterly review @ Tue 10 Mar 2026 10am - 11am (CET) (cal)",
                        "20260310T090000Z", "20260310T100000Z", Instant.parse("2026-03-10T09:00:00Z"),
                        "20260311T090000Z", "20260311T100000Z", Instant.parse("2026-03-11T09:00:00Z")),
                // Outlook/Exchange: its own zone name, defined by the message's VTIMEZONE (summer time from 29 March)
                new Client("outlook", "Budget planning", "20260330T140000", "20260330T150000", Instant.parse("2026-03-30T12:00:00Z"),
                        "20260331T150000", "20260331T160000", Instant.parse("2026-03-31T13:00:00Z")),
                // Thunderbird: Europe/Berlin with its VTIMEZONE
                new Client("thunderbird", "Einladung: Sprint-Planung @ Do 5. März 2026 09:30", "20260305T093000", "20260305T103000",
                        Instant.parse("2026-03-05T08:30:00Z"), "20260306T093000", "20260306T103000", Instant.parse("2026-03-06T08:30:00Z")),
                // Apple Mail: America/New_York, quoted-printable, a structured location (an X- property with VALUE=URI)
                new Client("apple", "Invitation: Design critique", "20260304T100000", "20260304T110000",
                        Instant.parse("2026-03-04T15:00:00Z"), "20260309T100000", "20260309T110000", Instant.parse("2026-03-09T14:00:00Z")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void anInvitationAsEachBigClientSendsItIsReceivedListedAnsweredUpdatedAndCancelled(Client client) throws Exception {
        Holder me = holder("Team");
        String organizer = client.name() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String uid = client.name() + "-" + UUID.randomUUID() + "@" + client.name() + ".example";
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            SmtpClient.Reply received = send(client, organizer, me.address(), uid, "REQUEST", 0, "CONFIRMED", client.start(), client.end());
            assertEquals(250, received.code(), () -> client + ": " + received);

            JsonObject invitation = only(me.invitations("pending"));
            assertEquals(uid, invitation.getString("event_uid"));
            assertEquals(organizer, invitation.getString("organizer_email"));
            assertEquals("REQUEST", invitation.getString("method"));
            assertEquals(0, invitation.getInt("sequence"));
            assertTrue(invitation.isNull("delivery_status") && invitation.isNull("responded_at"), invitation::toString);
            JsonObject payload = invitation.getJsonObject("payload");
            assertEquals(client.startsAt(), OffsetDateTime.parse(payload.getJsonObject("start").getString("dateTime")).toInstant(),
                    () -> client + " starts at the right time: " + payload);
            assertEquals(client.startsAt().plus(Duration.ofHours(1)),
                    OffsetDateTime.parse(payload.getJsonObject("end").getString("dateTime")).toInstant());
            assertTrue(me.copy(uid).contains("PARTSTAT=NEEDS-ACTION"), "the calendar's copy awaits its answer");

            Reply accepted = me.respond(uid, "ACCEPTED");
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals("accepted", accepted.data().getString("status"));
            assertTrue(!accepted.data().isNull("responded_at"), accepted::toString);

            MimeMessage reply = TestMail.awaitMailTo(smtp, organizer, "Accepted", PATIENCE);
            assertEquals(me.address(), ((InternetAddress) reply.getFrom()[0]).getAddress(), "from the calendar's address");
            String ics = calendarPart(reply, "REPLY");
            assertTrue(ics.contains("METHOD:REPLY\r\n"), ics);
            assertTrue(ics.contains("UID:" + uid + "\r\n"), ics);
            assertTrue(ics.contains("SEQUENCE:0\r\n") || !ics.contains("SEQUENCE:"), ics);
            String attendee = unfold(ics).lines().filter(l -> l.startsWith("ATTENDEE")).reduce("", String::concat);
            assertTrue(attendee.contains("PARTSTAT=ACCEPTED") && attendee.toLowerCase().endsWith("mailto:" + me.address()),
                    "the one attendee, the calendar, accepted: " + attendee);
            assertEquals("sent", Pause.until(() -> me.invitation(uid).getString("delivery_status", ""), "sent"::equals, PATIENCE));

            // a new time with a higher SEQUENCE: an update, significant, so the answer is asked for again
            SmtpClient.Reply moved = send(client, organizer, me.address(), uid, "REQUEST", 1, "CONFIRMED", client.movedStart(), client.movedEnd());
            assertEquals(250, moved.code(), moved::toString);
            JsonObject updated = me.invitation(uid);
            assertEquals("pending", updated.getString("status"), updated::toString);
            assertEquals(1, updated.getInt("sequence"));
            assertEquals(client.movedTo(), OffsetDateTime.parse(updated.getJsonObject("payload").getJsonObject("start")
                    .getString("dateTime")).toInstant());

            // an older message changes nothing (RFC 5546 §2.1.5)
            SmtpClient.Reply stale = send(client, organizer, me.address(), uid, "REQUEST", 0, "CONFIRMED", client.start(), client.end());
            assertEquals(250, stale.code(), stale::toString);
            assertEquals(client.movedTo(), OffsetDateTime.parse(me.invitation(uid).getJsonObject("payload").getJsonObject("start")
                    .getString("dateTime")).toInstant());

            SmtpClient.Reply cancelled = send(client, organizer, me.address(), uid, "CANCEL", 2, "CANCELLED", client.movedStart(), client.movedEnd());
            assertEquals(250, cancelled.code(), cancelled::toString);
            JsonObject gone = only(me.invitations("cancelled"));
            assertEquals("CANCEL", gone.getString("method"));
            assertTrue(me.copy(uid).contains("STATUS:CANCELLED"), "the copy stays, marked cancelled");
            Reply late = me.respond(uid, "DECLINED");
            assertEquals(409, late.status(), late::toString);
            assertEquals(0, me.invitations("pending").size());
            assertEquals("RECEIVED in-transaction\nUPDATED in-transaction\nCANCELLED in-transaction\n", me.events(uid),
                    "the domain events, each fired in its transaction; none for the stale message");
        } finally {
            smtp.stop();
        }
    }

    /**
     * The loop issue 13's invitations opened: an attendee elsewhere answers the calendar's
     * invitation by mail, and the organizer's copy shows it; someone who is not an attendee
     * cannot answer, nor can anyone answer in the attendee's name.
     */
    @Test
    void anAttendeesReplyByMailReachesTheOrganizersCopy() throws Exception {
        Holder me = holder("Organizer");
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            JsonObject event = me.api.createEvent(me.key, me.calendarId, "{\"title\":\"Roadmap\",\"start_at\":\"2026-04-02T10:00:00Z\","
                    + "\"attendees\":[{\"email\":\"" + bob + "\"}]}");
            String uid = event.getString("providerEventId");
            TestMail.awaitMailTo(smtp, bob, "Invitation", PATIENCE);

            String reply = TestMail.replyIcs(uid, me.address(), bob, "TENTATIVE");
            assertEquals(550, SmtpClient.send(LISTENER, "mallory@example.net", List.of(me.address()),
                    TestMail.itip("mallory@example.net", me.address(), reply)).code(), "Bob's answer from someone else");
            String carol = "carol@example.org";
            SmtpClient.Reply notInvited = SmtpClient.send(LISTENER, carol, List.of(me.address()),
                    TestMail.itip(carol, me.address(), TestMail.replyIcs(uid, me.address(), carol, "ACCEPTED")));
            assertEquals(550, notInvited.code(), notInvited::toString);
            assertTrue(notInvited.text().startsWith("5.7.1"), notInvited::toString);
            assertEquals("needsAction", attendeeStatus(me, event.getString("id"), bob));

            SmtpClient.Reply answered = SmtpClient.send(LISTENER, bob, List.of(me.address()), TestMail.itip(bob, me.address(), reply));
            assertEquals(250, answered.code(), answered::toString);
            assertEquals("tentative", attendeeStatus(me, event.getString("id"), bob));
            String copy = me.copy(uid);
            String line = copy.lines().filter(l -> l.startsWith("ATTENDEE") && l.toLowerCase().contains(bob)).findFirst().orElseThrow();
            assertTrue(line.contains("SCHEDULE-STATUS=2.0"), "the organizer's copy shows the reply arrived: " + line);
            assertEquals(0, me.invitations(null).size(), "a reply is no invitation");
            assertEquals("RESPONDED " + bob + " TENTATIVE in-transaction\n", me.events(uid));
        } finally {
            smtp.stop();
        }
    }

    /**
     * The copy is the calendar's like any event: the owner's phone sees it over CalDAV, the feed
     * shows it, and an answer given over CalDAV (PARTSTAT on the copy) replies as REST's does.
     * Sent with Python's smtplib, as a script of the operator's would.
     */
    @Test
    void theCopyIsSeenOverCalDavAndTheFeedAndACalDavAnswerRepliesToo() throws Exception {
        Holder me = holder("Phone");
        String organizer = "erin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String uid = "smtplib-" + UUID.randomUUID();
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            byte[] message = fixture(new Client("thunderbird", "Einladung", "20260305T093000", "20260305T103000", null, null, null, null),
                    organizer, me.address(), uid, "REQUEST", 0, "CONFIRMED", "20260305T093000", "20260305T103000");
            smtplib(organizer, me.address(), message);

            JsonObject invitation = only(me.invitations("pending"));
            String href = me.collection() + invitation.getJsonObject("payload").getString("id") + ".ics";
            Reply got = me.dav.send("GET", href, null);
            assertEquals(200, got.status(), got::toString);
            assertTrue(got.body().contains("UID:" + uid), got.body());
            Reply feed = me.api.get("/feed/" + me.calendar.getString("feedToken") + ".ics");
            assertTrue(feed.body().contains("UID:" + uid), "the feed shows it");

            Reply put = me.dav.put(href, got.body().replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=DECLINED"), "If-Match", got.header("ETag"));
            assertEquals(204, put.status(), put::toString);
            MimeMessage reply = TestMail.awaitMailTo(smtp, organizer, "Declined", PATIENCE);
            assertTrue(calendarPart(reply, "REPLY").contains("PARTSTAT=DECLINED"));
            JsonObject declined = me.invitation(uid);
            assertEquals("declined", declined.getString("status"), declined::toString);
            assertTrue(!declined.isNull("responded_at"));
        } finally {
            smtp.stop();
        }
    }

    /**
     * A series, then an update of one of its instances as Google Calendar sends it (the override
     * alone), merged into the series; then a CANCEL of another instance, which marks that instance
     * only; a COUNTER is kept in the inbox and changes nothing.
     */
    @Test
    void anInstancesUpdateIsMergedIntoTheSeriesAndAnInstancesCancelMarksItOnly() {
        Holder me = holder("Series");
        String organizer = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String uid = "series-" + UUID.randomUUID();
        String series = component(uid, organizer, me.address(), "", "20260310T090000Z", "RRULE:FREQ=DAILY;COUNT=3\r\n", 0, "CONFIRMED");
        assertEquals(250, SmtpClient.send(LISTENER, organizer, List.of(me.address()),
                TestMail.itip(organizer, me.address(), calendar("REQUEST", series))).code());
        assertEquals(200, me.respond(uid, "ACCEPTED").status());

        String moved = component(uid, organizer, me.address(), "RECURRENCE-ID:20260311T090000Z\r\n", "20260311T140000Z", "", 1, "CONFIRMED");
        SmtpClient.Reply update = SmtpClient.send(LISTENER, organizer, List.of(me.address()),
                TestMail.itip(organizer, me.address(), calendar("REQUEST", moved)));
        assertEquals(250, update.code(), update::toString);
        assertEquals(List.of("2026-03-10T09:00:00Z", "2026-03-11T14:00:00Z", "2026-03-12T09:00:00Z"), starts(me));
        assertEquals("accepted", me.invitation(uid).getString("status"), "the series keeps its answer");

        String gone = component(uid, organizer, me.address(), "RECURRENCE-ID:20260312T090000Z\r\n", "20260312T090000Z", "", 2, "CANCELLED");
        assertEquals(250, SmtpClient.send(LISTENER, organizer, List.of(me.address()),
                TestMail.itip(organizer, me.address(), calendar("CANCEL", gone))).code());
        Reply listed = me.api.get("/api/v1/calendars/hosted:" + me.calendarId
                + "/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&expand=true", ApiClient.bearer(me.key));
        assertEquals(List.of("confirmed", "confirmed", "cancelled"), listed.dataArray().stream().map(JsonObject.class::cast)
                .map(e -> e.getString("status")).toList(), listed::toString);
        assertEquals("accepted", me.invitation(uid).getString("status"), "one instance cancelled is not the invitation cancelled");

        SmtpClient.Reply counter = SmtpClient.send(LISTENER, organizer, List.of(me.address()),
                TestMail.itip(organizer, me.address(), calendar("COUNTER", moved.replace("20260311T140000Z", "20260311T160000Z"))));
        assertEquals(250, counter.code(), "recorded and acknowledged: " + counter);
        assertEquals(List.of("2026-03-10T09:00:00Z", "2026-03-11T14:00:00Z", "2026-03-12T09:00:00Z"), starts(me), "not acted on");
        assertEquals("RECEIVED in-transaction\nUPDATED in-transaction\nUPDATED in-transaction\n", me.events(uid));
    }

    private static List<String> starts(Holder me) {
        Reply listed = me.api.get("/api/v1/calendars/hosted:" + me.calendarId
                + "/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&expand=true", ApiClient.bearer(me.key));
        assertEquals(200, listed.status(), listed::toString);
        return listed.dataArray().stream().map(JsonObject.class::cast)
                .map(e -> OffsetDateTime.parse(e.getJsonObject("start").getString("dateTime")).toInstant().toString()).toList();
    }

    private static String component(String uid, String organizer, String attendee, String recurrenceId, String start, String rule,
                                    int sequence, String status) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\n" + recurrenceId + "DTSTAMP:20260301T0900" + String.format("%02d", sequence)
                + "Z\r\nDTSTART:" + start + "\r\nDURATION:PT1H\r\n" + rule + "SEQUENCE:" + sequence + "\r\nSTATUS:" + status
                + "\r\nSUMMARY:Daily\r\nORGANIZER:mailto:" + organizer + "\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:"
                + attendee + "\r\nEND:VEVENT\r\n";
    }

    private static String calendar(String method, String components) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:" + method + "\r\n" + components + "END:VCALENDAR\r\n";
    }

    @Test
    void anInvitationOfAnotherAccountIsNotFoundAndAnAnswerMustBeOneOfThree() {
        Holder me = holder("Mine");
        Holder other = holder("Theirs");
        String organizer = "frank@example.com";
        String uid = "other-" + UUID.randomUUID();
        byte[] message = fixture(new Client("google", "Invitation", null, null, null, null, null, null),
                organizer, other.address(), uid, "REQUEST", 0, "CONFIRMED", "20260310T090000Z", "20260310T100000Z");
        assertEquals(250, SmtpClient.send(LISTENER, organizer, List.of(other.address()), message).code());

        Reply foreign = me.api.send("POST", "/api/v1/hosted-calendars/" + other.calendarId + "/invitations/"
                + encode(uid) + "/respond", "{\"status\":\"ACCEPTED\"}", ApiClient.bearer(me.key));
        assertEquals(404, foreign.status(), foreign::toString);
        Reply listed = me.api.get("/api/v1/hosted-calendars/" + other.calendarId + "/invitations", ApiClient.bearer(me.key));
        assertEquals(404, listed.status(), listed::toString);
        Reply bad = other.respond(uid, "MAYBE");
        assertEquals(400, bad.status(), bad::toString);
        assertEquals("status", bad.json().getJsonArray("details").getJsonObject(0).getString("field"));
        Reply badFilter = other.api.get("/api/v1/hosted-calendars/" + other.calendarId + "/invitations?status=all",
                ApiClient.bearer(other.key));
        assertEquals(400, badFilter.status(), badFilter::toString);
        JsonObject byId = other.invitation(uid);
        Reply viaId = other.respond(byId.getString("id"), "TENTATIVE");
        assertEquals(200, viaId.status(), "the invitation's id names it too: " + viaId);
        assertEquals("tentative", viaId.data().getString("status"));
    }

    // ---- the account under test

    private Holder holder(String name) {
        ApiClient api = new ApiClient(base);
        ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail("invited"));
        String key = api.createKey(api.signIn(account), "invitations");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"" + name + "\",\"timezone\":\"Europe/Berlin\"}");
        return new Holder(api, account, key, calendar, calendar.getString("id"), new DavClient(api, account.email(), key));
    }

    record Holder(ApiClient api, ApiClient.TestAccount account, String key, JsonObject calendar, String calendarId, DavClient dav) {

        String address() {
            return calendar.getString("calendarEmail");
        }

        String collection() {
            return "/dav/calendars/" + account.id() + "/" + calendarId + "/";
        }

        JsonArray invitations(String status) {
            Reply reply = api.get("/api/v1/hosted-calendars/" + calendarId + "/invitations" + (status == null ? "" : "?status=" + status),
                    ApiClient.bearer(key));
            assertEquals(200, reply.status(), reply::toString);
            return reply.dataArray();
        }

        JsonObject invitation(String uid) {
            return invitations(null).stream().map(JsonObject.class::cast).filter(i -> i.getString("event_uid").equals(uid))
                    .findFirst().orElseThrow(() -> new AssertionError("no invitation " + uid));
        }

        /** The domain events fired for the UID (see {@link InvitationEventsProbe}). */
        String events(String uid) {
            Reply reply = api.get("/api/v1/test-only/invitation-events?uid=" + encode(uid), ApiClient.bearer(key));
            assertEquals(200, reply.status(), reply::toString);
            return reply.body();
        }

        Reply respond(String uid, String status) {
            return api.send("POST", "/api/v1/hosted-calendars/" + calendarId + "/invitations/" + encode(uid) + "/respond",
                    "{\"status\":\"" + status + "\"}", ApiClient.bearer(key));
        }

        /** The calendar's object of this UID, unfolded, as CalDAV serves it. */
        String copy(String uid) {
            Reply listing = dav.report(collection(), DavClient.fixture("query-data.xml", "data", "", "filter", "<c:comp-filter name=\"VEVENT\"/>"));
            assertEquals(207, listing.status(), listing::toString);
            for (DavClient.Resource resource : DavClient.multistatus(listing).values()) {
                String data = resource.text("{urn:ietf:params:xml:ns:caldav}calendar-data");
                if (data != null && unfold(data).contains("UID:" + uid)) {
                    return unfold(data);
                }
            }
            throw new AssertionError("no object " + uid + " in " + listing.body());
        }
    }

    private static String attendeeStatus(Holder me, String eventId, String email) {
        Reply event = me.api.get("/api/v1/events/" + eventId, ApiClient.bearer(me.key));
        return event.data().getJsonArray("attendees").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("email").equalsIgnoreCase(email)).findFirst().orElseThrow().getString("status");
    }

    // ---- mail

    private static SmtpClient.Reply send(Client client, String from, String to, String uid, String method, int sequence, String status,
                                         String start, String end) {
        return SmtpClient.send(LISTENER, from, List.of(to), fixture(client, from, to, uid, method, sequence, status, start, end));
    }

    /** The client's fixture, filled in, its sections encoded as the client encodes them, with CRLF line ends. */
    static byte[] fixture(Client client, String from, String to, String uid, String method, int sequence, String status,
                          String start, String end) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("from", from);
        values.put("to", to);
        values.put("uid", uid);
        values.put("method", method);
        values.put("sequence", Integer.toString(sequence));
        values.put("status", status);
        values.put("start", start);
        values.put("end", end);
        values.put("stamp", "20260301T0812" + String.format("%02d", sequence) + "Z");
        values.put("subject", (method.equals("CANCEL") ? "Canceled: " : "") + client.subject());
        String text;
        try (InputStream in = InvitationsByMailIT.class.getResourceAsStream("/inbound/" + client.name() + ".eml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        text = text.replace("\r\n", "\n").replace("\n", "\r\n");
        Matcher section = Pattern.compile("\\{\\{(base64|qp)}}(.*?)\\{\\{/\\1}}", Pattern.DOTALL).matcher(text);
        StringBuilder encoded = new StringBuilder();
        while (section.find()) {
            byte[] bytes = section.group(2).getBytes(StandardCharsets.UTF_8);
            String replacement = section.group(1).equals("base64")
                    ? Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n"
                    : quotedPrintable(bytes);
            section.appendReplacement(encoded, Matcher.quoteReplacement(replacement));
        }
        section.appendTail(encoded);
        return encoded.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quotedPrintable(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream qp = MimeUtility.encode(out, "quoted-printable")) {
            qp.write(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Sends with Python's smtplib, a real SMTP client, the message as it is. */
    private static void smtplib(String from, String to, byte[] message) throws Exception {
        String script = "import smtplib, sys\n"
                + "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=60) as s:\n"
                + "    s.sendmail(sys.argv[2], [sys.argv[3]], sys.stdin.buffer.read())\n";
        Process python = new ProcessBuilder("python3", "-c", script, Integer.toString(LISTENER), from, to)
                .redirectErrorStream(true).start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(message);
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), "smtplib: " + output);
    }

    private static String calendarPart(MimeMessage mail, String method) throws Exception {
        Part part = find(mail);
        ContentType type = new ContentType(part.getContentType());
        assertEquals(method, type.getParameter("method"));
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Part find(Part part) throws Exception {
        if (part.isMimeType("text/calendar")) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                try {
                    return find(child);
                } catch (AssertionError notHere) {
                    // the next part
                }
            }
        }
        throw new AssertionError("no text/calendar part");
    }

    private static String unfold(String text) {
        return text.replace("\r\n ", "").replace("\r\n\t", "");
    }

    private static JsonObject only(JsonArray array) {
        assertEquals(1, array.size(), array::toString);
        return array.getJsonObject(0);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
