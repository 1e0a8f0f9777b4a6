package com.calendarpipe.privacy;

import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.Sudo;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/account/export} and {@code DELETE /api/v1/account}: the account's data taken away, or ended. */
@ApplicationScoped
@Path("")
@Tag(name = "Accounts")
public class AccountDataResource {

    @Inject
    AccountExport export;

    @Inject
    AccountDeletion deletion;

    @Inject
    AccountService accounts;

    @Context
    HttpServletRequest request;

    @GET
    @Path("account/export")
    @Produces("application/zip")
    @Operation(summary = "Export the account's data", description = "A ZIP: `account.json`, every calendar as "
            + "`calendars/<name>.ics` (every event, to-do and journal), `api-keys.json` (names and prefixes, never a "
            + "key) and `audit-events.json`. No password, key, two-factor secret or feed token is in it. Recorded "
            + "as `account_exported`.")
    @APIResponse(responseCode = "200", description = "The ZIP, as an attachment",
            content = @Content(mediaType = "application/zip"))
    public Response export() {
        var account = Caller.of(request).account();
        byte[] zip = export.zip(accounts.find(account.getId()).orElse(account), accounts.listedAdmin(account));
        String name = "calendarpipe-export-" + LocalDate.now(ZoneOffset.UTC) + ".zip";
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @Path("account")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete the account", description = "Console session in sudo mode only. At once and for good: "
            + "every API key is revoked on every node before this answers (the next request with one is a 401), the "
            + "account's pending mail is cancelled, and its calendars, events, to-dos, invitations, scheduling inbox "
            + "and keys are deleted. Its audit trail keeps only each event's kind and time, under a random id, until "
            + "`CALENDARPIPE_AUDIT_RETENTION_DAYS` have passed. Export first if you want your data.")
    @APIResponse(responseCode = "204", description = "Deleted; this session is over")
    @APIResponse(responseCode = "403", description = "Made with an API key, or not in sudo mode (a detail `sudo`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response delete() {
        Sudo.require(request, "An account is deleted in the web console, not with an API key");
        deletion.delete(Caller.of(request).account().getId());
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }
}
