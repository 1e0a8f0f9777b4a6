package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.account.Caller;
import com.calendarpipe.apikey.KeyCache;
import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.apikey.KeyIdentity;
import com.calendarpipe.apikey.LastUsedRecorder;
import com.calendarpipe.cluster.Unavailable;
import com.calendarpipe.limits.RequestLimitFilter;
import com.calendarpipe.ops.Counters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The application's one authentication mechanism, run by the container on every request.
 * It decides by path ({@link Route}) what is required, extracts the credential the request
 * carries, and either establishes the {@link Caller} or answers the refusal itself.
 * <p>
 * A key costs: a format and checksum check in memory (a malformed key never reaches the
 * database), then one indexed lookup by hash that returns key, account and plan together,
 * remembered by {@link KeyCache} until a revoke or plan change evicts it (before that change's
 * call returns). Last-used is buffered in memory ({@link LastUsedRecorder}), never written per request.
 * <p>
 * Failed guesses are throttled ({@link Throttle}): a key that needs a lookup, from an address over
 * its limit, is answered 429 before the lookup, and a lookup that refuses is counted against its
 * address (and the Basic user name's account). A key this node already holds is answered from
 * memory whatever its address did, so a shared address's failures never lock out a key in use.
 * The address is the client's as {@link ClientAddress} resolves it (trusted proxies).
 * <p>
 * Three channels use keys: REST and MCP with Bearer, CalDAV with Basic or Bearer; each success
 * is recorded as the key's last use with its channel ({@code rest}, {@code caldav}, {@code mcp}).
 */
@ApplicationScoped
public class CalendarPipeAuthMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(CalendarPipeAuthMechanism.class.getName());
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> GROUPS = Set.of("user");

    @Inject
    KeyCache keys;

    @Inject
    AccountService accounts;

    @Inject
    LastUsedRecorder lastUsed;

    @Inject
    Throttle throttle;

    @Inject
    Settings settings;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Route route = Route.of(path, request.getMethod());
        try {
            if (route == Route.PUBLIC || overLimit(request)) {
                return context.doNothing();
            }
            try {
                return switch (route) {
                    case API -> api(request, response, context);
                    case MCP -> mcp(request, response, context);
                    default -> dav(request, response, context);
                };
            } catch (RuntimeException e) {
                // a console session whose lock is held on a node that does not answer (a divided cluster)
                Refused divided = Unavailable.refusal(e).orElseThrow(() -> e);
                LOG.warning("Authentication gave up waiting for another node of the cluster; answered 503 (" + e.getClass().getName() + ")");
                return refuse(request, response, route == Route.API ? Channel.REST
                        : route == Route.MCP ? Channel.MCP : Channel.CALDAV, divided);
            }
        } catch (IOException e) {
            throw new AuthenticationException(e);
        }
    }

    /**
     * True for a body declared longer than the request limit, which limits/RequestLimitFilter
     * answers 413 (before any handler, and before a byte of it is read), whoever sends it: refused
     * here, the body would have to be read to its end first (see Refusal). The request carries a
     * mark so that the filter refuses it whatever the limit is by then; without the filter, no
     * handler would find a {@link Caller} either. Costs a setting read only past 64 KiB.
     */
    private boolean overLimit(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length > Refusal.MAX_DISCARDED && length > settings.maxRequestBytes()) {
            request.setAttribute(RequestLimitFilter.OVER_LIMIT, Boolean.TRUE);
            return true;
        }
        return false;
    }

    private AuthenticationStatus api(HttpServletRequest request, HttpServletResponse response,
                                     HttpMessageContext context) throws IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return keyed(request, response, context, bearerToken(authorization), null, Channel.REST);
        }
        Optional<Account> account = ConsoleSession.accountId(request).flatMap(accounts::find);
        if (account.isEmpty()) {
            return refuse(request, response, Channel.REST, Refusal.UNAUTHORIZED);
        }
        // past its absolute lifetime, or signed in before the account's password changed (on any node)
        if (!ConsoleSession.isCurrent(request, account.get(), settings.sessionMax())) {
            ConsoleSession.end(request);
            return refuse(request, response, Channel.REST, Refusal.UNAUTHORIZED);
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !ConsoleSession.csrfMatches(request)) {
            return refuse(request, response, Channel.REST, Refusal.CSRF);
        }
        // a Free account keeps its session: Pro endpoints answer 402 themselves (ProPlanFilter)
        return login(request, context, new Caller(account.get(), null));
    }

    /**
     * The MCP endpoint: a Bearer key only, refused in the REST API's language before a byte of
     * JSON-RPC is read. The console's session is not accepted there: a browser page could
     * otherwise act with it. A browser origin not listed in the settings is refused first (the
     * Streamable HTTP transport's DNS-rebinding rule, MCP 2025-06-18 "Security Warning"), so a
     * page of a rebound host name never gets as far as a key check.
     */
    private AuthenticationStatus mcp(HttpServletRequest request, HttpServletResponse response,
                                     HttpMessageContext context) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !settings.mcpAllowedOrigins().contains(origin.strip().toLowerCase(Locale.ROOT))) {
            return refuse(request, response, Channel.MCP, Refusal.FOREIGN_ORIGIN);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            // a client's first, credential-less request: the challenge, and no failure counted
            return refuse(request, response, Channel.MCP, Refusal.UNAUTHORIZED);
        }
        return keyed(request, response, context, bearerToken(authorization), null, Channel.MCP);
    }

    /** CalDAV: a key by Basic (the account's email as user name) or by Bearer. */
    private AuthenticationStatus dav(HttpServletRequest request, HttpServletResponse response,
                                     HttpMessageContext context) throws IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            // a client's first, credential-less request: the challenge, and no failure counted
            return refuse(request, response, Channel.CALDAV, Refusal.UNAUTHORIZED);
        }
        String token = bearerToken(authorization);
        if (token != null || !startsWithIgnoreCase(authorization, "Basic ")) {
            return keyed(request, response, context, token, null, Channel.CALDAV);
        }
        String[] pair = basicPair(authorization.substring(6).trim());
        return pair == null
                ? keyed(request, response, context, null, null, Channel.CALDAV)
                : keyed(request, response, context, pair[1], pair[0], Channel.CALDAV);
    }

    /**
     * A request that presents a key (null: a credential that is no key at all), with the Basic
     * user name if any. The order is what makes the throttle safe to share an address with (see
     * {@link Throttle}): what costs nothing is answered first, whatever the address did. A
     * malformed key is refused without a lookup or a count; a key this node holds is answered
     * from memory, live or revoked, and counts nothing; only a key that needs the database waits
     * for the address's block to end, and a lookup that refuses is counted.
     */
    private AuthenticationStatus keyed(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context,
                                       String key, String email, Channel channel) throws IOException {
        if (key == null || !KeyFormat.isWellFormed(key)) {
            return conclude(request, response, context, channel, badFormat(), key != null);
        }
        String address = ClientAddress.of(request);
        Optional<KeyIdentity> remembered = keys.remembered(key);
        if (remembered.isPresent()) {
            return conclude(request, response, context, channel,
                    judge(remembered.get(), email, request, address, channel), true);
        }
        long wait = throttle.keyWait(address);
        if (wait > 0) {
            Counters.auth(Counters.Auth.THROTTLED);
            return refuse(request, response, channel, Refusal.throttled(wait));
        }
        Outcome outcome = keys.identify(key)
                .map(identity -> judge(identity, email, request, address, channel))
                .orElseGet(() -> Outcome.refused(Refusal.UNAUTHORIZED, Counters.Auth.UNKNOWN_KEY));
        if (outcome.refusal == Refusal.UNAUTHORIZED) {
            long accountWait = throttle.keyFailed(address, email);
            if (accountWait > 0) {
                // the email's account is under attack: no 401 that would confirm a guess
                return refuse(request, response, channel, Refusal.throttled(accountWait));
            }
        }
        return conclude(request, response, context, channel, outcome, true);
    }

    /**
     * The verdict on a key found (in memory or by lookup): refused if revoked (by hand, or by a
     * rotation's schedule whose time has come: compared here, so a cached identity is refused
     * from that instant too), presented by Basic with another account's email, or of an account
     * not on Pro. A success is recorded as the key's last use, with where it came from: the
     * client address, the user agent, the channel.
     */
    private Outcome judge(KeyIdentity identity, String expectedEmail, HttpServletRequest request,
                          String address, Channel channel) {
        if (identity.revoked(Instant.now())) {
            return Outcome.refused(Refusal.UNAUTHORIZED, Counters.Auth.REVOKED);
        }
        if (expectedEmail != null && !identity.account().hasEmail(expectedEmail)) {
            return Outcome.refused(Refusal.UNAUTHORIZED, Counters.Auth.WRONG_USER);
        }
        if (!identity.account().isPro()) {
            return Outcome.refused(Refusal.PAYMENT_REQUIRED, Counters.Auth.FREE_PLAN);
        }
        lastUsed.record(identity.keyId(), Instant.now(), address, request.getHeader("User-Agent"), channel.via);
        Counters.auth(Counters.Auth.OK);
        return new Outcome(new Caller(identity.account(), identity.keyId()), null);
    }

    /** Not a key, or not a credential the mechanism reads: a 401 like any other, never counted. */
    private static Outcome badFormat() {
        return Outcome.refused(Refusal.UNAUTHORIZED, Counters.Auth.BAD_FORMAT);
    }

    private AuthenticationStatus conclude(HttpServletRequest request, HttpServletResponse response,
                                          HttpMessageContext context, Channel channel, Outcome outcome,
                                          boolean tokenSent) throws IOException {
        if (outcome.caller != null) {
            return login(request, context, outcome.caller);
        }
        boolean invalidToken = outcome.refusal == Refusal.UNAUTHORIZED && tokenSent && !channel.dav;
        return refuse(request, response, channel, invalidToken ? Refusal.INVALID_TOKEN : outcome.refusal);
    }

    private AuthenticationStatus login(HttpServletRequest request, HttpMessageContext context, Caller caller) {
        caller.attachTo(request);
        return context.notifyContainerAboutLogin(caller.account().getId(), GROUPS);
    }

    /** Answers the refusal in the channel's language, by that channel's one translator. */
    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response,
                                               Channel channel, Refused refused) throws IOException {
        if (channel.dav) {
            Refusal.dav(request, response, refused);
        } else {
            Refusal.api(request, response, refused);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** The token of a {@code Bearer} header (scheme case-insensitive, RFC 6750), else null. */
    private static String bearerToken(String authorization) {
        return startsWithIgnoreCase(authorization, "Bearer ") ? authorization.substring(7) : null;
    }

    /**
     * {@code [username, password]} of a Basic credential, or null if it is not valid base64 with a
     * colon, or holds a control character: RFC 7617 §2 forbids them in both, and an email with a
     * trailing tab or NUL must not pass for the email itself (the account lookup trims) nor be
     * counted as another account by the throttle. A key (hex) has none either.
     */
    private static String[] basicPair(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            for (int i = 0; i < decoded.length(); i++) {
                if (Character.isISOControl(decoded.charAt(i))) {
                    return null;
                }
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Either a caller or the refusal to send. */
    private record Outcome(Caller caller, Refused refusal) {
        /** A refusal, counted by its reason ({@code calendarpipe_auth_total}; a LongAdder, no lookup). */
        static Outcome refused(Refused refusal, Counters.Auth reason) {
            Counters.auth(reason);
            return new Outcome(null, refusal);
        }
    }

    /** The three ways in by key: each answers refusals in its language and is recorded as the key's last use. */
    private enum Channel {
        REST(LastUsedRecorder.REST, false),
        MCP(LastUsedRecorder.MCP, false),
        CALDAV(LastUsedRecorder.CALDAV, true);

        final String via;
        final boolean dav;

        Channel(String via, boolean dav) {
            this.via = via;
            this.dav = dav;
        }
    }
}
