package com.calendarpipe.apikey;

import java.time.Instant;

/** A key as listed: never the key, never its hash. */
public record ApiKeyView(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                         Instant revokedAt) {

    public static ApiKeyView from(ApiKey key) {
        return new ApiKeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(),
                key.getLastUsedAt(), key.getRevokedAt());
    }
}
