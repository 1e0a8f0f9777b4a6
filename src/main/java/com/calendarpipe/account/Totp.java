package com.calendarpipe.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as every authenticator app makes them: RFC 6238 with HMAC-SHA1,
 * 30-second steps, 6 digits (RFC 4226 §5.3 truncation), the seed shown as base32 (RFC 4648) and
 * in an {@code otpauth://} URI (Google Authenticator's key URI format). Pure: the caller passes
 * the time, so tests can move it.
 */
public final class Totp {

    /** Seconds per step (RFC 6238 §4.1, X). */
    static final long STEP_SECONDS = 30;
    /** Steps either side of the current one that are accepted: a phone's clock may be that far off. */
    static final int SKEW = 1;
    private static final int DIGITS = 6;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    /** A new seed: 160 bits (RFC 4226 §4 recommends them), base32 without padding. */
    static String newSecret() {
        byte[] seed = new byte[20];
        RANDOM.nextBytes(seed);
        return base32(seed);
    }

    /** The URI an authenticator app reads (from a QR code or pasted): issuer and account label escaped. */
    static String uri(String issuer, String accountName, String secret) {
        String label = escape(issuer) + ":" + escape(accountName);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + escape(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String escape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The step of an instant (seconds since the epoch). */
    static long step(long epochSeconds) {
        return Math.floorDiv(epochSeconds, STEP_SECONDS);
    }

    /** The code of a step, six digits with leading zeros. */
    static String code(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(unbase32(secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every Java platform", e);
        }
    }

    /**
     * The step whose code {@code candidate} is, within {@link #SKEW} steps of now and after
     * {@code lastUsedStep} (a code of a step already used, or an earlier one, is a replay); empty
     * when none. Every candidate step is compared, in constant time, so timing tells nothing.
     */
    static OptionalLong match(String secret, String candidate, long epochSeconds, long lastUsedStep) {
        if (candidate == null) {
            return OptionalLong.empty();
        }
        String digits = candidate.replace(" ", "");
        if (!digits.matches("[0-9]{6}")) {
            return OptionalLong.empty();
        }
        long now = step(epochSeconds);
        OptionalLong found = OptionalLong.empty();
        for (long step = now - SKEW; step <= now + SKEW; step++) {
            boolean equal = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    digits.getBytes(StandardCharsets.US_ASCII));
            if (equal && step > lastUsedStep && found.isEmpty()) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] unbase32(String text) {
        String clean = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
