package com.calendarpipe.account;

import com.calendarpipe.Refused;
import com.calendarpipe.SecretBox;
import com.calendarpipe.Secrets;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An account's second factor: a TOTP seed ({@link Totp}) and ten single-use recovery codes.
 * Enrolment is two steps, so that a seed the person's app never read cannot lock them out: the
 * seed is shown once, then confirmed with a code it made. The seed is kept sealed
 * ({@link SecretBox}), the recovery codes only as salted SHA-256 hashes (60 random bits each, and
 * guessing is throttled like passwords). Every check locks the account's row, so that two requests
 * with the same code (a replay, or one raced) cannot both pass: the step a code was accepted for
 * is kept, and no code of that step or an earlier one is accepted again.
 */
@Stateless
public class TwoFactor {

    /** Recovery codes made at enrolment. */
    static final int RECOVERY_CODES = 10;
    static final String ISSUER = "CalendarPipe";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WRONG = "is wrong, or was used already";

    /** What proved the second factor. */
    public enum Proof { TOTP, RECOVERY_CODE }

    /** The seed to show once: as text, and as the URI an authenticator app reads. */
    public record Enrolment(String secret, String otpauthUri) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    Event<AccountEvent> events;

    /** A new seed, pending until confirmed (a new begin replaces it); 409 if the account has a second factor already. */
    public Enrolment begin(String accountId) {
        Account account = locked(accountId);
        if (account.hasMfa()) {
            throw Refused.conflict("Two-factor sign-in is on already: turn it off first to enrol another device");
        }
        String secret = Totp.newSecret();
        account.beginTotp(box.seal(secret));
        return new Enrolment(secret, Totp.uri(ISSUER, account.getEmail(), secret));
    }

    /**
     * A code from the pending seed turns two-factor sign-in on; answers the recovery codes, which
     * are shown this once. 400 (detail {@code code}) for a wrong code, 409 with nothing pending.
     */
    public List<String> confirm(String accountId, String code) {
        Account account = locked(accountId);
        if (account.hasMfa() || account.getTotpPending() == null) {
            throw Refused.conflict(account.hasMfa() ? "Two-factor sign-in is on already" : "No enrolment under way: begin one first");
        }
        OptionalLong step = Totp.match(box.open(account.getTotpPending()), code, now(), Long.MIN_VALUE);
        if (step.isEmpty()) {
            throw Refused.invalidField("code", WRONG);
        }
        List<String> codes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String recovery = newRecoveryCode();
            codes.add(recovery);
            hashes.add(hash(accountId, recovery));
        }
        account.enableTotp(step.getAsLong(), String.join(" ", hashes));
        events.fire(new AccountEvent(accountId, AccountEvent.Kind.MFA_ENABLED, Map.of("method", "totp")));
        return codes;
    }

    /**
     * Whether {@code code} proves the account's second factor: a TOTP code not used before, or a
     * recovery code, which is then used up ({@code recovery_code_used}). Empty, and nothing
     * changed, for anything else (also when the account has no second factor).
     */
    public Optional<Proof> check(String accountId, String code) {
        Account account = locked(accountId);
        if (!account.hasMfa() || code == null || code.length() > 40) {
            return Optional.empty();
        }
        OptionalLong step = Totp.match(box.open(account.getTotpSecret()), code, now(), account.getTotpLastStep());
        if (step.isPresent()) {
            account.useTotpStep(step.getAsLong());
            return Optional.of(Proof.TOTP);
        }
        List<String> left = new ArrayList<>(Arrays.asList(account.getRecoveryCodes().split(" ")));
        if (!left.remove(hash(accountId, normalized(code)))) {
            return Optional.empty();
        }
        account.setRecoveryCodes(String.join(" ", left));
        events.fire(new AccountEvent(accountId, AccountEvent.Kind.RECOVERY_CODE_USED,
                Map.of("left", Integer.toString(left.size()))));
        return Optional.of(Proof.RECOVERY_CODE);
    }

    /** Turns two-factor sign-in off with a code of it (TOTP or recovery); 400 (detail {@code code}) for a wrong one. */
    public void disable(String accountId, String code) {
        if (check(accountId, code).isEmpty()) {
            throw Refused.invalidField("code", WRONG);
        }
        locked(accountId).disableTotp();
        events.fire(new AccountEvent(accountId, AccountEvent.Kind.MFA_DISABLED, Map.of()));
    }

    private Account locked(String accountId) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw Refused.notFound("Account");
        }
        return account;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** Twelve base32 letters (60 bits) shown as {@code abcd-efgh-ijkl}. */
    static String newRecoveryCode() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        String letters = Totp.base32(bytes).substring(0, 12).toLowerCase(Locale.ROOT);
        return letters.substring(0, 4) + "-" + letters.substring(4, 8) + "-" + letters.substring(8);
    }

    /** As typed: case, spaces and dashes do not matter. */
    static String normalized(String code) {
        String letters = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return letters.length() == 12
                ? letters.substring(0, 4) + "-" + letters.substring(4, 8) + "-" + letters.substring(8)
                : letters;
    }

    /** Salted with the account id, so that one hash says nothing about another account's codes. */
    private static String hash(String accountId, String code) {
        return Secrets.sha256Hex(accountId + ":" + code);
    }
}
