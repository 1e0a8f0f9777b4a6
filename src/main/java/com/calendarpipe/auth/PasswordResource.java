package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.Sudo;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code PUT /api/v1/account/password}: a new password, with the console session only, which
 * signs out every other session of the account on every node (sessions live in a distributed
 * cache that cannot be searched by account, so the account row says from when sessions count:
 * see ConsoleSession). A wrong current password is a 400 naming {@code currentPassword} (not a
 * 401: the caller is signed in, and the console takes a 401 for the end of its session), and it
 * is counted by the throttle as a failed sign-in, so a borrowed session cannot guess the
 * password to take the account over.
 */
@ApplicationScoped
@Path("account/password")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class PasswordResource {

    /** The body; the new password follows sign-up's rules (account/SignUpRequest). */
    public record ChangePasswordRequest(
            @NotNull(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
            String currentPassword,
            @NotNull(message = "is required") @Size(min = 10, max = 200, message = "must be 10 to 200 characters")
            String newPassword) {

        @Override
        public String toString() {
            return "ChangePasswordRequest[…]";   // never a password in a log line
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    Throttle throttle;

    @Context
    HttpServletRequest request;

    @PUT
    @Operation(summary = "Change the password", description = "With the console session only (403 with a key), in "
            + "sudo mode (else 403 with a detail `sudo`). "
            + "Every other console session of the account, on every node, is signed out from its next request; "
            + "this one stays signed in. API keys are not affected.")
    @APIResponse(responseCode = "204", description = "Changed; the other sessions are over")
    @APIResponse(responseCode = "400", description = "A field is missing or `newPassword` is not 10 to 200 characters, "
            + "or `currentPassword` is wrong (a detail names `currentPassword`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The request was made with an API key, or not in sudo mode",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many failed password checks (sign-ins included) from this "
            + "address or for this account: try again after `Retry-After` seconds",
            headers = @Header(name = "Retry-After", description = "Seconds until it may be tried again",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response change(@Valid @NotNull(message = "a JSON body is required") ChangePasswordRequest body) {
        Sudo.require(request, "The password is changed in the web console, not with an API key");
        Caller caller = Caller.of(request);
        String email = caller.account().getEmail();
        String address = ClientAddress.of(request);
        throttle.refuseWhilePasswordsWait(address, email);
        // this session is re-stamped before the change commits, so that none of its own requests
        // (the console may have some under way) is ever taken for an older session's
        Long before = ConsoleSession.signedIn(request);
        Instant from = Instant.ofEpochMilli(System.currentTimeMillis());
        ConsoleSession.stamp(request, from.toEpochMilli());
        boolean changed = false;
        try {
            changed = accounts.changePassword(caller.account().getId(), body.currentPassword(), body.newPassword(), from);
        } finally {
            if (!changed && before != null) {
                ConsoleSession.stamp(request, before);
            }
        }
        if (!changed) {
            throttle.passwordFailed(address, email);
            throw Refused.invalid("The current password is wrong",
                    List.of(new Refused.Detail("currentPassword", "is wrong")));
        }
        return Response.noContent().build();
    }
}
