package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The catch-all: a 500 in the envelope that says nothing internal, with the failure logged. */
class ErrorMappersTest {

    private static final String SECRET = "password=hunter2 at jdbc:postgresql://db.internal/prod";

    @Test
    void anUnexpectedFailureIsA500WithoutItsDetailsButLogged() {
        Logger logger = Logger.getLogger(ErrorMappers.class.getName());
        LogRecord[] logged = new LogRecord[1];
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged[0] = record;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);   // keep the expected stack trace out of the build output
        try {
            Response response = new ErrorMappers.Unexpected().toResponse(
                    new EJBException(new IllegalStateException(SECRET, new SQLException(SECRET))));
            assertEquals(500, response.getStatus());
            String body = (String) response.getEntity();
            assertEquals("{\"error\":\"Internal Server Error\",\"message\":\"Something went wrong on our side; it has been logged\"}",
                    body);
            assertFalse(body.contains("hunter2"));
            assertEquals(Level.SEVERE, logged[0].getLevel());
            assertEquals(SECRET, logged[0].getThrown().getCause().getMessage(), "the failure and its causes are logged for the operator");
        } finally {
            logger.setUseParentHandlers(true);
            logger.removeHandler(capture);
        }
    }

    @Test
    void anEjbExceptionIsUnexpectedWhateverItWraps() {
        // a Refused never arrives wrapped (it is an application exception): what does is a failure
        Response response = new ErrorMappers.Unexpected().toResponse(new EJBException(Refused.notFound("API key")));
        assertEquals(500, response.getStatus());
    }

    @Test
    void aWriteTheDatabaseStoppedWaitingForIsA503TryAgainWithoutItsDetails() {
        // as Hibernate and the EJB container hand on a lock timeout (H2, PostgreSQL) or a deadlock
        for (String state : List.of("HYT00", "55P03", "40001", "40P01")) {
            Response response = new ErrorMappers.Unexpected().toResponse(new EJBException(new IllegalStateException(
                    "could not execute statement", new SQLException(SECRET, state))));
            assertEquals(503, response.getStatus(), state);
            String body = (String) response.getEntity();
            assertTrue(body.contains("nothing was changed. Try again."), body);
            assertFalse(body.contains("hunter2"), body);
        }
        Response other = new ErrorMappers.Unexpected().toResponse(new EJBException(new SQLException(SECRET, "23505")));
        assertEquals(500, other.getStatus(), "any other database failure stays unexpected");
    }

    @Test
    void eachKindOfRefusalHasItsStatusAndTheRefusalsWordsOnly() {
        Map<Refused.Kind, Integer> expected = Map.ofEntries(Map.entry(Refused.Kind.INVALID, 400),
                Map.entry(Refused.Kind.UNAUTHENTICATED, 401), Map.entry(Refused.Kind.PAYMENT_REQUIRED, 402),
                Map.entry(Refused.Kind.FORBIDDEN, 403), Map.entry(Refused.Kind.NOT_FOUND, 404),
                Map.entry(Refused.Kind.CONFLICT, 409), Map.entry(Refused.Kind.PRECONDITION_FAILED, 412),
                Map.entry(Refused.Kind.TOO_LARGE, 413), Map.entry(Refused.Kind.TOO_COSTLY, 422),
                Map.entry(Refused.Kind.THROTTLED, 429), Map.entry(Refused.Kind.UNAVAILABLE, 503));
        assertEquals(Set.of(Refused.Kind.values()), expected.keySet(), "every kind is translated");
        expected.forEach((kind, status) -> assertEquals(status,
                new ErrorMappers.Refusals().toResponse(new Refused(kind, "Some sentence")).getStatus(), kind::name));

        Response throttled = new ErrorMappers.Refusals().toResponse(Refused.throttled("Too many sign-ups", 42));
        assertEquals("42", throttled.getHeaderString("Retry-After"), "a 429 says when to come back");
        Response unauthenticated = new ErrorMappers.Refusals().toResponse(Refused.unauthenticated("Wrong email or password", null));
        assertEquals("Bearer realm=\"CalendarPipe\"", unauthenticated.getHeaderString("WWW-Authenticate"), "a 401 challenges");
        Response signature = new ErrorMappers.Refusals().toResponse(Refused.unauthenticated("Unsigned", "Signature realm=\"x\""));
        assertEquals("Signature realm=\"x\"", signature.getHeaderString("WWW-Authenticate"), "with the scheme it names");

        Response notFound = new ErrorMappers.Refusals().toResponse(Refused.notFound("API key"));
        assertEquals("{\"error\":\"Not Found\",\"message\":\"API key not found\"}", notFound.getEntity());
        Response invalid = new ErrorMappers.Refusals().toResponse(Refused.invalid("Invalid request",
                List.of(new Refused.Detail("name", "is required"))));
        assertEquals("{\"error\":\"Bad Request\",\"message\":\"Invalid request\",\"details\":"
                + "[{\"field\":\"name\",\"message\":\"is required\"}]}", invalid.getEntity());
    }
}
