package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * After keys are created, rotated, used, revoked and forged, and passwords changed (and mistyped),
 * the server log holds none of them.
 */
class KeyNeverLoggedIT extends ClientIT {
    /** Anything that looks like a key, or most of one: a prefix is 9 characters, so 16+ hex is too much. */
    private static final Pattern KEY_LIKE = Pattern.compile("cp_[0-9a-fA-F]{16,}");

    @Test
    void noKeyReachesTheServerLog() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        ApiClient.Session session = api.signIn(account);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(api.createKey(session, "logged? " + i));
        }
        // first uses through a proxy that sends a key where an address or a user agent is expected
        // (where each key was last used from): never stored whole, so never listed, nor logged
        com.calendarpipe.testing.FromAddress proxy = com.calendarpipe.testing.FromAddress.at(base, "127.0.0.9");
        for (String key : keys) {
            assertEquals(200, proxy.get("/api/v1/account", "Authorization", "Bearer " + key,
                    "X-Forwarded-For", key, "User-Agent", "my key is " + key).status());
        }
        String listed = awaitListedFrom(api, session, "127.0.0.9", keys.size());
        for (String key : keys) {
            assertFalse(listed.contains(key.substring(3)), "a key is in the key list: " + listed);
        }
        for (String key : keys) {
            assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status());
            assertEquals(207, api.send("PROPFIND", "/dav/", null, ApiClient.basic(account.email(), key)).status());
        }
        String revoked = keys.get(0);
        String revokedId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(2).getString("id");
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + revokedId, null, session.headers()).status());
        assertEquals(401, api.get("/api/v1/account", ApiClient.bearer(revoked)).status());

        String forged = KeyFormat.generate();   // well formed, unknown
        String mistyped = mistype(keys.get(1), 30);
        for (String bad : List.of(forged, mistyped, keys.get(1) + "ff", keys.get(1).toUpperCase())) {
            assertEquals(401, api.get("/api/v1/account", ApiClient.bearer(bad)).status());
            assertEquals(401, api.send("PROPFIND", "/dav/", "<propfind xmlns=\"DAV:\"><allprop/></propfind>",
                    "Authorization", ApiClient.basic(account.email(), bad)[1], "Content-Type", "application/xml").status());
            // a key where a field is expected, and in a path: 4xx, and not echoed anywhere
            assertEquals(400, api.send("POST", "/api/v1/accounts",
                    "{\"email\":\"" + bad + "\",\"password\":\"" + bad + "\"}").status());
            assertEquals(404, api.send("DELETE", "/api/v1/api-keys/" + bad, null, ApiClient.bearer(keys.get(2))).status());
        }
        keys.addAll(List.of(forged, mistyped));
        // rotation shows a key once, like creation; the old one is refused after it, as revoked
        String rotatedId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");
        var rotation = api.send("POST", "/api/v1/api-keys/" + rotatedId + "/rotate", "{\"graceSeconds\":0}", session.headers());
        assertEquals(201, rotation.status(), rotation::toString);
        String successor = rotation.data().getString("key");
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(successor)).status());
        assertEquals(401, api.get("/api/v1/account", ApiClient.bearer(keys.get(2))).status());
        keys.add(successor);

        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        assertTrue(Files.exists(log), "the server log is where expected: " + log);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        for (String key : keys) {
            assertFalse(text.contains(key), "a full key is in " + log);
            assertFalse(text.contains(key.substring(3)), "a key's secret part is in " + log);
        }
        // nor in the audit trail: the events of the keys' lives (their first uses, sent with a key
        // as user agent and forwarded-for, included) name keys by id and prefix only
        String trail = awaitAudit(api, session, "key_first_used", 3);
        for (String key : keys) {
            assertFalse(trail.contains(key.substring(3)), "a key is in the audit trail: " + trail);
        }
        // refusals (401, 402, 403) are complete answers: the container must not try to add its own
        assertFalse(text.contains("UT005023"), "a refused request left an error in " + log);
        Matcher keyLike = KEY_LIKE.matcher(text);
        assertFalse(keyLike.find(), () -> "something key-like is in the log at " + keyLike.start());
    }

    @Test
    void noPasswordReachesTheServerLog() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        ApiClient.Session session = api.signIn(account);
        String wrong = "wrong-current-" + java.util.UUID.randomUUID();
        String tooShort = "s" + Integer.toHexString(new java.util.Random().nextInt(0x1000000));
        String fresh = "fresh-password-" + java.util.UUID.randomUUID();
        assertEquals(400, api.send("PUT", "/api/v1/account/password",
                "{\"currentPassword\":\"" + wrong + "\",\"newPassword\":\"" + fresh + "\"}", session.headers()).status());
        assertEquals(400, api.send("PUT", "/api/v1/account/password",
                "{\"currentPassword\":\"" + account.password() + "\",\"newPassword\":\"" + tooShort + "\"}",
                session.headers()).status());
        assertEquals(204, api.send("PUT", "/api/v1/account/password",
                "{\"currentPassword\":\"" + account.password() + "\",\"newPassword\":\"" + fresh + "\"}",
                session.headers()).status());
        assertEquals(401, api.send("POST", "/api/v1/session",
                "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}").status());

        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        ApiClient.Session now = api.signIn(new ApiClient.TestAccount(account.id(), account.email(), fresh));
        String trail = awaitAudit(api, now, "password_changed", 1);
        assertTrue(trail.contains("sign_in_failed"), trail);
        for (String password : List.of(account.password(), wrong, tooShort, fresh)) {
            assertFalse(text.contains(password), "a password is in " + log);
            assertFalse(trail.contains(password), "a password is in the audit trail: " + trail);
        }
    }

    /** The key list once {@code count} keys were last used from {@code address}; fails after 15 s. */
    private static String awaitListedFrom(ApiClient api, ApiClient.Session session, String address, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            String body = api.get("/api/v1/api-keys", session.headers()).body();
            if (body.split("\"lastUsedIp\":\"" + java.util.regex.Pattern.quote(address) + "\"", -1).length - 1 >= count) {
                return body;
            }
            assertTrue(System.nanoTime() < deadline, "the uses were not listed: " + body);
            Thread.sleep(250);
        }
    }

    /** The account's audit trail (its first 200 events) once it lists {@code count} events of {@code type}; fails after 15 s. */
    private static String awaitAudit(ApiClient api, ApiClient.Session session, String type, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            var reply = api.get("/api/v1/audit-events?limit=200", session.headers());
            assertEquals(200, reply.status(), reply::toString);
            if (reply.body().split("\"type\":\"" + type + "\"", -1).length - 1 >= count) {
                return reply.body();
            }
            assertTrue(System.nanoTime() < deadline, "the events were not listed: " + reply.body());
            Thread.sleep(250);
        }
    }

    /** The key with one hex digit changed; always a different digit, so never the key itself. */
    private static String mistype(String key, int at) {
        char wrong = key.charAt(at) == '0' ? '1' : '0';
        return key.substring(0, at) + wrong + key.substring(at + 1);
    }
}
