package com.calendarpipe.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every REST resource lives under {@code /api/v1}; resources and mappers are discovered by
 * scanning. Resources are {@code @ApplicationScoped}: one instance serves all requests, since a
 * per-request resource rebuilds its injections (EJB proxies) on every call, which measured
 * costlier than the whole API-key check.
 * <p>
 * The annotations head the API's OpenAPI document ({@link OpenApiResource}): every operation
 * needs the Bearer key unless it says otherwise with an empty {@code @SecurityRequirements}, as
 * the open endpoints that {@code auth.Route} lets through do.
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
        info = @Info(
                title = "CalendarPipe API",
                // the project's version, set by the build (infoVersion in the pom)
                version = "",
                description = """
                        The JSON REST API of a CalendarPipe server: accounts, API keys, hosted calendars and their events.

                        Authenticate with an API key of a Pro account, sent as `Authorization: Bearer cp_…` \
                        (**Authorize** above). The web console's session cookie works too; its state-changing \
                        requests also need the `X-CSRF-Token` header it got at sign-in.

                        Success bodies are `{"data": …}`; paged lists add `"meta": {offset, limit, total, has_more}`; \
                        204 has no body. Every error is the `ErrorBody` envelope \
                        `{"error", "message", "details"}`, `details` naming each invalid field."""),
        security = @SecurityRequirement(name = "bearer"),
        // in reading order; each resource class names its tag
        tags = {
                @Tag(name = "Accounts", description = "Sign-up, the caller's account, and plan changes by admins"),
                @Tag(name = "Console session", description = "The web console's sign-in"),
                @Tag(name = "API keys", description = "Pro. Created with the console session only, and shown once"),
                @Tag(name = "Hosted calendars", description = "Pro. Calendars hosted here, with their feed token"),
                @Tag(name = "Events", description = "Pro. The events of hosted calendars, in the public service's shape"),
                @Tag(name = "Service", description = "Open to all")},
        components = @Components(
                // the error responses that refer to it are added by OpenApiErrors
                schemas = @Schema(name = "ErrorBody", implementation = ErrorBody.class),
                headers = @Header(name = "ETag", description = "The resource's version, for `If-Match`",
                        schema = @Schema(type = SchemaType.STRING))))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "cp_ key",
        description = "An API key: `cp_` and 64 lowercase hex digits, created in the web console and shown once. "
                + "A missing, malformed, unknown or revoked key is a 401; a key of an account on the Free plan, a 402.")
public class RestApplication extends Application {
}
