package com.calendarpipe.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/openapi.json}: open to all, the OpenAPI document of this API. The build
 * generates it from the resources' annotations (smallrye-open-api plugin, see the pom) into the
 * classes, so it always matches the code it ships with; read once, it never changes.
 */
@ApplicationScoped
@Path("openapi.json")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class OpenApiResource {

    static final String LOCATION = "/META-INF/openapi/openapi.json";

    private static final String DOCUMENT = read();

    @GET
    @SecurityRequirements
    @Operation(summary = "This OpenAPI document")
    @APIResponse(responseCode = "200", description = "The OpenAPI 3.1 document of the API",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public String document() {
        return DOCUMENT;
    }

    private static String read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is missing: the Maven build generates it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
