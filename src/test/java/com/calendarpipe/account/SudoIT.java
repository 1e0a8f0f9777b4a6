package com.calendarpipe.account;

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
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Sudo mode: a sign-in, or a password or code given again, lets the session do what would hand
 * the account over for the window that follows (2 s here, set through the management model as an
 * operator can; 10 minutes by default); after it, the session is asked again.
 */
class SudoIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void keysAndPasswordsNeedAFreshConfirmation() {
        TestAccount person = api().signUp();
        try (ServerSettings window = ServerSettings.set(management, "sudo-window", "2")) {
            Session session = api().signIn(person);
            String key = api().createKey(session, "made just after signing in");
            api().createKey(session, "to rotate and revoke");
            Pause.sleep(Duration.ofMillis(2_500));

            Reply create = api().send("POST", "/api/v1/api-keys", "{\"name\":\"later\"}", session.headers());
            assertSudoAsked(create);
            String keyId = api().get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");   // the newest
            assertSudoAsked(api().send("POST", "/api/v1/api-keys/" + keyId + "/rotate", "{}", session.headers()));
            assertSudoAsked(api().send("PUT", "/api/v1/account/password",
                    "{\"currentPassword\":\"" + person.password() + "\",\"newPassword\":\"a brand new passphrase\"}",
                    session.headers()));
            assertSudoAsked(api().send("POST", "/api/v1/account/mfa/enrolment", null, session.headers()));
            assertEquals(200, api().get("/api/v1/api-keys", session.headers()).status(), "reading needs no confirmation");
            assertEquals(204, api().send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status(),
                    "nor does revoking: whoever holds a session may kill a key");

            Reply wrong = sudo(session, "{\"password\":\"not it\"}");
            assertEquals(400, wrong.status(), wrong::toString);
            assertFalse(wrong.body().contains("not it"), wrong::toString);
            assertEquals(400, sudo(session, "{}").status());
            assertEquals(400, sudo(session, "{\"password\":\"x\",\"code\":\"123456\"}").status());
            assertEquals(400, sudo(session, "{\"code\":\"123456\"}").status(), "no second factor to prove");
            assertSudoAsked(api().send("POST", "/api/v1/api-keys", "{\"name\":\"still not\"}", session.headers()));

            Reply confirmed = sudo(session, "{\"password\":\"" + person.password() + "\"}");
            assertEquals(204, confirmed.status(), confirmed::toString);
            assertEquals(201, api().send("POST", "/api/v1/api-keys", "{\"name\":\"confirmed\"}", session.headers()).status());
            Pause.sleep(Duration.ofMillis(2_500));
            assertSudoAsked(api().send("POST", "/api/v1/api-keys", "{\"name\":\"expired again\"}", session.headers()));

            Reply withKey = api().send("POST", "/api/v1/session/sudo", "{\"password\":\"" + person.password() + "\"}",
                    bearer(key));
            assertEquals(403, withKey.status(), "a key never confirms: " + withKey);
            Reply keyCreates = api().send("POST", "/api/v1/api-keys", "{\"name\":\"by key\"}", bearer(key));
            assertEquals(403, keyCreates.status(), keyCreates::toString);
            assertFalse(keyCreates.body().contains("\"sudo\""), "a key is not asked to confirm, it is refused: " + keyCreates);
            Reply noCsrf = api().send("POST", "/api/v1/session/sudo", "{\"password\":\"" + person.password() + "\"}",
                    "Cookie", session.cookie());
            assertEquals(403, noCsrf.status(), noCsrf::toString);
            Reply events = api().get("/api/v1/audit-events?type=sudo_confirmed", session.headers());
            assertEquals(1, events.dataArray().size(), events::toString);
        }
    }

    @Test
    void aTwoFactorCodeConfirmsToo() {
        Authenticator.Enrolled enrolled = Authenticator.enrol(api());
        try (ServerSettings window = ServerSettings.set(management, "sudo-window", "2")) {
            Session session = Authenticator.signInWithCode(api(), enrolled, enrolled.usedStep() + 1);
            Pause.sleep(Duration.ofMillis(2_500));
            assertSudoAsked(api().send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}", session.headers()));
            Reply spent = sudo(session, "{\"code\":\"" + Totp.code(enrolled.secret(), enrolled.usedStep() + 1) + "\"}");
            assertEquals(400, spent.status(), "a spent code confirms nothing: " + spent);
            assertEquals(204, sudo(session, "{\"code\":\"" + enrolled.recoveryCodes().get(9) + "\"}").status());
            assertEquals(201, api().send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}", session.headers()).status());
        }
    }

    private Reply sudo(Session session, String body) {
        return api().send("POST", "/api/v1/session/sudo", body, session.headers());
    }

    private static void assertSudoAsked(Reply reply) {
        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.json().getJsonArray("details").getJsonObject(0).getString("field").equals("sudo"), reply::toString);
    }
}
