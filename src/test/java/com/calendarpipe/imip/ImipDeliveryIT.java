package com.calendarpipe.imip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.TestMail;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * iMIP against a real SMTP server: GreenMail, started in this JVM on a free loopback port, with
 * the running server pointed at it through its settings (system properties set through the
 * management model). Messages are handed to {@code Delivery} by a test-only resource
 * ({@link ImipProbe}) inside a transaction, as implicit scheduling will hand them over.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ImipDeliveryIT {

    private static final String CALENDAR = "cal-abc@calendarpipe.test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war().addClass(ImipProbe.class);
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    private ApiClient api;
    private String[] key;

    @BeforeEach
    void signUp() {
        api = new ApiClient(base);
        key = ApiClient.bearer(api.newKey());
    }

    @Test
    void anInvitationGoesOutOnceItsTransactionCommits() throws Exception {
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            String uid = uid();
            assertEquals("1.0", send(uid, "bob@example.com", "REQUEST", false));

            assertTrue(smtp.waitForIncomingEmail(PATIENCE.toMillis(), 1), "no e-mail arrived");
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertEquals(CALENDAR, ((InternetAddress) mail.getFrom()[0]).getAddress());
            assertEquals("bob@example.com", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());
            assertEquals("Invitation: Team sync", mail.getSubject());
            assertTrue(mail.getMessageID().endsWith("@calendarpipe.localhost>"), mail.getMessageID());
            assertTrue(mail.getSentDate() != null, "a Date header");

            assertTrue(mail.isMimeType("multipart/mixed"), mail.getContentType());
            Multipart mixed = (Multipart) mail.getContent();
            assertEquals(2, mixed.getCount());
            assertTrue(mixed.getBodyPart(1).isMimeType("application/ics"), mixed.getBodyPart(1).getContentType());
            assertEquals("invite.ics", mixed.getBodyPart(1).getFileName());
            Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
            assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"), alternative.getBodyPart(0).getContentType());
            Calendar ics = calendarPart(mail, "REQUEST");
            var event = ics.getComponent(Component.VEVENT).orElseThrow();
            assertEquals("team-sync-42@calendarpipe.test", event.getProperty(Property.UID).orElseThrow().getValue());
            assertEquals("0", event.getProperty(Property.SEQUENCE).orElseThrow().getValue());

            assertEquals("bob@example.com 1.1\n", eventually(() -> outcomes(uid), s -> !s.isEmpty()), "the outcome: sent");
            assertEquals("0 0", outbox(uid), "a sent message leaves the outbox");
        } finally {
            smtp.stop();
        }
    }

    /**
     * The whole way: an organizer's PUT over CalDAV invites an attendee elsewhere; the mail comes
     * from the calendar's address with the iTIP REQUEST; a change of time sends an update with the
     * next SEQUENCE; and the sending's outcome comes back into the organizer's stored copy.
     */
    @Test
    void anOrganizersPutInvitesAnAttendeeElsewhereAndTheOutcomeComesBack() throws Exception {
        // signed up before the server can send mail: no verification link among the mails below
        ApiClient.TestAccount account = api.signUp();
        String davKey = api.createKey(api.signIn(account), "imip");
        JsonObject calendar = api.createCalendar(davKey, "{\"name\":\"Board\"}");
        String organizer = calendar.getString("calendarEmail");
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            String href = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/review.ics";
            DavClient dav = new DavClient(api, account.email(), davKey);
            String uid = uid();
            String event = DavClient.fixture("scheduling/invite.ics", "uid", uid, "summary", "Board review",
                    "organizer", organizer, "attendees", "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com");
            Reply created = dav.put(href, event);
            assertEquals(201, created.status(), created::toString);

            assertTrue(smtp.waitForIncomingEmail(PATIENCE.toMillis(), 1), "no invitation arrived");
            MimeMessage invitation = smtp.getReceivedMessages()[0];
            assertEquals(organizer, ((InternetAddress) invitation.getFrom()[0]).getAddress());
            assertEquals("carol@example.com", ((InternetAddress) invitation.getAllRecipients()[0]).getAddress());
            assertEquals("Invitation: Board review", invitation.getSubject());
            var invited = calendarPart(invitation, "REQUEST").getComponent(Component.VEVENT).orElseThrow();
            assertEquals(uid, invited.getProperty(Property.UID).orElseThrow().getValue());
            assertEquals(0, sequence(invited));

            String sent = eventually(() -> unfolded(dav, href), text -> text.contains("SCHEDULE-STATUS=1.1"));
            assertTrue(attendeeLine(sent, "carol@example.com").contains("SCHEDULE-STATUS=1.1"),
                    "the outcome (sent) in the organizer's copy:\n" + sent);

            Reply moved = dav.put(href, event.replace("DTSTART:20260310T090000Z", "DTSTART:20260311T090000Z")
                    .replace("DTEND:20260310T100000Z", "DTEND:20260311T100000Z"));
            assertEquals(204, moved.status(), moved::toString);
            assertTrue(smtp.waitForIncomingEmail(PATIENCE.toMillis(), 2), "no update arrived");
            MimeMessage update = smtp.getReceivedMessages()[1];
            assertEquals("Updated invitation: Board review", update.getSubject());
            var updated = calendarPart(update, "REQUEST").getComponent(Component.VEVENT).orElseThrow();
            assertEquals(1, sequence(updated), "a new time is a significant change (RFC 5546 §2.1.4)");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws Exception {
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            String rolledBack = uid();
            assertEquals("1.0", send(rolledBack, "ghost@example.com", "REQUEST", true));
            // a message sent after it, as a marker: once it has arrived, the first would have too
            assertEquals("1.0", send(uid(), "bob@example.com", "REQUEST", false));

            assertTrue(smtp.waitForIncomingEmail(PATIENCE.toMillis(), 1), "the marker did not arrive");
            Pause.sleep(Duration.ofSeconds(6)); // one poll of the outbox more
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(1, received.length, "only the marker");
            assertEquals("bob@example.com", ((InternetAddress) received[0].getAllRecipients()[0]).getAddress());
            assertEquals("0 0", outbox(rolledBack));
            assertEquals("", outcomes(rolledBack));
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aServerDownAtFirstGetsTheMessageOnARetry() throws Exception {
        int port = TestMail.freePort();
        try (var settings = TestMail.pointAt(management, port)) {
            String uid = uid();
            assertEquals("1.0", send(uid, "bob@example.com", "REQUEST", false));
            // nothing listens on the port yet: the message waits in the outbox; once its second
            // attempt has been claimed, the first has surely failed
            Predicate<String> retried = s -> s.startsWith("1 ") && Integer.parseInt(s.substring(2)) >= 2;
            String waiting = eventually(() -> outbox(uid), retried);
            assertTrue(retried.test(waiting), "still queued after a failed attempt: " + waiting);

            GreenMail smtp = TestMail.server(port);
            try {
                assertTrue(smtp.waitForIncomingEmail(PATIENCE.toMillis(), 1), "no e-mail arrived after the retry");
                assertEquals("Invitation: Team sync", smtp.getReceivedMessages()[0].getSubject());
                assertEquals("bob@example.com 1.1\n", eventually(() -> outcomes(uid), s -> !s.isEmpty()));
                assertEquals("0 0", outbox(uid));
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void aMessageThatCannotBeSentInTimeIsGivenUp() {
        int port = TestMail.freePort();
        try (var settings = TestMail.pointAt(management, port);
             var giveUp = ServerSettings.set(management, "imip-give-up-after", "0")) {
            String uid = uid();
            assertEquals("1.0", send(uid, "bob@example.com", "REQUEST", false));

            assertEquals("bob@example.com 5.1\n", eventually(() -> outcomes(uid), s -> !s.isEmpty()), "the outcome: given up");
            assertEquals("0 0", outbox(uid));
        }
    }

    @Test
    void withoutAnSmtpServerTheAnswerIs51AndNothingIsQueued() {
        String uid = uid();
        assertEquals("5.1", send(uid, "bob@example.com", "REQUEST", false));
        assertEquals("0 0", outbox(uid));
    }

    @Test
    void aRecipientThatIsNotAPlainAddressIs37AndNothingIsSent() throws Exception {
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var settings = TestMail.pointAt(management, port)) {
            String uid = uid();
            assertEquals("3.7", send(uid, "bob@example.com\r\nBcc: eve@example.com", "REQUEST", false));
            assertEquals("3.7", send(uid, "Bob <bob@example.com>", "REQUEST", false));
            assertEquals("0 0", outbox(uid));
            assertEquals(0, smtp.getReceivedMessages().length);
        } finally {
            smtp.stop();
        }
    }

    /** The mail's text/calendar part, checked to carry {@code method}, parsed by ical4j. */
    private static Calendar calendarPart(MimeMessage mail, String method) throws Exception {
        Multipart alternative = (Multipart) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        ContentType calendarType = new ContentType(alternative.getBodyPart(1).getContentType());
        assertEquals("text/calendar", calendarType.getBaseType());
        assertEquals(method, calendarType.getParameter("method"));
        Calendar ics;
        try (InputStream in = alternative.getBodyPart(1).getInputStream()) {
            ics = ICal.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(method, ics.getProperty(Property.METHOD).orElseThrow().getValue());
        return ics;
    }

    /** SEQUENCE, 0 when absent (RFC 5545 §3.8.7.4). */
    private static int sequence(Component event) {
        return event.getProperty(Property.SEQUENCE).map(p -> Integer.parseInt(p.getValue())).orElse(0);
    }

    private static String unfolded(DavClient dav, String href) {
        Reply reply = dav.send("GET", href, null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.body().replace("\r\n ", "").replace("\r\n\t", "");
    }

    private static String attendeeLine(String ics, String email) {
        return ics.lines().filter(l -> l.startsWith("ATTENDEE") && l.endsWith("mailto:" + email)).findFirst()
                .orElseThrow(() -> new AssertionError("no ATTENDEE " + email + " in\n" + ics));
    }

    private String send(String uid, String to, String method, boolean rollback) {
        String ical = fixture("request.ics");
        Reply reply = api.send("POST", "/api/v1/test-only/imip/send?uid=" + uid + "&from=" + encode(CALENDAR)
                        + "&to=" + encode(to) + "&method=" + method + "&summary=" + encode("Team sync") + "&rollback=" + rollback,
                ical, concat(key, "Content-Type", "text/plain"));
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    private String outbox(String uid) {
        Reply reply = api.get("/api/v1/test-only/imip/outbox?uid=" + uid, key);
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    private String outcomes(String uid) {
        Reply reply = api.get("/api/v1/test-only/imip/outcomes?uid=" + uid, key);
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    /** The value once it passes the test, or the last one seen after {@link #PATIENCE}. */
    private static String eventually(Supplier<String> value, Predicate<String> done) {
        Instant end = Instant.now().plus(PATIENCE);
        String seen = value.get();
        while (!done.test(seen) && Instant.now().isBefore(end)) {
            Pause.sleep(Duration.ofMillis(250));
            seen = value.get();
        }
        return seen;
    }

    private static String uid() {
        return "imip-it-" + UUID.randomUUID();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private static String fixture(String name) {
        try (InputStream in = ImipDeliveryIT.class.getResourceAsStream("/imip/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
