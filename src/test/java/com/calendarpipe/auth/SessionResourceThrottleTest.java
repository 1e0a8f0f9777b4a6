package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import com.calendarpipe.Refused;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.rest.ErrorMappers;
import com.calendarpipe.testing.Events;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Console sign-in under the throttle, with the account service replaced by a recorder: its count
 * of password checks is the count of database reads and password hashes the requests cost.
 */
class SessionResourceThrottleTest {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();
    private final ThrottleTest.Limits limits = new ThrottleTest.Limits(3, 2, 60);
    private final SessionResource resource = new SessionResource();
    private String address;

    @BeforeEach
    void wire() {
        resource.accounts = new AccountService() {
            @Override
            public Optional<Account> signIn(String email, String password) {
                passwordChecks.incrementAndGet();
                return Optional.empty();   // every password in these tests is a guess
            }
        };
        resource.throttle = ThrottleTest.throttle(limits, clock);
        resource.settings = new Settings();   // password sign-in on: no single sign-on is configured
        // the audit trail listens to these events in the server; these tests count password checks only
        resource.events = Events.ignored();
        resource.request = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> address;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aThrottledAddressIsRefusedBeforeAnyPasswordCheck() {
        address = "203.0.113.9";
        for (int i = 0; i < 3; i++) {
            assertEquals(401, signIn("user" + i + "@example.com").getStatus());
        }
        Response refused = signIn("user9@example.com");
        assertEquals(429, refused.getStatus());
        assertEquals("60", refused.getHeaderString("Retry-After"));
        assertEquals("no-store", refused.getHeaderString("Cache-Control"));
        assertEquals("{\"error\":\"Too Many Requests\",\"message\":"
                + "\"Too many failed attempts to authenticate; try again later\"}", refused.getEntity());
        Refused empty = assertThrows(Refused.class, () -> resource.signIn(null), "an empty body");
        assertEquals(Refused.Kind.INVALID, empty.kind(), "is malformed, whoever sends it: a 400, costing nothing");
        assertEquals(3, passwordChecks.get(), "the throttled requests cost no database read and no hash");

        address = "198.51.100.4";
        assertEquals(401, signIn("user9@example.com").getStatus(), "another address is not throttled");
    }

    @Test
    void anEmailGuessedFromManyAddressesIsRefusedBeforeAnyPasswordCheck() {
        address = "203.0.113.1";
        assertEquals(401, signIn("victim@example.com").getStatus());
        address = "203.0.113.2";
        assertEquals(401, signIn("Victim@Example.com ").getStatus());
        address = "203.0.113.3";
        Response refused = signIn("victim@example.com");
        assertEquals(429, refused.getStatus());
        assertEquals("60", refused.getHeaderString("Retry-After"));
        assertEquals(2, passwordChecks.get());

        assertEquals(401, signIn("someone@example.com").getStatus(), "other accounts sign in as before");
        clock.addAndGet(ThrottleTest.SECOND * 60);
        assertEquals(401, signIn("victim@example.com").getStatus(), "the window is over");
        assertEquals(4, passwordChecks.get());
    }

    /** The answer, as REST's one translator makes it of a refusal. */
    private Response signIn(String email) {
        try {
            return resource.signIn(Json.createObjectBuilder().add("email", email).add("password", "a guessed password").build());
        } catch (Refused refused) {
            return new ErrorMappers.Refusals().toResponse(refused);
        }
    }
}
