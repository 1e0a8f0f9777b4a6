package com.calendarpipe.apikey;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api-keys/{id}/rotate}: a new key at once, the old one until its grace period ends
 * and refused like a revoked key from then on, with no timer (the check compares the time).
 */
class KeyRotationIT extends ClientIT {

    @Test
    void theNewKeyWorksAtOnceAndTheOldOneUntilItsGracePeriodEnds() {
        Session session = api().signIn(api().signUp());
        String old = api().createKey(session, "Production server");
        String oldId = onlyKeyId(session);
        // the old key is cached by now: the refusal at its time must not depend on an eviction
        assertEquals(200, api().get("/api/v1/account", bearer(old)).status());

        Instant asked = Instant.now();
        Reply rotated = rotate(session, oldId, "{\"graceSeconds\":2}");
        assertEquals(201, rotated.status(), rotated::toString);
        JsonObject created = rotated.data();
        assertEquals(List.of("id", "name", "prefix", "key", "createdAt", "lastUsedAt", "revokedAt", "revokesAt"),
                List.copyOf(created.keySet()), "shown exactly as at creation");
        assertEquals("Production server (rotated)", created.getString("name"));
        String fresh = created.getString("key");
        assertTrue(KeyFormat.isWellFormed(fresh));
        assertNotEquals(old, fresh);
        assertTrue(rotated.header("Location").endsWith("/api/v1/api-keys/" + created.getString("id")), rotated::toString);
        assertEquals(200, api().get("/api/v1/account", bearer(fresh)).status(), "the new key works at once");

        JsonObject listedOld = key(session, oldId);
        assertEquals(JsonValue.NULL, listedOld.get("revokedAt"), listedOld::toString);
        Instant revokesAt = Instant.parse(listedOld.getString("revokesAt"));
        assertTrue(!revokesAt.isBefore(asked.plusSeconds(2)) && revokesAt.isBefore(Instant.now().plusSeconds(3)),
                "revokes two seconds after the rotation: " + revokesAt);
        assertEquals(JsonValue.NULL, key(session, created.getString("id")).get("revokesAt"));
        assertFalse(api().get("/api/v1/api-keys", session.headers()).body().contains(fresh), "the list never shows a key");

        // during the grace period the old key works (unless this machine is slower than 2 s)
        Reply during = api().get("/api/v1/account", bearer(old));
        if (Instant.now().isBefore(revokesAt)) {
            assertEquals(200, during.status(), during::toString);
        }
        // polled with a bound: refused from the first request after the scheduled time
        Instant deadline = revokesAt.plusSeconds(10);
        Reply after;
        Instant sent;
        do {
            sent = Instant.now();
            after = api().get("/api/v1/account", bearer(old));
            if (after.status() == 200) {
                assertTrue(sent.isBefore(revokesAt.plusMillis(200)), "still accepted at " + sent + ", scheduled " + revokesAt);
                Pause.sleep(Duration.ofMillis(100));
            }
        } while (after.status() == 200 && Instant.now().isBefore(deadline));
        assertEquals(401, after.status(), after::toString);
        assertTrue(!sent.plusMillis(200).isBefore(revokesAt), "refused only from its time on: " + sent + " vs " + revokesAt);
        assertEquals("Bearer realm=\"CalendarPipe\", error=\"invalid_token\"", after.header("WWW-Authenticate"));
        assertEquals("Missing, invalid, or revoked API key", after.json().getString("message"), "as any revoked key");
        Reply dav = api().send("PROPFIND", "/dav/", null, ApiClient.basic(emailOf(session), old));
        assertEquals(401, dav.status(), dav::toString);
        assertEquals(200, api().get("/api/v1/account", bearer(fresh)).status(), "the new key still works");

        JsonObject revoked = key(session, oldId);
        assertEquals(revokesAt, Instant.parse(revoked.getString("revokedAt")), "listed as revoked at the scheduled time");
        assertEquals(JsonValue.NULL, revoked.get("revokesAt"));
        Reply again = rotate(session, oldId, "{\"graceSeconds\":60}");
        assertEquals(409, again.status(), "a revoked key cannot be rotated: " + again);
    }

    @Test
    void graceZeroRevokesAtOnceAndTheDefaultIsOneDay() {
        Session session = api().signIn(api().signUp());
        String old = api().createKey(session, "CI");
        String oldId = onlyKeyId(session);
        assertEquals(200, api().get("/api/v1/account", bearer(old)).status());

        Reply rotated = rotate(session, oldId, "{\"graceSeconds\":0}");
        assertEquals(201, rotated.status(), rotated::toString);
        Reply after = api().get("/api/v1/account", bearer(old));
        assertEquals(401, after.status(), "revoked at once: " + after);
        JsonObject listed = key(session, oldId);
        assertFalse(listed.isNull("revokedAt"), listed::toString);
        assertEquals(JsonValue.NULL, listed.get("revokesAt"));

        String second = rotated.data().getString("key");
        String secondId = rotated.data().getString("id");
        assertEquals("CI (rotated)", rotated.data().getString("name"));
        Instant before = Instant.now();
        Reply byDefault = api().send("POST", "/api/v1/api-keys/" + secondId + "/rotate", null, session.headers());
        assertEquals(201, byDefault.status(), "no body: " + byDefault);
        assertEquals("CI (rotated)", byDefault.data().getString("name"), "the suffix is not piled up");
        Instant revokesAt = Instant.parse(key(session, secondId).getString("revokesAt"));
        assertTrue(Duration.between(before, revokesAt).minusDays(1).abs().getSeconds() < 5, "one day: " + revokesAt);
        assertEquals(200, api().get("/api/v1/account", bearer(second)).status(), "still in its day of grace");

        // a longer grace later never postpones the revocation
        Reply longer = rotate(session, secondId, "{\"graceSeconds\":604800}");
        assertEquals(201, longer.status(), longer::toString);
        assertEquals(revokesAt, Instant.parse(key(session, secondId).getString("revokesAt")));
        // a manual revoke during the grace period revokes now
        assertEquals(204, api().send("DELETE", "/api/v1/api-keys/" + secondId, null, session.headers()).status());
        assertEquals(401, api().get("/api/v1/account", bearer(second)).status());
        assertTrue(Instant.parse(key(session, secondId).getString("revokedAt")).isBefore(revokesAt));
    }

    @Test
    void badGracePeriodsAre400WithAFieldDetailAndChangeNothing() {
        Session session = api().signIn(api().signUp());
        String old = api().createKey(session, "kept");
        String oldId = onlyKeyId(session);
        for (String body : List.of("{\"graceSeconds\":-1}", "{\"graceSeconds\":604801}", "{\"graceSeconds\":1.5}",
                "{\"graceSeconds\":\"60\"}", "{\"graceSeconds\":true}")) {
            Reply reply = rotate(session, oldId, body);
            assertEquals(400, reply.status(), body + ": " + reply);
            assertEquals("graceSeconds", reply.json().getJsonArray("details").getJsonObject(0).getString("field"), body);
        }
        Reply unknown = rotate(session, oldId, "{\"grace\":60}");
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals(400, rotate(session, oldId, "[60]").status(), "not an object");
        Reply text = api().send("POST", "/api/v1/api-keys/" + oldId + "/rotate", "graceSeconds=60",
                "Content-Type", "text/plain", session.headers()[0], session.headers()[1],
                session.headers()[2], session.headers()[3]);
        assertEquals(415, text.status(), text::toString);
        assertEquals(1, api().get("/api/v1/api-keys", session.headers()).dataArray().size(), "no key was made");
        assertEquals(JsonValue.NULL, key(session, oldId).get("revokesAt"));
        assertEquals(200, api().get("/api/v1/account", bearer(old)).status());
    }

    @Test
    void onlyTheSessionRotatesAndOnlyItsOwnKeys() {
        Session session = api().signIn(api().signUp());
        String key = api().createKey(session, "mine");
        String keyId = onlyKeyId(session);

        Reply withKey = api().send("POST", "/api/v1/api-keys/" + keyId + "/rotate", "{\"graceSeconds\":60}", bearer(key));
        assertEquals(403, withKey.status(), "a key cannot mint its successor: " + withKey);
        Reply noCsrf = api().send("POST", "/api/v1/api-keys/" + keyId + "/rotate", "{}", "Cookie", session.cookie());
        assertEquals(403, noCsrf.status(), "the session needs its CSRF token: " + noCsrf);
        assertEquals(401, api().send("POST", "/api/v1/api-keys/" + keyId + "/rotate", "{}").status());

        Session stranger = api().signIn(api().signUp());
        Reply theirs = rotate(stranger, keyId, "{\"graceSeconds\":0}");
        assertEquals(404, theirs.status(), "another account's key is not found: " + theirs);
        assertEquals(404, rotate(stranger, "not-a-key-id", "{}").status());
        assertEquals(1, api().get("/api/v1/api-keys", session.headers()).dataArray().size());
        assertEquals(200, api().get("/api/v1/account", bearer(key)).status(), "untouched");
    }

    private Reply rotate(Session session, String keyId, String body) {
        return api().send("POST", "/api/v1/api-keys/" + keyId + "/rotate", body, session.headers());
    }

    private String emailOf(Session session) {
        return api().get("/api/v1/account", session.headers()).data().getString("email");
    }

    private String onlyKeyId(Session session) {
        Reply list = api().get("/api/v1/api-keys", session.headers());
        assertEquals(1, list.dataArray().size(), list::toString);
        return list.dataArray().getJsonObject(0).getString("id");
    }

    private JsonObject key(Session session, String id) {
        Reply list = api().get("/api/v1/api-keys", session.headers());
        assertEquals(200, list.status(), list::toString);
        return list.dataArray().stream().map(JsonValue::asJsonObject).filter(k -> k.getString("id").equals(id))
                .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + list));
    }
}
