package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The throttle's rules on a clock the test moves: thresholds, windows, the per-account rule, the memory bound. */
class ThrottleTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Settings as an operator would set them, without touching system properties. */
    static final class Limits extends Settings {
        int address;
        int passwordAddress;
        int account;
        int windowSeconds;

        /** The same limit per address for keys and for passwords, until a test sets them apart. */
        Limits(int address, int account, int windowSeconds) {
            this.address = address;
            this.passwordAddress = address;
            this.account = account;
            this.windowSeconds = windowSeconds;
        }

        @Override
        public int throttleAddressFailures() {
            return address;
        }

        @Override
        public int throttleAddressPasswordFailures() {
            return passwordAddress;
        }

        @Override
        public int throttleAccountFailures() {
            return account;
        }

        @Override
        public Duration throttleWindow() {
            return Duration.ofSeconds(windowSeconds);
        }
    }

    /** A throttle on a clock the caller moves; starts far from zero, where nanoTime may be negative. */
    static Throttle throttle(Limits limits, AtomicLong clock) {
        Throttle throttle = new Throttle();
        throttle.settings = limits;
        throttle.clock = clock::get;
        return throttle;
    }

    private final AtomicLong clock = new AtomicLong(-7 * SECOND);
    private Limits limits;
    private Throttle throttle;

    @BeforeEach
    void wire() {
        limits = new Limits(5, 3, 60);
        throttle = throttle(limits, clock);
    }

    @Test
    void anAddressIsBlockedAfterItsLimitUntilItsWindowEnds() {
        for (int i = 1; i < 5; i++) {
            throttle.keyFailed("192.0.2.1", null);
            assertEquals(0, throttle.keyWait("192.0.2.1"), "after " + i + " failures");
        }
        clock.addAndGet(10 * SECOND);
        throttle.keyFailed("192.0.2.1", null);
        assertEquals(50, throttle.keyWait("192.0.2.1"), "the 5th failure blocks until the window opened by the 1st ends");
        assertEquals(0, throttle.keyWait("192.0.2.2"), "another address is not blocked");

        clock.addAndGet(49 * SECOND + 1);
        assertEquals(1, throttle.keyWait("192.0.2.1"), "Retry-After is rounded up");
        clock.addAndGet(SECOND - 1);
        assertEquals(0, throttle.keyWait("192.0.2.1"), "the block ends with the window");

        throttle.keyFailed("192.0.2.1", null);
        assertEquals(0, throttle.keyWait("192.0.2.1"), "a new window counts from one");
    }

    @Test
    void failuresSlowerThanTheLimitNeverBlock() {
        for (int i = 0; i < 100; i++) {
            throttle.keyFailed("192.0.2.1", null);
            assertEquals(0, throttle.keyWait("192.0.2.1"));
            clock.addAndGet(15 * SECOND);   // four per minute, under five per minute
        }
    }

    @Test
    void aChangedLimitOrWindowAppliesFromTheNextFailure() {
        for (int i = 0; i < 4; i++) {
            throttle.keyFailed("192.0.2.1", null);
        }
        limits.address = 2;
        assertEquals(0, throttle.keyWait("192.0.2.1"), "nothing changes until a failure is counted");
        throttle.keyFailed("192.0.2.1", null);
        assertEquals(60, throttle.keyWait("192.0.2.1"));

        limits.address = 0;   // off
        limits.windowSeconds = 5;
        clock.addAndGet(60 * SECOND);
        for (int i = 0; i < 50; i++) {
            throttle.keyFailed("192.0.2.9", null);
        }
        assertEquals(0, throttle.keyWait("192.0.2.9"), "a limit of 0 never blocks");
    }

    @Test
    void anAccountIsBlockedByFailuresFromManyAddressesAndOnlyThen() {
        String email = "Victim@Example.com";
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.keyFailed("192.0.2." + i, email), "not yet throttled: the answer is 401");
        }
        assertEquals(60, accountWait(email));
        assertEquals(60, accountWait("  victim@example.COM "), "the email as the account normalises it");
        assertEquals(0, accountWait("someone@example.com"));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.keyWait("192.0.2." + i), "no address reached its own limit");
        }
        assertEquals(60, throttle.keyFailed("198.51.100.7", email), "a failure for a throttled account is answered 429");
        assertEquals(0, throttle.keyFailed("198.51.100.7", null), "a failure naming no account is never 429 by account");

        clock.addAndGet(60 * SECOND);
        assertEquals(0, accountWait(email));
        assertEquals(0, throttle.keyFailed("198.51.100.7", email));
    }

    /** The account's wait as a password sign-in from an address that never failed sees it. */
    private long accountWait(String email) {
        return throttle.passwordWait("192.0.2.250", email);
    }

    @Test
    void keysAndPasswordsFromOneAddressAreCountedApart() {
        limits.passwordAddress = 7;
        for (int i = 0; i < 5; i++) {
            throttle.keyFailed("192.0.2.1", null);
        }
        assertEquals(60, throttle.keyWait("192.0.2.1"));
        assertEquals(0, throttle.passwordWait("192.0.2.1", "person@example.com"),
                "a stale API client does not lock a person out of the console");

        for (int i = 1; i < 7; i++) {
            throttle.passwordFailed("192.0.2.2", "person" + i + "@example.com");
            assertEquals(0, throttle.passwordWait("192.0.2.2", "other@example.com"), "after " + i + " wrong passwords");
        }
        throttle.passwordFailed("192.0.2.2", "person7@example.com");
        assertEquals(60, throttle.passwordWait("192.0.2.2", "other@example.com"), "the password limit of its own");
        assertEquals(0, throttle.keyWait("192.0.2.2"), "nor does a person's typing block the address's API clients");
    }

    @Test
    void wrongPasswordsAndFailedKeysForOneEmailShareItsAccountCounter() {
        throttle.passwordFailed("192.0.2.1", "victim@example.com");
        throttle.keyFailed("192.0.2.2", "victim@example.com");
        assertEquals(0, accountWait("victim@example.com"));
        throttle.passwordFailed("192.0.2.3", "victim@example.com");
        assertEquals(60, accountWait("victim@example.com"));
        assertEquals(60, throttle.keyFailed("192.0.2.4", "victim@example.com"), "a Basic guess for it is now a 429");
    }

    @Test
    void accountsAreCountedUnderASaltedHashNeverTheEmail() {
        String key = throttle.accountKey("victim@example.com");
        assertFalse(key.contains("victim"), key);
        assertEquals(key, throttle.accountKey(" VICTIM@example.com"));
        assertNotEquals(key, throttle(limits, clock).accountKey("victim@example.com"), "each process has its own salt");
        assertEquals(null, throttle.accountKey(""));
        assertEquals(null, throttle.accountKey(null));
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", Throttle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(Throttle.addressKey("2001:db8:1:2::1"), Throttle.addressKey("2001:db8:1:2:ffff::7"));
        assertNotEquals(Throttle.addressKey("2001:db8:1:2::1"), Throttle.addressKey("2001:db8:1:3::1"));
        assertEquals("192.0.2.1", Throttle.addressKey("192.0.2.1"));
        assertEquals("192.0.2.1", Throttle.addressKey("::ffff:192.0.2.1"), "an IPv4-mapped address is the IPv4 one");
        assertEquals("not-an-address:", Throttle.addressKey("not-an-address:"), "never resolved");

        for (int host = 1; host <= 5; host++) {
            throttle.keyFailed("2001:db8:1:2::" + host, null);
        }
        assertEquals(60, throttle.keyWait("2001:db8:1:2::abcd"), "the whole /64 is one client");
        assertEquals(0, throttle.keyWait("2001:db8:1:3::1"));
    }

    @Test
    void aFloodOfFreshKeysNeverHoldsMoreThanTheCapacity() {
        FailureCounter counter = new FailureCounter(100);
        long now = 0;
        for (int i = 0; i < 10; i++) {
            counter.fail("attacker", 10, 60 * SECOND, now);   // blocked, and kept through the flood
        }
        for (int i = 0; i < 10_000; i++) {
            counter.fail("flood-" + i, 10, 60 * SECOND, now);
            assertTrue(counter.size() <= 100, () -> "size " + counter.size());
        }
        assertTrue(counter.blockedFor("attacker", now) > 0, "a blocking key outlives keys that block nothing");

        now += 61 * SECOND;   // every window over: the next sweep frees them all
        counter.fail("late", 10, 60 * SECOND, now);
        for (int i = 0; i < 100; i++) {
            counter.fail("fresh-" + i, 10, 60 * SECOND, now);
        }
        assertTrue(counter.size() <= 100, () -> "size " + counter.size());
        assertEquals(0, counter.blockedFor("attacker", now));
    }

    @Test
    void concurrentFloodsStayBounded() throws Exception {
        FailureCounter counter = new FailureCounter(1_000);
        int threads = 8;
        inParallel(threads, id -> {
            for (int i = 0; i < 20_000; i++) {
                counter.fail("flood-" + id + "-" + i, 1_000_000, 60 * SECOND, 0);
            }
        });
        assertTrue(counter.size() <= 1_000 + threads, () -> "at most the capacity plus one insert per thread: "
                + counter.size());
    }

    @Test
    void concurrentFailuresOfOneKeyAreAllCounted() throws Exception {
        FailureCounter exact = new FailureCounter(100);
        FailureCounter oneShort = new FailureCounter(100);
        inParallel(8, id -> {
            for (int i = 0; i < 5_000; i++) {
                exact.fail("shared", 40_000, 60 * SECOND, 0);
                oneShort.fail("shared", 40_001, 60 * SECOND, 0);
            }
        });
        assertTrue(exact.blockedFor("shared", 0) > 0, "the 40 000th failure blocks");
        assertEquals(0, oneShort.blockedFor("shared", 0), "and not one failure more was counted");
    }

    private static void inParallel(int threads, java.util.function.IntConsumer work) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> work.accept(id));
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
    }
}
