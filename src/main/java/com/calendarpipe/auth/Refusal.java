package com.calendarpipe.auth;

import com.calendarpipe.rest.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The answers of a refused request, written by the mechanism itself and committed at once
 * so nothing later can alter them. One message for every cause of a 401, so a caller
 * learns nothing about which keys exist. No refusal ever repeats what the caller sent.
 */
enum Refusal {
    /** No usable credential on the REST API or the MCP endpoint. */
    UNAUTHORIZED(401, "Unauthorized", "Missing, invalid, or revoked API key"),
    /** A valid key or session of an account that is not (or no longer) on Pro. */
    PAYMENT_REQUIRED(402, "Payment Required", "Pro plan required"),
    /** A browser page of an origin not allowed to call the MCP endpoint (see Settings#mcpAllowedOrigins). */
    FOREIGN_ORIGIN(403, "Forbidden", "Requests from this origin may not use the MCP endpoint"),
    /** A state-changing console request without the session's CSRF token. */
    CSRF(403, "Forbidden", "Missing or invalid X-CSRF-Token header"),
    /**
     * Too many failed authentications from the client's address or for the account named
     * (see {@link Throttle}); one message for both, always with {@code Retry-After}.
     */
    TOO_MANY_REQUESTS(429, "Too Many Requests", Throttle.TOO_MANY_FAILURES);

    private static final String BEARER_CHALLENGE = "Bearer realm=\"CalendarPipe\"";
    private static final String BASIC_CHALLENGE = "Basic realm=\"CalendarPipe\", charset=\"UTF-8\"";

    /** The most of a chunked body (length unknown) read and dropped; one with a declared length is read whole. */
    static final int MAX_DISCARDED = 64 * 1024;

    private final int status;
    private final String json;
    private final String text;

    Refusal(int status, String error, String message) {
        this.status = status;
        this.json = ErrorBody.of(error, message).toJson();
        this.text = message + "\n";
    }

    /** On the REST API and the MCP endpoint: the JSON envelope; a 401 challenges for Bearer (RFC 6750 §3). */
    void sendApi(HttpServletRequest request, HttpServletResponse response, boolean tokenSent) throws IOException {
        if (this == UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate",
                    tokenSent ? BEARER_CHALLENGE + ", error=\"invalid_token\"" : BEARER_CHALLENGE);
        }
        send(request, response, "application/json", json);
    }

    /** The JSON envelope of this refusal, for sign-in, which answers through JAX-RS. */
    String json() {
        return json;
    }

    /** A 429 on the REST API (RFC 6585 §4), with Retry-After in seconds (RFC 9110 §10.2.3). */
    static void sendThrottledApi(HttpServletRequest request, HttpServletResponse response, long retryAfter)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfter));
        TOO_MANY_REQUESTS.sendApi(request, response, false);
    }

    /** A 429 on CalDAV, plain text like its other refusals, with Retry-After in seconds. */
    static void sendThrottledDav(HttpServletRequest request, HttpServletResponse response, long retryAfter)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfter));
        TOO_MANY_REQUESTS.sendDav(request, response);
    }

    /** On CalDAV: plain text; a 401 challenges for Basic so that calendar clients prompt for credentials. */
    void sendDav(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (this == UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        }
        send(request, response, "text/plain;charset=UTF-8", text);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, String contentType, String body)
            throws IOException {
        discardBody(request, response);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
        // closing completes the response: the container then leaves it as it is, where a mere
        // flush would make it try (and fail, logging a stack trace) to send its own error page
        response.getWriter().close();
    }

    /**
     * Reads and drops the request body, so that the exchange is complete once the answer is
     * written: the container answers an incomplete one again with an error page of its own, which
     * fails on the committed answer and logs a stack trace. A declared length is at most the
     * request limit here (the mechanism lets a longer body through to the limit's 413). A chunked
     * body is read up to {@link #MAX_DISCARDED}; past that it is left unread and the connection
     * closed, so that the container does not read it to its end, however long.
     */
    private static void discardBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long length = request.getContentLengthLong();
        if (length > 0) {
            request.getInputStream().transferTo(OutputStream.nullOutputStream());
        } else if (request.getHeader("Transfer-Encoding") != null) {
            InputStream body = request.getInputStream();
            body.readNBytes(MAX_DISCARDED);
            if (body.read() >= 0) {
                response.setHeader("Connection", "close");
            }
        }
    }
}
