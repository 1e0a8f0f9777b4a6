package com.calendarpipe.account;

import com.calendarpipe.rest.Data;
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

/** Sign-up ({@code POST /accounts}), the caller's account ({@code GET /account}) and admin plan changes. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {

    @Inject
    AccountService accounts;

    @Context
    HttpServletRequest request;

    @POST
    @Path("accounts")
    public Response signUp(@Valid @NotNull(message = "a JSON body is required") SignUpRequest body, @Context UriInfo uri) {
        Account account = accounts.signUp(body);
        return Response.created(uri.getBaseUriBuilder().path("account").build())
                .entity(Data.of(AccountView.from(account)))
                .build();
    }

    @GET
    @Path("account")
    public Data<AccountView> current() {
        return Data.of(AccountView.from(Caller.of(request).account()));
    }

    @PATCH
    @Path("admin/accounts/{id}")
    public Data<AccountView> changePlan(@PathParam("id") String id,
                                        @Valid @NotNull(message = "a JSON body is required") PlanChangeRequest body) {
        return Data.of(AccountView.from(accounts.changePlan(Caller.of(request).account(), id, body.plan())));
    }
}
