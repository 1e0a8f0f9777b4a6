package com.calendarpipe.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/status}: open to all, touches no database; for load balancers and uptime checks. */
@ApplicationScoped
@Path("status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class StatusResource {

    /** {@code {"status": "ok", "version": …}}. */
    public record Status(String status, String version) {
    }

    private static final Status OK = new Status("ok", buildVersion());

    @GET
    @SecurityRequirements
    @Operation(summary = "Service status", description = "Open to all; touches no database.")
    public Data<Status> status() {
        return Data.of(OK);
    }

    /** The build's version, as {@code /status} shows it (the MCP endpoint's serverInfo names it too). */
    public static String version() {
        return OK.version();
    }

    private static String buildVersion() {
        try (InputStream in = StatusResource.class.getResourceAsStream("/calendarpipe.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
