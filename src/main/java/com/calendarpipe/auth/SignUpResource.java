package com.calendarpipe.auth;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.AccountView;
import com.calendarpipe.account.SignUpRequest;
import com.calendarpipe.Refused;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sign-up ({@code POST /api/v1/accounts}), beside sign-in as the other way in: throttled per
 * client address ({@link Throttle}), every attempt counted, before the password is hashed.
 */
@ApplicationScoped
@Path("accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class SignUpResource {

    @Inject
    AccountService accounts;

    @Inject
    Throttle throttle;

    @Context
    HttpServletRequest request;

    @POST
    @SecurityRequirements
    @Operation(summary = "Sign up", description = "Open to all. A new account gets the server's default plan "
            + "(Pro on a self-hosted install); sign in with `POST /session` to create keys. The email is compared as "
            + "people read it: case, compatibility forms (full-width letters) and lookalike characters do not make a "
            + "new address, and invisible characters or lookalike scripts mixed in one part are refused. When the "
            + "server can send mail, a link to prove the email is sent to it (see `POST /email-verifications`).")
    @APIResponse(responseCode = "201", description = "The new account",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = AccountView.class))))
    @APIResponse(responseCode = "400", description = "A field is invalid, one detail per field",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Sign-up is closed on this server",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "An account with this email, or one that looks like it, exists",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many sign-ups from this address: try again after `Retry-After` seconds",
            headers = @Header(name = "Retry-After", description = "Seconds until sign-up may be tried again",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response signUp(@Valid @NotNull(message = "a JSON body is required") SignUpRequest body, @Context UriInfo uri) {
        String address = ClientAddress.of(request);
        long wait = throttle.signUpWait(address);
        if (wait > 0) {
            throw Refused.throttled("Too many sign-ups from this address; try again later", wait);
        }
        throttle.signedUp(address);
        Account account = accounts.signUp(body);
        return Response.created(uri.getBaseUriBuilder().path("account").build())
                .entity(Data.of(AccountView.from(account, accounts.listedAdmin(account))))
                .build();
    }
}
