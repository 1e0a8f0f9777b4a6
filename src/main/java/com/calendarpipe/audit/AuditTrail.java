package com.calendarpipe.audit;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountEvent;
import com.calendarpipe.account.Caller;
import com.calendarpipe.apikey.ApiKey;
import com.calendarpipe.apikey.KeyEvent;
import com.calendarpipe.apikey.KeyLeakReported;
import com.calendarpipe.apikey.LastUse;
import com.calendarpipe.auth.AuthThrottled;
import com.calendarpipe.auth.ClientAddress;
import com.calendarpipe.auth.SessionEvent;
import com.calendarpipe.calendar.FeedTokenRegenerated;
import com.calendarpipe.webhook.WebhookDisabled;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records and lists an account's security events. It listens to the events the features fire
 * ({@link AccountEvent}, {@link KeyEvent}, {@link SessionEvent}, …) and is called by none of
 * them, so the trail depends on the features and never the reverse. A change's event is recorded
 * in the change's own transaction (a rolled-back revoke leaves no {@code key_revoked}); a sign-in
 * or a refusal, which has no transaction, in one of its own. Recording is one
 * insert and never fails the request it describes: a failure is logged and swallowed. (An insert
 * that fails only at the commit of the change's transaction would fail that commit; the row has
 * nothing unique but its random id, so only a database that refuses every write gets there, and
 * then the change itself fails too.)
 * <p>
 * The client address and user agent are the request's ({@link ClientAddress}, trusted proxies
 * honoured; the user agent tamed by {@link LastUse#tame}); events recorded off a request (a key's
 * first use, written by the last-used timer) pass the use's own. Nothing here is held in a node's
 * memory: every node records what it sees into the one table.
 */
@Stateless
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    @PersistenceContext
    EntityManager em;

    /** The current request, when there is one (CDI's built-in bean; not active on timer threads). */
    @Inject
    HttpServletRequest request;

    /** Where an event came from: a client address and a tamed user agent, either may be null. */
    public record Origin(String ip, String userAgent) {
        public static final Origin NONE = new Origin(null, null);

        public Origin {
            ip = ip == null || ip.length() <= LastUse.MAX_IP ? ip : ip.substring(0, LastUse.MAX_IP);
            userAgent = LastUse.tame(userAgent);
        }
    }

    /** An account's own event: recorded in the change's transaction. */
    public void account(@Observes AccountEvent event) {
        AuditType type = switch (event.kind()) {
            case SIGNED_UP -> AuditType.SIGNED_UP;
            case PASSWORD_CHANGED -> AuditType.PASSWORD_CHANGED;
            case PLAN_CHANGED -> AuditType.PLAN_CHANGED;
            case EMAIL_VERIFIED -> AuditType.EMAIL_VERIFIED;
            case ADMIN_CONFIRMED -> AuditType.ADMIN_CONFIRMED;
            case FREE_BUSY_SHARING_CHANGED -> AuditType.FREE_BUSY_SHARING_CHANGED;
            case MFA_ENABLED -> AuditType.MFA_ENABLED;
            case MFA_DISABLED -> AuditType.MFA_DISABLED;
            case RECOVERY_CODE_USED -> AuditType.RECOVERY_CODE_USED;
            case EMAIL_CHANGED -> AuditType.EMAIL_CHANGED;
            case ACCOUNT_EXPORTED -> AuditType.ACCOUNT_EXPORTED;
        };
        record(event.accountId(), type, origin(), null, null, event.details());
    }

    /**
     * A key's event: in the change's transaction, with who did it for a creation or a revocation,
     * from where the key was used for a use (written later, off the request).
     */
    public void key(@Observes KeyEvent event) {
        AuditType type = switch (event.kind()) {
            case CREATED -> AuditType.KEY_CREATED;
            case REVOKED -> AuditType.KEY_REVOKED;
            case FIRST_USED -> AuditType.KEY_FIRST_USED;
            case NEW_ADDRESS -> AuditType.KEY_NEW_ADDRESS;
        };
        Map<String, String> details = event.byCaller() ? actor() : new LinkedHashMap<>();
        details.putAll(event.details());
        Origin origin = event.byCaller() ? origin() : new Origin(event.ip(), event.userAgent());
        record(event.accountId(), type, origin, event.keyId(), event.keyPrefix(), details);
    }

    /**
     * A sign-in, sign-out or failed sign-in, in a transaction of its own (the session endpoints have
     * none). A failure is recorded for the account whose email was tried; an email that names no
     * account has no trail to record it in (the throttle still counts it). Never the password.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void session(@Observes SessionEvent event) {
        switch (event.kind()) {
            case SIGNED_IN -> record(event.accountId(), AuditType.SIGNED_IN, origin(), null, null, Map.of());
            case SSO_SIGNED_IN -> record(event.accountId(), AuditType.SSO_SIGNED_IN, origin(), null, null, Map.of());
            case SIGNED_OUT -> record(event.accountId(), AuditType.SIGNED_OUT, origin(), null, null, Map.of());
            case SUDO_CONFIRMED -> record(event.accountId(), AuditType.SUDO_CONFIRMED, origin(), null, null, Map.of());
            case SIGN_IN_FAILED -> byEmail(event.email()).ifPresent(account ->
                    record(account.getId(), AuditType.SIGN_IN_FAILED, origin(), null, null, Map.of()));
        }
    }

    /** One insert in the caller's transaction; a failure is logged, never the caller's. */
    private void record(String accountId, AuditType type, Origin origin, String keyId, String keyPrefix,
                        Map<String, String> details) {
        try {
            em.persist(new AuditEvent(accountId, type, Instant.now(), origin.ip(), origin.userAgent(),
                    keyId, keyPrefix, details));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record audit event " + type.code() + " of account " + accountId, e);
        }
    }

    /** The account throttle engaged on this node (see auth/Throttle): recorded for the email's account, if any. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void throttled(@Observes AuthThrottled event) {
        try {
            byEmail(event.email()).ifPresent(account -> record(account.getId(), AuditType.AUTH_THROTTLED,
                    new Origin(event.address(), origin().userAgent()), null, null, Map.of("scope", "account")));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record auth_throttled", e);
        }
    }

    /** A leak report revoked a live key: recorded in the revoking transaction, with where the key was found. */
    public void leakReported(@Observes KeyLeakReported event) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("url", event.url());
        record(event.accountId(), AuditType.KEY_LEAK_REPORTED, origin(), event.keyId(), event.keyPrefix(), details);
    }

    /**
     * A calendar's feed token was replaced, by its owner or by the server (its old address carried
     * it): recorded in the regenerating transaction, with who did it.
     */
    public void feedTokenRegenerated(@Observes FeedTokenRegenerated event) {
        Map<String, String> details = actor();
        details.put("calendarId", event.calendarId());
        details.put("reason", event.reason());
        record(event.accountId(), AuditType.FEED_TOKEN_REGENERATED, origin(), null, null, details);
    }

    /** A calendar's webhook was disabled by its receiver (410 Gone) or by five days of failures: recorded with the reason. */
    public void webhookDisabled(@Observes WebhookDisabled event) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("by", "server");
        details.put("calendarId", event.calendarId());
        details.put("reason", event.reason());
        record(event.accountId(), AuditType.WEBHOOK_DISABLED, Origin.NONE, null, null, details);
    }

    /**
     * Who did it, for a change: {@code by} is {@code session} or {@code key} (then {@code byKeyId}
     * and {@code byKeyPrefix}), or {@code server} when no caller is on the request.
     */
    private Map<String, String> actor() {
        Map<String, String> details = new LinkedHashMap<>();
        Optional<Caller> caller = Optional.empty();
        try {
            caller = Caller.on(request);
        } catch (RuntimeException noRequest) {
            // a timer or another thread: no caller
        }
        if (caller.isEmpty()) {
            details.put("by", "server");
        } else if (caller.get().viaKey()) {
            details.put("by", "key");
            details.put("byKeyId", caller.get().keyId());
            ApiKey key = em.find(ApiKey.class, caller.get().keyId());
            if (key != null) {
                details.put("byKeyPrefix", key.getPrefix());
            }
        } else {
            details.put("by", "session");
        }
        return details;
    }

    /**
     * A page of the account's events, newest first, after {@code before} (an event id of this
     * account, or null for the newest); {@code type} and {@code keyId} filter when not null.
     * Empty when {@code before} is not one of the account's events.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEvent> list(String accountId, String type, String keyId, String before, int limit) {
        var query = before == null
                ? em.createNamedQuery("AuditEvent.ofAccount", AuditEvent.class)
                : em.createNamedQuery("AuditEvent.ofAccountBefore", AuditEvent.class);
        if (before != null) {
            AuditEvent after = em.find(AuditEvent.class, before);
            if (after == null || !after.getAccountId().equals(accountId)) {
                return List.of();
            }
            query.setParameter("at", after.getAt()).setParameter("id", after.getId());
        }
        return query.setParameter("account", accountId)
                .setParameter("type", type == null ? "" : type)
                .setParameter("keyId", keyId == null ? "" : keyId)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * An account is being deleted, in this transaction: its events leave the trail and only what
     * says nothing about anyone stays until the retention purge, in {@code deleted_account_events}:
     * each event's kind and time, under a new random id for the account (no account id, address,
     * user agent, key or detail), and {@code account_deleted} last. The caller flushes first, so
     * that the events of the deletion itself (its revoked keys) are among them.
     */
    public void retire(String accountId) {
        String pseudonym = UUID.randomUUID().toString();
        em.createNativeQuery("INSERT INTO deleted_account_events (id, deleted_account, type, at) "
                        + "SELECT id, ?1, type, at FROM audit_events WHERE account_id = ?2")
                .setParameter(1, pseudonym).setParameter(2, accountId).executeUpdate();
        em.createNativeQuery("INSERT INTO deleted_account_events (id, deleted_account, type, at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, UUID.randomUUID().toString()).setParameter(2, pseudonym)
                .setParameter(3, AuditType.ACCOUNT_DELETED.code())
                .setParameter(4, Instant.now().atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
        em.createNativeQuery("DELETE FROM audit_events WHERE account_id = ?1").setParameter(1, accountId).executeUpdate();
    }

    /**
     * Deletes the events older than {@code cutoff}, every account's. Idempotent: in a cluster
     * every node may run it at the same time and the rows are gone once, whoever deleted them.
     */
    public int purge(Instant cutoff) {
        em.createNativeQuery("DELETE FROM deleted_account_events WHERE at < ?1")
                .setParameter(1, cutoff.atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
        return em.createNamedQuery("AuditEvent.purge").setParameter("cutoff", cutoff).executeUpdate();
    }

    private Optional<Account> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return em.createNamedQuery("Account.byEmail", Account.class)
                .setParameter("email", Account.normalize(email))
                .getResultStream()
                .findFirst();
    }

    /** The current request's origin, or none off a request. */
    private Origin origin() {
        try {
            return new Origin(ClientAddress.of(request), request.getHeader("User-Agent"));
        } catch (RuntimeException noRequest) {
            return Origin.NONE;
        }
    }
}
