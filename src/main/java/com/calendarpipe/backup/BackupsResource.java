package com.calendarpipe.backup;

import com.calendarpipe.Refused;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A backup on demand, for the server's admins signed in to the console: never with an API key,
 * which lives in scripts and CI logs, while a backup holds every account's calendars.
 */
@ApplicationScoped
@Path("admin/backups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class BackupsResource {

    @Inject
    Backups backups;

    @Inject
    AccountService accounts;

    @Context
    HttpServletRequest request;

    @POST
    @Operation(summary = "Back up the embedded database now",
            description = "Console session of an admin (`CALENDARPIPE_ADMINS`, email proved) only; never with an API key. "
                    + "Writes `calendarpipe-….zip` and its `.sha256` into `CALENDARPIPE_BACKUP_DIR` while the server serves "
                    + "(see README, Backups).")
    @APIResponse(responseCode = "201", description = "The backup, complete, with its checksum beside it",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = BackupView.class))))
    @APIResponse(responseCode = "403", description = "Made with an API key, or not by an admin",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "No backup folder is set, or the database is PostgreSQL (back it up with its own tools)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response backUp() {
        Caller caller = Caller.of(request);
        if (caller.viaKey()) {
            throw Refused.forbidden("Only an admin's console session may do this, not an API key");
        }
        if (!accounts.isAdmin(caller.account())) {
            throw Refused.forbidden("Only the server's admins may back it up");
        }
        Backups.Backup made = backups.take();
        return Response.status(Response.Status.CREATED)
                .entity(Data.of(new BackupView(made.file().getFileName().toString(), made.bytes(), made.sha256(),
                        made.took().toMillis())))
                .build();
    }

    /** A backup made: its file name in the backup folder (never the folder: the server's paths stay its own). */
    @Schema(name = "Backup")
    public record BackupView(String name, long bytes, String sha256, long tookMs) {
    }
}
