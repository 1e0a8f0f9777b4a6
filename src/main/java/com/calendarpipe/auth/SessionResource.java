package com.calendarpipe.auth;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.CodeRequest;
import com.calendarpipe.account.Plan;
import com.calendarpipe.account.Sudo;
import com.calendarpipe.account.TwoFactor;
import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.JsonInput;
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
import java.util.Set;
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
 * For an account with two-factor sign-in the password only opens a half sign-in (ConsoleSession),
 * which {@code POST /session/second-factor} completes with a code; and {@code POST /session/sudo}
 * proves the person again for sudo mode (account/Sudo). Every password and code check is
 * throttled ({@link Throttle}): per client address, and per email, from any address.
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
    TwoFactor twoFactor;

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
    @APIResponse(responseCode = "202", description = "The password is right and the account has two-factor sign-in: "
            + "send a code to `/api/v1/session/second-factor` with the cookie this sets",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = SecondFactorRequired.class))))
    @APIResponse(responseCode = "400", description = "`email` or `password` missing or not a string, one detail per field",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Password sign-in is turned off (`CALENDARPIPE_PASSWORD_SIGN_IN=off` "
            + "with single sign-on configured): sign in through `/api/v1/sso/start`",
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
        if (settings.passwordSignInOff()) {
            throw Refused.forbidden("Password sign-in is turned off on this server: sign in with single sign-on "
                    + "(GET /api/v1/sso/start)");
        }
        SignInRequest credentials = SignInRequest.of(body);
        String email = credentials.email();
        String address = ClientAddress.of(request);
        throttle.refuseWhilePasswordsWait(address, email);
        Account account = accounts.signIn(email, credentials.password()).orElse(null);
        if (account == null) {
            // the failure first, then the throttle it may engage (auth_throttled)
            events.fire(new SessionEvent(SessionEvent.Kind.SIGN_IN_FAILED, null, email));
            throttle.passwordFailed(address, email);
            // one answer for an unknown email and a wrong password
            throw Refused.unauthenticated("Wrong email or password", null);
        }
        if (account.hasMfa()) {
            // the password alone signs nobody in: the second step proves the second factor
            ConsoleSession.startPending(request, account);
            return Response.accepted(Data.of(new SecondFactorRequired(true))).build();
        }
        return signedIn(account);
    }

    private Response signedIn(Account account) {
        String csrf = ConsoleSession.start(request, account, settings.sessionIdleSeconds());
        // a sign-in is a proof: sudo mode for the window that follows
        Sudo.confirmed(request);
        events.fire(new SessionEvent(SessionEvent.Kind.SIGNED_IN, account.getId(), null));
        return Response.ok(Data.of(SessionView.of(account, csrf))).build();
    }

    /** The answer to a right password of an account with two-factor sign-in: send a code next. */
    public record SecondFactorRequired(
            @Schema(description = "Always true: POST the code to /api/v1/session/second-factor with the cookie just set")
            boolean secondFactorRequired) {
    }

    @POST
    @Path("second-factor")
    @SecurityRequirements
    @Operation(summary = "Sign in, second step: the two-factor code",
            description = "After a sign-in answered 202 (`secondFactorRequired`), within 5 minutes and with the cookie "
                    + "it set: `code` is six digits from the authenticator app or one of the recovery codes (used up "
                    + "by this). A code is accepted once. Five wrong codes end the half sign-in; wrong codes are "
                    + "throttled like wrong passwords.")
    @APIResponse(responseCode = "200", description = "Signed in: the account and its CSRF token",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = SessionView.class))))
    @APIResponse(responseCode = "400", description = "`code` missing or not a string",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Wrong or used code, or no half sign-in (sign in with the password again)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many failed attempts: try again after `Retry-After` seconds",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response secondFactor(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = CodeRequest.class))) JsonObject body) {
        String code = CodeRequest.of(body);
        Account account = ConsoleSession.pendingAccount(request).flatMap(accounts::find).orElse(null);
        if (account == null) {
            throw Refused.unauthenticated("Sign in with your password first (the last one was more than 5 minutes ago)", null);
        }
        String address = ClientAddress.of(request);
        throttle.refuseWhilePasswordsWait(address, account.getEmail());
        if (twoFactor.check(account.getId(), code).isEmpty()) {
            events.fire(new SessionEvent(SessionEvent.Kind.SIGN_IN_FAILED, null, account.getEmail()));
            throttle.passwordFailed(address, account.getEmail());
            if (ConsoleSession.pendingFailed(request)) {
                ConsoleSession.end(request);
                throw Refused.unauthenticated("Wrong code, five times: sign in with your password again", null);
            }
            throw Refused.unauthenticated("Wrong code, or one used already", null);
        }
        return signedIn(account);
    }

    @POST
    @Path("sudo")
    @Operation(summary = "Confirm it is you (sudo mode)",
            description = "With the console session only. `password`, or `code` (a two-factor code or a recovery code) "
                    + "for an account that has two-factor sign-in. For the next 10 minutes (`CALENDARPIPE_SUDO_WINDOW`) "
                    + "the session may create and rotate API keys, change the password or email, turn two-factor "
                    + "sign-in on or off, and delete the account; a sign-in counts as a confirmation too, single sign-on's "
                    + "included (`/api/v1/sso/start?reauthenticate=true`). With password sign-in off, a password is refused here.")
    @APIResponse(responseCode = "204", description = "Confirmed")
    @APIResponse(responseCode = "400", description = "Neither or both of `password` and `code`, or the one given is wrong "
            + "(a detail names it; not a 401, which would end the console's session)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The request was made with an API key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many failed attempts: try again after `Retry-After` seconds",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response sudo(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = SudoRequest.class))) JsonObject body) {
        Caller caller = Caller.of(request);
        if (caller.viaKey()) {
            throw Refused.forbidden("Only a console session confirms itself, not an API key");
        }
        SudoRequest proof = SudoRequest.of(body);
        if (proof.password() != null && settings.passwordSignInOff()) {
            // a password that no longer signs in proves nothing either
            throw Refused.invalidField("password", "password sign-in is off: give a two-factor code, or sign in again "
                    + "with single sign-on (GET /api/v1/sso/start?reauthenticate=true)");
        }
        Account account = caller.account();
        String address = ClientAddress.of(request);
        throttle.refuseWhilePasswordsWait(address, account.getEmail());
        boolean proved = proof.password() != null
                ? accounts.passwordMatches(account.getId(), proof.password())
                : twoFactor.check(account.getId(), proof.code()).isPresent();
        if (!proved) {
            throttle.passwordFailed(address, account.getEmail());
            String field = proof.password() != null ? "password" : "code";
            throw Refused.invalidField(field, "is wrong");
        }
        Sudo.confirmed(request);
        events.fire(new SessionEvent(SessionEvent.Kind.SUDO_CONFIRMED, account.getId(), null));
        return Response.noContent().build();
    }

    /** {@code {"password": "…"}} or {@code {"code": "…"}}, exactly one. */
    public record SudoRequest(String password, String code) {

        static SudoRequest of(JsonObject body) {
            JsonInput input = JsonInput.of(body, Set.of("password", "code"), Set.of());
            String password = input.string("password").orElse(null);
            String code = input.string("code").orElse(null);
            if ((password == null) == (code == null) && !input.failed("password") && !input.failed("code")) {
                input.fail(password == null ? "password" : "code", "give either password or code");
            }
            input.check();
            return new SudoRequest(password, code);
        }

        @Override
        public String toString() {
            return "SudoRequest[…]";   // never a password in a log line
        }
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
