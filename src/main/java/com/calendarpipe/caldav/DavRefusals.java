package com.calendarpipe.caldav;

import com.calendarpipe.Refused;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CalDAV's answer to a refusal about the request's credential or its rate rather than its
 * resource, which carries no {@code DAV:error} body: the status, the headers the status needs (a
 * 401 challenges for Basic so that calendar clients prompt for a password, RFC 7617; a 429 says
 * when to come back, RFC 9110 §10.2.3), and the refusal's sentence as text. The one translation of
 * these in the channel: the authentication mechanism answers through it before the servlet runs,
 * the servlet (CalDavServlet) for a refusal a service makes.
 */
public final class DavRefusals {

    /** CalDAV's challenge: Basic, the email and a key, in UTF-8 (RFC 7617 §2.1). */
    public static final String BASIC = "Basic realm=\"CalendarPipe\", charset=\"UTF-8\"";

    private DavRefusals() {
    }

    public static void send(HttpServletResponse response, Refused refused) throws IOException {
        response.setStatus(switch (refused.kind()) {
            case UNAUTHENTICATED -> 401;
            case PAYMENT_REQUIRED -> 402;
            case FORBIDDEN -> 403;
            case THROTTLED -> 429;
            default -> throw new IllegalArgumentException("A refusal CalDAV answers with a DAV:error: " + refused.kind());
        });
        if (refused.kind() == Refused.Kind.UNAUTHENTICATED) {
            response.setHeader("WWW-Authenticate", refused.challenge() != null ? refused.challenge() : BASIC);
        }
        if (refused.kind() == Refused.Kind.THROTTLED) {
            response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(refused.getMessage() + "\n");
    }
}
