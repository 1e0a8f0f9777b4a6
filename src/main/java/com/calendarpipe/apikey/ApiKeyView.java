package com.calendarpipe.apikey;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A key as listed: never the key, never its hash. */
@JsonbPropertyOrder({"id", "name", "prefix", "createdAt", "lastUsedAt", "revokedAt"})
public record ApiKeyView(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                         Instant revokedAt) {

    public static ApiKeyView from(ApiKey key) {
        return new ApiKeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(),
                key.getLastUsedAt(), key.getRevokedAt());
    }
}
