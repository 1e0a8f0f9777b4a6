package com.calendarpipe.apikey;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API page's endpoints: create (once-shown key), list, revoke, and who may do each. */
class ApiKeysIT extends ClientIT {
    @Test
    void creationShowsTheKeyOnceInTheDocumentedShape() {
        Session session = api().signIn(api().signUp());
        Reply reply = api().send("POST", "/api/v1/api-keys", "{\"name\":\"Production server\"}", session.headers());
        assertEquals(201, reply.status(), reply::toString);
        JsonObject key = reply.data();
        assertEquals(List.of("id", "name", "prefix", "key", "createdAt", "lastUsedAt", "revokedAt", "revokesAt"),
                List.copyOf(key.keySet()));
        String full = key.getString("key");
        assertTrue(full.matches("cp_[0-9a-f]{64}"), full);
        assertTrue(KeyFormat.isWellFormed(full));
        assertEquals(full.substring(0, 9), key.getString("prefix"));
        assertEquals("Production server", key.getString("name"));
        assertEquals(JsonValue.NULL, key.get("lastUsedAt"));
        assertEquals(JsonValue.NULL, key.get("revokedAt"));
        assertNotNull(reply.header("Location"));

        Reply list = api().get("/api/v1/api-keys", session.headers());
        assertEquals(200, list.status(), list::toString);
        assertFalse(list.body().contains(full), "the list never shows the key");
        assertFalse(list.body().contains(KeyFormat.hash(full)), "nor its hash");
        assertFalse(list.dataArray().getJsonObject(0).containsKey("key"));
    }

    @Test
    void nameIsRequiredAndAtMost100Characters() {
        Session session = api().signIn(api().signUp());
        for (String body : List.of("{}", "{\"name\":\"  \"}", "{\"name\":\"" + "n".repeat(101) + "\"}")) {
            Reply reply = api().send("POST", "/api/v1/api-keys", body, session.headers());
            assertEquals(400, reply.status(), reply::toString);
            assertEquals("name", reply.json().getJsonArray("details").getJsonObject(0).getString("field"));
        }
        assertEquals(201, api().send("POST", "/api/v1/api-keys", "{\"name\":\"" + "n".repeat(100) + "\"}",
                session.headers()).status());
    }

    @Test
    void aKeyCannotMintAnotherKey() {
        String key = api().newKey();
        Reply reply = api().send("POST", "/api/v1/api-keys", "{\"name\":\"successor\"}", bearer(key));
        assertEquals(403, reply.status(), reply::toString);
        assertEquals("Forbidden", reply.json().getString("error"));
    }

    @Test
    void listIsNewestFirstAndRevokedKeysStayListed() {
        Session session = api().signIn(api().signUp());
        api().createKey(session, "first");
        api().createKey(session, "second");
        String third = api().createKey(session, "third");
        Reply list = api().get("/api/v1/api-keys", bearer(third));
        assertEquals(200, list.status(), list::toString);
        List<String> names = list.dataArray().stream().map(k -> k.asJsonObject().getString("name")).toList();
        assertEquals(List.of("third", "second", "first"), names);
        JsonObject first = list.dataArray().getJsonObject(2);
        assertEquals(List.of("id", "name", "prefix", "createdAt", "lastUsedAt", "lastUsedIp", "lastUsedUserAgent",
                "lastUsedVia", "recentIps", "revokedAt", "revokesAt"), List.copyOf(first.keySet()));
        for (String unused : List.of("lastUsedAt", "lastUsedIp", "lastUsedUserAgent", "lastUsedVia", "revokesAt")) {
            assertEquals(JsonValue.NULL, first.get(unused), "never used: " + first);
        }
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, first.get("recentIps"), first::toString);

        assertEquals(204, api().send("DELETE", "/api/v1/api-keys/" + first.getString("id"), null, session.headers()).status());
        JsonObject revoked = api().get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(2);
        assertEquals("first", revoked.getString("name"));
        assertFalse(revoked.isNull("revokedAt"), revoked::toString);
    }

    @Test
    void revokeIsImmediateAndIdempotent() {
        Session session = api().signIn(api().signUp());
        String key = api().createKey(session, "to revoke");
        assertEquals(401, api().get("/api/v1/account").status());
        assertEquals(200, api().get("/api/v1/account", bearer(key)).status());
        String id = api().get("/api/v1/api-keys", bearer(key)).dataArray().getJsonObject(0).getString("id");

        // whoever holds a leaked key can kill it with that very key
        Reply revoke = api().send("DELETE", "/api/v1/api-keys/" + id, null, bearer(key));
        assertEquals(204, revoke.status(), revoke::toString);
        assertEquals("", revoke.body());
        Reply after = api().get("/api/v1/account", bearer(key));
        assertEquals(401, after.status(), after::toString);
        assertEquals("Bearer realm=\"CalendarPipe\", error=\"invalid_token\"", after.header("WWW-Authenticate"));

        String revokedAt = api().get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("revokedAt");
        assertEquals(204, api().send("DELETE", "/api/v1/api-keys/" + id, null, session.headers()).status());
        assertEquals(revokedAt, api().get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0)
                .getString("revokedAt"), "revoking again changes nothing");
    }

    @Test
    void anotherAccountsKeysAreInvisible() {
        Session alice = api().signIn(api().signUp());
        String aliceKey = api().createKey(alice, "alice's");
        String aliceKeyId = api().get("/api/v1/api-keys", alice.headers()).dataArray().getJsonObject(0).getString("id");
        String bobKey = api().newKey();

        Reply bobList = api().get("/api/v1/api-keys", bearer(bobKey));
        assertEquals(1, bobList.dataArray().size(), bobList::toString);
        assertFalse(bobList.body().contains(aliceKeyId));

        Reply bobRevokes = api().send("DELETE", "/api/v1/api-keys/" + aliceKeyId, null, bearer(bobKey));
        assertEquals(404, bobRevokes.status(), bobRevokes::toString);
        assertEquals("Not Found", bobRevokes.json().getString("error"));
        assertEquals(404, api().send("DELETE", "/api/v1/api-keys/not-a-key-id", null, bearer(bobKey)).status());
        assertEquals(200, api().get("/api/v1/account", bearer(aliceKey)).status(), "alice's key still works");
    }

    @Test
    void severalKeysLiveAtOnceForRotation() {
        Session session = api().signIn(api().signUp());
        String old = api().createKey(session, "old");
        String fresh = api().createKey(session, "new");
        assertEquals(200, api().get("/api/v1/account", bearer(old)).status());
        assertEquals(200, api().get("/api/v1/account", bearer(fresh)).status());
        String oldId = api().get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(1).getString("id");
        assertEquals(204, api().send("DELETE", "/api/v1/api-keys/" + oldId, null, bearer(fresh)).status());
        assertEquals(401, api().get("/api/v1/account", bearer(old)).status());
        assertEquals(200, api().get("/api/v1/account", bearer(fresh)).status());
    }
}
