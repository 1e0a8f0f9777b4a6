package com.calendarpipe.auth;

import com.calendarpipe.rest.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The answers of a refused request, written by the mechanism itself and committed at once
 * so nothing later can alter them. One message for every cause of a 401, so a caller
 * learns nothing about which keys exist. No refusal ever repeats what the caller sent.
 */
enum Refusal {
    /** No usable credential on the REST API. */
    UNAUTHORIZED(401, "Unauthorized", "Missing, invalid, or revoked API key"),
    /** A valid key or session of an account that is not (or no longer) on Pro. */
    PAYMENT_REQUIRED(402, "Payment Required", "Pro plan required"),
    /** A state-changing console request without the session's CSRF token. */
    CSRF(403, "Forbidden", "Missing or invalid X-CSRF-Token header");

    private static final String BEARER_CHALLENGE = "Bearer realm=\"CalendarPipe\"";
    private static final String BASIC_CHALLENGE = "Basic realm=\"CalendarPipe\", charset=\"UTF-8\"";

    private final int status;
    private final String json;
    private final String text;

    Refusal(int status, String error, String message) {
        this.status = status;
        this.json = ErrorBody.of(error, message).toJson();
        this.text = message + "\n";
    }

    /** On the REST API: the JSON envelope; a 401 challenges for Bearer (RFC 6750 §3). */
    void sendApi(HttpServletResponse response, boolean tokenSent) throws IOException {
        if (this == UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate",
                    tokenSent ? BEARER_CHALLENGE + ", error=\"invalid_token\"" : BEARER_CHALLENGE);
        }
        send(response, "application/json", json);
    }

    /** On CalDAV: plain text; a 401 challenges for Basic so that calendar clients prompt for credentials. */
    void sendDav(HttpServletResponse response) throws IOException {
        if (this == UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        }
        send(response, "text/plain;charset=UTF-8", text);
    }

    private void send(HttpServletResponse response, String contentType, String body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
        response.flushBuffer();
    }
}
