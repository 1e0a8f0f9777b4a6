package com.calendarpipe.calendar;

import java.util.Arrays;

/** Matching an entity tag against an {@code If-Match} or {@code If-None-Match} list (RFC 9110 §13.1). */
public final class EntityTags {

    private EntityTags() {
    }

    /**
     * True when the list is {@code *} or holds {@code etag} (quoted, as the server sends it).
     * {@code If-Match} compares strongly; {@code If-None-Match} weakly, so a {@code W/} tag a
     * cache kept still matches ({@code weak} true).
     */
    public static boolean anyMatches(String list, String etag, boolean weak) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag) || weak && tag.equals("W/" + etag));
    }
}
