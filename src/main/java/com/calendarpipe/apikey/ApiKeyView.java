package com.calendarpipe.apikey;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A key as listed: never the key, never its hash. A rotated key whose scheduled revocation has
 * come is listed as revoked at that time ({@code revokedAt}); until then {@code revokesAt} says when.
 */
@JsonbPropertyOrder({"id", "name", "prefix", "createdAt", "lastUsedAt", "revokedAt", "revokesAt"})
public record ApiKeyView(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                         @Schema(description = "When the key was revoked (by hand, or by a rotation's schedule "
                                 + "once its time came); null while it works")
                         Instant revokedAt,
                         @Schema(description = "When a rotated key will be revoked (the end of its grace period); "
                                 + "null when no revocation is pending")
                         Instant revokesAt) {

    public static ApiKeyView from(ApiKey key) {
        Instant revokedAt = key.revokedAt(Instant.now());
        return new ApiKeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(),
                key.getLastUsedAt(), revokedAt, revokedAt == null ? key.getRevokesAt() : null);
    }
}
