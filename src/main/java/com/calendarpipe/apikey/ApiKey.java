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
import java.util.ArrayList;
import java.util.List;
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
 * by up to 60 seconds, and a crash can lose that last minute. With it, where that use came from
 * (client address, user agent, channel) and the last {@link #RECENT} distinct client addresses,
 * newest first, written in the same write ({@link #recordUse}).
 */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = "ApiKey.authenticate", query = """
        SELECT NEW com.calendarpipe.apikey.KeyIdentity(k.id, k.revokedAt, k.revokesAt, a)
        FROM ApiKey k JOIN k.account a WHERE k.keyHash = :hash""")
@NamedQuery(name = "ApiKey.ofAccount", query = """
        SELECT k FROM ApiKey k WHERE k.account.id = :account ORDER BY k.createdAt DESC, k.id""")
@NamedQuery(name = "ApiKey.withHashes", query = """
        SELECT k FROM ApiKey k JOIN FETCH k.account WHERE k.keyHash IN :hashes""")
@NamedQuery(name = "ApiKey.revoke", query = """
        UPDATE ApiKey k SET k.revokedAt = :now, k.revokesAt = NULL
        WHERE k.id = :id AND k.revokedAt IS NULL AND (k.revokesAt IS NULL OR k.revokesAt > :now)""")
@NamedQuery(name = "ApiKey.scheduleRevocation", query = """
        UPDATE ApiKey k SET k.revokesAt = :at
        WHERE k.id = :id AND k.revokedAt IS NULL AND (k.revokesAt IS NULL OR k.revokesAt > :at)""")
public class ApiKey {

    /** How many distinct client addresses a key keeps. */
    public static final int RECENT = 5;
    static final int RECENT_IPS_LENGTH = RECENT * (LastUse.MAX_IP + 1);

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

    @Column(name = "last_used_ip", length = LastUse.MAX_IP)
    private String lastUsedIp;

    @Column(name = "last_used_user_agent", length = LastUse.MAX_USER_AGENT)
    private String lastUsedUserAgent;

    /** {@code rest} or {@code caldav}. */
    @Column(name = "last_used_via", length = 8)
    private String lastUsedVia;

    /** Up to {@link #RECENT} distinct client addresses, newest first, separated by spaces. */
    @Column(name = "recent_ips", length = RECENT_IPS_LENGTH)
    private String recentIps;

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

    /** The SHA-256 of the key ({@link KeyFormat#hash}): what a leak report's tokens are matched by. */
    String getKeyHash() {
        return keyHash;
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

    public String getLastUsedIp() {
        return lastUsedIp;
    }

    public String getLastUsedUserAgent() {
        return lastUsedUserAgent;
    }

    public String getLastUsedVia() {
        return lastUsedVia;
    }

    /** The last distinct client addresses, newest first. */
    public List<String> getRecentIps() {
        return recentIps == null || recentIps.isBlank() ? List.of() : List.of(recentIps.trim().split(" +"));
    }

    /**
     * Records a node's buffered uses: {@code use}, the latest, and {@code seen}, the distinct
     * addresses of all its uses since its previous write, newest first. Called with the row
     * locked, so that two nodes writing at once merge rather than overwrite each other's
     * addresses. Last use never moves back: an older use (another node wrote a later one) leaves
     * the time, address, user agent and channel as they are, and its addresses go after the
     * newest one already stored.
     */
    void recordUse(LastUse use, List<String> seen) {
        Instant at = use.at().truncatedTo(ChronoUnit.MICROS);
        List<String> stored = getRecentIps();
        List<String> merged = new ArrayList<>();
        if (lastUsedAt == null || lastUsedAt.isBefore(at)) {
            lastUsedAt = at;
            lastUsedIp = use.ip();
            lastUsedUserAgent = use.userAgent();
            lastUsedVia = use.via();
            if (use.ip() != null) {
                merged.add(use.ip());
            }
            merged.addAll(seen);
            merged.addAll(stored);
        } else {
            merged.addAll(stored.subList(0, Math.min(1, stored.size())));
            merged.addAll(seen);
            merged.addAll(stored);
        }
        recentIps = String.join(" ", merged.stream()
                .filter(ip -> ip != null && !ip.isBlank() && ip.length() <= LastUse.MAX_IP && ip.indexOf(' ') < 0)
                .distinct().limit(RECENT).toList());
        if (recentIps.isEmpty()) {
            recentIps = null;
        }
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
