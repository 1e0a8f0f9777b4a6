package com.calendarpipe.auth;

import static com.calendarpipe.testing.ApiClient.basic;
import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SelfSignedHttps;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security headers of every route family, from the application and from the container alike:
 * nosniff everywhere; no-store on the REST API (keys, CSRF tokens and sessions are never cached);
 * a Content-Security-Policy that forbids framing on the pages (console and API reference); HSTS
 * over HTTPS only.
 */
class SecurityHeadersIT extends ClientIT {

    @Test
    void everyRouteFamilyCarriesItsHeaders() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        ApiClient.Session session = api.signIn(account);
        String key = api.createKey(session, "headers");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Headers\"}");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";

        Map<String, Reply> answers = new LinkedHashMap<>();
        answers.put("console page", api.get("/"));
        answers.put("console asset", api.get("/assets/app.js"));
        answers.put("API reference", api.get("/api/docs"));
        answers.put("API reference page", api.get("/api/docs/index.html"));
        answers.put("REST", api.get("/api/v1/account", bearer(key)));
        answers.put("REST refusal", api.get("/api/v1/account"));
        answers.put("REST unknown path", api.get("/api/v1/nowhere", bearer(key)));
        answers.put("open REST", api.get("/api/v1/status"));
        answers.put("CalDAV", api.send("PROPFIND", collection, null, basic(account.email(), key)));
        answers.put("CalDAV refusal", api.send("PROPFIND", collection, null));
        answers.put("feed", api.get("/feed/" + calendar.getString("feedToken") + ".ics"));
        answers.put("no such feed", api.get("/feed/" + "0".repeat(40)));
        answers.put("container 404", api.get("/no-such-page"));
        answers.forEach((what, reply) -> assertEquals("nosniff", reply.header("X-Content-Type-Options"), what + ": " + reply));

        for (String what : new String[] {"REST", "REST refusal", "REST unknown path", "open REST"}) {
            assertEquals("no-store", answers.get(what).header("Cache-Control"), what + ": " + answers.get(what));
        }
        for (String what : new String[] {"console page", "API reference", "API reference page"}) {
            String policy = answers.get(what).header("Content-Security-Policy");
            assertTrue(policy != null && policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'self'"),
                    what + ": " + answers.get(what));
            assertEquals("no-referrer", answers.get(what).header("Referrer-Policy"), what);
        }
        assertEquals("max-age=3600", answers.get("feed").header("Cache-Control"), "the feed keeps its own caching");
        answers.forEach((what, reply) -> assertNull(reply.header("Strict-Transport-Security"), what + ": no HSTS over plain HTTP"));
    }

    /** The answers that carry a secret once: a new key, a rotated key, a session's CSRF token. */
    @Test
    void answersCarryingASecretAreNeverStored() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        Reply signIn = api.send("POST", "/api/v1/session",
                "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}");
        assertEquals(200, signIn.status(), signIn::toString);
        assertEquals("no-store", signIn.header("Cache-Control"));
        ApiClient.Session session = api.signIn(account);
        Reply created = api.send("POST", "/api/v1/api-keys", "{\"name\":\"secret\"}", session.headers());
        assertEquals(201, created.status(), created::toString);
        assertEquals("no-store", created.header("Cache-Control"));
        Reply rotated = api.send("POST", "/api/v1/api-keys/" + created.data().getString("id") + "/rotate", null, session.headers());
        assertEquals(201, rotated.status(), rotated::toString);
        assertEquals("no-store", rotated.header("Cache-Control"));
    }

    @Test
    void httpsAnswersCarryHsts() throws Exception {
        // HTTPS is 8443 plus the same offset as HTTP's 8080, with the server's self-signed certificate
        URI https = URI.create("https://localhost:" + (base.getPort() - 8080 + 8443) + "/api/v1/status");
        HttpResponse<String> status = SelfSignedHttps.client().send(HttpRequest.newBuilder(https).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        assertEquals("max-age=31536000", status.headers().firstValue("Strict-Transport-Security").orElse(null));
        assertEquals("nosniff", status.headers().firstValue("X-Content-Type-Options").orElse(null));
    }
}
