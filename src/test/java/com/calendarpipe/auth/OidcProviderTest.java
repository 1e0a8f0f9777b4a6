package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ID token checks, which decide who is signed in: only a token signed by one of the provider's
 * keys with an asymmetric algorithm, issued by the configured issuer to this client, unexpired, and
 * carrying this sign-in's nonce, gives an identity.
 */
class OidcProviderTest {

    private static final String ISSUER = "https://sso.example.com/realms/team";
    private static final String SECRET = "a-client-secret-that-is-long-enough-for-hs256!!";
    private static final OidcProvider.Config CONFIG = new OidcProvider.Config(ISSUER, "calendarpipe", SECRET, "Team");
    private static final String NONCE = "the-nonce-of-this-sign-in";

    private static RSAKey providerKey;
    private static RSAKey otherKey;
    private static ImmutableJWKSet<SecurityContext> published;

    @BeforeAll
    static void keys() throws JOSEException {
        providerKey = new RSAKeyGenerator(2048).keyID("provider").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("provider").generate();   // same id, not the published key
        published = new ImmutableJWKSet<>(new JWKSet(providerKey.toPublicJWK()));
    }

    private static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience("calendarpipe")
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000))
                .claim("nonce", NONCE).claim("email", "ada@example.com").claim("email_verified", true);
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static OidcProvider.Identity verify(String token) throws OidcProvider.Failure {
        return OidcProvider.verify(CONFIG, published, token, NONCE);
    }

    @Test
    void aTokenOfThisSignInGivesItsIdentity() throws Exception {
        OidcProvider.Identity identity = verify(signed(providerKey, claims().build()));
        assertEquals("user-1", identity.subject());
        assertEquals("ada@example.com", identity.email());
        assertTrue(identity.emailVerified());
        OidcProvider.Identity unverified = verify(signed(providerKey, claims().claim("email_verified", false).build()));
        assertFalse(unverified.emailVerified());
        OidcProvider.Identity several = verify(signed(providerKey,
                claims().audience(List.of("calendarpipe", "other")).claim("azp", "calendarpipe").build()));
        assertEquals("user-1", several.subject());
    }

    @Test
    void everyOtherTokenIsRefused() throws Exception {
        List<UnaryOperator<JWTClaimsSet.Builder>> wrong = List.of(
                b -> b.issuer("https://evil.example.com/realms/team"),
                b -> b.audience("another-client"),
                b -> b.audience(List.of("calendarpipe", "other")),   // several audiences and no azp
                b -> b.audience(List.of("calendarpipe", "other")).claim("azp", "other"),
                b -> b.expirationTime(new Date(System.currentTimeMillis() - 120_000)),
                b -> b.claim("nonce", "another-sign-in"),
                b -> b.claim("nonce", null),
                b -> b.subject(null),
                b -> b.issueTime(null));
        for (UnaryOperator<JWTClaimsSet.Builder> change : wrong) {
            String token = signed(providerKey, change.apply(claims()).build());
            assertThrows(OidcProvider.Failure.class, () -> verify(token), token);
        }
        String byAnotherKey = signed(otherKey, claims().build());
        assertThrows(OidcProvider.Failure.class, () -> verify(byAnotherKey), "a key the provider did not publish");

        // the client secret as an HMAC key, and no signature at all: what an attacker can make
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("provider").build(), claims().build());
        hmac.sign(new MACSigner(SECRET));
        assertThrows(OidcProvider.Failure.class, () -> verify(hmac.serialize()), "HS256 with the client secret");
        String none = new PlainJWT(new PlainHeader(), claims().build()).serialize();
        assertThrows(OidcProvider.Failure.class, () -> verify(none), "alg none");

        String good = signed(providerKey, claims().build());
        String[] parts = good.split("\\.");
        String alteredPayload = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        for (String hostile : List.of("", "garbage", "a.b.c", alteredPayload, good + "x", "x".repeat(100_000))) {
            assertThrows(OidcProvider.Failure.class, () -> verify(hostile), hostile.length() > 80 ? "long" : hostile);
        }
    }

    @Test
    void thePkceChallengeIsTheVerifiersSha256() {
        // RFC 7636, appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                OidcProvider.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }
}
