package com.calendarpipe.auth;

import com.calendarpipe.account.Account;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The web console's sign-in, kept in the servlet session: the account id and a CSRF token.
 * The session cookie is HttpOnly and SameSite=Strict (web.xml), and Secure whenever the request
 * arrived over HTTPS ({@link SecureSessionCookie}); on top of that, every
 * state-changing request made with the session must echo the token in {@code X-CSRF-Token}.
 */
final class ConsoleSession {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ACCOUNT = "calendarpipe.account";
    private static final String CSRF = "calendarpipe.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    /** Starts a fresh session (a new id, against fixation) for the account; returns its CSRF token. */
    static String start(HttpServletRequest request, Account account) {
        end(request);
        HttpSession session = request.getSession(true);
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        session.setAttribute(ACCOUNT, account.getId());
        session.setAttribute(CSRF, csrf);
        return csrf;
    }

    static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
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
