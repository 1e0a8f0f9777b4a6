package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SelfSignedHttps;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's session cookie is {@code Secure} when sign-in arrived over HTTPS (the test
 * server's own HTTPS port, with its self-signed certificate; or a trusted proxy's
 * {@code X-Forwarded-Proto: https}), and not on plain http://localhost, where a browser would
 * never send a Secure cookie back. The test server trusts 127.0.0.9 as a proxy (pom.xml).
 */
class SecureCookieIT extends ClientIT {

    private static final String SIGN_IN = "/api/v1/session";

    @Test
    void signInOverPlainHttpSetsACookieWithoutSecure() {
        ApiClient.TestAccount account = api().signUp();
        Reply reply = FromAddress.fresh(base).send("POST", SIGN_IN, credentials(account));
        String cookie = sessionCookie(reply.headers().allValues("Set-Cookie"));
        assertFalse(attributes(cookie).contains("secure"), cookie);
        assertTrue(attributes(cookie).contains("httponly"), cookie);
    }

    @Test
    void signInOverHttpsSetsASecureCookie() throws Exception {
        ApiClient.TestAccount account = api().signUp();
        // the HTTPS socket is 8443 plus the same offset as HTTP's 8080
        URI https = URI.create("https://localhost:" + (base.getPort() - 8080 + 8443) + SIGN_IN);
        HttpResponse<String> response = SelfSignedHttps.client().send(HttpRequest.newBuilder(https)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(credentials(account))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        String cookie = sessionCookie(response.headers().allValues("Set-Cookie"));
        assertTrue(attributes(cookie).contains("secure"), cookie);
        assertTrue(attributes(cookie).contains("samesite=strict"), cookie);
    }

    @Test
    void forwardedProtoHttpsCountsFromATrustedProxyOnly() {
        ApiClient.TestAccount account = api().signUp();
        Reply proxied = FromAddress.at(base, "127.0.0.9").send("POST", SIGN_IN, credentials(account),
                "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");
        String cookie = sessionCookie(proxied.headers().allValues("Set-Cookie"));
        assertTrue(attributes(cookie).contains("secure"), "behind a trusted proxy that says https: " + cookie);

        Reply forged = FromAddress.fresh(base).send("POST", SIGN_IN, credentials(account), "X-Forwarded-Proto", "https");
        String plain = sessionCookie(forged.headers().allValues("Set-Cookie"));
        assertFalse(attributes(plain).contains("secure"), "anyone can send X-Forwarded-Proto: " + plain);

        Reply saysHttp = FromAddress.at(base, "127.0.0.9").send("POST", SIGN_IN, credentials(account),
                "X-Forwarded-Proto", "http");
        String overHttp = sessionCookie(saysHttp.headers().allValues("Set-Cookie"));
        assertFalse(attributes(overHttp).contains("secure"), "the proxy says http: " + overHttp);
    }

    private static String credentials(ApiClient.TestAccount account) {
        return "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}";
    }

    /** The one Set-Cookie of CP_SESSION among the answer's. */
    private static String sessionCookie(List<String> setCookies) {
        List<String> session = setCookies.stream().filter(c -> c.startsWith("CP_SESSION=")).toList();
        assertEquals(1, session.size(), "one CP_SESSION cookie: " + setCookies);
        return session.get(0);
    }

    /** The cookie's attributes, lower-cased, without spaces: {@code [path=/, httponly, secure, samesite=strict]}. */
    private static List<String> attributes(String setCookie) {
        String[] parts = setCookie.split(";");
        return java.util.Arrays.stream(parts).skip(1).map(p -> p.strip().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
