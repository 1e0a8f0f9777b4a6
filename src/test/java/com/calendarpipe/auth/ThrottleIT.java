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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Throttled guessing, over HTTP: a guesser is slowed per address and per account, on the REST
 * API, MCP, console sign-in and CalDAV alike, while the owner's key keeps working, from elsewhere
 * and from the guesser's own address.
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
    void afterItsLimitAnAddressGets429OnEveryChannelForKeysItMustLookUpAndAnotherAddressDoesNot() {
        Owner owner = owner();
        try (Limits limits = limits(60)) {
            FromAddress guesser = FromAddress.fresh(base);
            // failed keys on any channel count together for the address; a malformed one costs nothing and counts nothing
            assertEquals(401, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());
            assertEquals(401, propfind(guesser, basic(owner.account().email(), KeyFormat.generate())).status());
            assertEquals(401, guesser.get("/api/v1/account", bearer("cp_not-even-a-key")).status());
            assertEquals(401, guesser.send("POST", "/mcp", "{}", bearer(KeyFormat.generate())).status());
            assertEquals(401, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());

            Reply rest = guesser.get("/api/v1/account", bearer(KeyFormat.generate()));
            assertThrottled(rest, 60);
            assertEquals(THROTTLED_JSON, rest.body());
            assertEquals("application/json", rest.header("Content-Type").split(";")[0]);

            Reply dav = propfind(guesser, basic(owner.account().email(), KeyFormat.generate()));
            assertThrottled(dav, 60);
            assertEquals("text/plain", dav.header("Content-Type").split(";")[0]);
            assertEquals("Too many failed attempts to authenticate; try again later\n", dav.body());
            assertThrottled(guesser.send("POST", "/mcp", "{}", bearer(KeyFormat.generate())), 60);

            // a valid key this node has not looked up yet waits too: telling it from a guess would
            // take the database lookup the throttle is there to save (see Throttle) ...
            assertThrottled(guesser.get("/api/v1/account", bearer(owner.key())), 60);
            // ... and once it has been used from elsewhere, the node holds it and it is accepted
            FromAddress elsewhere = FromAddress.fresh(base);
            assertEquals(200, elsewhere.get("/api/v1/account", bearer(owner.key())).status());
            assertEquals(200, guesser.get("/api/v1/account", bearer(owner.key())).status());
            assertEquals(207, propfind(guesser, basic(owner.account().email(), owner.key())).status());

            // wrong passwords are counted apart: the failed keys did not close the console
            assertEquals(200, signIn(guesser, owner.account().email(), owner.account().password()).status());
            for (int i = 0; i < ADDRESS_LIMIT; i++) {
                assertEquals(401, signIn(guesser, "nobody" + i + "@example.com", "a wrong password").status());
            }
            Reply signIn = signIn(guesser, "nobody@example.com", "another wrong password");
            assertThrottled(signIn, 60);
            assertEquals(THROTTLED_JSON, signIn.body());

            assertEquals(207, propfind(elsewhere, basic(owner.account().email(), owner.key())).status());
            assertEquals(200, signIn(elsewhere, owner.account().email(), owner.account().password()).status());
            assertEquals(401, elsewhere.get("/api/v1/account", bearer(KeyFormat.generate())).status(),
                    "another address's failures are its own");
            assertEquals(200, api().get("/api/v1/account", bearer(owner.key())).status(), "and 127.0.0.1 is untouched");
        }
    }

    /**
     * The office behind one address (issue 19): an old deployment retries a revoked key, someone
     * sends forged keys, and the apps and people behind the same address go on working.
     */
    @Test
    void anAddressSharedWithARevokedKeysRetrierAndAForgerStillServesItsValidKeysAndItsPeople() throws Exception {
        Owner owner = owner();
        ApiClient api = api();
        ApiClient.Session session = api.signIn(owner.account());
        Reply made = api.send("POST", "/api/v1/api-keys", "{\"name\":\"old deployment\"}", session.headers());
        assertEquals(201, made.status(), made::toString);
        String revoked = made.data().getString("key");
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + made.data().getString("id"), null,
                session.headers()).status());
        // the third client's key is in use, so the node holds it (a key just created would be looked up once)
        assertEquals(200, api.get("/api/v1/account", bearer(owner.key())).status());

        try (Limits limits = new Limits(
                ServerSettings.set(management, "throttle-address-failures", "20"),
                ServerSettings.set(management, "throttle-account-failures", "10"),
                ServerSettings.set(management, "throttle-address-password-failures", "50"),
                ServerSettings.set(management, "throttle-window", "300"))) {
            String office = FromAddress.fresh(base).address();
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try {
                AtomicBoolean others = new AtomicBoolean(true);
                Future<List<Integer>> retrier = clients.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    FromAddress phone = FromAddress.at(base, office);
                    for (int i = 0; i < 150; i++) {
                        statuses.add(i % 2 == 0 ? propfind(phone, basic(owner.account().email(), revoked)).status()
                                : phone.get("/api/v1/account", bearer(revoked)).status());
                    }
                    return statuses;
                });
                Future<List<Reply>> forger = clients.submit(() -> {
                    List<Reply> replies = new ArrayList<>();
                    FromAddress forging = FromAddress.at(base, office);
                    for (int i = 0; i < 120; i++) {
                        replies.add(forging.get("/api/v1/account", bearer(KeyFormat.generate())));
                    }
                    return replies;
                });
                Future<Integer> colleague = clients.submit(() -> {
                    FromAddress app = FromAddress.at(base, office);
                    int rounds = 0;
                    while (others.get() || rounds < 10) {
                        Reply rest = app.get("/api/v1/account", bearer(owner.key()));
                        assertEquals(200, rest.status(), () -> "the valid key on REST: " + rest);
                        Reply dav = propfind(app, basic(owner.account().email(), owner.key()));
                        assertEquals(207, dav.status(), () -> "the valid key on CalDAV: " + dav);
                        rounds++;
                    }
                    return rounds;
                });
                List<Integer> retries = retrier.get(5, TimeUnit.MINUTES);
                List<Reply> forgeries = forger.get(5, TimeUnit.MINUTES);
                others.set(false);
                int rounds = colleague.get(5, TimeUnit.MINUTES);

                assertTrue(retries.stream().allMatch(status -> status == 401),
                        () -> "the revoked key is told it is revoked (401, from memory), never 429: " + retries);
                Reply last = forgeries.get(forgeries.size() - 1);
                assertThrottled(last, 300);
                long throttled = forgeries.stream().filter(reply -> reply.status() == 429).count();
                assertTrue(throttled >= 100, () -> throttled + " of 120 forged keys answered 429");
                assertTrue(rounds >= 10, () -> "rounds of the valid key: " + rounds);

                FromAddress person = FromAddress.at(base, office);
                Reply signIn = signIn(person, owner.account().email(), owner.account().password());
                assertEquals(200, signIn.status(), () -> "a correct console sign-in from the address: " + signIn);
                String cookie = signIn.header("Set-Cookie").split(";", 2)[0];
                assertEquals(200, person.get("/api/v1/api-keys", "Cookie", cookie).status(),
                        "and the session it opens works from there");

                String fresh = api.createKey(session, "new device");
                assertThrottled(person.get("/api/v1/account", bearer(fresh)), 300);   // the one case that waits
                assertEquals(200, api.get("/api/v1/account", bearer(fresh)).status(), "from another address it works");
                assertEquals(200, person.get("/api/v1/account", bearer(fresh)).status(), "and then from this one too");
            } finally {
                clients.shutdownNow();
            }
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
                ServerSettings.set(management, "throttle-address-password-failures", Integer.toString(ADDRESS_LIMIT)),
                ServerSettings.set(management, "throttle-window", Integer.toString(windowSeconds)));
    }

    private record Limits(ServerSettings address, ServerSettings account, ServerSettings passwords,
                          ServerSettings window) implements AutoCloseable {
        @Override
        public void close() {
            try (window; passwords; account; address) {
                // each is closed, even when closing another fails
            }
        }
    }
}
