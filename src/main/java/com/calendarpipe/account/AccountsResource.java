package com.calendarpipe.account;

import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-up ({@code POST /accounts}), the caller's account ({@code GET /account}) and admin plan changes. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountsResource {

    @Inject
    AccountService accounts;

    @Context
    HttpServletRequest request;

    @POST
    @Path("accounts")
    @SecurityRequirements
    @Operation(summary = "Sign up", description = "Open to all. A new account gets the server's default plan "
            + "(Pro on a self-hosted install); sign in with `POST /session` to create keys.")
    @APIResponse(responseCode = "201", description = "The new account",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "403", description = "Sign-up is closed on this server",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "An account with this email exists (in any letter case)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response signUp(@Valid @NotNull(message = "a JSON body is required") SignUpRequest body, @Context UriInfo uri) {
        Account account = accounts.signUp(body);
        return Response.created(uri.getBaseUriBuilder().path("account").build())
                .entity(Data.of(AccountView.from(account)))
                .build();
    }

    @GET
    @Path("account")
    @Operation(summary = "The caller's account")
    public Data<AccountView> current() {
        return Data.of(AccountView.from(Caller.of(request).account()));
    }

    @PATCH
    @Path("admin/accounts/{id}")
    @Operation(summary = "Change an account's plan",
            description = "Only for the accounts listed in `CALENDARPIPE_ADMINS` (403 for others). Immediate: "
                    + "a downgraded account's keys answer 402 from the next request; nothing is deleted.")
    public Data<AccountView> changePlan(@PathParam("id") String id,
                                        @Valid @NotNull(message = "a JSON body is required") PlanChangeRequest body) {
        return Data.of(AccountView.from(accounts.changePlan(Caller.of(request).account(), id, body.plan())));
    }
}
