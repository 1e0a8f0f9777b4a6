package com.calendarpipe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets the server hands out once (links, one-time tokens) and the only form in which it
 * keeps them: their SHA-256. A secret of at least 128 random bits needs no salt and no slow hash:
 * nobody can guess it, so its hash reveals nothing (unlike a password's).
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code bytes} random bytes, base64url without padding: safe in a URL, a fragment or a header. */
    public static String token(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random(bytes));
    }

    /** {@code bytes} random bytes as lower-case hex: safe in an e-mail address under any case rules. */
    public static String hex(int bytes) {
        return HexFormat.of().formatHex(random(bytes));
    }

    /** SHA-256 of the text's UTF-8, as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
    }
}
