package com.calendarpipe.account;

import com.calendarpipe.audit.AuditTrail;
import com.calendarpipe.audit.AuditType;
import com.calendarpipe.Settings;
import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.CalendarService;
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
import java.util.Map;
import java.util.Optional;

/** Accounts: sign-up, password checks and changes, and plan changes by the operator's admins. */
@Stateless
public class AccountService {

    /**
     * Checked against when the email is unknown, so that a wrong email costs as long as a
     * wrong password and sign-in timing does not tell which accounts exist.
     */
    private static final String DECOY_PASSWORD = "calendarpipe-decoy-password";

    @PersistenceContext
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    Settings settings;

    @Inject
    Event<AccessChanged> accessChanged;

    @Inject
    AuditTrail audit;

    @Inject
    CalendarService calendars;

    private String decoyHash;

    @PostConstruct
    void configureHashing() {
        passwordHash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "120000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoyHash = passwordHash.generate(DECOY_PASSWORD.toCharArray());
    }

    public Account signUp(SignUpRequest request) {
        if (!settings.signupOpen()) {
            throw Refused.forbidden("Sign-up is closed on this server");
        }
        if (findByEmail(request.email()).isPresent()) {
            throw Refused.conflict("An account with this email already exists");
        }
        Account account = new Account(request.email().trim(), request.displayName().trim(),
                passwordHash.generate(request.password().toCharArray()), defaultPlan());
        try {
            em.persist(account);
            // flush here so that a concurrent sign-up with the same email fails inside this
            // call (unique index) instead of at commit, where it would surface as a 500
            em.flush();
        } catch (PersistenceException raced) {
            throw Refused.conflict("An account with this email already exists");
        }
        audit.record(account.getId(), AuditType.SIGNED_UP, null, null, Map.of());
        // in this transaction: an account never exists without the calendar it was promised
        settings.defaultCalendar().ifPresent(name -> calendars.create(account.getId(),
                new CalendarChanges().set(CalendarChanges.Field.NAME, name)));
        return account;
    }

    /** The account whose email and password these are, or empty: the same for every cause. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> signIn(String email, String password) {
        if (email == null || password == null) {
            return Optional.empty();
        }
        Optional<Account> account = findByEmail(email);
        boolean matches = passwordHash.verify(password.toCharArray(),
                account.map(Account::getPasswordHash).orElse(decoyHash));
        return account.filter(a -> matches);
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
        audit.record(account.getId(), AuditType.PASSWORD_CHANGED, null, null, Map.of("otherSessions", "ended"));
        return true;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> find(String id) {
        return Optional.ofNullable(em.find(Account.class, id));
    }

    /** Only accounts named in CALENDARPIPE_ADMINS may do this; others get 403. */
    public Account changePlan(Account admin, String accountId, Plan plan) {
        if (!settings.admins().contains(Account.normalize(admin.getEmail()))) {
            throw Refused.forbidden("Only the server's admins may change plans");
        }
        Account account = find(accountId).orElseThrow(() -> Refused.notFound("Account"));
        Plan from = account.getPlan();
        account.setPlan(plan);
        if (from != plan) {
            audit.record(account.getId(), AuditType.PLAN_CHANGED, null, null,
                    Map.of("from", from.name(), "to", plan.name(), "by", "admin"));
        }
        accessChanged.fire(new AccessChanged(account.getId()));
        return account;
    }

    /** The account of this email, compared as sign-in compares it (case-insensitive): scheduling's local calendar users. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> findByEmail(String email) {
        return em.createNamedQuery("Account.byEmail", Account.class)
                .setParameter("email", Account.normalize(email))
                .getResultStream()
                .findFirst();
    }

    private Plan defaultPlan() {
        try {
            return Plan.valueOf(settings.defaultPlan().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Plan.PRO;
        }
    }
}
