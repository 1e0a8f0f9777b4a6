package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write budget of last-used, with the database and the scheduler replaced by recorders. */
class LastUsedRecorderTest {

    private record Scheduled(Runnable task, long delayNanos) {
    }

    private record Touch(String keyId, Instant at) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Touch> touches = new ArrayList<>();
    private final List<LastUse> uses = new ArrayList<>();
    private final List<List<String>> seens = new ArrayList<>();
    private LastUsedRecorder recorder;

    @BeforeEach
    void wire() {
        recorder = new LastUsedRecorder();
        recorder.keys = new ApiKeyService() {
            @Override
            public void touch(String keyId, LastUse use, List<String> seen) {
                touches.add(new Touch(keyId, use.at()));
                uses.add(use);
                seens.add(seen);
            }
        };
        recorder.scheduler = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                        scheduled.add(new Scheduled(task, ((TimeUnit) args[2]).toNanos((Long) args[1])));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theFirstUseIsWrittenAtOnceAndLaterOnesAMinuteAfterTheLastWrite() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        recorder.record("k", t0, "127.0.0.1", "test", "rest");
        assertEquals(1, scheduled.size());
        assertEquals(0, scheduled.get(0).delayNanos(), "first use: no wait");
        scheduled.get(0).task().run();
        assertEquals(List.of(new Touch("k", t0)), touches);

        for (int i = 1; i <= 499; i++) {
            recorder.record("k", t0.plusMillis(i), "127.0.0.1", "test", "rest");
        }
        assertEquals(2, scheduled.size(), "499 more uses schedule one more write, not 499");
        long delay = scheduled.get(1).delayNanos();
        assertTrue(delay > TimeUnit.SECONDS.toNanos(59) && delay <= LastUsedRecorder.INTERVAL, "waits out the minute: " + delay);
        scheduled.get(1).task().run();
        assertEquals(new Touch("k", t0.plusMillis(499)), touches.get(1), "the newest use is written");
        assertEquals(2, recorder.writeCount("k"));
    }

    @Test
    void usesOutOfOrderNeverMoveLastUsedBack() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        recorder.record("k", t0.plusSeconds(5), "127.0.0.1", "test", "rest");
        recorder.record("k", t0, "127.0.0.1", "test", "rest");
        scheduled.get(0).task().run();
        assertEquals(t0.plusSeconds(5), touches.get(0).at());
    }

    @Test
    void pendingUsesAreWrittenWhenTheApplicationStops() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        recorder.record("a", t0, "127.0.0.1", "test", "rest");
        scheduled.get(0).task().run();
        recorder.record("a", t0.plusSeconds(1), "127.0.0.1", "test", "rest");   // pending behind the minute
        recorder.record("b", t0.plusSeconds(2), "127.0.0.1", "test", "rest");   // scheduled, never run
        recorder.flushPending();
        assertTrue(touches.contains(new Touch("a", t0.plusSeconds(1))), touches::toString);
        assertTrue(touches.contains(new Touch("b", t0.plusSeconds(2))), touches::toString);
        int before = touches.size();
        recorder.flushPending();
        assertEquals(before, touches.size(), "nothing is written twice");
    }

    @Test
    void whereTheLatestUseCameFromAndTheAddressesSinceTheLastWriteGoInTheSameWrite() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        recorder.record("k", t0, "192.0.2.1", "curl/8", "rest");
        scheduled.get(0).task().run();
        assertEquals(new LastUse(t0, "192.0.2.1", "curl/8", "rest"), uses.get(0));
        assertEquals(List.of("192.0.2.1"), seens.get(0));

        String[] addresses = {"192.0.2.2", "192.0.2.3", "192.0.2.2", "192.0.2.4", "192.0.2.5", "192.0.2.6",
                "192.0.2.7", "192.0.2.8"};
        for (int i = 0; i < addresses.length; i++) {
            recorder.record("k", t0.plusSeconds(i + 1), addresses[i], "DAVx5\u0000\n/4", "caldav");
        }
        assertEquals(2, scheduled.size(), "eight uses from seven addresses: still one write a minute");
        scheduled.get(1).task().run();
        assertEquals(2, touches.size());
        assertEquals(new LastUse(t0.plusSeconds(8), "192.0.2.8", "DAVx5/4", "caldav"), uses.get(1),
                "the latest use, its user agent without control characters");
        assertEquals(List.of("192.0.2.8", "192.0.2.7", "192.0.2.6", "192.0.2.5", "192.0.2.4"), seens.get(1),
                "the newest five distinct addresses, newest first");
    }

    @Test
    void aUserAgentIsCutAndTamed() {
        assertEquals(LastUse.MAX_USER_AGENT, LastUse.tame("x".repeat(10_000)).length());
        assertEquals("ab", LastUse.tame("a\r\nb\u007f"));
        assertEquals(null, LastUse.tame("\t\u0001 "));
        assertEquals(null, LastUse.tame(null));
        String key = KeyFormat.generate();
        assertEquals("app " + key.substring(0, KeyFormat.PREFIX_LENGTH) + "… x", LastUse.tame("app " + key + " x"),
                "a key sent as a user agent is kept to its prefix");
    }
}
