package com.calendarpipe.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A hosted calendar's webhook: at most one per calendar, deleted with it. Invariants: the secret
 * is kept only sealed ({@code SecretBox}), and shown once, when made; after a rotation the former
 * secret signs too until {@code previousUntil}; a disabled webhook ({@code 410 Gone}, or every
 * delivery failed for five days) gets no deliveries until it is set again, and says why.
 */
@Entity
@Table(name = "webhooks")
public class Webhook {

    @Id
    @Column(name = "calendar_id", length = 36)
    private String calendarId;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(nullable = false, length = 2000)
    private String url;

    @Column(name = "secret", nullable = false, length = 500)
    private String sealedSecret;

    @Column(name = "secret_hint", nullable = false, length = 16)
    private String secretHint;

    @Column(name = "previous_secret", length = 500)
    private String sealedPreviousSecret;

    @Column(name = "previous_until")
    private Instant previousUntil;

    @Column(length = 1000)
    private String types;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "disabled_reason", length = 200)
    private String disabledReason;

    @Column(name = "failing_since")
    private Instant failingSince;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Webhook() {
    }

    Webhook(String calendarId, String accountId) {
        this.calendarId = calendarId;
        this.accountId = accountId;
        this.createdAt = now();
    }

    /** Set anew (PUT): URL, secret, types; enabled again, its failures forgotten, a rotation's old secret dropped. */
    void set(String url, String sealedSecret, String secretHint, List<String> types) {
        this.url = url;
        this.sealedSecret = sealedSecret;
        this.secretHint = secretHint;
        this.sealedPreviousSecret = null;
        this.previousUntil = null;
        this.types = types == null ? null : String.join(",", types);
        this.enabled = true;
        this.disabledReason = null;
        this.failingSince = null;
        this.updatedAt = now();
    }

    /** A new secret; the current one keeps signing until {@code until}. */
    void rotate(String sealedSecret, String secretHint, Instant until) {
        this.sealedPreviousSecret = this.sealedSecret;
        this.previousUntil = until.truncatedTo(ChronoUnit.MICROS);
        this.sealedSecret = sealedSecret;
        this.secretHint = secretHint;
        this.updatedAt = now();
    }

    void disable(String reason) {
        this.enabled = false;
        this.disabledReason = reason;
        this.updatedAt = now();
    }

    /**
     * An attempt failed: the first failure since the last success starts the clock. Whether every
     * attempt has now failed for {@code limit} (then the webhook is to be disabled).
     */
    boolean failed(Instant at, Duration limit) {
        if (failingSince == null) {
            failingSince = at.truncatedTo(ChronoUnit.MICROS);
        }
        return !failingSince.plus(limit).isAfter(at);
    }

    void delivered() {
        failingSince = null;
    }

    /** Whether it delivers this type: {@code webhook.test} always, the rest as {@code types} says. */
    boolean wants(String type) {
        return enabled && (types == null || type.equals(WebhookTypes.TEST) || typeList().contains(type));
    }

    List<String> typeList() {
        return types == null ? null : Arrays.asList(types.split(","));
    }

    /** The sealed secrets that sign a delivery now: the current one, and the former one during a rotation. */
    List<String> sealedSigningSecrets(Instant now) {
        return sealedPreviousSecret != null && previousUntil != null && now.isBefore(previousUntil)
                ? List.of(sealedSecret, sealedPreviousSecret) : List.of(sealedSecret);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public String getCalendarId() {
        return calendarId;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getUrl() {
        return url;
    }

    String getSecretHint() {
        return secretHint;
    }

    Instant getPreviousUntil() {
        return previousUntil;
    }

    public boolean isEnabled() {
        return enabled;
    }

    String getDisabledReason() {
        return disabledReason;
    }

    Instant getFailingSince() {
        return failingSince;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Webhook that && Objects.equals(calendarId, that.calendarId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(calendarId);
    }
}
