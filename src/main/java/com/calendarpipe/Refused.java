package com.calendarpipe;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A request the application refuses on purpose, in no channel's language: what kind of refusal
 * it is, a sentence for a person, and, for bad input, one detail per field. Services and the
 * calendar store throw it; each channel translates it in one place (REST: {@code
 * rest.ErrorMappers}, CalDAV: {@code caldav.CalDavServlet}). The message is always a fixed text
 * of ours, never a parser's or a database's, so a channel may show it as it is.
 * <p>
 * As an {@link ApplicationException} (inherited by its subclasses) it leaves an EJB unwrapped,
 * and the transaction is rolled back so nothing half-written remains.
 */
@ApplicationException(rollback = true)
public class Refused extends RuntimeException {

    /** What the caller did wrong, as every channel understands it. */
    public enum Kind {
        /** Input that breaks a rule; {@link #details()} names the fields. */
        INVALID,
        /** The account's plan does not include this. */
        PAYMENT_REQUIRED,
        /** Not allowed to this caller, whoever owns the resource. */
        FORBIDDEN,
        /** No such resource in the caller's account (another account's resources are "not found" too). */
        NOT_FOUND,
        /** The request contradicts the resource's current state (a taken name, a concurrent change). */
        CONFLICT,
        /** A condition the caller set (an ETag) no longer holds. */
        PRECONDITION_FAILED,
        /** More data than the server accepts. */
        TOO_LARGE,
        /** More work than one request may cost (a recurrence expanded past its budget). */
        TOO_COSTLY,
        /** Not possible right now, nothing was changed; the same request may succeed when retried. */
        UNAVAILABLE,
        /** Asked too often; the same request may be made again after {@link #retryAfterSeconds()}. */
        THROTTLED,
        /** No credential, or one that proves nothing; the answer challenges for one ({@link #challenge()}). */
        UNAUTHENTICATED
    }

    /** One problem with one input field (a JSON field, a query parameter). */
    public record Detail(String field, String message) {
    }

    private final Kind kind;
    private final transient List<Detail> details;
    private final long retryAfterSeconds;
    private final String challenge;

    public Refused(Kind kind, String message, List<Detail> details) {
        this(kind, message, details, 0, null);
    }

    private Refused(Kind kind, String message, List<Detail> details, long retryAfterSeconds, String challenge) {
        // no stack trace: a refusal is an answer, not a failure to investigate
        super(message, null, false, false);
        this.kind = kind;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
        this.challenge = challenge;
    }

    public Refused(Kind kind, String message) {
        this(kind, message, null);
    }

    public static Refused invalid(String message, List<Detail> details) {
        return new Refused(Kind.INVALID, message, details);
    }

    /** Invalid input in one field, with the same sentence as message and detail. */
    public static Refused invalidField(String field, String message) {
        return invalid(message, List.of(new Detail(field, message)));
    }

    public static Refused paymentRequired() {
        return new Refused(Kind.PAYMENT_REQUIRED, "Pro plan required");
    }

    public static Refused forbidden(String message) {
        return new Refused(Kind.FORBIDDEN, message);
    }

    /** {@code what} names the resource for a person, e.g. "Calendar" → "Calendar not found". */
    public static Refused notFound(String what) {
        return new Refused(Kind.NOT_FOUND, what + " not found");
    }

    public static Refused conflict(String message) {
        return new Refused(Kind.CONFLICT, message);
    }

    public static Refused preconditionFailed(String message) {
        return new Refused(Kind.PRECONDITION_FAILED, message);
    }

    /** Asked too often: the answer says when to ask again ({@code Retry-After}, at least a second). */
    public static Refused throttled(String message, long retryAfterSeconds) {
        return new Refused(Kind.THROTTLED, message, null, Math.max(1, retryAfterSeconds), null);
    }

    /**
     * No credential, or one that proves nothing. {@code challenge} is the {@code WWW-Authenticate}
     * value when it is not the channel's own (REST's Bearer, CalDAV's Basic), else null.
     */
    public static Refused unauthenticated(String message, String challenge) {
        return new Refused(Kind.UNAUTHENTICATED, message, null, 0, challenge);
    }

    public Kind kind() {
        return kind;
    }

    /** Seconds to wait before asking again, for {@link Kind#THROTTLED}; 0 for every other kind. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The challenge of an {@link Kind#UNAUTHENTICATED} refusal when not its channel's own; else null. */
    public String challenge() {
        return challenge;
    }

    /** One entry per invalid field; empty when the refusal is not about input fields. */
    public List<Detail> details() {
        return details;
    }
}
