package com.calendarpipe.webhook;

import com.calendarpipe.Refused;
import com.calendarpipe.SecretBox;
import com.calendarpipe.Secrets;
import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ObjectChanged;
import com.calendarpipe.invitations.AttendeeResponded;
import com.calendarpipe.invitations.Invitation;
import com.calendarpipe.invitations.InvitationChanged;
import com.calendarpipe.persistence.OutboxClaim;
import com.calendarpipe.rest.Page;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The webhooks' transactions: setting one up, and the outbox of its deliveries. A change's
 * delivery is written by the observers below in the change's own transaction (the calendar
 * service, the invitations and scheduling fire their events there), so it exists exactly when the
 * change committed; the sender ({@link WebhookSender}) claims, sends and records it afterwards, each
 * step a short transaction of its own. Another account's calendar is "not found".
 */
@Stateless
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class.getName());

    /** How long a rotated-out secret still signs. */
    static final Duration ROTATION = Duration.ofHours(24);
    /** The longest payload kept (the column's width, V13). */
    static final int MAX_PAYLOAD = 200_000;
    /** A webhook whose every attempt failed this long is disabled. */
    static final Duration FAILING_LIMIT = Duration.ofDays(5);

    @PersistenceContext
    EntityManager em;

    @Inject
    CalendarService calendars;

    @Inject
    SecretBox box;

    @Inject
    Settings settings;

    @Inject
    Event<Queued> queued;

    @Inject
    Event<WebhookDisabled> disabled;

    /** Fired when a delivery is queued; observed after the commit, to send it at once. */
    public record Queued(String id, String host) {
    }

    /** A delivery due, and the host it goes to (the sender's per-host cap). */
    public record Due(String id, String host) {
    }

    /** A delivery claimed by this node for one attempt, its {@code attempts} counting this one; secrets in the clear. */
    public record Claimed(String id, String calendarId, String url, String type, String payload, Instant createdAt,
                          int attempts, List<String> secrets) {
    }

    /** The webhook as set, and the secret in the clear when it was just made or given (shown once). */
    public record Shown(Webhook webhook, String secret) {
    }

    // --- configuration

    /** Sets the calendar's webhook (made or replaced); the secret is the one given, else a new one. */
    public Shown put(String accountId, String calendarId, String url, String secret, List<String> types) {
        calendars.get(accountId, calendarId);
        Webhook webhook = Optional.ofNullable(em.find(Webhook.class, calendarId))
                .orElseGet(() -> new Webhook(calendarId, accountId));
        String chosen = secret != null ? secret : SigningSecret.make();
        boolean exists = em.contains(webhook);
        webhook.set(url, box.seal(chosen), SigningSecret.hint(chosen), types);
        if (!exists) {
            em.persist(webhook);
        }
        return new Shown(webhook, secret == null ? chosen : null);
    }

    /** The account's calendar exists, else 404. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void requireCalendar(String accountId, String calendarId) {
        calendars.get(accountId, calendarId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Webhook get(String accountId, String calendarId) {
        calendars.get(accountId, calendarId);
        return Optional.ofNullable(em.find(Webhook.class, calendarId)).orElseThrow(() -> Refused.notFound("Webhook"));
    }

    /** Deletes the webhook; its deliveries not yet sent are never sent. */
    public void delete(String accountId, String calendarId) {
        em.remove(get(accountId, calendarId));
        em.createQuery("DELETE FROM WebhookDelivery d WHERE d.calendarId = :calendar AND d.status = 'pending'")
                .setParameter("calendar", calendarId).executeUpdate();
    }

    /** A new secret, shown once; for {@link #ROTATION} every delivery carries both signatures. */
    public Shown rotate(String accountId, String calendarId) {
        Webhook webhook = get(accountId, calendarId);
        String secret = SigningSecret.make();
        webhook.rotate(box.seal(secret), SigningSecret.hint(secret), Instant.now().plus(ROTATION));
        return new Shown(webhook, secret);
    }

    // --- deliveries as the account sees them

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<WebhookDelivery> deliveries(String accountId, String calendarId, int offset, int limit) {
        get(accountId, calendarId);
        List<WebhookDelivery> page = em.createNamedQuery("WebhookDelivery.ofCalendar", WebhookDelivery.class)
                .setParameter("calendar", calendarId).setFirstResult(offset).setMaxResults(limit).getResultList();
        long total = em.createNamedQuery("WebhookDelivery.countOfCalendar", Long.class)
                .setParameter("calendar", calendarId).getSingleResult();
        return Page.of(page, offset, limit, total);
    }

    /** Sends a delivery again, same webhook-id, at once: a failed one, or a delivered one the receiver lost. */
    public WebhookDelivery retry(String accountId, String calendarId, String deliveryId) {
        Webhook webhook = get(accountId, calendarId);
        WebhookDelivery delivery = Optional.ofNullable(em.find(WebhookDelivery.class, deliveryId))
                .filter(d -> d.getCalendarId().equals(calendarId)).orElseThrow(() -> Refused.notFound("Delivery"));
        if (!webhook.isEnabled()) {
            throw Refused.conflict("The webhook is disabled (" + webhook.getDisabledReason() + "); set it again with PUT first");
        }
        if (!delivery.getStatus().equals(WebhookDelivery.PENDING)) {
            delivery.retryAt(Instant.now());
        }
        queued.fire(new Queued(delivery.getId(), host(webhook.getUrl())));
        return delivery;
    }

    /** A {@code webhook.test} delivery, whatever the webhook's types. */
    public WebhookDelivery test(String accountId, String calendarId) {
        Webhook webhook = get(accountId, calendarId);
        if (!webhook.isEnabled()) {
            throw Refused.conflict("The webhook is disabled (" + webhook.getDisabledReason() + "); set it again with PUT first");
        }
        return enqueue(webhook, WebhookTypes.TEST, () -> Payloads.base(WebhookTypes.TEST, calendarId, Instant.now()));
    }

    // --- the changes that make deliveries, each in its change's transaction

    public void objectChanged(@Observes ObjectChanged change) {
        String type = switch (change.kind()) {
            case CREATED -> WebhookTypes.EVENT_CREATED;
            case UPDATED -> WebhookTypes.EVENT_UPDATED;
            case DELETED -> WebhookTypes.EVENT_DELETED;
        };
        webhook(change.calendarId(), type).ifPresent(webhook -> enqueue(webhook, type, () -> {
            HostedCalendar calendar = em.find(HostedCalendar.class, change.calendarId());
            return Payloads.base(type, change.calendarId(), Instant.now())
                    .add("event", Payloads.event(change.object(), calendar, change.kind() == ObjectChanged.Kind.DELETED));
        }));
    }

    public void invitationChanged(@Observes InvitationChanged change) {
        String type = switch (change.kind()) {
            case RECEIVED -> WebhookTypes.INVITATION_RECEIVED;
            case UPDATED -> WebhookTypes.INVITATION_UPDATED;
            case CANCELLED -> WebhookTypes.INVITATION_CANCELLED;
        };
        webhook(change.calendarId(), type).ifPresent(webhook -> enqueue(webhook, type, () -> {
            Invitation invitation = em.find(Invitation.class, change.invitationId());
            JsonObjectBuilder payload = Payloads.invitation(Payloads.base(type, change.calendarId(), Instant.now()),
                    invitation, settings.publicUrl());
            withEvent(payload, change.calendarId(), change.eventUid());
            return payload;
        }));
    }

    public void attendeeResponded(@Observes AttendeeResponded response) {
        String type = WebhookTypes.ATTENDEE_RESPONDED;
        webhook(response.calendarId(), type).ifPresent(webhook -> enqueue(webhook, type, () -> {
            JsonObjectBuilder payload = Payloads.base(type, response.calendarId(), Instant.now())
                    .add("attendee", response.attendee())
                    .add("status", response.partstat().toLowerCase(Locale.ROOT));
            withEvent(payload, response.calendarId(), response.eventUid());
            return payload;
        }));
    }

    private void withEvent(JsonObjectBuilder payload, String calendarId, String uid) {
        HostedCalendar calendar = em.find(HostedCalendar.class, calendarId);
        Optional<CalendarObject> object = calendars.objectByUid(calendarId, uid);
        if (object.isPresent()) {
            payload.add("event", Payloads.event(object.get(), calendar, false));
        } else {
            payload.add("event", Json.createObjectBuilder().add("uid", uid));
        }
    }

    private Optional<Webhook> webhook(String calendarId, String type) {
        return Optional.ofNullable(em.find(Webhook.class, calendarId)).filter(w -> w.wants(type));
    }

    private WebhookDelivery enqueue(Webhook webhook, String type, Supplier<JsonObjectBuilder> payload) {
        String body;
        try {
            body = payload.get().build().toString();
        } catch (RuntimeException e) {
            // the change itself must not fail for its notice: the bare notice goes out, the cause to the log
            LOG.log(Level.WARNING, "The " + type + " payload for calendar " + webhook.getCalendarId()
                    + " could not be made in full; sent without its details", e);
            body = Payloads.base(type, webhook.getCalendarId(), Instant.now()).build().toString();
        }
        if (body.length() > MAX_PAYLOAD) {
            // an event with a huge description: the notice goes out without the details, which the API serves
            body = Payloads.base(type, webhook.getCalendarId(), Instant.now()).add("truncated", true).build().toString();
        }
        WebhookDelivery delivery = new WebhookDelivery("msg_" + Secrets.token(18), webhook.getCalendarId(), type,
                body, Instant.now(),
                settings.webhookRetryDelays().get(0));
        em.persist(delivery);
        queued.fire(new Queued(delivery.getId(), host(webhook.getUrl())));
        return delivery;
    }

    /** The host a URL names, lower-cased: the sender's per-host cap counts by it. */
    static String host(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    // --- the sender's steps, each in a transaction of its own

    /** The deliveries due for an attempt, oldest first, at most {@code max}, with their hosts. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Due> due(Instant now, int max) {
        return em.createQuery("""
                        SELECT d.id, w.url FROM WebhookDelivery d, Webhook w
                        WHERE w.calendarId = d.calendarId AND d.status = 'pending' AND d.nextAttemptAt <= :now
                        ORDER BY d.nextAttemptAt, d.id""", Object[].class)
                .setParameter("now", now).setMaxResults(max).getResultList().stream()
                .map(row -> new Due((String) row[0], host((String) row[1]))).toList();
    }

    /**
     * Claims a due delivery for one attempt, as the iMIP outbox does ({@link OutboxClaim}): raises
     * its attempts from the value read and leaves it to this node until {@code lease} has passed.
     * Empty when it is not due, gone, or another node won. A delivery whose webhook is gone or
     * disabled meanwhile is failed here, never sent.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claimed> claim(String id, Instant now, Duration lease) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, id);
        if (delivery == null) {
            return Optional.empty();
        }
        Webhook webhook = em.find(Webhook.class, delivery.getCalendarId());
        if (webhook == null || !webhook.isEnabled()) {
            if (delivery.getStatus().equals(WebhookDelivery.PENDING)) {
                delivery.attempted(now, null, 0, webhook == null ? "the webhook was deleted" : "the webhook is disabled");
                delivery.failed();
            }
            return Optional.empty();
        }
        if (!OutboxClaim.claim(em, "WebhookDelivery.claim", id, delivery.getAttempts(), now, lease)) {
            return Optional.empty();
        }
        List<String> secrets = webhook.sealedSigningSecrets(now).stream().map(box::open).toList();
        return Optional.of(new Claimed(id, delivery.getCalendarId(), webhook.getUrl(), delivery.getType(),
                delivery.getPayload(), delivery.getCreatedAt(), delivery.getAttempts() + 1, secrets));
    }

    /** How one attempt ended, as the sender decided. */
    public enum Ending {
        DELIVERED, RETRY, FAILED, GONE
    }

    /**
     * Records an attempt, unless another node has claimed the delivery since: delivered, to be
     * retried at {@code next}, failed for good, or answered {@code 410 Gone}, which disables the
     * webhook. A webhook whose attempts have all failed for five days is disabled too.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void attempted(Claimed claimed, Ending ending, Instant at, Integer status, long millis, String error, Instant next) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, claimed.id());
        if (delivery == null || delivery.getAttempts() != claimed.attempts()) {
            return;
        }
        delivery.attempted(at, status, millis, error);
        Webhook webhook = em.find(Webhook.class, claimed.calendarId());
        switch (ending) {
            case DELIVERED -> delivery.delivered();
            case RETRY -> delivery.retryAt(next);
            case FAILED, GONE -> delivery.failed();
        }
        if (webhook == null) {
            return;
        }
        if (ending == Ending.DELIVERED) {
            webhook.delivered();
        } else if (ending == Ending.GONE) {
            disable(webhook, "The receiver answered 410 Gone at " + at.truncatedTo(ChronoUnit.SECONDS));
        } else {
            if (webhook.failed(at, FAILING_LIMIT)) {
                disable(webhook, "Every delivery failed for " + FAILING_LIMIT.toDays() + " days, since "
                        + webhook.getFailingSince().truncatedTo(ChronoUnit.SECONDS));
            }
        }
    }

    private void disable(Webhook webhook, String reason) {
        if (webhook.isEnabled()) {
            webhook.disable(reason);
            disabled.fire(new WebhookDisabled(webhook.getAccountId(), webhook.getCalendarId(), reason));
        }
    }
}
