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
import java.util.Objects;
import java.util.UUID;

/**
 * A person's or agent's account. The email is unique as people read it ({@link EmailAddress}: no
 * two accounts differ by case, a compatibility form or a lookalike character); the password is
 * kept only as a slow salted hash. The email is trusted (it receives local invitations, and an
 * admin listed by it is one) only once proved: {@code emailVerifiedAt}. Changing the plan never deletes data: a downgraded
 * account keeps its keys and calendars, they just stop answering until an upgrade.
 * Console sessions signed in before {@code sessionsValidFrom} are over (a password change sets
 * it), on every node, since the authentication mechanism reads the account on each session request.
 */
@Entity
@Table(name = "accounts")
@NamedQuery(name = "Account.byEmail", query = "SELECT a FROM Account a WHERE a.emailNormalized = :email")
@NamedQuery(name = "Account.bySkeleton", query = "SELECT a FROM Account a WHERE a.emailSkeleton = :skeleton")
@NamedQuery(name = "Account.byEmailToken", query = "SELECT a FROM Account a WHERE a.emailTokenHash = :hash")
@NamedQuery(name = "Account.byPendingEmailToken", query = "SELECT a FROM Account a WHERE a.pendingEmailTokenHash = :hash")
@NamedQuery(name = "Account.withoutSkeleton", query = "SELECT a.id FROM Account a WHERE a.emailSkeleton IS NULL")
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

    /** Null for an account made before V9 until the start-up computes it (AccountMigration). */
    @Column(name = "email_skeleton", length = 1024)
    private String emailSkeleton;

    @Column(name = "email_verified_at")
    private Instant emailVerifiedAt;

    @Column(name = "email_token_hash", length = 64)
    private String emailTokenHash;

    @Column(name = "email_token_expires_at")
    private Instant emailTokenExpiresAt;

    @Column(name = "free_busy_shared", nullable = false)
    private boolean freeBusyShared;

    /** The TOTP seed, sealed (SecretBox); null: no second factor. */
    @Column(name = "totp_secret", length = 200)
    private String totpSecret;

    /** The seed of an enrolment not confirmed yet, sealed. */
    @Column(name = "totp_pending", length = 200)
    private String totpPending;

    /** The last step a code was accepted for: no code of it or before it is accepted again. */
    @Column(name = "totp_last_step")
    private Long totpLastStep;

    /** The hashes of the recovery codes not used yet, space-separated. */
    @Column(name = "recovery_codes", length = 700)
    private String recoveryCodes;

    @Column(name = "pending_email", length = 254)
    private String pendingEmail;

    @Column(name = "pending_email_token_hash", length = 64)
    private String pendingEmailTokenHash;

    @Column(name = "pending_email_expires_at")
    private Instant pendingEmailExpiresAt;

    @Version
    private long version;

    protected Account() {
    }

    /** An account of an address known to be valid (fixtures, tests); else {@link IllegalArgumentException}. */
    public Account(String email, String displayName, String passwordHash, Plan plan) {
        this(parsed(email), displayName, passwordHash, plan);
    }

    private static EmailAddress parsed(String email) {
        try {
            return EmailAddress.parse(email);
        } catch (EmailAddress.Invalid e) {
            throw new IllegalArgumentException("Not an address: " + e.getMessage(), e);
        }
    }

    public Account(EmailAddress email, String displayName, String passwordHash, Plan plan) {
        this.id = UUID.randomUUID().toString();
        this.email = email.display();
        this.emailNormalized = email.normalized();
        this.emailSkeleton = email.skeleton();
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.plan = plan;
        // microseconds: what every supported database keeps, so a reload compares equal
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The form in which emails are compared and kept unique: see {@link EmailAddress#comparable}. */
    public static String normalize(String email) {
        return EmailAddress.comparable(email);
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

    /** The same password hashed anew (with more iterations): no session ends. */
    void rehash(String passwordHash) {
        this.passwordHash = passwordHash;
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

    /** When the account's email was proved (a link sent to it, or the operator's setup token); null until then. */
    public Instant getEmailVerifiedAt() {
        return emailVerifiedAt;
    }

    public boolean isEmailVerified() {
        return emailVerifiedAt != null;
    }

    void verifyEmail(Instant at) {
        emailVerifiedAt = at;
        emailTokenHash = null;
        emailTokenExpiresAt = null;
    }

    /** A verification link's token (its hash) pending until {@code expiresAt}; a new one replaces the last. */
    void awaitEmailToken(String hash, Instant expiresAt) {
        emailTokenHash = hash;
        emailTokenExpiresAt = expiresAt;
    }

    Instant getEmailTokenExpiresAt() {
        return emailTokenExpiresAt;
    }

    void setEmailSkeleton(String skeleton) {
        this.emailSkeleton = skeleton;
    }

    /** Whether other accounts of this server may see this account's busy times. */
    public boolean isFreeBusyShared() {
        return freeBusyShared;
    }

    void setFreeBusyShared(boolean shared) {
        this.freeBusyShared = shared;
    }

    void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    /** Whether sign-in asks for a second factor (a TOTP code or a recovery code). */
    public boolean hasMfa() {
        return totpSecret != null;
    }

    String getTotpSecret() {
        return totpSecret;
    }

    String getTotpPending() {
        return totpPending;
    }

    long getTotpLastStep() {
        return totpLastStep == null ? Long.MIN_VALUE : totpLastStep;
    }

    void beginTotp(String sealedSecret) {
        totpPending = sealedSecret;
    }

    /** The pending seed becomes the account's second factor, with its recovery codes (their hashes). */
    void enableTotp(long usedStep, String recoveryCodeHashes) {
        totpSecret = totpPending;
        totpPending = null;
        totpLastStep = usedStep;
        recoveryCodes = recoveryCodeHashes;
    }

    void disableTotp() {
        totpSecret = null;
        totpPending = null;
        totpLastStep = null;
        recoveryCodes = null;
    }

    void useTotpStep(long step) {
        totpLastStep = step;
    }

    String getRecoveryCodes() {
        return recoveryCodes == null ? "" : recoveryCodes;
    }

    void setRecoveryCodes(String hashes) {
        recoveryCodes = hashes;
    }

    /** The address waiting for its link to be opened, or null. */
    public String getPendingEmail() {
        return pendingEmail;
    }

    Instant getPendingEmailExpiresAt() {
        return pendingEmailExpiresAt;
    }

    void awaitEmailChange(String address, String tokenHash, Instant expiresAt) {
        pendingEmail = address;
        pendingEmailTokenHash = tokenHash;
        pendingEmailExpiresAt = expiresAt;
    }

    /** The new address, proved by its link: it is the account's email from now on. */
    void changeEmail(EmailAddress address, Instant provedAt) {
        email = address.display();
        emailNormalized = address.normalized();
        emailSkeleton = address.skeleton();
        emailVerifiedAt = provedAt;
        emailTokenHash = null;
        emailTokenExpiresAt = null;
        pendingEmail = null;
        pendingEmailTokenHash = null;
        pendingEmailExpiresAt = null;
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
