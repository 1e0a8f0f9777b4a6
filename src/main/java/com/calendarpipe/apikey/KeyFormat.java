package com.calendarpipe.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format: {@code cp_} + 56 random lowercase hex digits + 8 hex digits of the
 * CRC-32 of everything before them (67 characters). The checksum lets a mistyped or made-up
 * key be rejected in memory, before any database lookup, and lets secret scanners recognise
 * our keys. Pure functions, no state.
 */
public final class KeyFormat {

    public static final String SCHEME = "cp_";
    public static final int LENGTH = SCHEME.length() + 64;
    public static final int PREFIX_LENGTH = SCHEME.length() + 6;
    private static final int RANDOM_HEX = 56;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFormat() {
    }

    /** A fresh key: 28 bytes (224 bits) from SecureRandom and its checksum. */
    public static String generate() {
        byte[] random = new byte[RANDOM_HEX / 2];
        RANDOM.nextBytes(random);
        String body = SCHEME + HEX.formatHex(random);
        return body + checksum(body);
    }

    /** Whether the text has the exact shape of a key and its checksum holds. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(SCHEME)) {
            return false;
        }
        for (int i = SCHEME.length(); i < LENGTH; i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        // every request runs this: compare without building strings
        return crc(key, LENGTH - 8) == Long.parseLong(key, LENGTH - 8, LENGTH, 16);
    }

    /** The first 9 characters, shown so people can tell keys apart; never used to authenticate. */
    public static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    /** SHA-256 of the whole key, as 64 lowercase hex digits: the only form in which a key is stored. */
    public static String hash(String key) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return HEX.formatHex(sha256.digest(key.getBytes(StandardCharsets.US_ASCII)));
    }

    static String checksum(String body) {
        return HEX.toHexDigits((int) crc(body, body.length()));
    }

    /** CRC-32 of the first {@code length} characters (ASCII) of {@code text}. */
    private static long crc(String text, int length) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < length; i++) {
            crc.update(text.charAt(i));
        }
        return crc.getValue();
    }

    /** MessageDigest is not thread-safe and costly to look up on every request. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });
}
