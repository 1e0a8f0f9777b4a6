package com.calendarpipe.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A one-time admin setup token (its SHA-256 only), written to the server log where a listed
 * admin's email cannot be proved by mail: whoever reads the log runs the server, and may make a
 * listed address an admin with it, once, before it expires.
 */
@Entity
@Table(name = "admin_setup_tokens")
@NamedQuery(name = "AdminSetupToken.deleteExpired", query = "DELETE FROM AdminSetupToken t WHERE t.expiresAt < :now")
public class AdminSetupToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected AdminSetupToken() {
    }

    AdminSetupToken(String tokenHash, Instant now, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    boolean usableAt(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }

    void use(Instant now) {
        usedAt = now.truncatedTo(ChronoUnit.MICROS);
    }
}
