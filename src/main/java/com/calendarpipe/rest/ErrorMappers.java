package com.calendarpipe.rest;

import com.calendarpipe.Refused;
import com.calendarpipe.cluster.Unavailable;
import com.calendarpipe.ops.Counters;
import com.calendarpipe.persistence.LockWaits;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The REST channel's one translation of failures into the error envelope: a mapper per
 * exception type. Only fixed texts reach the response; an unexpected exception is logged by the
 * catch-all and answered with a bare 500.
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response respond(int status, ErrorBody body) {
        // rendered by the envelope itself, so that it leaves out absent details wherever it is written
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toJson()).build();
    }

    /**
     * What the application refused on purpose: its kind is the status. The REST channel's one
     * translation of a refusal, for the resources (as an exception mapper) and for what answers
     * before them (the authentication mechanism, through {@link #send}): a 401 challenges
     * (Bearer, RFC 6750 §3, unless the refusal names another scheme), a 429 says when to come back
     * ({@code Retry-After}, RFC 9110 §10.2.3).
     */
    @Provider
    public static class Refusals implements ExceptionMapper<Refused> {

        /** REST's challenge (RFC 6750 §3). */
        public static final String BEARER = "Bearer realm=\"CalendarPipe\"";

        @Override
        public Response toResponse(Refused e) {
            if (e.kind() == Refused.Kind.TOO_COSTLY) {
                Counters.recurrenceBudgetRefusedRest();
            }
            Response response = respond(status(e.kind()), envelope(e));
            headers(e).forEach((name, value) -> response.getHeaders().putSingle(name, value));
            return response;
        }

        /** The same answer, written to a servlet response (before or outside JAX-RS). */
        public static void send(HttpServletResponse response, Refused e) throws IOException {
            response.setStatus(status(e.kind()));
            headers(e).forEach(response::setHeader);
            response.setContentType(MediaType.APPLICATION_JSON);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(envelope(e).toJson());
        }

        /** An answer about credentials is never kept by a cache: it depends on what this request carried. */
        private static Map<String, String> headers(Refused e) {
            return switch (e.kind()) {
                case THROTTLED -> Map.of("Retry-After", Long.toString(e.retryAfterSeconds()), "Cache-Control", "no-store");
                case UNAUTHENTICATED -> Map.of("WWW-Authenticate", e.challenge() != null ? e.challenge() : BEARER,
                        "Cache-Control", "no-store");
                default -> Map.of();
            };
        }

        /** The envelope of a refusal, as REST answers it; the MCP endpoint's tool errors carry the same. */
        public static ErrorBody envelope(Refused e) {
            List<ErrorBody.Detail> details = e.details().isEmpty() ? null : e.details().stream()
                    .map(d -> new ErrorBody.Detail(d.field(), d.message()))
                    .toList();
            return new ErrorBody(label(status(e.kind())), e.getMessage(), details);
        }

        public static int status(Refused.Kind kind) {
            return switch (kind) {
                case INVALID -> 400;
                case PAYMENT_REQUIRED -> 402;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case PRECONDITION_FAILED -> 412;
                case TOO_LARGE -> 413;
                case TOO_COSTLY -> 422;
                case UNAVAILABLE -> 503;
                case THROTTLED -> 429;
                case UNAUTHENTICATED -> 401;
            };
        }

        private static String label(int status) {
            return switch (status) {
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 402 -> "Payment Required";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 412 -> "Precondition Failed";
                case 413 -> "Payload Too Large";
                case 429 -> "Too Many Requests";
                case 503 -> "Service Unavailable";
                default -> "Unprocessable Content";
            };
        }
    }

    /** Bean Validation on request bodies: one detail per invalid field. */
    @Provider
    public static class Violations implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<ErrorBody.Detail> details = e.getConstraintViolations().stream()
                    .map(v -> new ErrorBody.Detail(field(v), v.getMessage()))
                    .sorted(Comparator.comparing(ErrorBody.Detail::field))
                    .toList();
            return respond(400, new ErrorBody("Bad Request", "Invalid request", details));
        }

        /** The last named node of the path ("create.arg0.email" → "email"); "body" for the body itself. */
        private static String field(ConstraintViolation<?> violation) {
            String field = "body";
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.PROPERTY) {
                    field = node.getName();
                }
            }
            return field;
        }
    }

    /** JAX-RS's own failures: unknown path 404, wrong method 405, wrong media type 415, … */
    @Provider
    public static class WebApplicationErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                return Unexpected.serverError(e);
            }
            if (e.getCause() instanceof JsonbException || e.getCause() instanceof ProcessingException) {
                // the body reader's failure, as JAX-RS reports it: the body is not what the endpoint reads
                return malformedJson();
            }
            Response.StatusType type = e.getResponse().getStatusInfo();
            return Response.fromResponse(e.getResponse())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of(type.getReasonPhrase(), sentence(status)).toJson())
                    .build();
        }

        private static String sentence(int status) {
            return switch (status) {
                case 404 -> "No such resource";
                case 405 -> "Method not allowed on this resource";
                case 406 -> "This resource answers application/json";
                case 415 -> "Send the request body as application/json";
                default -> "The request could not be processed";
            };
        }
    }

    /** A body that is not valid JSON, or JSON of the wrong shape for the endpoint. */
    @Provider
    public static class MalformedBodies implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return malformedJson();
        }
    }

    /** A body read as a JSON object that is not one (bad syntax, or an array). */
    @Provider
    public static class MalformedJson implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException e) {
            return malformedJson();
        }
    }

    static Response malformedJson() {
        return respond(400, ErrorBody.of("Bad Request", "The request body is not valid JSON for this endpoint"));
    }

    /**
     * Anything else: logged with its stack trace, answered without any internal detail; but a
     * write the database stopped waiting for (a lock held by a stalled node, a deadlock) is a 503,
     * and so is a call into a divided cluster that gave up (cluster/Unavailable).
     */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return LockWaits.refusal(e, LockWaits.MESSAGE)
                    .map(busy -> {
                        LOG.warning("A REST write gave up waiting for a database lock; answered 503");
                        return new Refusals().toResponse(busy);
                    })
                    .or(() -> Unavailable.refusal(e).map(divided -> {
                        LOG.warning("A REST request gave up waiting for another node of the cluster; answered 503 (" + e.getClass().getName() + ")");
                        return new Refusals().toResponse(divided);
                    }))
                    .orElseGet(() -> serverError(e));
        }

        static Response serverError(Throwable e) {
            LOG.log(Level.SEVERE, "Unexpected failure answering a REST request", e);
            return respond(500, ErrorBody.of("Internal Server Error", "Something went wrong on our side; it has been logged"));
        }
    }
}
