package com.calendarpipe.auth;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.Plan;
import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's sign-in ({@code POST /api/v1/session}), the current session ({@code GET}: what a
 * reloaded console page needs again, the account and the CSRF token) and sign-out ({@code DELETE}).
 * Sign-in is throttled ({@link Throttle}): per client address, and per email, from any address.
 */
@ApplicationScoped
@Path("session")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Console session")
public class SessionResource {

    /** {@code POST /api/v1/session}. */
    public record SignInRequest(String email, String password) {

        private static final String REQUIRED = "is required";

        /**
         * The credentials of a sign-in body, or 400 with a detail per field that is missing or
         * not a string: a body that names no credential is a malformed request, not a wrong
         * password, so it is neither a 401 nor counted by the throttle. Read from JSON-P rather
         * than bound by JSON-B, which would take {@code 1} for the string "1".
         */
        static SignInRequest of(JsonValue body) {
            if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Refused.invalid("Invalid request", List.of(
                        new Refused.Detail("email", REQUIRED), new Refused.Detail("password", REQUIRED)));
            }
            JsonObject json = body.asJsonObject();
            List<Refused.Detail> details = new ArrayList<>();
            String email = field(json, "email", details);
            String password = field(json, "password", details);
            if (!details.isEmpty()) {
                throw Refused.invalid("Invalid request", details);
            }
            return new SignInRequest(email, password);
        }

        private static String field(JsonObject json, String name, List<Refused.Detail> details) {
            JsonValue value = json.get(name);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                details.add(new Refused.Detail(name, REQUIRED));
                return null;
            }
            if (value.getValueType() != JsonValue.ValueType.STRING) {
                details.add(new Refused.Detail(name, "must be a string"));
                return null;
            }
            return ((JsonString) value).getString();
        }
    }

    /** The signed-in account and the token to send as {@code X-CSRF-Token}. */
    @JsonbPropertyOrder({"id", "email", "displayName", "plan", "createdAt", "csrfToken"})
    public record SessionView(String id, String email, String displayName, Plan plan, Instant createdAt,
                              String csrfToken) {

        static SessionView of(Account account, String csrfToken) {
            return new SessionView(account.getId(), account.getEmail(), account.getDisplayName(), account.getPlan(),
                    account.getCreatedAt(), csrfToken);
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    Throttle throttle;

    @Inject
    Event<SessionEvent> events;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest request;

    @POST
    @SecurityRequirements
    @Operation(summary = "Sign in (web console)", description = "Starts a console session: an HttpOnly, "
            + "SameSite=Strict cookie (`Secure` when the request arrived over HTTPS, directly or through a trusted "
            + "proxy's `X-Forwarded-Proto`), and `csrfToken`, to send as `X-CSRF-Token` on every state-changing request.")
    @APIResponse(responseCode = "200", description = "The signed-in account and its CSRF token",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = SessionView.class))))
    @APIResponse(responseCode = "400", description = "`email` or `password` missing or not a string, one detail per field",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Wrong email or password (one answer for both)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins from this address or for this "
            + "email: try again after `Retry-After` seconds (API keys keep working meanwhile)",
            headers = @Header(name = "Retry-After", description = "Seconds until sign-in may be tried again",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response signIn(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = SignInRequest.class))) JsonValue body) {
        SignInRequest credentials = SignInRequest.of(body);
        String email = credentials.email();
        String address = ClientAddress.of(request);
        // before the password hash and the database: that is what a throttle is for
        long wait = throttle.passwordWait(address, email);
        if (wait > 0) {
            throw Refused.throttled(Throttle.TOO_MANY_FAILURES, wait);
        }
        Account account = accounts.signIn(email, credentials.password()).orElse(null);
        if (account == null) {
            // the failure first, then the throttle it may engage (auth_throttled)
            events.fire(new SessionEvent(SessionEvent.Kind.SIGN_IN_FAILED, null, email));
            throttle.passwordFailed(address, email);
            // one answer for an unknown email and a wrong password
            throw Refused.unauthenticated("Wrong email or password", null);
        }
        String csrf = ConsoleSession.start(request, account, settings.sessionIdleSeconds());
        events.fire(new SessionEvent(SessionEvent.Kind.SIGNED_IN, account.getId(), null));
        return Response.ok(Data.of(SessionView.of(account, csrf))).build();
    }

    /**
     * The signed-in session, as sign-in answered it. Without a session the mechanism has already
     * answered 401. A request made with an API key has no console session to show: 404.
     */
    @GET
    @Operation(summary = "The current console session", description = "What a reloaded console page needs "
            + "again: the signed-in account and its `csrfToken`, answered with `Cache-Control: no-store`.")
    @APIResponse(responseCode = "200", description = "The signed-in account and its CSRF token",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = SessionView.class))))
    @APIResponse(responseCode = "404", description = "The request was made with an API key, which has no console session",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response current() {
        Caller caller = Caller.of(request);
        String csrf = caller.viaKey() ? null : ConsoleSession.csrfToken(request).orElse(null);
        if (csrf == null) {
            throw Refused.notFound("Console session");
        }
        // the CSRF token must not linger in any cache
        return Response.ok(Data.of(SessionView.of(caller.account(), csrf))).header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Operation(summary = "Sign out")
    @APIResponse(responseCode = "204", description = "The session is over")
    public Response signOut() {
        Caller.on(request).filter(caller -> !caller.viaKey())
                .ifPresent(caller -> events.fire(new SessionEvent(SessionEvent.Kind.SIGNED_OUT, caller.account().getId(), null)));
        ConsoleSession.end(request);
        return Response.noContent().build();
    }
}
