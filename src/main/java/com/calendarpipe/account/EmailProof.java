package com.calendarpipe.account;

import com.calendarpipe.Refused;
import com.calendarpipe.Secrets;
import com.calendarpipe.Settings;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Proving an account's email before it is trusted: a link mailed to it, when the server can send
 * mail; else, for the operator's admins, a one-time setup token that only the server's log shows.
 * Until proved, an email receives no invitation from a local organizer as an account (it gets
 * them by mail, like any outside address) and CALENDARPIPE_ADMINS grants it nothing. The tokens
 * are random (256 bits for links, 160 for setup) and kept only as their SHA-256.
 */
@Stateless
public class EmailProof {

    /** How long a link works. */
    static final Duration LINK_LIFETIME = Duration.ofHours(24);
    /** A new link is sent at most this often per account: each costs a mail. */
    static final Duration RESEND_AFTER = Duration.ofMinutes(1);
    static final Duration SETUP_TOKEN_LIFETIME = Duration.ofHours(24);

    private static final String BAD_LINK = "is not valid, was used already, or has expired";

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Event<AccountEvent> events;

    @Inject
    Event<VerificationRequested> requested;

    @Inject
    Event<EmailChangeRequested> changeRequested;

    @Inject
    Event<AccessChanged> accessChanged;

    /** Whether proving emails by mail is possible: an SMTP server is set. */
    public boolean byMail() {
        return settings.smtpHost().isPresent();
    }

    /**
     * A new link to the account's email, replacing any earlier one, when the server can send mail
     * and the email is not proved yet; the mail goes out once the caller's transaction commits.
     */
    public void sendLink(Account account) {
        if (!byMail() || account.isEmailVerified()) {
            return;
        }
        String token = Secrets.token(32);
        account.awaitEmailToken(Secrets.sha256Hex(token), Instant.now().plus(LINK_LIFETIME).truncatedTo(ChronoUnit.MICROS));
        requested.fire(new VerificationRequested(account.getEmail(), token));
    }

    /**
     * The account asks for a new link: 409 when its email is proved already or the server sends no
     * mail; 429 (with the seconds to wait) when the last link went out less than a minute ago.
     */
    public void resend(String accountId) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw Refused.notFound("Account");
        }
        if (account.isEmailVerified()) {
            throw Refused.conflict("Your email is verified already");
        }
        if (!byMail()) {
            throw Refused.conflict("This server sends no mail; ask whoever runs it");
        }
        Instant expires = account.getEmailTokenExpiresAt();
        if (expires != null) {
            Instant next = expires.minus(LINK_LIFETIME).plus(RESEND_AFTER);
            long wait = Duration.between(Instant.now(), next).toSeconds() + 1;
            if (wait > 0) {
                throw Refused.throttled("A link was sent less than a minute ago; check your mail", wait);
            }
        }
        sendLink(account);
    }

    /** The link's token proves the email of the account it was sent for: 400 for any other token. */
    public Account verify(String token) {
        Account account = byToken("Account.byEmailToken", token);
        Instant now = Instant.now();
        if (account == null || !usable(account.getEmailTokenExpiresAt(), now)) {
            throw Refused.invalid("The link " + BAD_LINK + ": ask for a new one", List.of(new Refused.Detail("token", BAD_LINK)));
        }
        account.verifyEmail(now.truncatedTo(ChronoUnit.MICROS));
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.EMAIL_VERIFIED, Map.of("via", "link")));
        return account;
    }

    /**
     * Starts changing the account's email to {@code address}: a link to the new address (which
     * must open it within {@link #LINK_LIFETIME}) and a notice to the old one; until the link is
     * opened nothing changes and nothing routes to the new address. A new request replaces the
     * last. 400 for an address that is no address or is the account's own, 409 for one another
     * account has (or looks like), or when the server sends no mail.
     */
    public Account requestChange(String accountId, String address) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw Refused.notFound("Account");
        }
        EmailAddress parsed;
        try {
            parsed = EmailAddress.parse(address);
        } catch (EmailAddress.Invalid e) {
            throw Refused.invalidField("email", e.getMessage());
        }
        if (account.hasEmail(parsed.display())) {
            throw Refused.invalidField("email", "is your email already");
        }
        if (!byMail()) {
            throw Refused.conflict("This server sends no mail, so a new address cannot be proved; ask whoever runs it");
        }
        refuseTaken(parsed, accountId);
        String token = Secrets.token(32);
        account.awaitEmailChange(parsed.display(), Secrets.sha256Hex(token),
                Instant.now().plus(LINK_LIFETIME).truncatedTo(ChronoUnit.MICROS));
        changeRequested.fire(new EmailChangeRequested(account.getEmail(), parsed.display(), token));
        return account;
    }

    /**
     * The link's token proves the new address: it becomes the account's email, proved. 400 for any
     * other token; 409 when another account took the address meanwhile. Every node's cached copy of
     * the account is dropped ({@link AccessChanged}): CalDAV's Basic user name is the new address
     * from now on.
     */
    public Account confirmChange(String token) {
        Account account = byToken("Account.byPendingEmailToken", token);
        Instant now = Instant.now();
        if (account == null || !usable(account.getPendingEmailExpiresAt(), now)) {
            throw Refused.invalid("The link " + BAD_LINK + ": change your email again", List.of(new Refused.Detail("token", BAD_LINK)));
        }
        EmailAddress parsed;
        try {
            parsed = EmailAddress.parse(account.getPendingEmail());
        } catch (EmailAddress.Invalid e) {
            throw Refused.invalidField("token", BAD_LINK);
        }
        refuseTaken(parsed, account.getId());
        account.changeEmail(parsed, now.truncatedTo(ChronoUnit.MICROS));
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.EMAIL_CHANGED, Map.of()));
        accessChanged.fire(new AccessChanged(account.getId()));
        return account;
    }

    /** The account a link's token (by its hash, with the query named) was sent for, locked; null for none. */
    private Account byToken(String query, String token) {
        return token == null ? null : em.createNamedQuery(query, Account.class)
                .setParameter("hash", Secrets.sha256Hex(token))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
    }

    private static boolean usable(Instant expiresAt, Instant now) {
        return expiresAt != null && now.isBefore(expiresAt);
    }

    private void refuseTaken(EmailAddress address, String accountId) {
        boolean taken = em.createNamedQuery("Account.byEmail", Account.class).setParameter("email", address.normalized())
                .getResultStream().anyMatch(other -> !other.getId().equals(accountId))
                || em.createNamedQuery("Account.bySkeleton", Account.class).setParameter("skeleton", address.skeleton())
                .getResultStream().anyMatch(other -> !other.getId().equals(accountId));
        if (taken) {
            throw Refused.conflict("An account with this email, or one that looks like it, already exists");
        }
    }

    /** A new one-time setup token, for the log: see {@link AdminSetup}. */
    public String newSetupToken() {
        String token = Secrets.hex(20);
        Instant now = Instant.now();
        em.createNamedQuery("AdminSetupToken.deleteExpired").setParameter("now", now).executeUpdate();
        em.persist(new AdminSetupToken(Secrets.sha256Hex(token), now, now.plus(SETUP_TOKEN_LIFETIME)));
        return token;
    }

    /**
     * The operator's setup token makes the account, whose email CALENDARPIPE_ADMINS lists, an
     * admin; it proves the email too (the operator vouches for it). 403 for an unlisted account,
     * 400 for a token that is unknown, used or expired.
     */
    public Account confirmAdmin(Account caller, String token, boolean listed) {
        if (!listed) {
            throw Refused.forbidden("Your email is not one of this server's admins (CALENDARPIPE_ADMINS)");
        }
        AdminSetupToken setup = token == null ? null
                : em.find(AdminSetupToken.class, Secrets.sha256Hex(token), LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (setup == null || !setup.usableAt(now)) {
            throw Refused.invalid("The setup token " + BAD_LINK + ": restart the server for a new one",
                    List.of(new Refused.Detail("token", BAD_LINK)));
        }
        setup.use(now);
        Account account = em.find(Account.class, caller.getId());
        if (!account.isEmailVerified()) {
            account.verifyEmail(now.truncatedTo(ChronoUnit.MICROS));
        }
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.ADMIN_CONFIRMED, Map.of("via", "setup_token")));
        return account;
    }
}
