package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A corpus of broken and hostile Authorization headers, each built around a real live key:
 * every one is a 401 with the right challenge and the one message, never a 5xx.
 */
class HostileHeadersIT extends ClientIT {
    private static final String API_BODY = "{\"error\":\"Unauthorized\",\"message\":\"Missing, invalid, or revoked API key\"}";

    /** Header values that must all be refused; {@code key} is a valid live key. */
    static List<String> corpus(String key, String email) {
        char last = key.charAt(key.length() - 1);
        String badChecksum = key.substring(0, key.length() - 1) + (last == '0' ? '1' : '0');
        List<String> headers = new ArrayList<>(List.of(
                key,                                            // no scheme
                "Bearer",                                       // empty Bearer, no space
                "Bearer ",                                      // empty Bearer
                "Bearer " + "a".repeat(10_000),                 // Bearer + 10 kB
                "Bearer cp_ünïcødé" + "é".repeat(60),           // non-ASCII
                "Bearer " + key.toUpperCase(Locale.ROOT),       // uppercase hex (and scheme)
                "Bearer cp_" + key.substring(3).toUpperCase(Locale.ROOT),
                // a trailing space on the header is not part of the field value (RFC 9110 §5.5) and
                // never reaches the server; inside a credential it does, and must fail
                "Bearer " + key + " x",
                "Basic " + b64(email + ":" + key + " "),        // key + trailing space as the password
                "Bearer  " + key,                               // two spaces
                "Bearer " + key.substring(0, key.length() - 1), // 63 hex
                "Bearer " + key + "0",                          // 65 hex
                "Bearer " + badChecksum,                        // bad checksum
                "Bearer " + key.substring(0, 9),                // the prefix alone
                "Bearer ' OR '1'='1",                           // SQL-looking
                "Bearer cp_' OR 1=1; DROP TABLE api_keys; --",
                "Bearer " + key + "' OR '1'='1",
                "Basic !!!not-base64!!!",                       // bad base64 in Basic
                "Basic " + b64(email + key),                    // Basic without colon
                "Basic " + b64(email + ":"),                    // Basic with empty password
                "Basic " + b64(":" + key),                      // Basic with empty user
                "Basic " + b64(email + ":' OR '1'='1"),         // SQL-looking password
                "Digest username=\"x\"",                        // unknown scheme
                "Bearer\t" + key));                             // tab instead of space
        return headers;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyHostileHeaderOnTheApiIsA401WithTheOneMessage() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "corpus");
        for (String header : corpus(key, account.email())) {
            Reply reply = api.get("/api/v1/account", "Authorization", header);
            assertEquals(401, reply.status(), () -> "API with [" + abbreviate(header) + "]: " + reply);
            assertEquals(API_BODY, reply.body(), () -> abbreviate(header));
            String challenge = reply.header("WWW-Authenticate");
            assertEquals(true, challenge.startsWith("Bearer realm=\"CalendarPipe\""), challenge);
            assertEquals(false, reply.body().contains(key));
        }
        assertEquals(200, api.get("/api/v1/account", ApiClient.bearer(key)).status(), "the key itself is fine");
    }

    @Test
    void everyHostileHeaderOnDavIsA401WithABasicChallenge() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "corpus");
        List<String> corpus = Stream.concat(corpus(key, account.email()).stream(), Stream.of(
                "Basic " + b64("someone-else@calendarpipe.test:" + key))).toList();   // someone else's email
        for (String header : corpus) {
            for (String method : List.of("PROPFIND", "OPTIONS")) {
                Reply reply = api.send(method, "/dav/", null, "Authorization", header);
                assertEquals(401, reply.status(), () -> method + " DAV with [" + abbreviate(header) + "]: " + reply);
                assertEquals("Basic realm=\"CalendarPipe\", charset=\"UTF-8\"", reply.header("WWW-Authenticate"));
            }
        }
        assertEquals(207, api.send("PROPFIND", "/dav/", null, ApiClient.basic(account.email(), key)).status());
    }

    @Test
    void missingCredentialsChallengeWithoutInvalidToken() {
        ApiClient api = api();
        Reply reply = api.get("/api/v1/account");
        assertEquals(401, reply.status(), reply::toString);
        assertEquals("Bearer realm=\"CalendarPipe\"", reply.header("WWW-Authenticate"));
        assertEquals(API_BODY, reply.body());
        assertEquals("application/json", reply.header("Content-Type").split(";")[0]);
    }

    private static String abbreviate(String header) {
        return header.length() > 80 ? header.substring(0, 80) + "…" : header;
    }
}
