package com.calendarpipe.auth;

import static com.calendarpipe.testing.ApiClient.basic;
import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Throttled guessing, over HTTP: a guesser is slowed per address and per account, on the REST
 * API, console sign-in and CalDAV alike, while the owner's key keeps working from elsewhere.
 * <p>
 * The test server runs with generous limits (the pom), since the other tests send dozens of bad
 * credentials from 127.0.0.1; this one lowers them while it runs and sends its guesses from
 * other loopback addresses ({@link FromAddress}), so it never throttles 127.0.0.1, and proves on
 * the way that one address's throttle is not another's.
 */
class ThrottleIT extends ClientIT {

    private static final int ADDRESS_LIMIT = 4;
    private static final int ACCOUNT_LIMIT = 3;
    private static final String THROTTLED_JSON = "{\"error\":\"Too Many Requests\","
            + "\"message\":\"Too many failed attempts to authenticate; try again later\"}";

    @ArquillianResource
    ManagementClient management;

    /** The owner: an account, its password and a live key, made from 127.0.0.1 (successes only). */
    private record Owner(TestAccount account, String key) {
    }

    private Owner owner() {
        ApiClient api = api();
        TestAccount account = api.signUp();
        return new Owner(account, api.createKey(api.signIn(account), "throttle"));
    }

    @Test
    void afterItsLimitAnAddressGets429OnEveryChannelAndAnotherAddressDoesNot() {
        Owner owner = owner();
        try (Limits limits = limits(60)) {
            FromAddress guesser = FromAddress.fresh(base);
            // failures on any channel count together for the address
            assertEquals(401, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());
            assertEquals(401, signIn(guesser, owner.account().email(), "a wrong password").status());
            assertEquals(401, propfind(guesser, basic(owner.account().email(), KeyFormat.generate())).status());
            assertEquals(401, guesser.get("/api/v1/account", bearer("cp_not-even-a-key")).status());

            Reply rest = guesser.get("/api/v1/account", bearer(KeyFormat.generate()));
            assertThrottled(rest, 60);
            assertEquals(THROTTLED_JSON, rest.body());
            assertEquals("application/json", rest.header("Content-Type").split(";")[0]);

            Reply signIn = signIn(guesser, owner.account().email(), "another wrong password");
            assertThrottled(signIn, 60);
            assertEquals(THROTTLED_JSON, signIn.body());

            Reply dav = propfind(guesser, basic(owner.account().email(), KeyFormat.generate()));
            assertThrottled(dav, 60);
            assertEquals("text/plain", dav.header("Content-Type").split(";")[0]);
            assertEquals("Too many failed attempts to authenticate; try again later\n", dav.body());

            // from the throttled address even the right key waits: telling it from a guess would
            // take the database lookup the throttle is there to save (see Throttle)
            assertEquals(429, guesser.get("/api/v1/account", bearer(owner.key())).status());

            FromAddress elsewhere = FromAddress.fresh(base);
            assertEquals(200, elsewhere.get("/api/v1/account", bearer(owner.key())).status());
            assertEquals(207, propfind(elsewhere, basic(owner.account().email(), owner.key())).status());
            assertEquals(200, signIn(elsewhere, owner.account().email(), owner.account().password()).status());
            assertEquals(401, elsewhere.get("/api/v1/account", bearer(KeyFormat.generate())).status(),
                    "another address's failures are its own");
            assertEquals(200, api().get("/api/v1/account", bearer(owner.key())).status(), "and 127.0.0.1 is untouched");
        }
    }

    @Test
    void aGuesserSpreadOverAddressesIsSlowedPerAccountWhileTheOwnersKeyWorks() {
        Owner owner = owner();
        String email = owner.account().email();
        try (Limits limits = limits(60)) {
            // one failure per address: no address comes near its own limit
            assertEquals(401, signIn(FromAddress.fresh(base), email, "guess 1").status());
            assertEquals(401, propfind(FromAddress.fresh(base), basic(email, KeyFormat.generate())).status());
            assertEquals(401, signIn(FromAddress.fresh(base), email.toUpperCase(), "guess 3").status());

            Reply signIn = signIn(FromAddress.fresh(base), email, "guess 4");
            assertThrottled(signIn, 60);
            assertEquals(THROTTLED_JSON, signIn.body());
            Reply dav = propfind(FromAddress.fresh(base), basic(email, KeyFormat.generate()));
            assertThrottled(dav, 60);
            assertEquals("Too many failed attempts to authenticate; try again later\n", dav.body());
            // password sign-in is closed for the email under attack, the right password too ...
            assertEquals(429, signIn(FromAddress.fresh(base), email, owner.account().password()).status());

            // ... but the owner's key is accepted, from anywhere, under the same email
            assertEquals(207, propfind(FromAddress.fresh(base), basic(email, owner.key())).status());
            assertEquals(200, FromAddress.fresh(base).get("/api/v1/account", bearer(owner.key())).status());
            // and other accounts sign in as before
            TestAccount other = api().signUp();
            assertEquals(200, signIn(FromAddress.fresh(base), other.email(), other.password()).status());
        }
    }

    /**
     * Behind a trusted proxy (the test server trusts 127.0.0.9, pom.xml) each client is counted by
     * the address the proxy forwards, so one guesser does not lock out everyone behind the proxy;
     * a peer that is no trusted proxy cannot escape its own count by sending X-Forwarded-For.
     */
    @Test
    void behindATrustedProxyEachClientIsCountedByItsForwardedAddress() {
        Owner owner = owner();
        try (Limits limits = limits(60)) {
            FromAddress proxy = FromAddress.at(base, "127.0.0.9");
            for (int i = 0; i < ADDRESS_LIMIT; i++) {
                assertEquals(401, proxy.get("/api/v1/account", "Authorization", "Bearer " + KeyFormat.generate(),
                        "X-Forwarded-For", "203.0.113.21").status());
            }
            assertThrottled(proxy.get("/api/v1/account", "Authorization", "Bearer " + KeyFormat.generate(),
                    "X-Forwarded-For", "203.0.113.21"), 60);
            assertEquals(200, proxy.get("/api/v1/account", "Authorization", "Bearer " + owner.key(),
                    "X-Forwarded-For", "203.0.113.22").status(), "another client behind the same proxy");

            FromAddress spoofer = FromAddress.fresh(base);
            for (int i = 0; i < ADDRESS_LIMIT; i++) {
                assertEquals(401, spoofer.get("/api/v1/account", "Authorization", "Bearer " + KeyFormat.generate(),
                        "X-Forwarded-For", "198.51.100." + i).status());
            }
            assertThrottled(spoofer.get("/api/v1/account", "Authorization", "Bearer " + KeyFormat.generate(),
                    "X-Forwarded-For", "198.51.100.99"), 60);
        }
    }

    @Test
    void successfulRequestsAreNeitherCountedNorThrottled() {
        Owner owner = owner();
        try (Limits limits = limits(60)) {
            FromAddress client = FromAddress.fresh(base);
            for (int i = 0; i < 3 * ADDRESS_LIMIT; i++) {
                assertEquals(200, client.get("/api/v1/account", bearer(owner.key())).status());
                assertEquals(207, propfind(client, basic(owner.account().email(), owner.key())).status());
            }
            for (int i = 0; i <= ACCOUNT_LIMIT; i++) {
                assertEquals(200, signIn(client, owner.account().email(), owner.account().password()).status());
            }
            // a client that fails now and then, under the limit, is never refused
            for (int i = 1; i < ADDRESS_LIMIT; i++) {
                assertEquals(401, client.get("/api/v1/account", bearer(KeyFormat.generate())).status());
                assertEquals(200, client.get("/api/v1/account", bearer(owner.key())).status());
            }
        }
    }

    @Test
    void theThrottleEndsWithItsWindow() throws InterruptedException {
        Owner owner = owner();
        try (Limits limits = limits(4)) {
            FromAddress guesser = FromAddress.fresh(base);
            for (int i = 0; i < ADDRESS_LIMIT; i++) {
                assertEquals(401, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());
            }
            Reply throttled = guesser.get("/api/v1/account", bearer(KeyFormat.generate()));
            assertThrottled(throttled, 4);

            Thread.sleep(Long.parseLong(throttled.header("Retry-After")) * 1000 + 300);
            Reply after = guesser.get("/api/v1/account", bearer(KeyFormat.generate()));
            assertEquals(401, after.status(), () -> "a new window: " + after);
            assertEquals(200, guesser.get("/api/v1/account", bearer(owner.key())).status());
        }
    }

    private static void assertThrottled(Reply reply, int windowSeconds) {
        assertEquals(429, reply.status(), reply::toString);
        String retryAfter = reply.header("Retry-After");
        assertNotEquals(null, retryAfter, reply::toString);
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= windowSeconds, () -> "Retry-After " + seconds);
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals(null, reply.header("WWW-Authenticate"), "a 429 asks for no other credential");
    }

    private static Reply signIn(FromAddress client, String email, String password) {
        return client.send("POST", "/api/v1/session", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static Reply propfind(FromAddress client, String[] authorization) {
        return client.send("PROPFIND", "/dav/", null, authorization[0], authorization[1], "Depth", "0");
    }

    /** The test's limits, set as an operator would (system properties), until closed. */
    private Limits limits(int windowSeconds) {
        return new Limits(
                ServerSettings.set(management, "throttle-address-failures", Integer.toString(ADDRESS_LIMIT)),
                ServerSettings.set(management, "throttle-account-failures", Integer.toString(ACCOUNT_LIMIT)),
                ServerSettings.set(management, "throttle-window", Integer.toString(windowSeconds)));
    }

    private record Limits(ServerSettings address, ServerSettings account, ServerSettings window)
            implements AutoCloseable {
        @Override
        public void close() {
            try (window; account; address) {
                // each is closed, even when closing another fails
            }
        }
    }
}
