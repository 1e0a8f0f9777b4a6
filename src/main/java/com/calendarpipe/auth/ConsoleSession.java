package com.calendarpipe.auth;

import com.calendarpipe.account.Account;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The web console's sign-in, kept in the servlet session: the account id, a CSRF token and the
 * sign-in time. The session cookie is HttpOnly and SameSite=Strict (web.xml), and Secure whenever
 * the request arrived over HTTPS ({@link SecurityHeaders}); on top of that, every
 * state-changing request made with the session must echo the token in {@code X-CSRF-Token}.
 * <p>
 * Sessions are distributable (web.xml), so every attribute is a plain String or Long. A session
 * ends after its idle time (its max inactive interval, set at sign-in), at its absolute lifetime
 * from the sign-in time, and when the account's password changed after it signed in
 * ({@link #isCurrent}); the last two are checked by the mechanism on each request, on any node.
 */
final class ConsoleSession {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ACCOUNT = "calendarpipe.account";
    private static final String CSRF = "calendarpipe.csrf";
    /** Epoch milliseconds of the sign-in (or of the password change this session made). */
    private static final String SIGNED_IN = "calendarpipe.signed-in";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A sign-in half done: the account whose password was right, waiting for its second factor. */
    private static final String PENDING = "calendarpipe.mfa-pending";
    /** Epoch milliseconds the password was right. */
    private static final String PENDING_AT = "calendarpipe.mfa-pending-at";
    /** Wrong codes given in this half sign-in. */
    private static final String PENDING_FAILURES = "calendarpipe.mfa-failures";
    /** How long a half sign-in waits for its code. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);
    /** Wrong codes after which the password must be given again. */
    static final long MAX_CODE_FAILURES = 5;

    private ConsoleSession() {
    }

    /**
     * Starts a fresh session (a new id, against fixation) for the account, ending after
     * {@code idleSeconds} without a request; returns its CSRF token.
     */
    static String start(HttpServletRequest request, Account account, int idleSeconds) {
        end(request);
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval(idleSeconds);
        session.setAttribute(SIGNED_IN, System.currentTimeMillis());
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        session.setAttribute(ACCOUNT, account.getId());
        session.setAttribute(CSRF, csrf);
        return csrf;
    }

    /**
     * A fresh session (a new id) that is not signed in: it only remembers, for
     * {@link #PENDING_LIFETIME}, that the account's password was right, until its second factor
     * is proved ({@link #pendingAccount}). Nothing but the code endpoint reads it.
     */
    static void startPending(HttpServletRequest request, Account account) {
        end(request);
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) PENDING_LIFETIME.toSeconds());
        session.setAttribute(PENDING, account.getId());
        session.setAttribute(PENDING_AT, System.currentTimeMillis());
        session.setAttribute(PENDING_FAILURES, 0L);
    }

    /** The account of the request's half sign-in, if it is younger than {@link #PENDING_LIFETIME}. */
    static Optional<String> pendingAccount(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(PENDING) == null) {
            return Optional.empty();
        }
        Long at = (Long) session.getAttribute(PENDING_AT);
        if (at == null || System.currentTimeMillis() - at >= PENDING_LIFETIME.toMillis()) {
            return Optional.empty();
        }
        return Optional.of((String) session.getAttribute(PENDING));
    }

    /** Counts a wrong code of the half sign-in; true when it is the last allowed (the half sign-in is then over). */
    static boolean pendingFailed(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        long failures = (Long) session.getAttribute(PENDING_FAILURES) + 1;
        session.setAttribute(PENDING_FAILURES, failures);
        return failures >= MAX_CODE_FAILURES;
    }

    static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /**
     * Whether the request's session may still act for {@code account}: signed in less than
     * {@code maxAge} ago, and not before the account's {@code sessionsValidFrom}. A session
     * without a sign-in time (made by an older version) is not current.
     */
    static boolean isCurrent(HttpServletRequest request, Account account, Duration maxAge) {
        HttpSession session = request.getSession(false);
        Long signedIn = session == null ? null : (Long) session.getAttribute(SIGNED_IN);
        long now = System.currentTimeMillis();
        if (signedIn == null || now - signedIn >= maxAge.toMillis()) {
            return false;
        }
        // the container ends an idle session by itself; this also covers one whose expiry it has not run yet
        int idle = session.getMaxInactiveInterval();
        if (idle > 0 && now - session.getLastAccessedTime() >= idle * 1000L) {
            return false;
        }
        Instant validFrom = account.getSessionsValidFrom();
        return validFrom == null || signedIn >= validFrom.toEpochMilli();
    }

    /** The sign-in time of the request's session (epoch ms), or null. */
    static Long signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (Long) session.getAttribute(SIGNED_IN);
    }

    /** Sets the session's sign-in time: the session that changed the password stays signed in. */
    static void stamp(HttpServletRequest request, long epochMillis) {
        request.getSession(false).setAttribute(SIGNED_IN, epochMillis);
    }

    static Optional<String> accountId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(ACCOUNT));
    }

    /** The session's CSRF token, if the request has a signed-in session. */
    static Optional<String> csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(CSRF));
    }

    /** Whether the request carries the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(HttpServletRequest request) {
        String expected = csrfToken(request).orElse(null);
        String sent = request.getHeader(CSRF_HEADER);
        return expected != null && sent != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }
}
