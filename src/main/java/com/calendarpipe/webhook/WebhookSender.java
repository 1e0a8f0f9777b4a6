package com.calendarpipe.webhook;

import com.calendarpipe.Settings;
import com.calendarpipe.ops.Counters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the webhooks' deliveries: each at once after the transaction that queued it commits, and
 * every two seconds those due for a retry (the timer is not persistent: every node of a cluster
 * polls, and the claim lets one of them send each delivery). A bounded pool of
 * {@code CALENDARPIPE_WEBHOOK_SENDERS} threads sends, at most {@code CALENDARPIPE_WEBHOOK_PER_HOST}
 * of them to one host at once: a delivery whose host is at its cap is not claimed and waits for
 * the next poll, so a receiver that is slow or never answers holds up only its own deliveries.
 * No transaction is held while a receiver is waited for.
 * <p>
 * An attempt: 2xx is delivered; {@code 410 Gone} disables the webhook; anything else (another
 * status, a timeout, a refused connection, a destination no longer public) is retried after the
 * next of {@code CALENDARPIPE_WEBHOOK_RETRY_DELAYS}, with jitter, until the delivery is older than
 * {@code CALENDARPIPE_WEBHOOK_GIVE_UP_AFTER}. A node that dies between the receiver's 2xx and the
 * record of it sends the delivery again once its lease has passed, with the same
 * {@code webhook-id}: at least once, never lost.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());

    /** How long a claimed delivery is left to the node sending it: well over an attempt's 15 s. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 100;
    /** Deliveries waiting for a sender thread on one node; beyond, they wait in the outbox for the next poll. */
    private static final int QUEUE = 1000;
    private static final String USER_AGENT = "CalendarPipe-Webhooks/1";

    @Inject
    WebhookService service;

    @Inject
    Settings settings;

    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor pool;
    private ScheduledExecutorService watchdog;
    private int perHost;
    /** The deliveries this node has handed to its pool and not finished: never twice at once. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        int senders = settings.webhookSenders();
        perHost = settings.webhookPerHost();
        pool = new ThreadPoolExecutor(senders, senders, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), threads);
        pool.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(threads);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        watchdog.shutdownNow();
    }

    /** Right after the commit that queued it: the committing request does not wait for the receiver. */
    public void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookService.Queued queued) {
        submit(queued.id(), queued.host());
    }

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void poll() {
        try {
            for (WebhookService.Due due : service.due(Instant.now(), BATCH)) {
                submit(due.id(), due.host());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the webhook outbox; the next poll tries again", e);
        }
    }

    private void submit(String id, String host) {
        if (!inFlight.add(id)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    Semaphore slots = hosts.computeIfAbsent(host, h -> new Semaphore(perHost));
                    if (slots.tryAcquire()) {
                        try {
                            send(id);
                        } finally {
                            slots.release();
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Webhook delivery " + id + " could not be attempted; the next poll tries again", e);
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(id);   // the pool is full or stopping: the outbox keeps it for a later poll
        }
    }

    /** One attempt at one delivery, if this node wins its claim. */
    private void send(String id) {
        WebhookService.Claimed claimed = service.claim(id, Instant.now(), LEASE).orElse(null);
        if (claimed == null) {
            return;
        }
        Instant at = Instant.now();
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            Destinations.Target target = Destinations.of(settings).resolve(claimed.url());
            InetAddress address = target.addresses().get(0);
            byte[] body = claimed.payload().getBytes(StandardCharsets.UTF_8);
            long timestamp = Instant.now().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", USER_AGENT);
            headers.put("webhook-id", claimed.id());
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", SigningSecret.signatures(claimed.secrets(), claimed.id(), timestamp, body));
            PinnedPost.Answer answer = PinnedPost.send(target, address, headers, body, watchdog);
            status = answer.status();
            if (status / 100 != 2) {
                // the start of the receiver's own words, as GitHub shows them, on one line
                String said = answer.excerpt().replaceAll("\\p{Cntrl}+", " ").strip();
                error = "answered " + status + (said.isEmpty() ? "" : ": " + said);
            }
        } catch (Destinations.Refusal e) {
            error = "destination refused: the URL " + e.getMessage();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long nanos = System.nanoTime() - started;
        record(claimed, at, status, nanos, error);
    }

    private void record(WebhookService.Claimed claimed, Instant at, Integer status, long nanos, String error) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        WebhookService.Ending ending;
        Instant next = null;
        if (error == null) {
            ending = WebhookService.Ending.DELIVERED;
        } else if (status != null && status == 410) {
            ending = WebhookService.Ending.GONE;
        } else {
            next = Instant.now().plus(delay(settings.webhookRetryDelays(), claimed.attempts(), ThreadLocalRandom.current().nextDouble()));
            ending = next.isAfter(claimed.createdAt().plus(settings.webhookGiveUpAfter()))
                    ? WebhookService.Ending.FAILED : WebhookService.Ending.RETRY;
        }
        String outcome = ending.name().toLowerCase(Locale.ROOT);
        Counters.webhookDelivery(outcome, nanos);
        String what = "Webhook " + claimed.type() + " " + claimed.id() + " to " + WebhookService.host(claimed.url())
                + " (attempt " + claimed.attempts() + ", " + millis + " ms)";
        if (ending == WebhookService.Ending.DELIVERED) {
            LOG.fine(what + " delivered");
        } else {
            LOG.info(what + ": " + error + (ending == WebhookService.Ending.RETRY ? ", next at " + next : ", " + outcome));
        }
        service.attempted(claimed, ending, at, status, millis, error, next);
    }

    /**
     * The wait before the next attempt, after {@code attempts} attempts: the delays' entry for the
     * next attempt (the last one repeated), moved by up to a tenth either way ({@code random} in [0, 1)).
     */
    static Duration delay(List<Duration> delays, int attempts, double random) {
        Duration base = delays.get(Math.min(attempts, delays.size() - 1));
        long jitter = (long) (base.toMillis() * 0.1 * (random * 2 - 1));
        return base.plusMillis(jitter);
    }
}
