package com.calendarpipe.auth;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * How console sessions end: after their idle time, at their absolute lifetime however busy, and
 * when the account's password is changed from another session. The lifetimes are set tiny
 * through the management model, as an operator can (CALENDARPIPE_SESSION_IDLE / _MAX).
 */
class ConsoleSessionsIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void aSessionEndsAfterItsIdleTimeButNotWhileItIsUsed() {
        TestAccount person = api().signUp();
        Session busy;
        Session idle;
        try (ServerSettings setting = ServerSettings.set(management, "session-idle", "2")) {
            busy = api().signIn(person);
            idle = api().signIn(person);
        }
        // a request every half second for twice the idle time keeps a session
        Instant end = Instant.now().plusSeconds(4);
        while (Instant.now().isBefore(end)) {
            Reply reply = api().get("/api/v1/session", busy.headers());
            assertEquals(200, reply.status(), "a used session lives on: " + reply);
            Pause.sleep(Duration.ofMillis(500));
        }
        Reply expired = api().get("/api/v1/session", idle.headers());
        assertEquals(401, expired.status(), "idle for 4 s of 2: " + expired);
        Session later = api().signIn(person);
        assertEquals(200, api().get("/api/v1/account", later.headers()).status(), "signed in after the setting: 12 h again");
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverBusy() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        Session other = api().signIn(person);
        Instant signedIn = Instant.now();
        try (ServerSettings setting = ServerSettings.set(management, "session-max", "3")) {
            Reply reply;
            do {
                reply = api().get("/api/v1/account", session.headers());
                Pause.sleep(Duration.ofMillis(250));
            } while (reply.status() == 200 && Instant.now().isBefore(signedIn.plusSeconds(15)));
            assertEquals(401, reply.status(), reply::toString);
            Duration lived = Duration.between(signedIn, Instant.now());
            assertTrue(lived.compareTo(Duration.ofMillis(2_500)) > 0 && lived.compareTo(Duration.ofSeconds(6)) < 0,
                    "ended at about 3 s, not " + lived);
            assertEquals(401, api().get("/api/v1/session", session.headers()).status(), "and stays ended");
        }
        assertEquals(401, api().get("/api/v1/account", session.headers()).status(),
                "a session ended is over, whatever the setting becomes");
        assertEquals(200, api().get("/api/v1/account", other.headers()).status(),
                "back to 7 days: an untouched session of the same age is current again");
    }

    @Test
    void aPasswordChangeSignsOutEveryOtherSessionAndKeepsThisOne() {
        TestAccount person = api().signUp();
        Session here = api().signIn(person);
        Session elsewhere = api().signIn(person);
        String key = api().createKey(here, "survives a password change");
        String newPassword = "a brand new passphrase";

        Reply changed = changePassword(here, person.password(), newPassword);
        assertEquals(204, changed.status(), changed::toString);
        assertEquals("", changed.body());

        Reply other = api().get("/api/v1/account", elsewhere.headers());
        assertEquals(401, other.status(), "the other session is over: " + other);
        assertEquals(200, api().get("/api/v1/session", here.headers()).status(), "this one stays signed in");
        Reply write = api().send("POST", "/api/v1/hosted-calendars", "{\"name\":\"after the change\"}", here.headers());
        assertEquals(201, write.status(), "and may still change things: " + write);
        assertEquals(200, api().get("/api/v1/account", bearer(key)).status(), "API keys are not sessions");

        Reply oldPassword = api().send("POST", "/api/v1/session",
                "{\"email\":\"" + person.email() + "\",\"password\":\"" + person.password() + "\"}");
        assertEquals(401, oldPassword.status(), oldPassword::toString);
        Session renewed = api().signIn(new TestAccount(person.id(), person.email(), newPassword));
        assertEquals(200, api().get("/api/v1/account", renewed.headers()).status());
        assertEquals(200, api().get("/api/v1/account", here.headers()).status(), "a later sign-in ends nothing");
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAValidNewOneAndTheSession() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        Session other = api().signIn(person);
        String key = api().createKey(session, "cannot change passwords");

        Reply wrong = changePassword(session, "not the password", "a brand new passphrase");
        assertEquals(400, wrong.status(), wrong::toString);
        assertEquals("currentPassword", wrong.json().getJsonArray("details").getJsonObject(0).getString("field"));
        assertFalse(wrong.body().contains("not the password") || wrong.body().contains("a brand new passphrase"),
                "no password in the answer: " + wrong);

        Reply tooShort = changePassword(session, person.password(), "short");
        assertEquals(400, tooShort.status(), tooShort::toString);
        assertEquals("newPassword", tooShort.json().getJsonArray("details").getJsonObject(0).getString("field"));
        assertFalse(tooShort.body().contains(person.password()), tooShort::toString);
        Reply missing = api().send("PUT", "/api/v1/account/password", "{}", session.headers());
        assertEquals(400, missing.status(), missing::toString);
        assertEquals(2, missing.json().getJsonArray("details").size(), missing::toString);

        Reply withKey = api().send("PUT", "/api/v1/account/password", body(person.password(), "a brand new passphrase"),
                bearer(key));
        assertEquals(403, withKey.status(), withKey::toString);
        Reply noCsrf = api().send("PUT", "/api/v1/account/password", body(person.password(), "a brand new passphrase"),
                "Cookie", session.cookie());
        assertEquals(403, noCsrf.status(), noCsrf::toString);

        assertEquals(200, api().get("/api/v1/account", other.headers()).status(), "nothing was changed, nobody signed out");
        assertEquals(200, api().get("/api/v1/account", session.headers()).status());
        api().signIn(person);
    }

    private Reply changePassword(Session session, String current, String next) {
        return api().send("PUT", "/api/v1/account/password", body(current, next), session.headers());
    }

    private static String body(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }
}
