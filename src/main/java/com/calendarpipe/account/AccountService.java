package com.calendarpipe.account;

import com.calendarpipe.Settings;
import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.TextRules;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accounts: sign-up, password checks and changes, the account's own settings, and plan changes by the operator's admins. */
@Stateless
public class AccountService {

    /**
     * PBKDF2-HMAC-SHA256 iterations, OWASP's figure for it (Password Storage Cheat Sheet, 2023):
     * about 0.2 s of one core per hash here. A hash made with fewer is replaced at the next
     * sign-in, when the password is at hand.
     */
    static final int ITERATIONS = 600_000;
    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;

    /**
     * Checked against when the email is unknown, so that a wrong email costs as long as a
     * wrong password and sign-in timing does not tell which accounts exist: a hash of the same
     * form and cost as a real one ({@link #ITERATIONS}, {@link #SALT_BYTES}, {@link #KEY_BYTES}), of random
     * bytes, so no password matches it. A constant, not made at start: each instance of this bean
     * made one before, 0.2 s of a core at the deployment and at each new instance under load.
     */
    static final String DECOY_HASH =
            "PBKDF2WithHmacSHA256:600000:M2TsX+U/XdKAnckyaE4gBg==:dkk/HsPjRTH3G9D0Jz3XSAfXvrVkgibwGQUo27njXMk=";

    @PersistenceContext
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    Settings settings;

    @Inject
    Event<AccessChanged> accessChanged;

    @Inject
    Event<AccountEvent> events;

    @Inject
    CalendarService calendars;

    @Inject
    EmailProof proof;

    @PostConstruct
    void configureHashing() {
        passwordHash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(ITERATIONS),
                "Pbkdf2PasswordHash.SaltSizeBytes", Integer.toString(SALT_BYTES),
                "Pbkdf2PasswordHash.KeySizeBytes", Integer.toString(KEY_BYTES)));
    }

    public Account signUp(SignUpRequest request) {
        if (!settings.signupOpen()) {
            throw Refused.forbidden("Sign-up is closed on this server");
        }
        EmailAddress email;
        try {
            email = EmailAddress.parse(request.email());
        } catch (EmailAddress.Invalid e) {
            throw Refused.invalidField("email", e.getMessage());
        }
        String nameProblem = TextRules.problem(request.displayName(), false);
        if (nameProblem != null) {
            throw Refused.invalidField("displayName", nameProblem);
        }
        if (findByEmail(email.normalized()).isPresent() || bySkeleton(email.skeleton()).isPresent()) {
            throw Refused.conflict(EXISTS);
        }
        Account account = new Account(email, request.displayName().trim(),
                passwordHash.generate(request.password().toCharArray()), defaultPlan());
        try {
            em.persist(account);
            // flush here so that a concurrent sign-up with the same email fails inside this
            // call (unique index) instead of at commit, where it would surface as a 500
            em.flush();
        } catch (PersistenceException raced) {
            throw Refused.conflict(EXISTS);
        }
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.SIGNED_UP, Map.of()));
        // in this transaction: an account never exists without the calendar it was promised
        settings.defaultCalendar().ifPresent(name -> calendars.create(account.getId(),
                new CalendarChanges().set(CalendarChanges.Field.NAME, name)));
        proof.sendLink(account);
        return account;
    }

    private static final String EXISTS = "An account with this email, or one that looks like it, already exists";

    /**
     * The account whose email and password these are, or empty: the same for every cause. A
     * password hashed with fewer iterations than {@link #ITERATIONS} is hashed again now.
     */
    public Optional<Account> signIn(String email, String password) {
        if (email == null || password == null) {
            return Optional.empty();
        }
        Optional<Account> account = findByEmail(email);
        boolean matches = passwordHash.verify(password.toCharArray(),
                account.map(Account::getPasswordHash).orElse(DECOY_HASH));
        account.filter(a -> matches && iterations(a.getPasswordHash()) < ITERATIONS)
                .ifPresent(a -> a.rehash(passwordHash.generate(password.toCharArray())));
        return account.filter(a -> matches);
    }

    /** Whether the password is the account's (sudo mode's confirmation); nothing changes. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean passwordMatches(String accountId, String password) {
        return find(accountId).filter(a -> passwordHash.verify(password.toCharArray(), a.getPasswordHash())).isPresent();
    }

    /** The iteration count a PBKDF2 hash was made with ({@code algorithm:iterations:salt:hash}); 0 if unreadable. */
    static int iterations(String hash) {
        String[] parts = hash.split(":");
        try {
            return parts.length == 4 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Sets a new password if {@code currentPassword} is the account's, and ends every console
     * session of the account signed in before {@code sessionsFrom}, on every node: the
     * authentication mechanism compares each session's sign-in time with it. False, and
     * nothing changed, when the current password is wrong.
     */
    public boolean changePassword(String accountId, String currentPassword, String newPassword, Instant sessionsFrom) {
        Account account = find(accountId).orElseThrow(() -> Refused.notFound("Account"));
        if (!passwordHash.verify(currentPassword.toCharArray(), account.getPasswordHash())) {
            return false;
        }
        account.changePassword(passwordHash.generate(newPassword.toCharArray()), sessionsFrom);
        events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.PASSWORD_CHANGED, Map.of("otherSessions", "ended")));
        return true;
    }

    /** The account's own settings: its display name, whether other accounts may see its busy times. */
    public Account update(String accountId, AccountChanges changes) {
        Account account = find(accountId).orElseThrow(() -> Refused.notFound("Account"));
        changes.displayName().ifPresent(account::setDisplayName);
        changes.shareFreeBusy().filter(shared -> shared != account.isFreeBusyShared()).ifPresent(shared -> {
            account.setFreeBusyShared(shared);
            events.fire(new AccountEvent(accountId, AccountEvent.Kind.FREE_BUSY_SHARING_CHANGED, Map.of("shared", shared.toString())));
        });
        return account;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> find(String id) {
        return Optional.ofNullable(em.find(Account.class, id));
    }

    /**
     * Whether the account is one of the server's admins: its email is listed in
     * CALENDARPIPE_ADMINS and has been proved (a listed address that anyone could sign up with
     * first grants nothing).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean isAdmin(Account account) {
        return account.isEmailVerified() && listedAdmin(account);
    }

    /** Whether the account's email is listed in CALENDARPIPE_ADMINS, proved or not. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean listedAdmin(Account account) {
        return settings.admins().stream().anyMatch(account::hasEmail);
    }

    /** Whether an address CALENDARPIPE_ADMINS lists has no account yet, or one whose email is not proved. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean adminToConfirm() {
        return settings.admins().stream().anyMatch(email -> findByEmail(email).filter(Account::isEmailVerified).isEmpty());
    }

    /** Only the admins ({@link #isAdmin}) may do this; others get 403. */
    public Account changePlan(Account admin, String accountId, Plan plan) {
        if (!isAdmin(admin)) {
            throw Refused.forbidden("Only the server's admins may change plans");
        }
        Account account = find(accountId).orElseThrow(() -> Refused.notFound("Account"));
        Plan from = account.getPlan();
        account.setPlan(plan);
        if (from != plan) {
            events.fire(new AccountEvent(account.getId(), AccountEvent.Kind.PLAN_CHANGED,
                    Map.of("from", from.name(), "to", plan.name(), "by", "admin")));
        }
        accessChanged.fire(new AccessChanged(account.getId()));
        return account;
    }

    /** The account of this email, compared as people read it ({@link EmailAddress}): sign-in, scheduling's local calendar users. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> findByEmail(String email) {
        return em.createNamedQuery("Account.byEmail", Account.class)
                .setParameter("email", Account.normalize(email))
                .getResultStream()
                .findFirst();
    }

    private Optional<Account> bySkeleton(String skeleton) {
        return em.createNamedQuery("Account.bySkeleton", Account.class)
                .setParameter("skeleton", skeleton)
                .getResultStream()
                .findFirst();
    }

    /** The accounts made before V9 whose skeleton is still to be computed: see {@link #giveSkeleton}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> withoutSkeleton() {
        return em.createNamedQuery("Account.withoutSkeleton", String.class).getResultList();
    }

    /**
     * Computes the skeleton of an account made before V9. One whose email no longer parses, or
     * looks like an older account's, gets a mark in its place that no address has ({@code -} and
     * its id): it still signs in, and no new account can take a lookalike of the older one. False
     * when it got the mark.
     */
    public boolean giveSkeleton(String accountId) {
        Account account = em.find(Account.class, accountId);
        if (account == null) {
            return true;
        }
        Optional<String> skeleton = EmailAddress.skeletonOf(account.getEmail())
                .filter(s -> bySkeleton(s).isEmpty());
        account.setEmailSkeleton(skeleton.orElse("-" + accountId));
        return skeleton.isPresent();
    }

    private Plan defaultPlan() {
        try {
            return Plan.valueOf(settings.defaultPlan().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Plan.PRO;
        }
    }
}
