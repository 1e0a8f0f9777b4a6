package com.calendarpipe.rest;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * A failure a caller can act on: a status, a human sentence and, for bad input, one detail
 * per field. Feature services throw it; {@link ErrorMappers} turns it into the error
 * envelope (and CalDAV into its DAV status). As an {@link ApplicationException} it leaves an
 * EJB unwrapped, and the transaction is rolled back so nothing half-written remains.
 */
@ApplicationException(rollback = true)
public class ApiError extends RuntimeException {

    private final int status;
    private final String label;
    private final transient List<ErrorBody.Detail> details;

    public ApiError(int status, String label, String message, List<ErrorBody.Detail> details) {
        super(message, null, false, false);
        this.status = status;
        this.label = label;
        this.details = details;
    }

    public static ApiError badRequest(String message, List<ErrorBody.Detail> details) {
        return new ApiError(400, "Bad Request", message, details);
    }

    public static ApiError paymentRequired() {
        return new ApiError(402, "Payment Required", "Pro plan required", null);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, Status.FORBIDDEN.getReasonPhrase(), message, null);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, Status.NOT_FOUND.getReasonPhrase(), what + " not found", null);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, Status.CONFLICT.getReasonPhrase(), message, null);
    }

    public static ApiError preconditionFailed(String message) {
        return new ApiError(412, Status.PRECONDITION_FAILED.getReasonPhrase(), message, null);
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody(label, getMessage(), details);
    }
}
