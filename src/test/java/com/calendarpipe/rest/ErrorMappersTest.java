package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
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
            assertEquals(SECRET, logged[0].getThrown().getMessage(), "the cause is logged for the operator");
        } finally {
            logger.setUseParentHandlers(true);
            logger.removeHandler(capture);
        }
    }

    @Test
    void anApiErrorInsideAnEjbExceptionKeepsItsStatus() {
        Response response = new ErrorMappers.Unexpected().toResponse(new EJBException(ApiError.notFound("API key")));
        assertEquals(404, response.getStatus());
        assertEquals("{\"error\":\"Not Found\",\"message\":\"API key not found\"}", response.getEntity());
    }
}
