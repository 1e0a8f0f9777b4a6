package com.calendarpipe.apikey;

import com.calendarpipe.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * An API key as stored: its SHA-256 hash, never the key. Revocation is a timestamp and
 * cannot be undone; a revoked key stays listed. A rotated key has its revocation scheduled
 * ({@code revokesAt}): from that time on it is revoked as surely as by {@code revokedAt}, since
 * the authentication check compares the time itself ({@link KeyIdentity#revokedAt(Instant)}),
 * so no timer has to fire on any node. {@code lastUsedAt} is written by
 * {@link LastUsedRecorder} at most once a minute per key, so it may lag the true last use
 * by up to 60 seconds, and a crash can lose that last minute.
 */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = "ApiKey.authenticate", query = """
        SELECT NEW com.calendarpipe.apikey.KeyIdentity(k.id, k.revokedAt, k.revokesAt, a)
        FROM ApiKey k JOIN k.account a WHERE k.keyHash = :hash""")
@NamedQuery(name = "ApiKey.ofAccount", query = """
        SELECT k FROM ApiKey k WHERE k.account.id = :account ORDER BY k.createdAt DESC, k.id""")
@NamedQuery(name = "ApiKey.revoke", query = """
        UPDATE ApiKey k SET k.revokedAt = :now, k.revokesAt = NULL
        WHERE k.id = :id AND k.revokedAt IS NULL AND (k.revokesAt IS NULL OR k.revokesAt > :now)""")
@NamedQuery(name = "ApiKey.scheduleRevocation", query = """
        UPDATE ApiKey k SET k.revokesAt = :at
        WHERE k.id = :id AND k.revokedAt IS NULL AND (k.revokesAt IS NULL OR k.revokesAt > :at)""")
@NamedQuery(name = "ApiKey.touch", query = """
        UPDATE ApiKey k SET k.lastUsedAt = :at
        WHERE k.id = :id AND (k.lastUsedAt IS NULL OR k.lastUsedAt < :at)""")
public class ApiKey {

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 9)
    private String prefix;

    @Column(name = "key_hash", nullable = false, length = 64, unique = true)
    private String keyHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revokes_at")
    private Instant revokesAt;

    protected ApiKey() {
    }

    /** A key record for {@code key}, which the caller shows once and then forgets. */
    ApiKey(Account account, String name, String key) {
        this.id = UUID.randomUUID().toString();
        this.account = account;
        this.name = name;
        this.prefix = KeyFormat.prefix(key);
        this.keyHash = KeyFormat.hash(key);
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public String getId() {
        return id;
    }

    public Account getAccount() {
        return account;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    /** The scheduled revocation of a rotated key, past or not; null when none was scheduled. */
    public Instant getRevokesAt() {
        return revokesAt;
    }

    /** When the key was revoked, as of {@code now}: the manual time, else a scheduled one that has come; else null. */
    public Instant revokedAt(Instant now) {
        return KeyIdentity.effectiveRevocation(revokedAt, revokesAt, now);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
