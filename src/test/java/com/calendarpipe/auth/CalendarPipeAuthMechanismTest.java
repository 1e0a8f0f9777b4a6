package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Plan;
import com.calendarpipe.apikey.KeyCache;
import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.apikey.KeyIdentity;
import com.calendarpipe.apikey.LastUsedRecorder;
import com.calendarpipe.cluster.Unavailable;
import com.calendarpipe.limits.RequestLimitFilter;
import com.calendarpipe.testing.CountingInput;
import com.calendarpipe.testing.RecordedResponse;
import com.calendarpipe.testing.ResourceClasses;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mechanism alone, with the servlet objects and the key store replaced by recorders: the
 * key store's count of lookups is the count of database calls the requests could have made.
 */
class CalendarPipeAuthMechanismTest {

    private static final String ATTACKER = "203.0.113.9";
    private static final String OWNER_ADDRESS = "198.51.100.4";

    private final AtomicInteger lookups = new AtomicInteger();
    private final Account owner = new Account("owner@example.com", "Owner", "hash", Plan.PRO);
    private final String ownersKey = KeyFormat.generate();
    private final AtomicLong clock = new AtomicLong();
    private final ThrottleTest.Limits limits = new ThrottleTest.Limits(3, 2, 60);
    private CalendarPipeAuthMechanism mechanism;
    /** The owner's key's scheduled revocation (a rotation), as its row says; null: none. */
    private Instant ownersKeyRevokesAt;
    /** The owner's key's revocation, as its row says; null: live. */
    private Instant ownersKeyRevokedAt;
    /** What this node's key cache holds: the identities of keys looked up (a revoke would evict them). */
    private final Map<String, KeyIdentity> held = new HashMap<>();

    @BeforeAll
    static void routes() {
        ResourceClasses.install();   // which paths are open: as the deployment reads them from the resources
    }

    @BeforeEach
    void wire() {
        mechanism = new CalendarPipeAuthMechanism();
        mechanism.keys = new KeyCache() {
            @Override
            public Optional<KeyIdentity> remembered(String wellFormedKey) {
                return Optional.ofNullable(held.get(wellFormedKey));
            }

            @Override
            public Optional<KeyIdentity> identify(String wellFormedKey) {
                lookups.incrementAndGet();
                Optional<KeyIdentity> found = wellFormedKey.equals(ownersKey)
                        ? Optional.of(new KeyIdentity("key-1", ownersKeyRevokedAt, ownersKeyRevokesAt, owner))
                        : Optional.empty();
                found.ifPresent(identity -> held.put(wellFormedKey, identity));   // as the real cache does
                return found;
            }
        };
        mechanism.lastUsed = new LastUsedRecorder() {
            @Override
            public void record(String keyId, Instant usedAt, String ip, String userAgent, String via) {
            }
        };
        mechanism.accounts = new AccountService();   // asked only for a console session, which no test sends
        mechanism.throttle = ThrottleTest.throttle(limits, clock);
        limits.address = 1_000;   // the tests below that are about throttling set their own
        limits.account = 1_000;
    }

    @Test
    void malformedAndBadChecksumKeysNeverReachTheKeyStore() throws Exception {
        String key = KeyFormat.generate();
        String badChecksum = key.substring(0, 66) + (key.charAt(66) == 'a' ? 'b' : 'a');
        for (String header : new String[] {"Bearer " + badChecksum, "Bearer " + key.substring(1), "Bearer cp_x",
                "Bearer " + key.toUpperCase(), "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("a@b.c:" + badChecksum).getBytes())}) {
            for (String path : new String[] {"/api/v1/account", "/dav/"}) {
                RecordedResponse response = new RecordedResponse();
                AuthenticationStatus status = mechanism.validateRequest(request(path, header), response.proxy(),
                        context());
                assertEquals(AuthenticationStatus.SEND_FAILURE, status);
                assertEquals(401, response.status, path + " " + header);
            }
        }
        assertEquals(0, lookups.get(), "no malformed key was looked up");

        RecordedResponse response = new RecordedResponse();
        mechanism.validateRequest(request("/api/v1/account", "Bearer " + key), response.proxy(), context());
        assertEquals(1, lookups.get(), "a well-formed key is looked up once");
        assertEquals(401, response.status);
        assertTrue(response.body.toString().contains("Missing, invalid, or revoked API key"));
    }

    @Test
    void aThrottledAddressIsRefusedWith429OnEveryChannelForAKeyThatNeedsALookup() throws Exception {
        limits.address = 3;
        for (int i = 0; i < 3; i++) {
            assertEquals(401, send(ATTACKER, "/api/v1/account", bearer(KeyFormat.generate())).status);
        }
        assertEquals(3, lookups.get());

        RecordedResponse api = send(ATTACKER, "/api/v1/account", bearer(KeyFormat.generate()));
        assertEquals(429, api.status);
        assertEquals("60", api.headers.get("Retry-After"));
        assertEquals("{\"error\":\"Too Many Requests\",\"message\":"
                + "\"Too many failed attempts to authenticate; try again later\"}", api.body.toString());
        assertEquals(null, api.headers.get("WWW-Authenticate"), "a 429 challenges for nothing");

        RecordedResponse dav = send(ATTACKER, "/dav/", basic("owner@example.com", KeyFormat.generate()));
        assertEquals(429, dav.status);
        assertEquals("60", dav.headers.get("Retry-After"));
        assertEquals("Too many failed attempts to authenticate; try again later\n", dav.body.toString());
        assertEquals(429, send(ATTACKER, "/mcp", bearer(KeyFormat.generate())).status);

        // the owner's key, not held by this node yet: telling it from a guess would take the lookup
        assertEquals(429, send(ATTACKER, "/api/v1/account", bearer(ownersKey)).status);
        RecordedResponse junk = send(ATTACKER, "/dav/", bearer("junk"));
        assertEquals(401, junk.status, "a malformed key costs nothing, so it is answered as ever");
        assertEquals(3, lookups.get(), "no request from the throttled address reached the key store");

        assertEquals(200, send(OWNER_ADDRESS, "/api/v1/account", bearer(ownersKey)).status, "another address");
        assertEquals(401, send(OWNER_ADDRESS, "/api/v1/account", bearer(KeyFormat.generate())).status,
                "another address's failures are its own");

        clock.addAndGet(ThrottleTest.SECOND * 60);
        held.clear();
        assertEquals(200, send(ATTACKER, "/api/v1/account", bearer(ownersKey)).status, "the window is over");
    }

    @Test
    void aKeyThisNodeHoldsIsAnsweredFromMemoryWhateverItsAddressDid() throws Exception {
        limits.address = 3;
        assertEquals(200, send(OWNER_ADDRESS, "/api/v1/account", bearer(ownersKey)).status, "looked up once, and held");
        for (int i = 0; i < 3; i++) {
            send(ATTACKER, "/api/v1/account", bearer(KeyFormat.generate()));
        }
        assertEquals(429, send(ATTACKER, "/api/v1/account", bearer(KeyFormat.generate())).status);
        int before = lookups.get();

        // a colleague behind the same address (one NAT), on every channel
        for (int i = 0; i < 50; i++) {
            assertEquals(200, send(ATTACKER, "/api/v1/account", bearer(ownersKey)).status);
            assertEquals(200, send(ATTACKER, "/dav/", basic("owner@example.com", ownersKey)).status);
            assertEquals(200, send(ATTACKER, "/mcp", bearer(ownersKey)).status);
        }
        assertEquals(before, lookups.get(), "answered from memory: no lookup");

        // revoked: the cache's entry is replaced by the revoked identity (the real one evicts, then re-reads)
        ownersKeyRevokedAt = Instant.now();
        held.clear();
        assertEquals(401, send(OWNER_ADDRESS, "/api/v1/account", bearer(ownersKey)).status);
        for (int i = 0; i < 150; i++) {
            RecordedResponse retry = send(ATTACKER, "/dav/", basic("owner@example.com", ownersKey));
            assertEquals(401, retry.status, "a phone retrying a revoked key hears why, from memory, at " + i);
        }
        assertEquals(before + 1, lookups.get());
        assertEquals(60, mechanism.throttle.keyWait(ATTACKER), "and adds nothing to the address's block");
        for (int i = 0; i < 150; i++) {
            assertEquals(401, send(OWNER_ADDRESS, "/api/v1/account", bearer(ownersKey)).status);
        }
        assertEquals(0, mechanism.throttle.keyWait(OWNER_ADDRESS), "nor blocks the address it comes from");
    }

    @Test
    void requestsWithoutACredentialAreNeitherCountedNorThrottled() throws Exception {
        limits.address = 1;
        for (int i = 0; i < 5; i++) {
            RecordedResponse probe = send(ATTACKER, "/dav/", null);
            assertEquals(401, probe.status, "a CalDAV client's first request gets its challenge");
            assertEquals(401, send(ATTACKER, "/api/v1/account", null).status);
        }
        assertEquals(0, mechanism.throttle.keyWait(ATTACKER));
        assertEquals(200, send(ATTACKER, "/api/v1/account", bearer(ownersKey)).status);
    }

    @Test
    void successesAreNeverCountedNorThrottled() throws Exception {
        limits.address = 2;
        limits.account = 2;
        for (int i = 0; i < 50; i++) {
            assertEquals(200, send(OWNER_ADDRESS, "/api/v1/account", bearer(ownersKey)).status);
            assertEquals(200, send(OWNER_ADDRESS, "/dav/", basic("owner@example.com", ownersKey)).status);
        }
        assertEquals(0, mechanism.throttle.keyWait(OWNER_ADDRESS));
        assertEquals(0, mechanism.throttle.passwordWait("192.0.2.250", "owner@example.com"));
    }

    @Test
    void anAccountUnderAttackFromManyAddressesStillTakesItsKey() throws Exception {
        limits.account = 2;
        assertEquals(401, send("203.0.113.1", "/dav/", basic("owner@example.com", KeyFormat.generate())).status);
        assertEquals(401, send("203.0.113.2", "/dav/", basic("OWNER@example.com", KeyFormat.generate())).status);
        assertEquals(401, send("203.0.113.2", "/dav/", basic("owner@example.com", "not-a-key")).status,
                "a malformed key costs nothing and counts nothing");

        RecordedResponse guess = send("203.0.113.3", "/dav/", basic("owner@example.com", KeyFormat.generate()));
        assertEquals(429, guess.status, "a failed guess for the throttled account");
        assertEquals("60", guess.headers.get("Retry-After"));
        assertEquals(401, send("203.0.113.4", "/dav/", basic("someone@example.com", KeyFormat.generate())).status,
                "another account is not throttled");

        assertEquals(200, send("203.0.113.5", "/dav/", basic("owner@example.com", ownersKey)).status,
                "the owner's key, with the email under attack");
        assertEquals(200, send("203.0.113.6", "/api/v1/account", bearer(ownersKey)).status);
    }

    @Test
    void aCredentialWithAControlCharacterIsRefusedWithoutALookupNorCountingAgainstTheAccount() throws Exception {
        limits.account = 1;
        // the account lookup trims, so a user name with a trailing tab would otherwise be the owner's
        for (String header : new String[] {basic("owner@example.com\t", ownersKey), basic("owner@example.com\u0000", ownersKey),
                basic("\u0001owner@example.com", ownersKey), basic("owner@\u007Fexample.com", ownersKey),
                basic("owner@example.com", ownersKey + "\u0000"), basic("owner@example.com", "\n" + ownersKey),
                bearer(ownersKey + "\u0000"), bearer("\u0007" + ownersKey)}) {
            assertEquals(401, send(OWNER_ADDRESS, "/dav/", header).status, header);
            assertEquals(401, send(OWNER_ADDRESS, "/api/v1/account", header).status, header);
        }
        assertEquals(0, lookups.get(), "no credential with a control character reached the key store");
        assertEquals(0, mechanism.throttle.passwordWait("192.0.2.250", "owner@example.com"), "nor counted against the owner");
        assertEquals(200, send(OWNER_ADDRESS, "/dav/", basic("owner@example.com", ownersKey)).status);
    }

    @Test
    void aBodyDeclaredOverTheRequestLimitIsLeftToTheLimitsFilterWithItsMark() throws Exception {
        mechanism.settings = new Settings() {
            @Override
            public int maxRequestBytes() {
                return 1 << 20;
            }
        };
        Map<Object, Object> attributes = new HashMap<>();
        RecordedResponse response = new RecordedResponse();
        AuthenticationStatus status = mechanism.validateRequest(request("/dav/calendars/a/b/c.ics", null, "192.0.2.1",
                20_000_000L, attributes), response.proxy(), context());
        assertEquals(AuthenticationStatus.NOT_DONE, status, "no credential checked, no body read");
        assertEquals(0, response.status);
        assertEquals(Boolean.TRUE, attributes.get(RequestLimitFilter.OVER_LIMIT), "the filter refuses it whatever the limit is by then");

        // a body within the limit: refused by the mechanism itself
        attributes.clear();
        response = new RecordedResponse();
        mechanism.validateRequest(request("/api/v1/account", "Bearer junk", "192.0.2.1", 100_000L, attributes),
                response.proxy(), context());
        assertEquals(401, response.status);
        assertEquals(Map.of(), attributes);
    }

    @Test
    void aRotatedKeyWorksUntilItsScheduledRevocationAndIsRefusedLikeARevokedOneFromThen() throws Exception {
        ownersKeyRevokesAt = Instant.now().plusMillis(500);
        assertEquals(200, send("192.0.2.1", "/api/v1/account", bearer(ownersKey)).status, "within the grace period");
        assertEquals(200, send("192.0.2.1", "/dav/", basic("owner@example.com", ownersKey)).status);

        // the identity held is the same: only the clock moves on
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), ownersKeyRevokesAt).toMillis() + 1));
        RecordedResponse api = send("192.0.2.1", "/api/v1/account", bearer(ownersKey));
        assertEquals(401, api.status);
        assertTrue(api.body.toString().contains("Missing, invalid, or revoked API key"), api.body::toString);
        assertEquals("Bearer realm=\"CalendarPipe\", error=\"invalid_token\"", api.headers.get("WWW-Authenticate"));
        assertEquals(401, send("192.0.2.1", "/dav/", basic("owner@example.com", ownersKey)).status);
        assertEquals(1, lookups.get(), "refused from memory from that instant");
    }

    @Test
    void openPathsAreLeftAloneWhateverTheyCarry() throws Exception {
        RecordedResponse response = new RecordedResponse();
        AuthenticationStatus status = mechanism.validateRequest(request("/api/v1/status", "Bearer junk"),
                response.proxy(), context());
        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(0, response.status);
    }

    /** The mechanism's answer; a request it lets through to the resource shows as 200. */
    private RecordedResponse send(String address, String path, String authorization) throws Exception {
        RecordedResponse response = new RecordedResponse();
        AuthenticationStatus status = mechanism.validateRequest(request(path, authorization, address),
                response.proxy(), context());
        if (status == AuthenticationStatus.SUCCESS) {
            assertEquals(0, response.status, "a login writes no answer");
            response.status = 200;
        }
        return response;
    }

    private static String bearer(String key) {
        return "Bearer " + key;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConsoleSessionWhoseLockADividedClusterCannotGetIsA503NotA500() throws Exception {
        HttpServletRequest plain = request("/api/v1/api-keys", null);
        HttpServletRequest locked = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSession")) {
                        throw new IllegalStateException(new org.infinispan.commons.TimeoutException(
                                "ISPN000299: Unable to acquire lock after 15 seconds for key SessionCreationMetaDataKey(s3cr3t)"));
                    }
                    try {
                        return method.invoke(plain, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RecordedResponse response = new RecordedResponse();
        assertEquals(AuthenticationStatus.SEND_FAILURE, mechanism.validateRequest(locked, response.proxy(), context()));
        assertEquals(503, response.status);
        assertTrue(response.body.toString().contains(Unavailable.MESSAGE), response.body::toString);
        assertFalse(response.body.toString().contains("s3cr3t"), "nothing of the session's id reaches the client");
        assertEquals(0, lookups.get());
    }

    private static HttpServletRequest request(String path, String authorization) {
        return request(path, authorization, "192.0.2.1");
    }

    private static HttpServletRequest request(String path, String authorization, String address) {
        return request(path, authorization, address, -1L, new HashMap<>());   // a GET: no body
    }

    /** A request whose body of {@code length} bytes (-1: none) reads as zeros; its attributes land in {@code attributes}. */
    private static HttpServletRequest request(String path, String authorization, String address, long length,
                                              Map<Object, Object> attributes) {
        String servletPath = path.startsWith("/api/v1") ? "/api/v1" : path.startsWith("/mcp") ? "/mcp" : "/dav";
        String pathInfo = path.substring(servletPath.length());
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getMethod" -> length < 0 ? "GET" : "PUT";
                    case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                    case "getSession" -> null;
                    case "getContentLengthLong" -> length;
                    case "getInputStream" -> new CountingInput(new byte[(int) Math.max(length, 0)]);
                    case "getRemoteAddr" -> address;
                    case "setAttribute" -> attributes.put(args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpMessageContext context() {
        return (HttpMessageContext) Proxy.newProxyInstance(HttpMessageContext.class.getClassLoader(),
                new Class<?>[] {HttpMessageContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "doNothing" -> AuthenticationStatus.NOT_DONE;
                    case "notifyContainerAboutLogin" -> AuthenticationStatus.SUCCESS;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
