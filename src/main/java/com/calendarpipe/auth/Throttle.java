package com.calendarpipe.auth;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Throttled guessing: failed authentications (a refused API key by Bearer or Basic, a wrong
 * console password) are counted per client address and per target account, and past a limit
 * the server answers 429 with {@code Retry-After} instead of checking anything.
 * <p>
 * The rules:
 * <ul>
 * <li><b>Per client address</b> ({@code throttle-address-failures}, 20 per window): once an
 *     address has that many failures in the window, every request from it that presents a
 *     credential (Bearer, Basic, password sign-in) is refused with 429 until the window ends,
 *     <em>before</em> any lookup: a throttled address costs no database call and no password hash.
 *     This is what protects the database. A valid key from that address is refused too, since
 *     telling it from a guess would take the lookup this saves; a client that shares the address
 *     suffers only while someone there keeps failing, and every other address is unaffected.
 *     Requests without a credential (the console's session, a CalDAV client's first probe) are
 *     never refused by it: they cost no lookup.</li>
 * <li><b>Per account</b> ({@code throttle-account-failures}, 10 per window, from any number of
 *     addresses): the target is known before success only by an email, the sign-in email or the
 *     CalDAV (Basic) user name, so failures naming an email are counted under it (whether or not
 *     such an account exists, so the answers reveal nothing). Once over the limit, password
 *     sign-in for that email is refused with 429 before the password is checked (even the right
 *     one), and a Basic key that fails for it is answered 429 instead of 401. But a key that
 *     authenticates is always accepted: the owner's clients keep working, from anywhere, while
 *     someone guesses at the account from many addresses. Bearer failures name no account.</li>
 * <li>A request that succeeds is never counted; a request refused before its check is not counted
 *     either, so a window ends when it ends, however hard someone keeps knocking. (A failing Basic
 *     key for a throttled account was checked, and counts.)</li>
 * <li>The window ({@code throttle-window}, 300 s) opens at the first failure of an address or
 *     account; a limit reached blocks until that window ends, which {@code Retry-After} says.</li>
 * <li><b>Sign-ups per client address</b> ({@code throttle-signups}, 20 per window): every sign-up
 *     counts, made or not (it costs a password hash, and accounts are what a spammer wants); past
 *     the limit, sign-up from that address is refused with 429 before anything is checked. Kept
 *     apart from the failures: signing up never stops anyone from signing in, and the reverse.</li>
 * </ul>
 * Memory is bounded ({@link #CAPACITY} addresses and as many accounts, see {@link FailureCounter}).
 * Accounts are counted under a salted hash of the normalised email, never the email; keys are
 * never held. IPv6 clients are counted by their /64 network, which one host usually holds whole.
 * The counters are per node: behind a load balancer each node counts what it sees.
 * <p>
 * The client address is the one {@link ClientAddress} resolves: the connection's peer, or behind
 * a configured trusted proxy the address that proxy saw ({@code X-Forwarded-For}, never believed
 * from anyone else, since anyone can send it).
 */
@ApplicationScoped
public class Throttle {

    /** The one sentence of every throttled refusal: it says nothing of which limit was reached. */
    public static final String TOO_MANY_FAILURES = "Too many failed attempts to authenticate; try again later";

    /** Most addresses, and most accounts, held at once: about 1.5 MB each when full. */
    static final int CAPACITY = 10_000;

    private final FailureCounter addresses = new FailureCounter(CAPACITY);
    private final FailureCounter accounts = new FailureCounter(CAPACITY);
    private final FailureCounter signUps = new FailureCounter(CAPACITY);
    /** Per process, so that the hashes held mean nothing outside it (a heap dump is no email list). */
    private final byte[] salt = new byte[16];

    @Inject
    Settings settings;

    /** Told when the account throttle engages (null in unit tests that build the throttle by hand). */
    @Inject
    Event<AuthThrottled> engaged;

    LongSupplier clock = System::nanoTime;

    public Throttle() {
        new SecureRandom().nextBytes(salt);
    }

    /** Seconds the address must wait before presenting a credential again, or 0. Reads only, no lock. */
    long addressWait(String remoteAddr) {
        return seconds(addresses.blockedFor(addressKey(remoteAddr), clock.getAsLong()));
    }

    /** Seconds before password sign-in or a failing key may be tried again for this email, or 0. */
    long accountWait(String email) {
        String key = accountKey(email);
        return key == null ? 0 : seconds(accounts.blockedFor(key, clock.getAsLong()));
    }

    /**
     * Counts a failed authentication from the address, and against the email's account when the
     * credential named one.
     *
     * @param email the sign-in email or Basic user name, or null
     * @return the seconds for {@code Retry-After} if the account was already throttled (the answer
     *         is then 429, not 401), else 0
     */
    long failed(String remoteAddr, String email) {
        long now = clock.getAsLong();
        long window = settings.throttleWindow().toNanos();
        addresses.fail(addressKey(remoteAddr), settings.throttleAddressFailures(), window, now);
        String account = accountKey(email);
        if (account == null) {
            return 0;
        }
        long wait = seconds(accounts.blockedFor(account, now));
        if (accounts.fail(account, settings.throttleAccountFailures(), window, now) && engaged != null) {
            // recorded for the account by the audit trail; observers never fail this request
            engaged.fire(new AuthThrottled(email, remoteAddr));
        }
        return wait;
    }

    /** Seconds the address must wait before signing up again, or 0. Reads only, no lock. */
    long signUpWait(String remoteAddr) {
        return seconds(signUps.blockedFor(addressKey(remoteAddr), clock.getAsLong()));
    }

    /** Counts a sign-up from the address, made or refused. */
    void signedUp(String remoteAddr) {
        signUps.fail(addressKey(remoteAddr), settings.throttleSignUps(), settings.throttleWindow().toNanos(), clock.getAsLong());
    }

    /**
     * For a credential checked outside the mechanism (a leak report's signature, see
     * leaks/LeakReportsResource): seconds the address must wait before presenting one again, or 0.
     */
    public long waitOf(String remoteAddr) {
        return addressWait(remoteAddr);
    }

    /** Counts a credential checked outside the mechanism that failed, against its address only. */
    public void failedFrom(String remoteAddr) {
        failed(remoteAddr, null);
    }

    /** Whole seconds, rounded up, so that a client that waits them finds the block over. */
    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /** The address as counted: IPv4 as it is, IPv6 by its /64 network. */
    static String addressKey(String remoteAddr) {
        if (remoteAddr == null) {
            return "";
        }
        if (remoteAddr.indexOf(':') < 0) {
            return remoteAddr;
        }
        try {
            // a literal with a colon is parsed, never resolved (no DNS)
            InetAddress address = InetAddress.getByName(remoteAddr);
            if (address instanceof Inet6Address) {
                byte[] network = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(network, 8, 16, (byte) 0);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
            return address.getHostAddress();   // an IPv4-mapped address
        } catch (UnknownHostException notALiteral) {
            return remoteAddr;
        }
    }

    /** A salted SHA-256 of the normalised email (128 bits of it), or null for none. */
    String accountKey(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            byte[] hash = sha256.digest(Account.normalize(email).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
