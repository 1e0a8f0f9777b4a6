package com.calendarpipe.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The counts taken on hot paths (every authentication, every key lookup), as plain
 * {@link LongAdder}s: an increment is a few nanoseconds, allocates nothing, and needs neither CDI
 * nor a meter registry, so the classes that count stay plain and their unit tests build them
 * with {@code new}. {@link Metrics} exposes them to the server's registry as counters. Static,
 * hence per deployment (each deployment has its own class loader).
 */
public final class Counters {

    /**
     * How one authentication by API key ended (Bearer on the API and CalDAV, Basic on CalDAV).
     * Console sessions are not counted here. Label values of {@code calendarpipe_auth_total}.
     */
    public enum Auth {
        /** Accepted. */
        OK,
        /** A well-formed key that no row has. */
        UNKNOWN_KEY,
        /** A key revoked before this request. */
        REVOKED,
        /** Not a key at all: bad checksum or shape, an Authorization that is neither Bearer nor valid Basic. */
        BAD_FORMAT,
        /** A valid key sent by Basic with another account's email. */
        WRONG_USER,
        /** A valid key of an account on the Free plan (402). */
        FREE_PLAN,
        /** Refused by the throttle (429) before or after the check. */
        THROTTLED;

        final LongAdder count = new LongAdder();

        /** The label value: lower case, as Prometheus labels usually are. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final LongAdder KEY_CACHE_HITS = new LongAdder();
    static final LongAdder KEY_CACHE_MISSES = new LongAdder();
    static final LongAdder LAST_USED_WRITES = new LongAdder();
    static final LongAdder BUDGET_REFUSED_CALDAV = new LongAdder();
    static final LongAdder BUDGET_REFUSED_REST = new LongAdder();
    static final LongAdder BUDGET_REFUSED_MCP = new LongAdder();

    /** How webhook delivery attempts ended (webhook/WebhookSender): the label values of {@code calendarpipe_webhook_deliveries_total}. */
    public static final List<String> WEBHOOK_OUTCOMES = List.of("delivered", "retry", "failed", "gone");
    static final Map<String, LongAdder> WEBHOOK_DELIVERIES = WEBHOOK_OUTCOMES.stream()
            .collect(Collectors.toUnmodifiableMap(o -> o, o -> new LongAdder()));
    /** Upper bounds of the webhook latency buckets, in seconds, up to an attempt's 15 s limit. */
    static final double[] WEBHOOK_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15};
    /** Cumulative bucket counts, the last one +Inf. */
    static final LongAdder[] WEBHOOK_LATENCY = Stream.generate(LongAdder::new).limit(WEBHOOK_BUCKETS.length + 1L)
            .toArray(LongAdder[]::new);

    private Counters() {
    }

    /** One webhook delivery attempt: how it ended (one of {@link #WEBHOOK_OUTCOMES}) and how long it took. */
    public static void webhookDelivery(String outcome, long nanos) {
        WEBHOOK_DELIVERIES.get(outcome).increment();
        double seconds = nanos / 1e9;
        for (int i = WEBHOOK_LATENCY.length - 1; i >= 0 && (i == WEBHOOK_BUCKETS.length || seconds <= WEBHOOK_BUCKETS[i]); i--) {
            WEBHOOK_LATENCY[i].increment();   // cumulative: every bucket whose bound is at least the duration
        }
    }

    public static void auth(Auth outcome) {
        outcome.count.increment();
    }

    /** A key lookup answered from memory (hit) or from the database (miss, or the cache is off). */
    public static void keyCache(boolean hit) {
        (hit ? KEY_CACHE_HITS : KEY_CACHE_MISSES).increment();
    }

    /** One last-used write to the database (the buffer's flush; at most one per key per minute). */
    public static void lastUsedWritten() {
        LAST_USED_WRITES.increment();
    }

    /** A CalDAV request refused for spending more than its recurrence budget (403). */
    public static void recurrenceBudgetRefusedCalDav() {
        BUDGET_REFUSED_CALDAV.increment();
    }

    /** A REST request refused for spending more than its recurrence budget (422). */
    public static void recurrenceBudgetRefusedRest() {
        BUDGET_REFUSED_REST.increment();
    }

    /** An MCP tool call refused for spending more than its recurrence budget (a tool error). */
    public static void recurrenceBudgetRefusedMcp() {
        BUDGET_REFUSED_MCP.increment();
    }

    static long sum(Auth outcome) {
        return outcome.count.sum();
    }
}
