package com.calendarpipe.audit;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * The audit trail over HTTP: every event type produced by a real request, listed to its account
 * only, newest first, a page at a time, filtered by type and key.
 */
class AuditTrailIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void everySecurityEventOfAnAccountIsListedNewestFirstAndNoOneElsesAre() {
        ApiClient api = api();
        TestAccount account = api.signUp();
        FromAddress guesser = FromAddress.fresh(base);
        assertEquals(401, signIn(guesser, account.email(), "a wrong password").status());
        Session session = api.signIn(account);
        String first = api.createKey(session, "first");
        String firstId = keyId(session, "first");
        String second = api.createKey(session, "second");
        String secondId = keyId(session, "second");
        api.createKey(session, "third");
        String thirdId = keyId(session, "third");
        // revoked with another key of the account, then by the session
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + secondId, null, bearer(first)).status());
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + thirdId, null, session.headers()).status());
        // a second revoke of a revoked key changes nothing, and records nothing
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + thirdId, null, session.headers()).status());
        Reply rotated = api.send("POST", "/api/v1/api-keys/" + firstId + "/rotate", "{\"graceSeconds\":600}",
                session.headers());
        assertEquals(201, rotated.status(), rotated::toString);
        Reply downgrade = api.send("PATCH", "/api/v1/admin/accounts/" + account.id(), "{\"plan\":\"FREE\"}",
                api.adminSession().headers());
        assertEquals(200, downgrade.status(), downgrade::toString);
        Session other = api.signIn(account);
        assertEquals(204, api.send("DELETE", "/api/v1/session", null, other.headers()).status());
        // someone else's account, busy meanwhile
        TestAccount stranger = api.signUp();
        api.createKey(api.signIn(stranger), "not yours");

        // the first key's first use (the revoke above) is written in the background: looked at apart
        JsonObject firstUse = await(api, session, "&type=key_first_used", e -> true, Duration.ofSeconds(15));
        assertEquals(firstId, firstUse.getString("keyId"), firstUse::toString);
        List<JsonObject> events = all(api, "", session.headers()).stream()
                .filter(e -> !e.getString("type").equals("key_first_used")).toList();
        List<String> types = events.stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("signed_out", "signed_in", "plan_changed", "key_created", "key_revoked", "key_revoked",
                "key_created", "key_created", "key_created", "signed_in", "sign_in_failed", "signed_up"), types,
                events::toString);
        for (int i = 1; i < events.size(); i++) {
            assertFalse(Instant.parse(events.get(i).getString("at")).isAfter(Instant.parse(events.get(i - 1).getString("at"))),
                    "newest first: " + events);
        }
        JsonObject failed = events.get(10);
        assertEquals(guesser.address(), failed.getString("ip"), failed::toString);
        assertEquals("{}", failed.getJsonObject("details").toString(), "no password, no email: " + failed);

        JsonObject byKey = byType(events, "key_revoked").get(1);
        assertEquals(secondId, byKey.getString("keyId"));
        assertEquals(second.substring(0, 9), byKey.getString("keyPrefix"));
        assertEquals("key", byKey.getJsonObject("details").getString("by"));
        assertEquals(firstId, byKey.getJsonObject("details").getString("byKeyId"));
        assertEquals(first.substring(0, 9), byKey.getJsonObject("details").getString("byKeyPrefix"));
        JsonObject bySession = byType(events, "key_revoked").get(0);
        assertEquals(thirdId, bySession.getString("keyId"));
        assertEquals("session", bySession.getJsonObject("details").getString("by"));

        JsonObject rotation = events.get(3);
        assertEquals(rotated.data().getString("id"), rotation.getString("keyId"), rotation::toString);
        assertEquals(firstId, rotation.getJsonObject("details").getString("rotatedFromKeyId"));
        assertTrue(rotation.getJsonObject("details").containsKey("oldKeyRevokesAt"), rotation::toString);

        JsonObject plan = events.get(2);
        assertEquals("PRO", plan.getJsonObject("details").getString("from"), plan::toString);
        assertEquals("FREE", plan.getJsonObject("details").getString("to"), plan::toString);

        // the stranger sees only theirs
        List<String> strangers = all(api, "", api.signIn(stranger).headers()).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("signed_in", "key_created", "signed_in", "signed_up"), strangers);
    }

    @Test
    void pagesFollowEachOtherAndFiltersNarrowTheList() {
        ApiClient api = api();
        TestAccount account = api.signUp();
        Session session = api.signIn(account);
        for (int i = 0; i < 5; i++) {
            api.createKey(session, "key " + i);
        }
        String keyId = keyId(session, "key 3");
        List<JsonObject> whole = all(api, "", session.headers());
        assertEquals(7, whole.size(), whole::toString);

        List<JsonObject> paged = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            Reply page = api.get("/api/v1/audit-events?limit=2" + (before == null ? "" : "&before=" + before),
                    session.headers());
            assertEquals(200, page.status(), page::toString);
            paged.addAll(page.dataArray().getValuesAs(JsonObject.class));
            JsonObject meta = page.json().getJsonObject("meta");
            before = meta.getString("next_before", null);
            assertEquals(before != null, meta.getBoolean("has_more"), page::toString);
            pages++;
        } while (before != null);
        assertEquals(4, pages);
        assertEquals(whole, paged, "pages of 2 are the whole list, in order");

        List<JsonObject> created = all(api, "&type=key_created", session.headers());
        assertEquals(5, created.size());
        assertTrue(created.stream().allMatch(e -> e.getString("type").equals("key_created")));
        List<JsonObject> ofKey = all(api, "&keyId=" + keyId, session.headers());
        assertEquals(1, ofKey.size(), ofKey::toString);
        assertEquals(keyId, ofKey.get(0).getString("keyId"));

        // another account's cursor finds nothing here
        TestAccount stranger = api.signUp();
        Session theirs = api.signIn(stranger);
        String theirEvent = all(api, "", theirs.headers()).get(0).getString("id");
        Reply crossed = api.get("/api/v1/audit-events?before=" + theirEvent, session.headers());
        assertEquals(200, crossed.status());
        assertEquals(0, crossed.dataArray().size(), crossed::toString);
    }

    @Test
    void badParametersAre400WithTheField() {
        ApiClient api = api();
        Session session = api.signIn(api.signUp());
        for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=201", "limit"}, {"limit=many", "limit"},
                {"type=hacked", "type"}, {"before=x", "before"}, {"keyId=%27or%201=1", "keyId"}}) {
            Reply reply = api.get("/api/v1/audit-events?" + bad[0], session.headers());
            assertEquals(400, reply.status(), reply::toString);
            assertEquals(bad[1], reply.json().getJsonArray("details").getJsonObject(0).getString("field"), reply::toString);
        }
        assertEquals(401, api.get("/api/v1/audit-events").status());
    }

    @Test
    void aKeysFirstUseAndItsUseFromANewAddressAreRecordedWithTheAddress() {
        ApiClient api = api();
        Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "roaming");
        String keyId = keyId(session, "roaming");
        FromAddress home = FromAddress.fresh(base);
        FromAddress office = FromAddress.fresh(base);
        assertEquals(200, home.get("/api/v1/account", "Authorization", "Bearer " + key, "User-Agent", "curl/8.5 " + key).status());
        JsonObject firstUse = await(api, session, "&type=key_first_used", e -> true, Duration.ofSeconds(15));
        assertEquals(home.address(), firstUse.getString("ip"));
        assertEquals(keyId, firstUse.getString("keyId"));
        assertFalse(firstUse.getString("userAgent").contains(key), "the user agent is tamed: " + firstUse);
        assertEquals(200, home.get("/api/v1/account", bearer(key)).status());
        assertEquals(200, office.get("/api/v1/account", "Authorization", "Bearer " + key, "User-Agent", "office-client/1").status());
        // written with the next last-used write, at most a minute after the first
        JsonObject moved = await(api, session, "&type=key_new_address", e -> true, Duration.ofSeconds(80));
        assertEquals(office.address(), moved.getString("ip"), moved::toString);
        assertEquals("office-client/1", moved.getString("userAgent"), moved::toString);
        assertEquals(1, all(api, "&type=key_new_address", session.headers()).size(), "home is not new");
    }

    @Test
    void theAccountThrottleEngagingIsRecordedForTheAccount() {
        ApiClient api = api();
        TestAccount account = api.signUp();
        // signed in before: password sign-in is closed for this email once the throttle engages
        Session session = api.signIn(account);
        try (ServerSettings limit = ServerSettings.set(management, "throttle-account-failures", "3")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, signIn(FromAddress.fresh(base), account.email(), "guess " + i).status());
            }
            assertEquals(429, signIn(FromAddress.fresh(base), account.email(), "guess 4").status());
        }
        List<JsonObject> events = all(api, "", session.headers());
        List<String> types = events.stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("auth_throttled", "sign_in_failed", "sign_in_failed", "sign_in_failed", "signed_in",
                "signed_up"), types,
                events::toString);
    }

    private static List<JsonObject> byType(List<JsonObject> events, String type) {
        return events.stream().filter(e -> e.getString("type").equals(type)).toList();
    }

    /** Every event, following the pages (of the maximum size). */
    private static List<JsonObject> all(ApiClient api, String query, String... headers) {
        List<JsonObject> events = new ArrayList<>();
        String before = null;
        do {
            Reply page = api.get("/api/v1/audit-events?limit=200" + query + (before == null ? "" : "&before=" + before),
                    headers);
            assertEquals(200, page.status(), page::toString);
            events.addAll(page.dataArray().getValuesAs(JsonObject.class));
            JsonObject meta = page.json().getJsonObject("meta");
            before = meta.getString("next_before", null);
        } while (before != null);
        return events;
    }

    private static JsonObject await(ApiClient api, Session session, String query, Predicate<JsonObject> done,
                                    Duration patience) {
        Instant end = Instant.now().plus(patience);
        while (true) {
            List<JsonObject> events = all(api, query, session.headers());
            if (!events.isEmpty() && done.test(events.get(0))) {
                return events.get(0);
            }
            assertTrue(Instant.now().isBefore(end), "no " + query + " within " + patience + ": " + events);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private String keyId(Session session, String name) {
        Reply keys = api().get("/api/v1/api-keys", session.headers());
        assertEquals(200, keys.status(), keys::toString);
        return keys.dataArray().getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("name").equals(name)).findFirst().orElseThrow().getString("id");
    }

    private static Reply signIn(FromAddress client, String email, String password) {
        return client.send("POST", "/api/v1/session", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }
}
