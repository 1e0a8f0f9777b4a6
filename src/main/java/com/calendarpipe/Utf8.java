package com.calendarpipe;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8, for the inputs whose standard says UTF-8 (URL paths, RFC 3986 §2.5; JSON, RFC 8259
 * §8.1; iCalendar, RFC 5545 §6): {@code new String(bytes, UTF_8)} would quietly turn bytes that are
 * not UTF-8 into replacement characters, and store or look up something the client never sent.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The text, or {@link CharacterCodingException} when the bytes are not UTF-8. */
    public static String decode(ByteBuffer bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes).toString();
    }

    public static String decode(byte[] bytes) throws CharacterCodingException {
        return decode(ByteBuffer.wrap(bytes));
    }
}
