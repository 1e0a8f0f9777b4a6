package com.calendarpipe.auth;

import com.calendarpipe.Refused;
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
 * Throttled guessing: failed authentications are counted per client address and per target
 * account, and past a limit the server answers 429 with {@code Retry-After} instead of checking
 * anything. A guard that someone can turn against everyone behind the same address would be an
 * outage switch (an office behind one NAT, a phone still syncing with an old key), so it is built
 * never to refuse what proves itself without cost.
 * <p>
 * The rules:
 * <ul>
 * <li><b>Keys, per client address</b> ({@code throttle-address-failures}, 20 per window): an API
 *     key that needed a database lookup and failed (unknown, revoked, another account's email with
 *     Basic) counts. Past the limit, a key from that address that would need a lookup is refused
 *     with 429 before it: that is what spares the database. But a key this node already holds in
 *     its key cache is answered from memory as ever: a live one is accepted (a valid key is never
 *     refused because of other requests' failures), a revoked one is a 401, and neither costs nor
 *     counts anything. So only a valid key that is not cached on this node (a new device, a key
 *     not used here for minutes) may have to wait for the window's end. A malformed or mistyped
 *     key (the checksum is wrong) costs no lookup and counts nothing either.</li>
 * <li><b>Passwords, per client address</b> ({@code throttle-address-password-failures}, 50 per
 *     window): wrong console passwords count, apart from keys, so a stale API client never locks
 *     a person out of the console, nor the reverse. Past the limit, password checks from that
 *     address are refused with 429 before the hash (each costs a fifth of a second of a core).</li>
 * <li><b>Per account</b> ({@code throttle-account-failures}, 10 per window, from any number of
 *     addresses): failures naming an email (a sign-in, a CalDAV user name) count under it, whether
 *     or not such an account exists, so the answers reveal nothing. Past the limit, password
 *     sign-in for that email is refused with 429 before the password is checked (even the right
 *     one), and a Basic key that fails for it is answered 429 instead of 401. A key that
 *     authenticates is always accepted.</li>
 * <li>A request that succeeds is never counted, nor is one refused before its check, so a window
 *     ends when it ends, however hard someone keeps knocking.</li>
 * <li>The window ({@code throttle-window}, 300 s) opens at a counter's first failure; a limit
 *     reached blocks until that window ends, which {@code Retry-After} says.</li>
 * <li><b>Sign-ups per client address</b> ({@code throttle-signups}, 20 per window): every sign-up
 *     counts, made or not (it costs a password hash, and accounts are what a spammer wants).</li>
 * <li>A console session is never refused by any of them: it is no guess.</li>
 * </ul>
 * Memory is bounded ({@link #CAPACITY} entries per counter, see {@link FailureCounter}). Accounts
 * are counted under a salted hash of the normalised email, never the email; keys are never held.
 * IPv6 clients are counted by their /64 network, which one host usually holds whole. The counters
 * are per node: behind a load balancer each node counts what it sees.
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

    private final FailureCounter keyAddresses = new FailureCounter(CAPACITY);
    private final FailureCounter passwordAddresses = new FailureCounter(CAPACITY);
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

    /** Seconds the address must wait before a key that needs a lookup is checked again, or 0. Reads only, no lock. */
    long keyWait(String remoteAddr) {
        return seconds(keyAddresses.blockedFor(addressKey(remoteAddr), clock.getAsLong()));
    }

    /**
     * Seconds before a password may be checked again from this address for this email, or 0: the
     * longer of the address's and the account's waits. Reads only, no lock.
     */
    long passwordWait(String remoteAddr, String email) {
        long now = clock.getAsLong();
        String account = accountKey(email);
        return seconds(Math.max(passwordAddresses.blockedFor(addressKey(remoteAddr), now),
                account == null ? 0 : accounts.blockedFor(account, now)));
    }

    /**
     * Refuses (429, with the seconds to wait) a password or second-factor check that the address
     * or the email's account must wait for: before the hash and the database, which is what a
     * throttle is for.
     */
    void refuseWhilePasswordsWait(String remoteAddr, String email) {
        long wait = passwordWait(remoteAddr, email);
        if (wait > 0) {
            throw Refused.throttled(TOO_MANY_FAILURES, wait);
        }
    }

    /**
     * Counts a key that a lookup refused, from the address, and against the email's account when
     * the credential named one (Basic).
     *
     * @param email the Basic user name, or null
     * @return the seconds for {@code Retry-After} if the account was already throttled (the answer
     *         is then 429, not 401), else 0
     */
    long keyFailed(String remoteAddr, String email) {
        return failed(keyAddresses, settings.throttleAddressFailures(), remoteAddr, email);
    }

    /** Counts a wrong password, from the address and against the email's account. */
    void passwordFailed(String remoteAddr, String email) {
        failed(passwordAddresses, settings.throttleAddressPasswordFailures(), remoteAddr, email);
    }

    private long failed(FailureCounter addresses, int addressLimit, String remoteAddr, String email) {
        long now = clock.getAsLong();
        long window = settings.throttleWindow().toNanos();
        addresses.fail(addressKey(remoteAddr), addressLimit, window, now);
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
        return keyWait(remoteAddr);
    }

    /** Counts a credential checked outside the mechanism that failed, against its address's key counter. */
    public void failedFrom(String remoteAddr) {
        keyFailed(remoteAddr, null);
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
