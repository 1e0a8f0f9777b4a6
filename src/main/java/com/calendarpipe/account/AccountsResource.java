package com.calendarpipe.account;

import com.calendarpipe.Refused;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.Optional;
import java.util.Set;

/**
 * The caller's account ({@code GET}, {@code PATCH /account}), proving its email, the admins' setup
 * and their plan changes. Sign-up is auth/SignUpResource's, beside sign-in.
 */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountsResource {

    @Inject
    AccountService accounts;

    @Inject
    EmailProof proof;

    @Context
    HttpServletRequest request;

    @GET
    @Path("account")
    @Operation(summary = "The caller's account")
    public Data<AccountView> current() {
        return view(Caller.of(request).account());
    }

    @PATCH
    @Path("account")
    @Operation(summary = "Change the caller's account settings",
            description = "Any subset of `displayName` and `shareFreeBusy`; the fields left out are kept.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "A field is invalid, one detail per field",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<AccountView> update(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = AccountChangeRequest.class))) JsonObject body) {
        return view(accounts.update(Caller.of(request).account().getId(), AccountChangeRequest.of(body)));
    }

    @POST
    @Path("account/email-verification")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a new link to prove the account's email",
            description = "Replaces any earlier link; a link works for 24 hours, once. Only where the server can send "
                    + "mail (an SMTP server is set).")
    @APIResponse(responseCode = "202", description = "The link is on its way")
    @APIResponse(responseCode = "409", description = "The email is proved already, or the server sends no mail",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "A link went out less than a minute ago: `Retry-After` says when",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response sendVerification() {
        proof.resend(Caller.of(request).account().getId());
        return Response.accepted().build();
    }

    @POST
    @Path("email-verifications")
    @SecurityRequirements
    @Operation(summary = "Prove an email with the token of its link",
            description = "Open to all: the token, from the link mailed to the address, is the credential. The "
                    + "console's link carries it after `#verify-email=`, which browsers never send to a server.")
    @APIResponse(responseCode = "200", description = "The account whose email is now proved",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "The token is unknown, used or expired",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<AccountView> verifyEmail(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TokenBody.class))) JsonObject body) {
        return view(proof.verify(TokenBody.of(body)));
    }

    @POST
    @Path("account/email")
    @Operation(summary = "Change the account's email", description = "Console session in sudo mode only. A link goes "
            + "to the new address and a notice to the current one; the email changes when the link is opened "
            + "(`POST /email-changes`, within 24 hours), and until then nothing is sent or routed to the new address. "
            + "CalDAV clients then sign in with the new address as user name. Only where the server sends mail.")
    @APIResponse(responseCode = "202", description = "The link is on its way; `pendingEmail` shows the address",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "Not an address, or the account's own (a detail `email`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Made with an API key, or not in sudo mode (a detail `sudo`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Another account has this address (or one like it), or the server "
            + "sends no mail", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response changeEmail(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = EmailBody.class))) JsonObject body) {
        Sudo.require(request, "The email is changed in the web console, not with an API key");
        Account account = proof.requestChange(Caller.of(request).account().getId(), EmailBody.of(body));
        return Response.accepted(view(account)).build();
    }

    @POST
    @Path("email-changes")
    @SecurityRequirements
    @Operation(summary = "Confirm an email change with the token of its link",
            description = "Open to all: the token, from the link mailed to the new address, is the credential. The "
                    + "console's link carries it after `#change-email=`.")
    @APIResponse(responseCode = "200", description = "The account, with its new email",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "The token is unknown, used or expired",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Another account took the address meanwhile",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<AccountView> confirmEmailChange(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TokenBody.class))) JsonObject body) {
        return view(proof.confirmChange(TokenBody.of(body)));
    }

    /** {@code {"email": "…"}}: 400 with a detail when it is missing or not a string. */
    @Schema(name = "EmailBody")
    record EmailBody(@Schema(required = true) String email) {

        static String of(JsonObject body) {
            JsonInput input = JsonInput.of(body, Set.of("email"), Set.of());
            Optional<String> email = input.string("email");
            if (email.isEmpty() && !input.failed("email")) {
                input.fail("email", "is required");
            }
            input.check();
            return email.get();
        }
    }

    @POST
    @Path("account/admin-setup")
    @Operation(summary = "Become an admin with the setup token from the server log",
            description = "Console session only. For an account whose email is listed in `CALENDARPIPE_ADMINS`, where "
                    + "the server sends no mail: the one-time token the server wrote to its log at start-up makes the "
                    + "account an admin, and proves its email.")
    @APIResponse(responseCode = "200", description = "The account, now an admin",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "The token is unknown, used or expired",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Made with an API key, or the email is not listed",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<AccountView> confirmAdmin(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TokenBody.class))) JsonObject body) {
        Caller caller = Caller.of(request);
        if (caller.viaKey()) {
            throw Refused.forbidden("Only the console session may do this, not an API key");
        }
        return view(proof.confirmAdmin(caller.account(), TokenBody.of(body), accounts.listedAdmin(caller.account())));
    }

    /** {@code {"token": "…"}}: 400 with a detail when it is missing or not a string. */
    @Schema(name = "TokenBody")
    record TokenBody(@Schema(required = true) String token) {

        static String of(JsonObject body) {
            JsonInput input = JsonInput.of(body, Set.of("token"), Set.of());
            Optional<String> token = input.string("token");
            if (token.isEmpty() && !input.failed("token")) {
                input.fail("token", "is required");
            }
            input.check();
            return token.get();
        }
    }

    private Data<AccountView> view(Account account) {
        return Data.of(AccountView.from(account, accounts.listedAdmin(account)));
    }

    @PATCH
    @Path("admin/accounts/{id}")
    @Operation(summary = "Change an account's plan",
            description = "Only for the accounts listed in `CALENDARPIPE_ADMINS` (403 for others). Immediate: "
                    + "a downgraded account's keys answer 402 from the next request; nothing is deleted.")
    public Data<AccountView> changePlan(@PathParam("id") String id,
                                        @Valid @NotNull(message = "a JSON body is required") PlanChangeRequest body) {
        return view(accounts.changePlan(Caller.of(request).account(), id, body.plan()));
    }
}
