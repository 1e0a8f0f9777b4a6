package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.SecretBox;
import com.calendarpipe.Secrets;
import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Sudo;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Single sign-on with the operator's OpenID Connect provider ({@link OidcProvider}): the console's
 * "Sign in with …" goes to {@code /start}, which sends the browser to the provider; the provider
 * sends it back to {@code /callback} with a code, which becomes a console session for the account
 * whose address the provider vouched for (its {@code email}, with {@code email_verified}).
 * <p>
 * The sign-in's state, nonce and PKCE verifier travel in a cookie sealed with the secrets key
 * (any node of a cluster opens it), {@code SameSite=Lax} and limited to these paths: the console's
 * own session cookie is {@code SameSite=Strict}, which a browser does not send on the navigation
 * back from the provider. The cookie binds the callback to the browser that started the sign-in
 * (no one can sign a victim into the attacker's account with a code of their own); it lives
 * {@link #PENDING_LIFETIME} and is gone after one callback.
 * <p>
 * Only an account whose own address is confirmed is signed in: someone could otherwise sign up
 * with a colleague's address, wait for the colleague to arrive through the provider and use the
 * account, and sign in later with the password they chose. An account with two-factor sign-in
 * still asks for its code. The callback answers the browser with a redirect to the console in
 * every case, the outcome in the fragment ({@code #/sso/failed/<reason>}), never a token.
 */
@ApplicationScoped
@Path("sso")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Console session")
public class SsoResource {

    private static final Logger LOG = Logger.getLogger(SsoResource.class.getName());
    static final String COOKIE = "CP_SSO";
    private static final String COOKIE_PATH = "/api/v1/sso/";
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** A code or state longer than this is no provider's: refused before any work. */
    private static final int MAX_PARAMETER = 2048;

    /** What the console needs to offer single sign-on. */
    @JsonbPropertyOrder({"enabled", "name", "passwordSignIn"})
    public record SsoView(
            @Schema(description = "Whether single sign-on is configured: then GET /api/v1/sso/start signs in") boolean enabled,
            @Schema(description = "The provider's name for the button, when enabled") String name,
            @Schema(description = "Whether the console signs in with a password too") boolean passwordSignIn) {
    }

    /** The sealed cookie's content: this sign-in's secrets and when it expires. */
    record Pending(String state, String nonce, String verifier, long expiresAt) {

        String seal(SecretBox box) {
            String sealed = box.seal(String.join("|", "1", state, nonce, verifier, Long.toString(expiresAt)));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.getBytes(StandardCharsets.UTF_8));
        }

        /** The pending sign-in the cookie holds, if it opens, is whole and has not expired. */
        static Optional<Pending> open(SecretBox box, String cookie, long now) {
            try {
                String[] parts = box.open(new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8))
                        .split("\\|", -1);
                if (parts.length != 5 || !"1".equals(parts[0])) {
                    return Optional.empty();
                }
                Pending pending = new Pending(parts[1], parts[2], parts[3], Long.parseLong(parts[4]));
                return now < pending.expiresAt() ? Optional.of(pending) : Optional.empty();
            } catch (IllegalArgumentException | IllegalStateException e) {
                // not base64, altered, sealed by a key no longer configured, or not a number
                return Optional.empty();
            }
        }
    }

    @Inject
    OidcProvider provider;

    @Inject
    AccountService accounts;

    @Inject
    SecretBox box;

    @Inject
    Throttle throttle;

    @Inject
    Settings settings;

    @Inject
    Event<SessionEvent> events;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @GET
    @SecurityRequirements
    @Operation(summary = "How the console signs in", description = "Whether single sign-on is configured "
            + "(`CALENDARPIPE_OIDC_ISSUER`, client id and secret) and under what name, and whether password sign-in is on.")
    @APIResponse(responseCode = "200", description = "The sign-in methods",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = SsoView.class))))
    public Response methods() {
        Optional<OidcProvider.Config> config = provider.config();
        return Response.ok(Data.of(new SsoView(config.isPresent(), config.map(OidcProvider.Config::name).orElse(null),
                !settings.passwordSignInOff()))).build();
    }

    @GET
    @Path("start")
    @SecurityRequirements
    @Operation(summary = "Sign in with single sign-on (a browser navigation)",
            description = "Sends the browser to the OpenID Connect provider (303), with a sealed `CP_SSO` cookie that "
                    + "binds the provider's answer to this browser for 10 minutes. `reauthenticate=true` makes the "
                    + "provider ask for the credentials again: a sign-in is a sudo confirmation, so this is how an account "
                    + "without password sign-in confirms itself.")
    @APIResponse(responseCode = "303", description = "To the provider; or to the console's `#/sso/failed/provider` "
            + "when the provider cannot be reached")
    @APIResponse(responseCode = "404", description = "Single sign-on is not configured",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response start(@Parameter(description = "`true`: the provider asks for the credentials again")
                          @QueryParam("reauthenticate") String reauthenticate) {
        OidcProvider.Config config = configured();
        Pending pending = new Pending(Secrets.token(32), Secrets.token(32), Secrets.token(32),
                System.currentTimeMillis() + PENDING_LIFETIME.toMillis());
        URI authorization;
        try {
            authorization = provider.authorization(config, redirectUri(), pending.state(), pending.nonce(),
                    pending.verifier(), "true".equals(reauthenticate));
        } catch (OidcProvider.Failure failure) {
            LOG.warning("Single sign-on could not start: " + failure.getMessage());
            return toConsole("sso/failed/provider");
        }
        response.addCookie(cookie(pending.seal(box), (int) PENDING_LIFETIME.toSeconds()));
        return Response.seeOther(authorization).build();
    }

    @GET
    @Path("callback")
    @SecurityRequirements
    @Operation(summary = "Where the provider sends the browser back (the redirect URI to register)",
            description = "Exchanges the code, verifies the ID token and signs the account of its verified `email` in: "
                    + "303 to the console (`#/` signed in, `#/sso/second-factor` when the account has two-factor sign-in, "
                    + "`#/sso/failed/<reason>` otherwise: `expired`, `cancelled`, `state`, `provider`, `token`, "
                    + "`unverified`, `no-account`, `unconfirmed`, `throttled`). Register "
                    + "`<CALENDARPIPE_PUBLIC_URL>/api/v1/sso/callback` with the provider.")
    @APIResponse(responseCode = "303", description = "To the console, the outcome in the fragment")
    @APIResponse(responseCode = "404", description = "Single sign-on is not configured",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error) {
        OidcProvider.Config config = configured();
        String address = ClientAddress.of(request);
        Optional<Pending> pending = Optional.ofNullable(cookieValue())
                .flatMap(value -> Pending.open(box, value, System.currentTimeMillis()));
        // one callback per sign-in, whatever it brings
        response.addCookie(cookie("", 0));
        if (throttle.passwordWait(address, null) > 0) {
            return toConsole("sso/failed/throttled");
        }
        if (pending.isEmpty()) {
            return toConsole("sso/failed/expired");
        }
        if (error != null) {
            return toConsole("access_denied".equals(error) ? "sso/failed/cancelled" : "sso/failed/provider");
        }
        if (state == null || code == null || state.length() > MAX_PARAMETER || code.length() > MAX_PARAMETER
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.get().state().getBytes(StandardCharsets.UTF_8))) {
            throttle.passwordFailed(address, null);
            return toConsole("sso/failed/state");
        }
        OidcProvider.Identity identity;
        try {
            identity = provider.exchange(config, redirectUri(), code, pending.get().verifier(), pending.get().nonce());
        } catch (OidcProvider.Failure failure) {
            LOG.info("Single sign-on refused from " + address + ": " + failure.getMessage());
            if (failure.providerFault()) {
                return toConsole("sso/failed/provider");
            }
            throttle.passwordFailed(address, null);
            return toConsole("sso/failed/token");
        }
        if (identity.email() == null || !(identity.emailVerified() || settings.oidcTrustEmail())) {
            return toConsole("sso/failed/unverified");
        }
        Account account = accounts.findByEmail(identity.email()).orElse(null);
        if (account == null) {
            return toConsole("sso/failed/no-account");
        }
        if (!account.isEmailVerified()) {
            return toConsole("sso/failed/unconfirmed");
        }
        if (account.hasMfa()) {
            ConsoleSession.startPending(request, account);
            return toConsole("sso/second-factor");
        }
        ConsoleSession.start(request, account, settings.sessionIdleSeconds());
        Sudo.confirmed(request);
        events.fire(new SessionEvent(SessionEvent.Kind.SSO_SIGNED_IN, account.getId(), null));
        return toConsole("");
    }

    private OidcProvider.Config configured() {
        return provider.config().orElseThrow(() -> Refused.notFound("Single sign-on"));
    }

    /** The address the provider sends the browser back to: it must be registered there as is. */
    private String redirectUri() {
        return settings.publicUrl() + "/api/v1/sso/callback";
    }

    private Response toConsole(String route) {
        return Response.seeOther(URI.create(settings.publicUrl() + "/#/" + route)).build();
    }

    private String cookieValue() {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** The sealed sign-in (Secure over HTTPS: {@link SecurityHeaders}); {@code maxAge} 0 deletes it. */
    private static Cookie cookie(String value, int maxAge) {
        Cookie cookie = new Cookie(COOKIE, value);
        cookie.setPath(COOKIE_PATH);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }
}
