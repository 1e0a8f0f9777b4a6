package com.calendarpipe.account;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.JsonString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Two-factor sign-in as a person meets it: enrolment from the seed shown once (the test computes
 * the codes from that seed, as an authenticator app would), the sign-in that then takes a code,
 * recovery codes that work once, replayed codes refused, guessing throttled, turning it off.
 */
class MfaIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void enrolmentShowsTheSeedOnceAndNeedsACodeMadeFromIt() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        Reply begun = api().send("POST", "/api/v1/account/mfa/enrolment", null, session.headers());
        assertEquals(200, begun.status(), begun::toString);
        assertEquals("no-store", begun.header("Cache-Control"));
        String secret = begun.data().getString("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        String uri = begun.data().getString("otpauthUri");
        assertTrue(uri.startsWith("otpauth://totp/CalendarPipe:") && uri.contains("secret=" + secret), uri);

        Reply wrong = api().send("POST", "/api/v1/account/mfa", "{\"code\":\"" + Authenticator.wrongCode(secret) + "\"}", session.headers());
        assertEquals(400, wrong.status(), wrong::toString);
        assertEquals("code", wrong.json().getJsonArray("details").getJsonObject(0).getString("field"));
        for (String hostile : List.of("{}", "{\"code\":12}", "{\"code\":\"" + "9".repeat(5000) + "\"}", "{\"code\":null}",
                "{\"code\":\"123456\",\"extra\":1}")) {
            Reply refused = api().send("POST", "/api/v1/account/mfa", hostile, session.headers());
            assertEquals(400, refused.status(), hostile + " → " + refused);
        }
        assertFalse(api().get("/api/v1/account", session.headers()).data().getBoolean("mfaEnabled"), "not on before a right code");
        assertEquals(200, api().signInReply(person).status(), "sign-in is still one step");

        String key = api().createKey(session, "cannot enrol");
        Reply withKey = api().send("POST", "/api/v1/account/mfa/enrolment", null, bearer(key));
        assertEquals(403, withKey.status(), withKey::toString);

        long step = Totp.step(System.currentTimeMillis() / 1000);
        Reply confirmed = api().send("POST", "/api/v1/account/mfa", "{\"code\":\"" + Totp.code(secret, step) + "\"}",
                session.headers());
        assertEquals(200, confirmed.status(), confirmed::toString);
        List<String> codes = confirmed.data().getJsonArray("recoveryCodes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertEquals(10, new HashSet<>(codes).size(), codes::toString);
        assertTrue(api().get("/api/v1/account", session.headers()).data().getBoolean("mfaEnabled"));
        Reply again = api().send("POST", "/api/v1/account/mfa/enrolment", null, session.headers());
        assertEquals(409, again.status(), "one seed at a time: " + again);
        assertTrue(auditTypes(session).contains("mfa_enabled"));
        Reply trail = api().get("/api/v1/audit-events", session.headers());
        assertFalse(trail.body().contains(secret) || trail.body().contains(codes.get(0)), "no secret in the trail");
    }

    @Test
    void signInTakesACodeOnceAndARecoveryCodeOnce() {
        Authenticator.Enrolled enrolled = Authenticator.enrol(api());
        TestAccount person = enrolled.account();

        Reply first = api().signInReply(person);
        assertEquals(202, first.status(), first::toString);
        assertTrue(first.data().getBoolean("secondFactorRequired"));
        String half = Authenticator.cookie(first);
        assertEquals(401, api().get("/api/v1/account", "Cookie", half).status(), "a password alone signs nobody in");

        Reply replayed = Authenticator.secondFactor(api(), half, Totp.code(enrolled.secret(), enrolled.usedStep()));
        assertEquals(401, replayed.status(), "the code enrolment used is spent: " + replayed);
        Reply signedIn = Authenticator.secondFactor(api(), half, Totp.code(enrolled.secret(), enrolled.usedStep() + 1));
        assertEquals(200, signedIn.status(), signedIn::toString);
        Session session = new Session(Authenticator.cookie(signedIn), signedIn.data().getString("csrfToken"));
        assertEquals(200, api().get("/api/v1/account", session.headers()).status());
        assertFalse(session.cookie().equals(half), "a new session id once signed in");

        Reply secondTime = Authenticator.secondFactor(api(), Authenticator.cookie(api().signInReply(person)), Totp.code(enrolled.secret(), enrolled.usedStep() + 1));
        assertEquals(401, secondTime.status(), "the same code twice within its window: " + secondTime);

        String recovery = enrolled.recoveryCodes().get(0);
        Reply byRecovery = Authenticator.secondFactor(api(), Authenticator.cookie(api().signInReply(person)), recovery);
        assertEquals(200, byRecovery.status(), byRecovery::toString);
        Reply dead = Authenticator.secondFactor(api(), Authenticator.cookie(api().signInReply(person)), recovery);
        assertEquals(401, dead.status(), "a recovery code works once: " + dead);
        String typed = enrolled.recoveryCodes().get(1).toUpperCase().replace("-", " ");
        assertEquals(200, Authenticator.secondFactor(api(), Authenticator.cookie(api().signInReply(person)), typed).status(), "as a person may type it");
        assertTrue(auditTypes(session).contains("recovery_code_used"));
        assertEquals(401, Authenticator.secondFactor(api(), null, recovery).status(), "no half sign-in, no code check");
    }

    @Test
    void guessingCodesIsThrottledAndEndsTheHalfSignIn() {
        Authenticator.Enrolled enrolled = Authenticator.enrol(api());
        String half = Authenticator.cookie(api().signInReply(enrolled.account()));
        for (int i = 1; i <= 5; i++) {
            Reply wrong = Authenticator.secondFactor(api(), half, Authenticator.wrongCode(enrolled.secret()));
            assertEquals(401, wrong.status(), "guess " + i + ": " + wrong);
        }
        Reply over = Authenticator.secondFactor(api(), half, Totp.code(enrolled.secret(), enrolled.usedStep() + 1));
        assertEquals(401, over.status(), "five wrong codes: the password again: " + over);

        Authenticator.Enrolled other = Authenticator.enrol(api());
        try (ServerSettings limit = ServerSettings.set(management, "throttle-account-failures", "3")) {
            String otherHalf = Authenticator.cookie(api().signInReply(other.account()));
            for (int i = 1; i <= 3; i++) {
                assertEquals(401, Authenticator.secondFactor(api(), otherHalf, Authenticator.wrongCode(other.secret())).status(), "guess " + i);
            }
            Reply throttled = Authenticator.secondFactor(api(), otherHalf, Totp.code(other.secret(), other.usedStep() + 1));
            assertEquals(429, throttled.status(), "even the right code waits: " + throttled);
            assertNotNull(throttled.header("Retry-After"));
            assertEquals(429, api().signInReply(other.account()).status(), "and the password too");
        }
    }

    @Test
    void turningItOffNeedsACode() {
        Authenticator.Enrolled enrolled = Authenticator.enrol(api());
        Session session = Authenticator.signInWithCode(api(), enrolled, enrolled.usedStep() + 1);
        Reply wrong = api().send("POST", "/api/v1/account/mfa/disable", "{\"code\":\"" + Authenticator.wrongCode(enrolled.secret()) + "\"}",
                session.headers());
        assertEquals(400, wrong.status(), wrong::toString);
        Reply replay = api().send("POST", "/api/v1/account/mfa/disable",
                "{\"code\":\"" + Totp.code(enrolled.secret(), enrolled.usedStep() + 1) + "\"}", session.headers());
        assertEquals(400, replay.status(), "the sign-in's code is spent: " + replay);
        Reply off = api().send("POST", "/api/v1/account/mfa/disable",
                "{\"code\":\"" + enrolled.recoveryCodes().get(3) + "\"}", session.headers());
        assertEquals(204, off.status(), off::toString);
        assertEquals(200, api().signInReply(enrolled.account()).status(), "one step again");
        assertTrue(auditTypes(session).contains("mfa_disabled"));
    }

    Set<String> auditTypes(Session session) {
        Reply events = api().get("/api/v1/audit-events?limit=100", session.headers());
        assertEquals(200, events.status(), events::toString);
        Set<String> types = new HashSet<>();
        events.dataArray().forEach(e -> types.add(e.asJsonObject().getString("type")));
        return types;
    }
}
