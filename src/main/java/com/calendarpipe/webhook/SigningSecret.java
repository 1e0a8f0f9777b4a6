package com.calendarpipe.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook's signing secret and its signatures, the Standard Webhooks way
 * (standardwebhooks.com, which Svix implements): the secret is {@code whsec_} and the base64 of
 * 24 to 64 random bytes; the prefix is not part of the key. A delivery is signed with
 * HMAC-SHA256 over {@code id.timestamp.body}, sent as {@code v1,<base64>}; several signatures
 * (a rotation's old and new secret) are separated by spaces, and a receiver accepts any that
 * verifies.
 */
final class SigningSecret {

    static final String PREFIX = "whsec_";
    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;
    /** The bytes of a secret the server makes. */
    private static final int MADE_BYTES = 32;
    /** How much of a secret GET shows: the prefix and four characters, never enough to sign. */
    static final int HINT_LENGTH = PREFIX.length() + 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecret() {
    }

    /** A new secret of 32 random bytes. */
    static String make() {
        byte[] key = new byte[MADE_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** What is wrong with a secret a caller chose, or null when it is one. */
    static String problem(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return "must start with " + PREFIX;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return "must be " + PREFIX + " followed by base64";
        }
        return key.length < MIN_BYTES || key.length > MAX_BYTES
                ? "must carry " + MIN_BYTES + " to " + MAX_BYTES + " bytes (base64 after " + PREFIX + ")" : null;
    }

    /** The first characters of a secret, as GET shows them. */
    static String hint(String secret) {
        return secret.substring(0, Math.min(HINT_LENGTH, secret.length()));
    }

    /** The {@code webhook-signature} header's value for one delivery: one {@code v1,…} per secret. */
    static String signatures(List<String> secrets, String id, long timestamp, byte[] body) {
        return secrets.stream().map(s -> "v1," + sign(s, id, timestamp, body)).collect(Collectors.joining(" "));
    }

    static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
        }
    }
}
