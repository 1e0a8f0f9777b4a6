package com.calendarpipe.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application's meters in the server's Micrometer registry, which WildFly's Prometheus
 * registry serves at {@code /metrics} on the management interface. Label values are fixed
 * names and path templates only, never a key, an email or an id (README "Operating" lists them).
 * <p>
 * WildFly 39 hands a deployment an application registry that forwards to the server's registry
 * only what is registered by name and tags ({@code registry.timer(name, tags)},
 * {@code registry.more().counter(name, tags, obj, f)}); a meter made with a builder
 * ({@code Timer.builder(…).register(registry)}) stays in a private registry nobody scrapes, and
 * {@code config()} is refused. So request timers have the default configuration (count, sum,
 * max: no buckets), and the latency histogram is made here as cumulative bucket counters with an
 * {@code le} label, which {@code histogram_quantile()} reads like any classic histogram.
 */
@ApplicationScoped
public class Metrics {

    /**
     * Upper bounds of the latency buckets, in seconds: from a cached key check (a few ms) to the
     * recurrence budget's 2 s ceiling and a slow PostgreSQL beyond it.
     */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Set once the application has started; requests before that are not timed. */
    private static volatile MeterRegistry started;
    /** One entry per label set seen: its meters are registered once, then only counted. */
    private static final Map<String, Series> SERIES = new ConcurrentHashMap<>();
    /**
     * Every meter this deployment registered, removed when it stops: the server's registry
     * outlives deployments, and registering the same name and tags again hands back the old
     * meter, bound to the previous deployment's counters (OperationsIT saw every count stay 0
     * after a redeployment).
     */
    private static final List<Meter> REGISTERED = new CopyOnWriteArrayList<>();

    @Inject
    MeterRegistry registry;

    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        for (Counters.Auth outcome : Counters.Auth.values()) {
            counter("calendarpipe.auth", outcome.count, "outcome", outcome.label());
        }
        counter("calendarpipe.key.cache.lookups", Counters.KEY_CACHE_HITS, "result", "hit");
        counter("calendarpipe.key.cache.lookups", Counters.KEY_CACHE_MISSES, "result", "miss");
        counter("calendarpipe.last.used.writes", Counters.LAST_USED_WRITES);
        counter("calendarpipe.recurrence.budget.refusals", Counters.BUDGET_REFUSED_CALDAV, "channel", "caldav");
        counter("calendarpipe.recurrence.budget.refusals", Counters.BUDGET_REFUSED_REST, "channel", "rest");
        counter("calendarpipe.recurrence.budget.refusals", Counters.BUDGET_REFUSED_MCP, "channel", "mcp");
        for (String outcome : Counters.WEBHOOK_OUTCOMES) {
            counter("calendarpipe.webhook.deliveries", Counters.WEBHOOK_DELIVERIES.get(outcome), "outcome", outcome);
        }
        for (int i = 0; i < Counters.WEBHOOK_LATENCY.length; i++) {
            String le = i < Counters.WEBHOOK_BUCKETS.length ? Double.toString(Counters.WEBHOOK_BUCKETS[i]) : "+Inf";
            counter("calendarpipe.webhook.latency", Counters.WEBHOOK_LATENCY[i], "le", le);
        }
        started = registry;
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping) {
        started = null;
        REGISTERED.forEach(registry::remove);
        REGISTERED.clear();
        SERIES.clear();
    }

    private void counter(String name, LongAdder count, String... tags) {
        REGISTERED.add(registry.more().counter(name, Tags.of(tags), count, LongAdder::sum));
    }

    /** Records one finished request (see {@link RequestLog}); does nothing before the application started. */
    static void request(String channel, String method, String route, int status, long nanos) {
        MeterRegistry registry = started;
        if (registry == null) {
            return;
        }
        String key = channel + ' ' + method + ' ' + route + ' ' + status;
        SERIES.computeIfAbsent(key, k -> new Series(registry,
                Tags.of("channel", channel, "method", method, "route", route, "status", Integer.toString(status))))
                .record(nanos);
    }

    /** One label set's timer and latency buckets. */
    private static final class Series {
        private final Timer timer;
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];   // the last is +Inf

        Series(MeterRegistry registry, Tags tags) {
            timer = registry.timer("calendarpipe.requests", tags);
            REGISTERED.add(timer);
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
                String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
                REGISTERED.add(registry.more().counter("calendarpipe.request.latency", tags.and("le", le),
                        buckets[i], LongAdder::sum));
            }
        }

        void record(long nanos) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            double seconds = nanos / 1e9;
            for (int i = buckets.length - 1; i >= 0 && (i == BUCKETS.length || seconds <= BUCKETS[i]); i--) {
                buckets[i].increment();   // cumulative: every bucket whose bound is at least the duration
            }
        }
    }
}
