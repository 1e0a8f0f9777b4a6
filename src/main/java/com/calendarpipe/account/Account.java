package com.calendarpipe.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A person's or agent's account. The email is unique regardless of case; the password is
 * kept only as a slow salted hash. Changing the plan never deletes data: a downgraded
 * account keeps its keys and calendars, they just stop answering until an upgrade.
 * Console sessions signed in before {@code sessionsValidFrom} are over (a password change sets
 * it), on every node, since the authentication mechanism reads the account on each session request.
 */
@Entity
@Table(name = "accounts")
@NamedQuery(name = "Account.byEmail", query = "SELECT a FROM Account a WHERE a.emailNormalized = :email")
public class Account {

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 254)
    private String email;

    @Column(name = "email_normalized", nullable = false, length = 254)
    private String emailNormalized;

    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Plan plan;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sessions_valid_from")
    private Instant sessionsValidFrom;

    @Version
    private long version;

    protected Account() {
    }

    public Account(String email, String displayName, String passwordHash, Plan plan) {
        this.id = UUID.randomUUID().toString();
        this.email = email;
        this.emailNormalized = normalize(email);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.plan = plan;
        // microseconds: what every supported database keeps, so a reload compares equal
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The form in which emails are compared and kept unique. */
    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public String getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getDisplayName() {
        return displayName;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    public Plan getPlan() {
        return plan;
    }

    public boolean isPro() {
        return plan == Plan.PRO;
    }

    /** Sessions signed in before this time are over; null when no change of password ended any. */
    public Instant getSessionsValidFrom() {
        return sessionsValidFrom;
    }

    /** A new password (its hash), which ends every session signed in before {@code from}. */
    void changePassword(String passwordHash, Instant from) {
        this.passwordHash = passwordHash;
        this.sessionsValidFrom = from;
    }

    void setPlan(Plan plan) {
        this.plan = plan;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Whether this address names this account, ignoring case. */
    public boolean hasEmail(String candidate) {
        return candidate != null && emailNormalized.equals(normalize(candidate));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Account that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
