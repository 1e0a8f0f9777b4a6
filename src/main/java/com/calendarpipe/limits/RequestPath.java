package com.calendarpipe.limits;

import com.calendarpipe.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * Whether a raw (still percent-encoded) request path names something this server could serve.
 * The container decodes and normalizes paths before servlets see them, so a segment such as
 * {@code %2e%2e}, {@code a%2Fb} or {@code x;p=1} reaches a handler as something else than the
 * client wrote, or as a name no resource can have; judged here on the raw path, such a request is
 * refused before any handler runs. Pure, for unit tests.
 */
final class RequestPath {

    /** What the path is. */
    enum Verdict {
        /** Every segment is a name a resource may have. */
        PLAIN,
        /** A segment that no resource here can be named (dot-segments, separators, controls, path parameters): 404. */
        NO_SUCH_RESOURCE,
        /** Not a path at all: a broken percent-escape or percent-encoded bytes that are not UTF-8 (RFC 3986 §2.5): 400. */
        MALFORMED
    }

    private RequestPath() {
    }

    static Verdict of(String rawPath) {
        int start = rawPath.startsWith("/") ? 1 : 0;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            Verdict verdict = segment(rawPath.substring(start, end));
            if (verdict != Verdict.PLAIN) {
                return verdict;
            }
            start = end + 1;
        }
        return Verdict.PLAIN;
    }

    private static Verdict segment(String raw) {
        if (raw.indexOf(';') >= 0) {
            // path parameters (RFC 3986 §3.3): the container strips them, so the handler would see
            // another path than the one requested; no resource here takes any
            return Verdict.NO_SUCH_RESOURCE;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) > 0x7F) {
                return Verdict.MALFORMED;   // the container refuses raw non-ASCII; a path that has it is not one
            }
        }
        String name;
        if (raw.indexOf('%') < 0) {
            name = raw;
        } else {
            name = decode(raw);
            if (name == null) {
                return Verdict.MALFORMED;
            }
        }
        if (name.equals(".") || name.equals("..")) {
            return Verdict.NO_SUCH_RESOURCE;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return Verdict.NO_SUCH_RESOURCE;
            }
        }
        return Verdict.PLAIN;
    }

    /** The segment percent-decoded as UTF-8, or null when an escape is broken or the bytes are not UTF-8. */
    private static String decode(String raw) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return Utf8.decode(bytes);
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
