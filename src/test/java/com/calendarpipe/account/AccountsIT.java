package com.calendarpipe.account;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/** Sign-up, sign-in, the caller's account, plans and the admin plan change, status, and the error envelope. */
class AccountsIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void statusIsOpenAndNamesTheVersion() {
        Reply reply = api().get("/api/v1/status");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("ok", reply.data().getString("status"));
        assertFalse(reply.data().getString("version").isBlank());
    }

    @Test
    void signUpAnswersTheAccountWithoutSecrets() {
        String email = ApiClient.uniqueEmail("Signup").replace("signup", "SignUp");
        Reply reply = api().send("POST", "/api/v1/accounts",
                "{\"email\":\"" + email + "\",\"password\":\"long enough password\",\"displayName\":\"Ann\"}");
        assertEquals(201, reply.status(), reply::toString);
        JsonObject data = reply.data();
        assertEquals(email, data.getString("email"));
        assertEquals("Ann", data.getString("displayName"));
        assertEquals("PRO", data.getString("plan"), "CALENDARPIPE_DEFAULT_PLAN defaults to PRO");
        assertNotNull(data.getString("createdAt"));
        assertEquals(36, data.getString("id").length());
        assertEquals(List.of("admin", "adminPending", "createdAt", "displayName", "email", "emailVerified", "id",
                "mfaEnabled", "pendingEmail", "plan", "shareFreeBusy"), data.keySet().stream().sorted().collect(Collectors.toList()));
        assertFalse(data.getBoolean("mfaEnabled"), "two-factor sign-in is turned on by its owner");
        assertFalse(data.getBoolean("emailVerified"), "nothing proves the email yet");
        assertFalse(data.getBoolean("shareFreeBusy"), "busy times are private unless shared");
        assertFalse(reply.body().contains("long enough password"));
    }

    @Test
    void aNewAccountHasOneDefaultCalendarThatItCanDelete() {
        String key = api().createKey(api().signIn(api().signUp()), "default calendar");
        List<JsonObject> calendars = api().get("/api/v1/hosted-calendars", bearer(key)).dataArray().stream()
                .map(v -> v.asJsonObject()).toList();
        assertEquals(List.of("Calendar"), calendars.stream().map(c -> c.getString("name")).toList(),
                "CALENDARPIPE_DEFAULT_CALENDAR defaults to \"Calendar\"");
        assertEquals("UTC", calendars.get(0).getString("timezone"));
        String path = "/api/v1/hosted-calendars/" + calendars.get(0).getString("id");
        assertEquals(200, api().send("PATCH", path, "{\"name\":\"Renamed\"}", bearer(key)).status(), "an ordinary calendar");
        assertEquals(204, api().send("DELETE", path, null, bearer(key)).status());
        assertEquals(0, api().get("/api/v1/hosted-calendars", bearer(key)).dataArray().size(), "nothing recreates it");
    }

    @Test
    void theDefaultCalendarTakesTheConfiguredNameOrIsTurnedOff() {
        try (ServerSettings named = ServerSettings.set(management, "default-calendar", "Personal")) {
            String key = api().createKey(api().signIn(api().signUp()), "named");
            assertEquals(List.of("Personal"), api().get("/api/v1/hosted-calendars", bearer(key)).dataArray().stream()
                    .map(v -> v.asJsonObject().getString("name")).toList());
        }
        try (ServerSettings off = ServerSettings.set(management, "default-calendar", "off")) {
            String key = api().createKey(api().signIn(api().signUp()), "none");
            assertEquals(0, api().get("/api/v1/hosted-calendars", bearer(key)).dataArray().size());
        }
    }

    @Test
    void duplicateEmailInAnyCaseIsAConflict() {
        TestAccount first = api().signUp();
        Reply again = api().send("POST", "/api/v1/accounts", "{\"email\":\"" + first.email().toUpperCase()
                + "\",\"password\":\"another long password\",\"displayName\":\"Twin\"}");
        assertEquals(409, again.status(), again::toString);
        assertEquals("Conflict", again.json().getString("error"));
    }

    /** Addresses as people read them: no two accounts differ by case, a compatibility form or a lookalike. */
    @Test
    void lookalikeAndInvisibleAddressesAreRefusedAtSignUp() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        api().signUp("modern-" + tag + "@calendarpipe.test");
        for (String twin : List.of("rnodern-" + tag + "@calendarpipe.test",            // rn looks like m
                "MODERN-" + tag + "@CALENDARPIPE.TEST",                               // case
                "\uff4d\uff4f\uff44\uff45\uff52\uff4e-" + tag + "@calendarpipe.test")) { // full-width letters (NFKC)
            Reply again = signUp(twin, "Twin");
            assertEquals(409, again.status(), () -> twin + ": " + again);
        }
        for (String hostile : List.of("p\u0430ypal-" + tag + "@calendarpipe.test",     // Cyrillic a among Latin
                "ann-" + tag + "@c\u0430lendarpipe.test",                            // ... in the domain
                "ann\u200b-" + tag + "@calendarpipe.test",                           // zero-width space
                "ann\u202e-" + tag + "@calendarpipe.test")) {                        // right-to-left override
            Reply refused = signUp(hostile, "Mallory");
            assertEquals(400, refused.status(), () -> hostile + ": " + refused);
            assertEquals("email", refused.json().getJsonArray("details").getJsonObject(0).getString("field"), refused::toString);
        }
        Reply control = signUp(ApiClient.uniqueEmail("control"), "Ann\\r\\nBcc: everyone");
        assertEquals(400, control.status(), control::toString);
        assertEquals("displayName", control.json().getJsonArray("details").getJsonObject(0).getString("field"));
    }

    private Reply signUp(String email, String displayName) {
        return api().send("POST", "/api/v1/accounts", "{\"email\":\"" + email
                + "\",\"password\":\"long enough password\",\"displayName\":\"" + displayName + "\"}");
    }

    /**
     * Every sign-up from an address counts, and past the limit the next waits for the window's end;
     * other addresses, and signing in from the throttled one, are not held up. (Only the fresh
     * address signs up while the limit is low: a block, once reached, lasts its window.)
     */
    @Test
    void signUpIsThrottledPerAddress() {
        TestAccount other = api().signUp();
        try (ServerSettings limit = ServerSettings.set(management, "throttle-signups", "3")) {
            FromAddress from = FromAddress.fresh(base);
            for (int i = 0; i < 3; i++) {
                Reply made = from.send("POST", "/api/v1/accounts", "{\"email\":\"" + ApiClient.uniqueEmail("many")
                        + "\",\"password\":\"long enough password\",\"displayName\":\"Many\"}");
                assertEquals(201, made.status(), made::toString);
            }
            Reply throttled = from.send("POST", "/api/v1/accounts", "{\"email\":\"" + ApiClient.uniqueEmail("many")
                    + "\",\"password\":\"long enough password\",\"displayName\":\"Many\"}");
            assertEquals(429, throttled.status(), throttled::toString);
            assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0, throttled::toString);
            assertEquals(200, from.send("POST", "/api/v1/session", "{\"email\":\"" + other.email() + "\",\"password\":\""
                    + other.password() + "\"}").status(), "signing up too often does not stop signing in");
        }
    }

    @Test
    void theAccountsOwnSettingsChangeAndBadOnesAreNamed() {
        TestAccount account = api().signUp();
        Session session = api().signIn(account);
        Reply shared = api().send("PATCH", "/api/v1/account", "{\"shareFreeBusy\":true,\"displayName\":\" Ann B \"}",
                session.headers());
        assertEquals(200, shared.status(), shared::toString);
        assertTrue(shared.data().getBoolean("shareFreeBusy"));
        assertEquals("Ann B", shared.data().getString("displayName"));
        String key = api().createKey(session, "settings");
        Reply kept = api().send("PATCH", "/api/v1/account", "{}", bearer(key));
        assertTrue(kept.data().getBoolean("shareFreeBusy"), "what is left out is kept: " + kept);
        for (String bad : List.of("{\"shareFreeBusy\":\"yes\"}", "{\"shareFreeBusy\":null}", "{\"displayName\":\"\"}",
                "{\"displayName\":\"A\\u0000B\"}", "{\"displayName\":\"" + "x".repeat(101) + "\"}", "{\"nickname\":\"x\"}",
                "[]")) {
            Reply refused = api().send("PATCH", "/api/v1/account", bad, bearer(key));
            assertEquals(400, refused.status(), () -> bad + ": " + refused);
        }
        // what the server owns may be sent back as read, and changes nothing (an email is changed only once proved)
        Reply echoed = api().send("PATCH", "/api/v1/account", "{\"email\":\"x@example.com\",\"plan\":\"FREE\"}", bearer(key));
        assertEquals(200, echoed.status(), echoed::toString);
        assertEquals(account.email(), echoed.data().getString("email"));
        assertEquals("PRO", echoed.data().getString("plan"));
        assertEquals(1, api().get("/api/v1/audit-events?type=free_busy_sharing_changed", bearer(key)).dataArray().size());
    }

    /**
     * CALENDARPIPE_ADMINS grants nothing to an address until it is proved: signing up first with a
     * listed address makes no admin. Where the server sends no mail, the proof is the one-time
     * setup token from the server's log (the test admin is made so, see ApiClient#adminSession);
     * a token works once, and only for a listed address, only from the console session.
     */
    @Test
    void aListedAdminIsNoAdminUntilProved() {
        Session admin = api().adminSession();
        String used = ApiClient.lastSetupToken();
        String boss = ApiClient.uniqueEmail("boss");
        try (ServerSettings listed = ServerSettings.set(management, "admins", "admin@calendarpipe.test," + boss)) {
            TestAccount bossAccount = api().signUp(boss);
            Session session = api().signIn(bossAccount);
            JsonObject me = api().get("/api/v1/account", session.headers()).data();
            assertFalse(me.getBoolean("admin"), me::toString);
            assertTrue(me.getBoolean("adminPending"), me::toString);
            TestAccount user = api().signUp();
            Reply change = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"FREE\"}", session.headers());
            assertEquals(403, change.status(), "listed, not proved: " + change);

            Reply reused = api().send("POST", "/api/v1/account/admin-setup", "{\"token\":\"" + used + "\"}", session.headers());
            assertEquals(400, reused.status(), "a setup token works once: " + reused);
            Reply wrong = api().send("POST", "/api/v1/account/admin-setup", "{\"token\":\"" + "0".repeat(40) + "\"}",
                    session.headers());
            assertEquals(400, wrong.status(), wrong::toString);
            Reply withKey = api().send("POST", "/api/v1/account/admin-setup", "{\"token\":\"x\"}",
                    bearer(api().createKey(session, "not for this")));
            assertEquals(403, withKey.status(), withKey::toString);
            Session unlisted = api().signIn(user);
            Reply notListed = api().send("POST", "/api/v1/account/admin-setup", "{\"token\":\"x\"}", unlisted.headers());
            assertEquals(403, notListed.status(), notListed::toString);
            assertTrue(api().get("/api/v1/account", admin.headers()).data().getBoolean("admin"), "the proved admin is one");
        }
    }

    @Test
    void invalidFieldsAreEachNamedInDetails() {
        Reply reply = api().send("POST", "/api/v1/accounts", "{\"email\":\"not-an-email\",\"password\":\"short\"}");
        assertEquals(400, reply.status(), reply::toString);
        List<String> fields = reply.json().getJsonArray("details").stream()
                .map(d -> d.asJsonObject().getString("field")).sorted().toList();
        assertEquals(List.of("displayName", "email", "password"), fields, reply::toString);
    }

    @Test
    void malformedJsonAndWrongMediaTypeAreClientErrors() {
        Reply malformed = api().send("POST", "/api/v1/accounts", "{\"email\": ");
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("Bad Request", malformed.json().getString("error"));

        Reply noBody = api().send("POST", "/api/v1/accounts", "", "Content-Type", "application/json");
        assertEquals(400, noBody.status(), noBody::toString);

        Reply text = api().send("POST", "/api/v1/accounts", "email=a@b.c", "Content-Type", "text/plain");
        assertEquals(415, text.status(), text::toString);
        assertEquals("Unsupported Media Type", text.json().getString("error"));
    }

    @Test
    void closedSignUpIsForbidden() {
        try (ServerSettings closed = ServerSettings.set(management, "signup", "closed")) {
            Reply reply = api().send("POST", "/api/v1/accounts", "{\"email\":\"" + ApiClient.uniqueEmail("closed")
                    + "\",\"password\":\"long enough password\",\"displayName\":\"Late\"}");
            assertEquals(403, reply.status(), reply::toString);
            assertEquals("Forbidden", reply.json().getString("error"));
        }
    }

    @Test
    void newAccountsTakeTheConfiguredDefaultPlan() {
        try (ServerSettings free = ServerSettings.set(management, "default-plan", "FREE")) {
            TestAccount account = api().signUp();
            Session session = api().signIn(account);
            assertEquals("FREE", api().get("/api/v1/account", session.headers()).data().getString("plan"));
        }
    }

    @Test
    void sessionSignInSetsAHardenedCookieAndSignOutEndsIt() {
        TestAccount account = api().signUp();
        Reply signIn = api().send("POST", "/api/v1/session",
                "{\"email\":\"" + account.email().toUpperCase() + "\",\"password\":\"" + account.password() + "\"}");
        assertEquals(200, signIn.status(), signIn::toString);
        String cookie = signIn.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertEquals(account.id(), signIn.data().getString("id"));
        assertFalse(signIn.data().getString("csrfToken").isBlank());

        Session session = new Session(cookie.split(";", 2)[0], signIn.data().getString("csrfToken"));
        Reply me = api().get("/api/v1/account", "Cookie", session.cookie());
        assertEquals(200, me.status(), me::toString);
        assertEquals(account.email(), me.data().getString("email"));

        Reply signOut = api().send("DELETE", "/api/v1/session", null, session.headers());
        assertEquals(204, signOut.status(), signOut::toString);
        assertEquals("", signOut.body());
        assertEquals(401, api().get("/api/v1/account", "Cookie", session.cookie()).status());
    }

    @Test
    void aReloadedConsoleReadsItsSessionBack() {
        TestAccount account = api().signUp();
        Session session = api().signIn(account);
        Reply current = api().get("/api/v1/session", "Cookie", session.cookie());
        assertEquals(200, current.status(), current::toString);
        assertEquals(account.id(), current.data().getString("id"));
        assertEquals(account.email(), current.data().getString("email"));
        assertEquals("PRO", current.data().getString("plan"));
        assertEquals(session.csrf(), current.data().getString("csrfToken"), "the same token, not a new one");
        assertEquals("no-store", current.header("Cache-Control"));
        assertEquals(null, current.header("Set-Cookie"), "reading the session does not rotate it");

        assertEquals(401, api().get("/api/v1/session").status(), "no session");
        Reply withKey = api().get("/api/v1/session", bearer(api().createKey(session, "no session")));
        assertEquals(404, withKey.status(), "a key has no console session: " + withKey);
        assertEquals("Not Found", withKey.json().getString("error"));

        assertEquals(204, api().send("DELETE", "/api/v1/session", null, session.headers()).status());
        assertEquals(401, api().get("/api/v1/session", "Cookie", session.cookie()).status(), "signed out");
    }

    @Test
    void wrongPasswordAndUnknownEmailAreTheSame401() {
        TestAccount account = api().signUp();
        Reply wrongPassword = api().send("POST", "/api/v1/session",
                "{\"email\":\"" + account.email() + "\",\"password\":\"not the password\"}");
        Reply unknownEmail = api().send("POST", "/api/v1/session",
                "{\"email\":\"" + ApiClient.uniqueEmail("nobody") + "\",\"password\":\"not the password\"}");
        assertEquals(401, wrongPassword.status(), wrongPassword::toString);
        assertEquals(401, unknownEmail.status(), unknownEmail::toString);
        assertEquals(wrongPassword.body(), unknownEmail.body());
        assertEquals(null, wrongPassword.header("Set-Cookie"));
    }

    @Test
    void sessionStateChangesNeedTheCsrfToken() {
        Session session = api().signIn(api().signUp());
        Reply without = api().send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}", "Cookie", session.cookie());
        assertEquals(403, without.status(), without::toString);
        Reply wrong = api().send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}",
                "Cookie", session.cookie(), "X-CSRF-Token", session.csrf() + "x");
        assertEquals(403, wrong.status(), wrong::toString);
        assertEquals("Forbidden", wrong.json().getString("error"));
        assertEquals(201, api().send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}", session.headers()).status());
    }

    @Test
    void accountAnswersWithAKeyToo() {
        String key = api().newKey();
        Reply reply = api().get("/api/v1/account", bearer(key));
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("PRO", reply.data().getString("plan"));
    }

    @Test
    void onlyAdminsChangePlansAndAKeyOfAFreeAccountAnswers402UntilUpgraded() {
        Session admin = api().adminSession();
        TestAccount user = api().signUp();
        Session userSession = api().signIn(user);
        String key = api().createKey(userSession, "plan test");

        Reply notAdmin = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"FREE\"}",
                userSession.headers());
        assertEquals(403, notAdmin.status(), notAdmin::toString);

        Reply downgrade = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"FREE\"}",
                admin.headers());
        assertEquals(200, downgrade.status(), downgrade::toString);
        assertEquals("FREE", downgrade.data().getString("plan"));

        Reply refused = api().get("/api/v1/account", bearer(key));
        assertEquals(402, refused.status(), refused::toString);
        assertEquals("{\"error\":\"Payment Required\",\"message\":\"Pro plan required\"}", refused.body());
        // the session of a Free account still works outside the Pro pages, and Pro pages say 402
        assertEquals(200, api().get("/api/v1/account", userSession.headers()).status());
        assertEquals(402, api().send("POST", "/api/v1/api-keys", "{\"name\":\"x\"}", userSession.headers()).status());
        assertEquals(402, api().get("/api/v1/api-keys", userSession.headers()).status());

        Reply upgrade = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"PRO\"}",
                admin.headers());
        assertEquals(200, upgrade.status(), upgrade::toString);
        assertEquals(200, api().get("/api/v1/account", bearer(key)).status(), "downgrades never delete keys");
    }

    @Test
    void adminPlanChangeValidatesItsInput() {
        Session admin = api().adminSession();
        Reply unknown = api().send("PATCH", "/api/v1/admin/accounts/00000000-0000-0000-0000-000000000000",
                "{\"plan\":\"PRO\"}", admin.headers());
        assertEquals(404, unknown.status(), unknown::toString);
        TestAccount user = api().signUp();
        Reply missing = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{}", admin.headers());
        assertEquals(400, missing.status(), missing::toString);
        assertEquals("plan", missing.json().getJsonArray("details").getJsonObject(0).getString("field"));
        Reply bogus = api().send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"GOLD\"}", admin.headers());
        assertEquals(400, bogus.status(), bogus::toString);
    }

    @Test
    void unknownPathsAndMethodsAnswerTheEnvelope() {
        String key = api().newKey();
        Reply missing = api().get("/api/v1/no-such-thing", bearer(key));
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("Not Found", missing.json().getString("error"));
        Reply method = api().send("PUT", "/api/v1/status", "{}");
        assertEquals(405, method.status(), method::toString);
        assertEquals("Method Not Allowed", method.json().getString("error"));
    }
}
