package com.calendarpipe.rest;

import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.UidConflict;
import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The small set of mappers that give every REST failure the one error envelope. Only fixed
 * texts reach the response; an unexpected exception is logged here and answered with a bare 500.
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response respond(int status, ErrorBody body) {
        // rendered by the envelope itself, so that it leaves out absent details wherever it is written
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toJson()).build();
    }

    /** Failures the application raised on purpose. */
    @Provider
    public static class ApiErrors implements ExceptionMapper<ApiError> {
        @Override
        public Response toResponse(ApiError e) {
            return respond(e.status(), e.body());
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
            return respond(400, ApiError.badRequest("Invalid request", details).body());
        }

        /** The last named node of the path ("create.arg0.email" → "email"); "body" for the body itself. */
        private static String field(ConstraintViolation<?> violation) {
            String field = "body";
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
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
                return malformedJson();
            }
            Response.StatusType type = e.getResponse().getStatusInfo();
            Response.ResponseBuilder answer = Response.fromResponse(e.getResponse())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of(type.getReasonPhrase(), sentence(status)).toJson());
            return answer.build();
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

    static Response malformedJson() {
        return respond(400, ErrorBody.of("Bad Request", "The request body is not valid JSON for this endpoint"));
    }

    /** iCalendar text the store refuses; its fixed sentence, never the parser's message. */
    @Provider
    public static class InvalidCalendarObjects implements ExceptionMapper<InvalidCalendarObject> {
        @Override
        public Response toResponse(InvalidCalendarObject e) {
            if (e.precondition() == InvalidCalendarObject.Precondition.MAX_RESOURCE_SIZE) {
                return respond(413, ErrorBody.of("Payload Too Large", e.getMessage()));
            }
            return respond(400, ErrorBody.of("Bad Request", e.getMessage()));
        }
    }

    /** Anything else: logged with its stack trace, answered without any internal detail. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ApiError apiError) {
                    return respond(apiError.status(), apiError.body());
                }
                if (cause instanceof JsonException) {
                    // a body read as a JSON object that is not one (syntax, or an array)
                    return malformedJson();
                }
                if (cause instanceof UidConflict) {
                    return respond(409, ErrorBody.of("Conflict", cause.getMessage()));
                }
                if (cause instanceof InvalidCalendarObject invalid) {
                    return new InvalidCalendarObjects().toResponse(invalid);
                }
                if (cause instanceof OptimisticLockException) {
                    // another request changed the same resource between our read and our write
                    return respond(409, ErrorBody.of("Conflict", "The resource was changed by another request; read it again and retry"));
                }
            }
            return serverError(e instanceof EJBException && e.getCause() != null ? e.getCause() : e);
        }

        static Response serverError(Throwable e) {
            LOG.log(Level.SEVERE, "Unexpected failure answering a REST request", e);
            return respond(500, ErrorBody.of("Internal Server Error", "Something went wrong on our side; it has been logged"));
        }
    }
}
