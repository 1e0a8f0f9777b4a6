package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.caldav.DavRefusals;
import com.calendarpipe.rest.ErrorMappers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The mechanism's refusals, answered before any resource runs, in the language of the request's
 * channel by that channel's one translator (REST's and MCP's: rest/ErrorMappers; CalDAV's:
 * caldav/DavRefusals), and committed at once so nothing later can alter them. One message for
 * every cause of a 401, so a caller learns nothing about which keys exist. No refusal ever
 * repeats what the caller sent.
 */
final class Refusal {

    /** No usable credential. */
    static final Refused UNAUTHORIZED = Refused.unauthenticated("Missing, invalid, or revoked API key", null);
    /** A token was sent and proves nothing (RFC 6750 §3.1). */
    static final Refused INVALID_TOKEN = Refused.unauthenticated(UNAUTHORIZED.getMessage(),
            ErrorMappers.Refusals.BEARER + ", error=\"invalid_token\"");
    /** A valid key or session of an account that is not (or no longer) on Pro. */
    static final Refused PAYMENT_REQUIRED = Refused.paymentRequired();
    /** A browser page of an origin not allowed to call the MCP endpoint (see Settings#mcpAllowedOrigins). */
    static final Refused FOREIGN_ORIGIN = Refused.forbidden("Requests from this origin may not use the MCP endpoint");
    /** A state-changing console request without the session's CSRF token. */
    static final Refused CSRF = Refused.forbidden("Missing or invalid X-CSRF-Token header");

    /** The most of a chunked body (length unknown) read and dropped; one with a declared length is read whole. */
    static final int MAX_DISCARDED = 64 * 1024;

    private Refusal() {
    }

    /** Too many failed authentications from the client's address or for the account named ({@link Throttle}). */
    static Refused throttled(long retryAfter) {
        return Refused.throttled(Throttle.TOO_MANY_FAILURES, retryAfter);
    }

    /** On the REST API and the MCP endpoint: the JSON envelope. */
    static void api(HttpServletRequest request, HttpServletResponse response, Refused refused) throws IOException {
        discardBody(request, response);
        ErrorMappers.Refusals.send(response, refused);
        complete(response);
    }

    /** On CalDAV: plain text; a 401 challenges for Basic so that calendar clients prompt for credentials. */
    static void dav(HttpServletRequest request, HttpServletResponse response, Refused refused) throws IOException {
        discardBody(request, response);
        DavRefusals.send(response, refused);
        complete(response);
    }

    /**
     * Closing completes the response: the container then leaves it as it is, where a mere flush
     * would make it try (and fail, logging a stack trace) to send its own error page.
     */
    private static void complete(HttpServletResponse response) throws IOException {
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
