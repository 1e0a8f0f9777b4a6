package com.calendarpipe.scheduling;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.TestMail;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an organizer's invitees learn: its calendar's address, which is public, and never a
 * credential. Alice invites Bob (an account here, his email proved by the link the server mailed
 * him) and Carol (elsewhere, by e-mail to GreenMail). Nothing Bob's account can read (REST, his
 * CalDAV copy, his scheduling inbox) and nothing in Carol's mail holds Alice's feed token, a key or
 * a session; after Alice regenerates the token, still nothing, and the address has not moved.
 * And Dan, who signed up but never proved his email, gets his invitation by mail, not into the
 * account that claims his address.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NoSecretReachesInviteesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    @Test
    void anInviteeLearnsTheAddressAndNoCredential() throws Exception {
        int port = TestMail.freePort();
        GreenMail smtp = TestMail.server(port);
        try (TestMail.Settings settings = TestMail.pointAt(management, port)) {
            ApiClient api = new ApiClient(base);
            ApiClient.TestAccount alice = api.signUp();
            ApiClient.Session aliceSession = api.signIn(alice);
            String aliceKey = api.createKey(aliceSession, "organizer");
            JsonObject team = api.get("/api/v1/hosted-calendars", bearer(aliceKey)).dataArray().getJsonObject(0);

            ApiClient.TestAccount bob = api.signUp();
            TestMail.proveEmail(api, smtp, bob.email(), PATIENCE);
            String bobKey = api.createKey(api.signIn(bob), "invitee");
            ApiClient.TestAccount dan = api.signUp();
            String carol = "carol-" + alice.id().substring(0, 8) + "@elsewhere.example";

            api.createEvent(aliceKey, team.getString("id"), """
                    {"title":"Salary review","description":"Ask for 10%","visibility":"private","start_at":"2026-05-04T09:00:00Z"}""");
            JsonObject lunch = api.createEvent(aliceKey, team.getString("id"), """
                    {"title":"Lunch","start_at":"2026-05-05T12:00:00Z","attendees":[
                     {"email":"%s"},{"email":"%s"},{"email":"%s"}]}""".formatted(bob.email(), carol, dan.email()));
            String uid = lunch.getString("providerEventId");

            List<String> secrets = List.of(team.getString("feedToken"), aliceKey, bobKey, aliceSession.cookie().split("=", 2)[1],
                    aliceSession.csrf());
            String seenByBob = whatBobCanRead(api, bob, bobKey, uid);
            assertTrue(seenByBob.contains(team.getString("calendarEmail")), "Bob's copy names Alice's calendar: " + seenByBob);
            assertNoneIn(secrets, seenByBob, "what Bob can read");
            String carolsMail = TestMail.raw(TestMail.awaitMailTo(smtp, carol, PATIENCE));
            assertTrue(carolsMail.contains("From: " + team.getString("calendarEmail")), carolsMail);
            assertNoneIn(secrets, carolsMail, "Carol's invitation");
            assertFalse(carolsMail.contains("Salary"), "Carol learns of the lunch only");
            String dansMail = TestMail.raw(TestMail.awaitMailTo(smtp, dan.email(), "Invitation: ", PATIENCE));
            assertTrue(dansMail.contains("METHOD:REQUEST") && dansMail.contains(uid), "an unproved address is invited by mail");

            Reply regenerated = api.send("POST", "/api/v1/hosted-calendars/" + team.getString("id") + "/regenerate-token",
                    null, bearer(aliceKey));
            assertEquals(200, regenerated.status(), regenerated::toString);
            String newToken = regenerated.data().getString("feedToken");
            assertNotEquals(team.getString("feedToken"), newToken);
            assertEquals(team.getString("calendarEmail"), regenerated.data().getString("calendarEmail"), "the address stays");
            assertEquals(404, api.get("/feed/" + team.getString("feedToken")).status(), "the old feed is gone");
            assertNoneIn(List.of(newToken), whatBobCanRead(api, bob, bobKey, uid), "what Bob can read after the new token");
            for (MimeMessage mail : smtp.getReceivedMessages()) {
                assertNoneIn(List.of(newToken), TestMail.raw(mail), "any mail sent");
            }
        } finally {
            smtp.stop();
        }
    }

    /** Everything Bob's account shows: its events over REST, the objects of its calendars and its inbox over CalDAV. */
    private static String whatBobCanRead(ApiClient api, ApiClient.TestAccount bob, String key, String uid) {
        StringBuilder all = new StringBuilder();
        Reply events = api.get("/api/v1/events?limit=100", bearer(key));
        assertEquals(200, events.status(), events::toString);
        assertTrue(events.body().contains(uid), "the invitation reached Bob's calendar: " + events.body());
        all.append(events.body());
        DavClient dav = new DavClient(api, bob.email(), key);
        String home = "/dav/calendars/" + bob.id() + "/";
        List<String> collections = new ArrayList<>(List.of(home + "inbox/"));
        api.get("/api/v1/hosted-calendars", bearer(key)).dataArray().getValuesAs(JsonObject.class)
                .forEach(c -> collections.add(home + c.getString("id") + "/"));
        for (String collection : collections) {
            for (String href : multistatus(dav.propfind(collection, 1, fixture("propfind-objects.xml"))).keySet()) {
                Reply item = dav.send("GET", href, null);
                if (item.status() == 200) {
                    all.append(item.body());
                }
            }
        }
        assertTrue(all.toString().contains("METHOD:REQUEST"), "the inbox holds the invitation");
        return all.toString().replace("\r\n ", "");
    }

    private static void assertNoneIn(List<String> secrets, String text, String where) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> where + " holds a secret (" + secret.substring(0, 6) + "…):\n" + text);
        }
    }
}
