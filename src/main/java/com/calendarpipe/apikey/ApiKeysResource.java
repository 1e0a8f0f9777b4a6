package com.calendarpipe.apikey;

import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.account.Sudo;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/api-keys}. Only a signed-in person creates or rotates keys: a request made with
 * a key gets 403, so a stolen key cannot mint its own successor. Any live key of the account may
 * list and revoke, so whoever holds a leaked key can kill it.
 */
@ApplicationScoped
@Path("api-keys")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class ApiKeysResource {

    @Inject
    ApiKeyService keys;

    @Context
    HttpServletRequest request;

    @POST
    @Operation(summary = "Create a key", description = "With the console session only, in sudo mode (a sign-in or "
            + "`POST /session/sudo` within 10 minutes; else 403 with a detail `sudo`): a request made with a key "
            + "is refused (403). The full key is in this response and never again.")
    @APIResponse(responseCode = "201", description = "The new key, in full this once",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = CreatedKeyView.class))))
    public Response create(@Valid @NotNull(message = "a JSON body is required") CreateKeyRequest body, @Context UriInfo uri) {
        Sudo.require(request, "API keys are created in the web console, not with another key");
        Caller caller = Caller.of(request);
        ApiKeyService.Created created = keys.create(caller.account(), body.name());
        return Response.created(uri.getAbsolutePathBuilder().path(created.record().getId()).build())
                .entity(Data.of(CreatedKeyView.from(created)))
                .build();
    }

    @POST
    @Path("{id}/rotate")
    @Operation(summary = "Rotate a key", description = "With the console session only, in sudo mode (else 403 with a "
            + "detail `sudo`): a request made with a key "
            + "is refused (403). Answers a new key, named after the old one plus \" (rotated)\" and shown in full "
            + "this once, as at creation; the old key keeps working for `graceSeconds` (default 86400, one day; "
            + "0 revokes it at once) and is then refused like a revoked key, from the first request after that "
            + "time. Until then the list shows the old key's `revokesAt`; afterwards it is listed as revoked at "
            + "that time. Rotating a key whose revocation is already scheduled keeps the earlier time.")
    @APIResponse(responseCode = "201", description = "The new key, in full this once",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = CreatedKeyView.class))))
    @APIResponse(responseCode = "400", description = "`graceSeconds` is not a whole number from 0 to 604800",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The request was made with an API key, or not in sudo mode",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such key in the caller's account",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The key is revoked (by hand or by an earlier rotation whose time "
            + "has come): there is nothing to rotate; generate a new key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response rotate(@PathParam("id") String id,
                           @RequestBody(required = false, description = "Optional; without it the grace period is one day",
                                   content = @Content(schema = @Schema(implementation = RotateKeyRequest.class))) JsonObject body,
                           @Context UriInfo uri) {
        Sudo.require(request, "API keys are rotated in the web console, not with another key");
        Caller caller = Caller.of(request);
        int graceSeconds = RotateKeyRequest.graceSeconds(body);
        ApiKeyService.Created created = keys.rotate(caller.account(), id, graceSeconds);
        return Response.created(uri.getBaseUriBuilder().path("api-keys").path(created.record().getId()).build())
                .entity(Data.of(CreatedKeyView.from(created)))
                .build();
    }

    /**
     * The same rotation sent with no body at all, as {@code curl -X POST} does: without a
     * Content-Type, the JSON method above would answer 415. A body of another type still is a 415.
     */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response rotateWithoutBody(@PathParam("id") String id, @Context UriInfo uri) {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            throw new NotSupportedException();
        }
        return rotate(id, null, uri);
    }

    @GET
    @Operation(summary = "List the keys", description = "Newest first, revoked ones too; with prefix and last use, never the key. "
            + "A rotated key shows `revokesAt` until its scheduled revocation, and `revokedAt` (that time) after it.")
    public Data<List<ApiKeyView>> list() {
        return Data.of(keys.list(Caller.of(request).account()).stream().map(ApiKeyView::from).toList());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a key", description = "With the session or any live key of the account; "
            + "the very next request with the revoked key gets 401. Cannot be undone.")
    @APIResponse(responseCode = "204", description = "Revoked (also when it already was)")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(Caller.of(request).account(), id);
        return Response.noContent().build();
    }
}
