package com.calendarpipe.apikey;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One use of a key as it is written: when, from which client address, with which user agent,
 * over which channel ({@code rest} or {@code caldav}). The user agent is the client's to choose,
 * so it is stored tamed: control characters dropped, at most {@link #MAX_USER_AGENT} characters,
 * and anything that looks like a key cut to its prefix (a client that sends its key as its user
 * agent must not find it in the key list, which is shown after creation).
 */
public record LastUse(Instant at, String ip, String userAgent, String via) {

    public static final int MAX_USER_AGENT = 256;
    /** The column's width: an IPv6 address in its longest text form. */
    public static final int MAX_IP = 45;
    /** A key, or more of one than its prefix: 16 hex digits or more after {@code cp_}, any case. */
    private static final Pattern KEY_LIKE = Pattern.compile("cp_[0-9a-fA-F]{16,}");

    public LastUse {
        ip = ip == null ? null : cut(ip, MAX_IP);
        userAgent = tame(userAgent);
    }

    /** The user agent without control characters, cut to {@link #MAX_USER_AGENT}; null when nothing is left. */
    public static String tame(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(userAgent.length(), MAX_USER_AGENT));
        for (int i = 0; i < userAgent.length() && kept.length() < MAX_USER_AGENT; i++) {
            char c = userAgent.charAt(i);
            if (!Character.isISOControl(c)) {
                kept.append(c);
            }
        }
        // never leave half of a surrogate pair at the cut
        if (kept.length() > 0 && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
            kept.setLength(kept.length() - 1);
        }
        String tamed = KEY_LIKE.matcher(kept).replaceAll(m -> m.group().substring(0, KeyFormat.PREFIX_LENGTH) + "…").strip();
        return tamed.isEmpty() ? null : tamed;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
