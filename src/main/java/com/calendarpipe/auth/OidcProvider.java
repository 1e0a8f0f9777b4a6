package com.calendarpipe.auth;

import com.calendarpipe.Settings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The OpenID Connect provider the operator named ({@code CALENDARPIPE_OIDC_ISSUER}, client id and
 * secret): its discovery document, the authorization request (code flow with PKCE, a nonce), the
 * code's exchange at the token endpoint (client_secret_basic), and the ID token's checks: its
 * signature by a key of the provider's JWKS (asymmetric algorithms only, so a token signed with
 * "none" or with the client secret as an HMAC key never passes), the issuer, this client as its
 * audience (and as {@code azp} when there are several), expiry and issue time with a minute of
 * skew, and the nonce this sign-in sent. Keys are fetched with nimbus-jose-jwt's JWK source, which
 * caches them and fetches again, rate-limited, when a token names a key it does not have (the
 * provider rotated). Nothing here logs a code, a token or the secret.
 */
@ApplicationScoped
public class OidcProvider {

    private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
    /** The ID token algorithms accepted: every asymmetric one a provider may choose. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A discovery document, JWKS or token answer is a few KiB: more is not an answer to read. */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** How long a discovery document is trusted before it is read again. */
    private static final Duration DISCOVERY_LIFETIME = Duration.ofHours(1);
    private static final int SKEW_SECONDS = 60;

    /** The operator's provider, as the settings name it now. */
    public record Config(String issuer, String clientId, String clientSecret, String name) {

        @Override
        public String toString() {
            return "Config[" + issuer + ", " + clientId + "]";   // never the secret
        }
    }

    /** What the provider vouched for: the verified ID token's subject and e-mail. */
    public record Identity(String subject, String email, boolean emailVerified) {
    }

    /** What went wrong, in words a person may read (none carries a token or a code). */
    public static final class Failure extends Exception {

        /** Whether the provider could not be reached or answered oddly (not counted against the client). */
        private final boolean providerFault;

        Failure(String message, boolean providerFault, Throwable cause) {
            super(message, cause);
            this.providerFault = providerFault;
        }

        public boolean providerFault() {
            return providerFault;
        }
    }

    private record Discovery(String forIssuer, String authorizationEndpoint, String tokenEndpoint,
                             JWKSource<SecurityContext> keys, long fetchedAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    Settings settings;

    private volatile Discovery discovery;

    /** The provider, when the operator configured one (issuer, client id and secret all set). */
    public Optional<Config> config() {
        return settings.oidcIssuer().flatMap(issuer -> settings.oidcClientId().flatMap(id -> settings.oidcClientSecret()
                .map(secret -> new Config(issuer, id, secret, settings.oidcName()))));
    }

    /** {@code S256} of a PKCE verifier (RFC 7636). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * Where to send the browser: the provider's authorization endpoint with this sign-in's state,
     * nonce and PKCE challenge; {@code reauthenticate} asks the provider to prompt for the
     * credentials again even if it has a session (sudo mode through the provider).
     */
    public URI authorization(Config config, String redirectUri, String state, String nonce, String verifier,
                             boolean reauthenticate) throws Failure {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid email profile");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        if (reauthenticate) {
            query.put("prompt", "login");
            query.put("max_age", "0");
        }
        String endpoint = discover(config).authorizationEndpoint();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(query));
    }

    /**
     * The code exchanged at the token endpoint, and its ID token verified against this sign-in's
     * nonce: the identity, or a {@link Failure}.
     */
    public Identity exchange(Config config, String redirectUri, String code, String verifier, String nonce) throws Failure {
        Discovery found = discover(config);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("code_verifier", verifier);
        // client_secret_basic: the form-encoded id and secret (RFC 6749 2.3.1)
        String basic = Base64.getEncoder().encodeToString((encode(config.clientId()) + ":" + encode(config.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(found.tokenEndpoint())).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(body))).build();
        Answer answer = send(request, "the token endpoint");
        JsonObject tokens = json(answer.body(), "the token endpoint");
        if (answer.status() != 200) {
            // the OAuth error code only (invalid_grant: a code used twice, expired or made for another client)
            String error = tokens.getString("error", "no error code").replaceAll("[^A-Za-z0-9_.-]", "");
            throw new Failure("The provider refused the sign-in's code (" + answer.status() + ", "
                    + error.substring(0, Math.min(error.length(), 64)) + ")", answer.status() >= 500, null);
        }
        JsonValue idToken = tokens.get("id_token");
        if (!(idToken instanceof JsonString text)) {
            throw new Failure("The provider's token answer has no ID token", true, null);
        }
        return verify(config, found.keys(), text.getString(), nonce);
    }

    /** The ID token's identity, if it is signed by one of {@code keys} and its claims are this sign-in's. */
    static Identity verify(Config config, JWKSource<SecurityContext> keys, String idToken, String nonce) throws Failure {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(config.clientId(),
                new JWTClaimsSet.Builder().issuer(config.issuer()).claim("nonce", nonce).build(),
                Set.of("sub", "iat", "exp"));
        claimsVerifier.setMaxClockSkew(SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException e) {
            throw new Failure("The provider's ID token does not verify: " + e.getMessage(), false, e);
        } catch (JOSEException e) {
            // the keys could not be fetched, or a key is unusable
            throw new Failure("The provider's signing keys could not be read", true, e);
        }
        if (claims.getAudience().size() > 1 && !config.clientId().equals(claims.getClaim("azp"))) {
            throw new Failure("The provider's ID token was issued to another client (azp)", false, null);
        }
        Object email = claims.getClaim("email");
        Object verified = claims.getClaim("email_verified");
        return new Identity(claims.getSubject(), email instanceof String address ? address : null,
                Boolean.TRUE.equals(verified) || "true".equals(verified));
    }

    /**
     * The provider's discovery document, read at first need and again after an hour or when the
     * issuer setting changed; its {@code issuer} must be the configured one exactly (OpenID
     * Connect Discovery 4.3), or a document served elsewhere could name other endpoints.
     */
    private Discovery discover(Config config) throws Failure {
        Discovery known = discovery;
        long now = System.currentTimeMillis();
        if (known != null && known.forIssuer().equals(config.issuer())
                && now - known.fetchedAt() < DISCOVERY_LIFETIME.toMillis()) {
            return known;
        }
        String issuer = config.issuer();
        URI where;
        try {
            where = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        } catch (IllegalArgumentException e) {
            throw new Failure("CALENDARPIPE_OIDC_ISSUER is not a URL", true, e);
        }
        Answer answer = send(HttpRequest.newBuilder(where).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), "the discovery document");
        if (answer.status() != 200) {
            throw new Failure("The provider's discovery document answered " + answer.status(), true, null);
        }
        JsonObject document = json(answer.body(), "the discovery document");
        if (!issuer.equals(document.getString("issuer", null))) {
            throw new Failure("The provider's discovery document names another issuer than CALENDARPIPE_OIDC_ISSUER", true, null);
        }
        String authorization = endpoint(document, "authorization_endpoint");
        String token = endpoint(document, "token_endpoint");
        String jwks = endpoint(document, "jwks_uri");
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL(),
                    new DefaultResourceRetriever((int) CONNECT_TIMEOUT.toMillis(), (int) REQUEST_TIMEOUT.toMillis(),
                            MAX_ANSWER_BYTES)).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Failure("The provider's jwks_uri is not a URL", true, e);
        }
        Discovery fresh = new Discovery(issuer, authorization, token, keys, now);
        discovery = fresh;
        return fresh;
    }

    private static String endpoint(JsonObject document, String name) throws Failure {
        String value = document.getString(name, null);
        if (value == null || !(value.startsWith("https://") || value.startsWith("http://"))) {
            throw new Failure("The provider's discovery document has no " + name, true, null);
        }
        return value;
    }

    private Answer send(HttpRequest request, String what) throws Failure {
        try {
            HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = answer.body()) {
                byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
                if (bytes.length > MAX_ANSWER_BYTES) {
                    throw new Failure("The provider's answer from " + what + " is too large", true, null);
                }
                return new Answer(answer.statusCode(), bytes);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "The OpenID provider could not be reached at " + what + ": " + e);
            throw new Failure("The provider could not be reached (" + what + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("Interrupted while waiting for the provider", true, e);
        }
    }

    private static JsonObject json(byte[] body, String what) throws Failure {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failure("The provider's answer from " + what + " is not a JSON object", true, null);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** An answer, its body read (bounded). */
    private record Answer(int status, byte[] body) {
    }
}
