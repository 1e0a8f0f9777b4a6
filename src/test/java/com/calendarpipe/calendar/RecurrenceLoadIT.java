package com.calendarpipe.calendar;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One user's most expensive recurrence requests slow only himself: while eight clients send
 * them without pause, the server's status and another account's ordinary calendar-query keep
 * answering (p99 under a second), and every expensive request ends within its budget. The
 * figures are printed; the bound asserted is the acceptance line.
 */
class RecurrenceLoadIT extends ClientIT {

    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final int ATTACKERS = 8;
    private static final Duration P99_BOUND = Duration.ofSeconds(1);
    /** The budget's time and a margin: every expensive request must end within it. */
    private static final Duration EXPENSIVE_BOUND = RecurrenceBudget.MAX_TIME.plusSeconds(8);

    /**
     * The costliest rules the budget lets through: each period makes ~1 700 candidate dates of
     * which BYSETPOS keeps one, so a range of a few hundred periods costs nearly the whole budget.
     */
    private static final List<String> COSTLY_RULES = List.of(
            "RRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;"
                    + "BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,"
                    + "33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59;BYSETPOS=1",
            "RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
                    + "17,18,19,20,21,22,23,24,25,26,27,28;BYHOUR=0,1,2,3,4;BYSETPOS=1",
            "RRULE:FREQ=SECONDLY");

    @Test
    void expensiveRequestsSlowOnlyTheirSender() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount attacker = api.signUp();
        String attackerKey = api.createKey(api.signIn(attacker), "load");
        JsonObject attackerCalendar = api.createCalendar(attackerKey, "{\"name\":\"Costly\"}");
        String costly = "/dav/calendars/" + attacker.id() + "/" + attackerCalendar.getString("id") + "/";
        DavClient attackerDav = new DavClient(api, attacker.email(), attackerKey);
        for (String rule : COSTLY_RULES) {
            Reply put = attackerDav.put(costly + UUID.randomUUID() + ".ics", fixture("recurring.ics",
                    "uid", UUID.randomUUID().toString(), "start", "19700101T000000Z", "rule", rule));
            assertEquals(201, put.status(), put::toString);
        }

        ApiClient.TestAccount victim = api.signUp();
        String victimKey = api.createKey(api.signIn(victim), "load");
        JsonObject victimCalendar = api.createCalendar(victimKey, "{\"name\":\"Ordinary\"}");
        String ordinary = "/dav/calendars/" + victim.id() + "/" + victimCalendar.getString("id") + "/";
        DavClient victimDav = new DavClient(api, victim.email(), victimKey);
        for (int day = 1; day <= 20; day++) {
            String start = String.format("202603%02dT090000Z", day);
            assertEquals(201, victimDav.put(ordinary + "e" + day + ".ics", fixture("simple.ics", "uid", UUID.randomUUID().toString(),
                    "start", start, "end", start.replace("T09", "T10"), "summary", "Meeting " + day)).status());
        }
        String victimQuery = fixture("query-time-range.xml", "start", "20260301T000000Z", "end", "20260401T000000Z");

        List<Supplier<Reply>> expensive = List.of(
                () -> attackerDav.report(costly, fixture("query-expand-range.xml", "start", "20260101T000000Z", "end", "20261101T000000Z")),
                () -> attackerDav.report(costly, fixture("free-busy-range.xml", "start", "17500101T000000Z", "end", "20400101T000000Z")),
                () -> api.get("/api/v1/calendars/hosted:" + attackerCalendar.getString("id")
                        + "/events?start=2026-01-01&end=2026-11-01&expand=true", bearer(attackerKey)),
                () -> attackerDav.report(costly, fixture("query-time-range.xml", "start", "19700101T000000Z", "end", "21000101T000000Z")));

        long until = System.nanoTime() + LOAD.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS + 2);
        List<Future<List<long[]>>> attacks = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            int first = i;
            attacks.add(pool.submit(() -> {
                List<long[]> sent = new ArrayList<>();   // {status, millis}
                for (int n = first; System.nanoTime() < until; n++) {
                    long started = System.nanoTime();
                    Reply reply = expensive.get(n % expensive.size()).get();
                    sent.add(new long[] {reply.status(), (System.nanoTime() - started) / 1_000_000});
                }
                return sent;
            }));
        }
        Future<List<Long>> status = pool.submit(() -> sample(until, () -> api.get("/api/v1/status"), 200));
        Future<List<Long>> query = pool.submit(() -> sample(until, () -> victimDav.report(ordinary, victimQuery), 207));
        List<long[]> sent = new ArrayList<>();
        for (Future<List<long[]>> attack : attacks) {
            sent.addAll(attack.get(LOAD.toSeconds() + 60, TimeUnit.SECONDS));
        }
        List<Long> statusMillis = status.get(60, TimeUnit.SECONDS);
        List<Long> queryMillis = query.get(60, TimeUnit.SECONDS);
        pool.shutdownNow();

        long slowest = sent.stream().mapToLong(s -> s[1]).max().orElse(0);
        System.out.printf("recurrence load: %d expensive requests by %d clients in %ds, statuses %s, slowest %d ms%n",
                sent.size(), ATTACKERS, LOAD.toSeconds(), sent.stream().map(s -> s[0]).distinct().sorted().toList(), slowest);
        System.out.printf("  GET /api/v1/status: %d requests, p50 %d ms, p99 %d ms, max %d ms%n", statusMillis.size(),
                percentile(statusMillis, 50), percentile(statusMillis, 99), percentile(statusMillis, 100));
        System.out.printf("  other account's calendar-query: %d requests, p50 %d ms, p99 %d ms, max %d ms%n", queryMillis.size(),
                percentile(queryMillis, 50), percentile(queryMillis, 99), percentile(queryMillis, 100));

        assertTrue(sent.size() >= ATTACKERS, "the attackers sent requests: " + sent.size());
        for (long[] s : sent) {
            assertTrue(s[0] < 500, "no expensive request ends in a server error: " + s[0]);
            assertTrue(s[1] < EXPENSIVE_BOUND.toMillis(), "every expensive request ends within its budget: " + s[1] + " ms");
        }
        assertTrue(percentile(statusMillis, 99) < P99_BOUND.toMillis(), "status p99 " + percentile(statusMillis, 99) + " ms");
        assertTrue(percentile(queryMillis, 99) < P99_BOUND.toMillis(), "calendar-query p99 " + percentile(queryMillis, 99) + " ms");
    }

    /** Latencies in milliseconds of requests sent one after another until {@code until}, each checked for its status. */
    private static List<Long> sample(long until, Supplier<Reply> request, int expected) throws InterruptedException {
        List<Long> millis = new ArrayList<>();
        while (System.nanoTime() < until) {
            long started = System.nanoTime();
            Reply reply = request.get();
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertEquals(expected, reply.status(), reply::toString);
            Thread.sleep(50);
        }
        return millis;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
