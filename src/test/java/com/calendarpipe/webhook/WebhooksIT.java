package com.calendarpipe.webhook;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.ops.PrometheusText;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.SmtpClient;
import com.calendarpipe.testing.TestMail;
import com.calendarpipe.testing.WebhookReceiver;
import com.calendarpipe.testing.WebhookReceiver.Delivery;
import com.calendarpipe.testing.WebhookReceiver.Verdict;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks end to end, with receivers on loopback addresses (opened for the test by
 * {@code CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE}, plain http by {@code …_ALLOW_HTTP}) and every
 * delivery's signature checked by the official Standard Webhooks library and by Svix's verifier,
 * run by node, as a receiver would check it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhooksIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** After the expected delivery: how long no other may come. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final int LISTENER = SmtpClient.testServerPort();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    private final List<AutoCloseable> open = new ArrayList<>();
    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        open.add(ServerSettings.set(management, "webhook-allow-http", "true"));
        open.add(ServerSettings.set(management, "webhook-allow-private", "127.0.0.0/8"));
        open.add(ServerSettings.set(management, "webhook-retry-delays", "0,1,1"));
        receiver = WebhookReceiver.on("127.0.0.1");
        open.add(receiver);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        open.clear();
    }

    @Test
    void aWebhookIsSetShownWithoutItsSecretAndDeleted() {
        Owner me = owner("Config");
        Reply made = me.put("{\"url\":\"" + receiver.url("/config") + "\"}");
        assertEquals(200, made.status(), made::toString);
        String secret = made.data().getString("secret");
        assertTrue(secret.startsWith("whsec_") && SigningSecret.problem(secret) == null, secret);
        assertEquals(secret.substring(0, 10), made.data().getString("secretStart"));
        assertTrue(made.data().isNull("types") && made.data().getBoolean("enabled"), made::toString);

        Reply shown = me.api.get(me.path(""), bearer(me.key));
        assertEquals(200, shown.status(), shown::toString);
        assertTrue(shown.data().isNull("secret"), "never the secret again: " + shown);
        assertFalse(shown.body().contains(secret.substring(10)), shown::toString);
        assertEquals(secret.substring(0, 10), shown.data().getString("secretStart"));

        String chosen = "whsec_" + Base64.getEncoder().encodeToString(new byte[40]);
        Reply replaced = me.put("{\"url\":\"" + receiver.url("/config") + "\",\"secret\":\"" + chosen
                + "\",\"types\":[\"event.created\",\"webhook.test\"]}");
        assertEquals(200, replaced.status(), replaced::toString);
        assertTrue(replaced.data().isNull("secret"), "a secret the caller chose is not echoed: " + replaced);
        assertEquals(List.of("event.created", "webhook.test"), replaced.data().getJsonArray("types").getValuesAs(
                JsonString.class).stream().map(JsonString::getString).toList());

        for (String bad : List.of("{}", "{\"url\":42}", "{\"url\":\"https://169.254.169.254/latest\"}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"secret\":\"whsec_short\"}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"secret\":\"sk_live_abc\"}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"types\":[\"event.exploded\"]}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"types\":[]}",
                "{\"url\":\"" + receiver.url("/x") + "\",\"apiKey\":\"cp_x\"}")) {
            Reply refused = me.put(bad);
            assertEquals(400, refused.status(), () -> bad + " -> " + refused);
            String field = refused.json().getJsonArray("details").getJsonObject(0).getString("field");
            assertTrue(Set.of("url", "secret", "types", "apiKey").contains(field), refused::toString);
        }

        Owner other = owner("Theirs");
        for (Reply foreign : List.of(other.api.get(me.path(""), bearer(other.key)),
                other.api.send("PUT", me.path(""), "{\"url\":\"" + receiver.url("/mine") + "\"}", bearer(other.key)),
                other.api.send("DELETE", me.path(""), null, bearer(other.key)),
                other.api.send("POST", me.path("/rotate-secret"), null, bearer(other.key)),
                other.api.send("POST", me.path("/test"), null, bearer(other.key)),
                other.api.get(me.path("/deliveries"), bearer(other.key)))) {
            assertEquals(404, foreign.status(), foreign::toString);
        }
        Reply foreignBadBody = other.api.send("PUT", me.path(""), "{\"url\":\"ftp://x\"}", bearer(other.key));
        assertEquals(404, foreignBadBody.status(), "404 before any word on the body: " + foreignBadBody);
        assertEquals(404, other.api.get(other.path(""), bearer(other.key)).status(), "no webhook yet");
        assertEquals(401, me.api.get(me.path(""), bearer("cp_nonsense")).status());

        assertEquals(204, me.api.send("DELETE", me.path(""), null, bearer(me.key)).status());
        assertEquals(404, me.api.get(me.path(""), bearer(me.key)).status());
        assertEquals(List.of(), receiver.all(), "nothing was sent");
    }

    @Test
    void aRestChangeAndACalDavChangeEachGiveOneSignedDelivery() throws Exception {
        Owner me = owner("Changes");
        String secret = me.hook(receiver.url("/changes"), null);

        JsonObject event = me.api.createEvent(me.key, me.calendarId, "{\"title\":\"Stand-up\",\"start_at\":\"2026-03-10T09:00:00Z\","
                + "\"end_at\":\"2026-03-10T09:15:00Z\",\"attendees\":[{\"email\":\"bob@example.org\"}]}");
        Delivery created = only(receiver, "/changes", 1).get(0);
        JsonObject payload = json(created.body());
        assertEquals("event.created", payload.getString("type"));
        assertEquals(me.calendarId, payload.getString("calendarId"));
        assertEquals("Stand-up", payload.getJsonObject("event").getString("title"));
        assertEquals(event.getString("providerEventId"), payload.getJsonObject("event").getString("uid"));
        assertEquals("2026-03-10T09:00:00Z", Instant.parse(payload.getJsonObject("event").getString("start_at")
                .replace("+00:00", "Z")).toString());
        assertEquals("bob@example.org", payload.getJsonObject("event").getJsonArray("attendees").getJsonObject(0).getString("email"));
        noSecrets(created.body(), me);

        String uid = "dav-" + UUID.randomUUID();
        Reply put = me.dav.put(me.collection() + uid + ".ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260301T090000Z\r\nDTSTART:20260311T090000Z\r\n"
                + "DTEND:20260311T100000Z\r\nSUMMARY:Over CalDAV\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertEquals(201, put.status(), put::toString);
        List<Delivery> both = only(receiver, "/changes", 2);
        Delivery dav = both.get(1);
        assertEquals("event.created", json(dav.body()).getString("type"));
        assertEquals(uid, json(dav.body()).getJsonObject("event").getString("uid"));

        Reply deleted = me.api.send("DELETE", "/api/v1/events/" + event.getString("id"), null, bearer(me.key));
        assertEquals(204, deleted.status(), deleted::toString);
        Delivery gone = only(receiver, "/changes", 3).get(2);
        assertEquals("event.deleted", json(gone.body()).getString("type"));

        List<Delivery> all = receiver.received("/changes");
        assertEquals(3, all.stream().map(Delivery::id).distinct().count(), "one webhook-id per delivery");
        for (Verdict verdict : WebhookReceiver.verify(all, List.of(secret))) {
            assertTrue(!verdict.standardWebhooks().equals("false") && !verdict.svix().equals("false"), verdict::toString);
        }
        Reply listed = me.api.get(me.path("/deliveries?limit=2"), bearer(me.key));
        assertEquals(200, listed.status(), listed::toString);
        assertEquals(List.of("event.deleted", "event.created"), listed.dataArray().stream().map(JsonObject.class::cast)
                .map(d -> d.getString("type")).toList(), "newest first: " + listed);
        assertEquals(3, listed.json().getJsonObject("meta").getInt("total"));
        JsonObject last = listed.dataArray().getJsonObject(0);
        assertEquals(gone.id(), last.getString("id"));
        assertEquals("delivered", last.getString("status"), last::toString);
        assertEquals(200, last.getInt("lastStatus"));
        assertEquals(1, last.getInt("attempts"));
    }

    @Test
    void anInvitationBySmtpAndAnRsvpEachGiveOneSignedDeliveryOfTheirType() throws Exception {
        Owner me = owner("Invited");
        String secret = me.hook(receiver.url("/mail"), "[\"invitation.received\",\"attendee.responded\"]");
        String organizer = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String uid = "invite-" + UUID.randomUUID();
        String request = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260301T090000Z\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z\r\nSEQUENCE:0\r\n"
                + "SUMMARY:Quarterly review\r\nORGANIZER;CN=Alice Example:mailto:" + organizer + "\r\n"
                + "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + me.address() + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        SmtpClient.Reply accepted = SmtpClient.send(LISTENER, organizer, List.of(me.address()), TestMail.itip(organizer, me.address(), request));
        assertEquals(250, accepted.code(), accepted::toString);
        Delivery invited = only(receiver, "/mail", 1).get(0);
        JsonObject payload = json(invited.body());
        assertEquals("invitation.received", payload.getString("type"));
        assertEquals(organizer, payload.getString("organizerEmail"));
        assertEquals("Alice Example", payload.getString("organizerName"));
        assertEquals("Quarterly review", payload.getJsonObject("event").getString("title"));
        String respondUrl = payload.getString("respondUrl");
        assertTrue(respondUrl.endsWith("/api/v1/hosted-calendars/" + me.calendarId + "/invitations/" + uid + "/respond"), respondUrl);
        noSecrets(invited.body(), me);
        Reply answered = me.api.send("POST", respondUrl.substring(respondUrl.indexOf("/api/v1/")), "{\"status\":\"ACCEPTED\"}",
                bearer(me.key));
        assertEquals(200, answered.status(), "the respondUrl answers the invitation: " + answered);

        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (var mail = TestMail.pointAt(management, port)) {
            String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            JsonObject event = me.api.createEvent(me.key, me.calendarId, "{\"title\":\"Roadmap\",\"start_at\":\"2026-04-02T10:00:00Z\","
                    + "\"attendees\":[{\"email\":\"" + bob + "\"}]}");
            String organized = event.getString("providerEventId");
            TestMail.awaitMailTo(smtp, bob, "Invitation", PATIENCE);
            SmtpClient.Reply reply = SmtpClient.send(LISTENER, bob, List.of(me.address()),
                    TestMail.itip(bob, me.address(), TestMail.replyIcs(organized, me.address(), bob, "ACCEPTED")));
            assertEquals(250, reply.code(), reply::toString);
            Delivery responded = only(receiver, "/mail", 2).get(1);
            JsonObject rsvp = json(responded.body());
            assertEquals("attendee.responded", rsvp.getString("type"));
            assertEquals(bob.toLowerCase(), rsvp.getString("attendee"));
            assertEquals("accepted", rsvp.getString("status"));
            assertEquals(organized, rsvp.getJsonObject("event").getString("uid"));
        } finally {
            smtp.stop();
        }
        for (Verdict verdict : WebhookReceiver.verify(receiver.received("/mail"), List.of(secret))) {
            assertTrue(!verdict.standardWebhooks().equals("false") && !verdict.svix().equals("false"), verdict::toString);
        }
    }

    @Test
    void duringARotationBothSecretsVerify() throws Exception {
        Owner me = owner("Rotation");
        String old = me.hook(receiver.url("/rotate"), null);
        Reply rotated = me.api.send("POST", me.path("/rotate-secret"), null, bearer(me.key));
        assertEquals(200, rotated.status(), rotated::toString);
        String fresh = rotated.data().getString("secret");
        assertFalse(fresh.equals(old));
        assertFalse(rotated.data().isNull("previousSecretValidUntil"), rotated::toString);
        assertTrue(me.api.get(me.path(""), bearer(me.key)).data().isNull("secret"));

        Reply test = me.api.send("POST", me.path("/test"), null, bearer(me.key));
        assertEquals(202, test.status(), test::toString);
        Delivery ping = only(receiver, "/rotate", 1).get(0);
        assertEquals(2, ping.signature().split(" ").length, ping::toString);
        List<Verdict> verdicts = WebhookReceiver.verify(List.of(ping), List.of(old, fresh, SigningSecret.make()));
        assertEquals(List.of("webhook.test", "webhook.test", "false"), verdicts.stream().map(Verdict::standardWebhooks).toList(),
                verdicts::toString);
        assertEquals(List.of("webhook.test", "webhook.test", "false"), verdicts.stream().map(Verdict::svix).toList(),
                verdicts::toString);
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSameWebhookIdThreeTimes() throws Exception {
        PrometheusText before = metrics();
        Owner me = owner("Retries");
        receiver.answers("/flaky", 500, 500, 200);
        me.hook(receiver.url("/flaky"), null);
        Reply test = me.api.send("POST", me.path("/test"), null, bearer(me.key));
        assertEquals(202, test.status(), test::toString);
        List<Delivery> attempts = receiver.await("/flaky", d -> d.size() >= 3, PATIENCE);
        assertEquals(3, attempts.size(), attempts::toString);
        assertEquals(Set.of(test.data().getString("id")), attempts.stream().map(Delivery::id).collect(Collectors.toSet()));
        JsonObject delivery = eventually(me, d -> "delivered".equals(d.getString("status")));
        assertEquals(3, delivery.getInt("attempts"), delivery::toString);
        Pause.sleep(QUIET);
        assertEquals(3, receiver.received("/flaky").size(), "nothing after the 200");
        PrometheusText after = metrics();
        assertTrue(delta(before, after, "calendarpipe_webhook_deliveries_total", Map.of("outcome", "retry")) >= 2, "two retries");
        assertTrue(delta(before, after, "calendarpipe_webhook_deliveries_total", Map.of("outcome", "delivered")) >= 1, "delivered");
        assertTrue(delta(before, after, "calendarpipe_webhook_latency_total", Map.of("le", "+Inf")) >= 3, "three attempts timed");

        Reply again = me.api.send("POST", me.path("/deliveries/" + delivery.getString("id") + "/retry"), null, bearer(me.key));
        assertEquals(202, again.status(), again::toString);
        List<Delivery> redelivered = receiver.await("/flaky", d -> d.size() >= 4, PATIENCE);
        assertEquals(delivery.getString("id"), redelivered.get(3).id(), "a redelivery keeps the webhook-id");
        assertEquals(404, me.api.send("POST", me.path("/deliveries/msg_nothing/retry"), null, bearer(me.key)).status());
    }

    @Test
    void gone410DisablesTheWebhook() {
        Owner me = owner("Gone");
        receiver.answers("/gone", 410);
        me.hook(receiver.url("/gone"), null);
        me.api.createEvent(me.key, me.calendarId, "{\"title\":\"One\",\"start_at\":\"2026-03-10T09:00:00Z\"}");
        only(receiver, "/gone", 1);
        JsonObject shown = eventuallyShown(me, w -> !w.getBoolean("enabled"));
        assertTrue(shown.getString("disabledReason").contains("410"), shown::toString);
        me.api.createEvent(me.key, me.calendarId, "{\"title\":\"Two\",\"start_at\":\"2026-03-11T09:00:00Z\"}");
        Pause.sleep(QUIET);
        assertEquals(1, receiver.received("/gone").size(), "a disabled webhook gets nothing");
        assertEquals(409, me.api.send("POST", me.path("/test"), null, bearer(me.key)).status());
        me.hook(receiver.url("/gone"), null);
        assertEquals(202, me.api.send("POST", me.path("/test"), null, bearer(me.key)).status(), "set again, enabled again");
        assertEquals(2, receiver.await("/gone", d -> d.size() >= 2, PATIENCE).size());
    }

    @Test
    void aReceiverThatSleepsDoesNotDelayAnotherCalendarsDelivery() {
        try (WebhookReceiver sleepy = WebhookReceiver.on("127.0.0.2")) {
            sleepy.pauses("/sleep", Duration.ofSeconds(30));
            Owner slow = owner("Slow");
            Owner fast = owner("Fast");
            slow.hook(sleepy.url("/sleep"), null);
            fast.hook(receiver.url("/fast"), null);
            for (int i = 0; i < 4; i++) {
                assertEquals(202, slow.api.send("POST", slow.path("/test"), null, bearer(slow.key)).status());
            }
            sleepy.await("/sleep", d -> d.size() >= 2, PATIENCE);
            long sent = System.nanoTime();
            assertEquals(202, fast.api.send("POST", fast.path("/test"), null, bearer(fast.key)).status());
            List<Delivery> delivered = receiver.await("/fast", d -> !d.isEmpty(), PATIENCE);
            double seconds = (System.nanoTime() - sent) / 1e9;
            System.out.printf("[webhooks] the other calendar's delivery arrived %.2f s after its change, "
                    + "while %d deliveries waited on the sleeping receiver%n", seconds, sleepy.all().size());
            assertEquals(1, delivered.size());
            assertTrue(seconds < 3, "delivered in " + seconds + " s");
            assertTrue(sleepy.all().size() <= 2, "at most two at once to one host: " + sleepy.all().size());
        }
    }

    // ---- the account under test

    private Owner owner(String name) {
        ApiClient api = new ApiClient(base);
        ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail("webhooks"));
        String key = api.createKey(api.signIn(account), "webhooks");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"" + name + "\",\"timezone\":\"UTC\"}");
        return new Owner(api, account, key, calendar, calendar.getString("id"), new DavClient(api, account.email(), key));
    }

    record Owner(ApiClient api, ApiClient.TestAccount account, String key, JsonObject calendar, String calendarId, DavClient dav) {

        String path(String rest) {
            return "/api/v1/hosted-calendars/" + calendarId + "/webhook" + rest;
        }

        Reply put(String body) {
            return api.send("PUT", path(""), body, bearer(key));
        }

        /** Sets the webhook to the URL, for the types given (a JSON array, or null: all); its secret. */
        String hook(String url, String types) {
            Reply made = put("{\"url\":\"" + url + "\"" + (types == null ? "" : ",\"types\":" + types) + "}");
            assertEquals(200, made.status(), made::toString);
            return made.data().getString("secret");
        }

        String address() {
            return calendar.getString("calendarEmail");
        }

        String collection() {
            return "/dav/calendars/" + account.id() + "/" + calendarId + "/";
        }
    }

    /** The path's first {@code count} deliveries, and no more after a quiet while. */
    private static List<Delivery> only(WebhookReceiver receiver, String path, int count) {
        List<Delivery> got = receiver.await(path, d -> d.size() >= count, PATIENCE);
        assertTrue(got.size() >= count, () -> "expected " + count + " deliveries: " + got);
        Pause.sleep(QUIET);
        List<Delivery> after = receiver.received(path);
        assertEquals(count, after.size(), () -> "exactly " + count + ": " + after);
        return after;
    }

    /** The latest delivery, once {@code done} holds for it. */
    private static JsonObject eventually(Owner me, Predicate<JsonObject> done) {
        JsonObject latest = Pause.until(() -> me.api.get(me.path("/deliveries"), bearer(me.key)).dataArray().getJsonObject(0),
                done, PATIENCE);
        assertTrue(done.test(latest), () -> "not so in time: " + latest);
        return latest;
    }

    /** The webhook as shown, once {@code done} holds for it. */
    private static JsonObject eventuallyShown(Owner me, Predicate<JsonObject> done) {
        JsonObject shown = Pause.until(() -> me.api.get(me.path(""), bearer(me.key)).data(), done, PATIENCE);
        assertTrue(done.test(shown), () -> "not so in time: " + shown);
        return shown;
    }

    private PrometheusText metrics() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + management.getMgmtAddress() + ":" + management.getMgmtPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape::body);
        return PrometheusText.parse(scrape.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** No payload carries a key, a feed token or a session. */
    private static void noSecrets(String body, Owner me) {
        assertFalse(body.contains(me.key) || body.contains("cp_"), body);
        assertFalse(body.contains(me.calendar.getString("feedToken")), body);
    }
}
