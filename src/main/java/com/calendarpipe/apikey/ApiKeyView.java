package com.calendarpipe.apikey;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A key as listed: never the key, never its hash. Last use and where it came from lag the true
 * last use by up to a minute (they are written at most once a minute per key). A rotated key
 * whose scheduled revocation has come is listed as revoked at that time ({@code revokedAt});
 * until then {@code revokesAt} says when.
 */
@JsonbPropertyOrder({"id", "name", "prefix", "createdAt", "lastUsedAt", "lastUsedIp", "lastUsedUserAgent",
        "lastUsedVia", "recentIps", "revokedAt", "revokesAt"})
public record ApiKeyView(
        String id,
        String name,
        @Schema(description = "The first 9 characters of the key, to tell keys apart", examples = "cp_8f3a1c")
        String prefix,
        Instant createdAt,
        @Schema(description = "The latest successful authentication with the key (REST, CalDAV or MCP), up to 60 s "
                + "behind; null until first use", nullable = true)
        Instant lastUsedAt,
        @Schema(description = "The client address of that use: the connection's, or behind a configured trusted "
                + "proxy the address that proxy saw (X-Forwarded-For); null until first use",
                examples = "203.0.113.7", nullable = true)
        String lastUsedIp,
        @Schema(description = "The User-Agent of that use, without control characters, at most 256 characters; "
                + "null when none was sent", examples = "DAVx5/4.4 (okhttp/4.12)", nullable = true)
        String lastUsedUserAgent,
        @Schema(description = "The channel of that use", enumeration = {"rest", "caldav", "mcp"}, nullable = true)
        String lastUsedVia,
        @Schema(description = "The last 5 distinct client addresses the key was used from, newest first; "
                + "empty until first use")
        List<String> recentIps,
        @Schema(description = "When the key was revoked (by hand, or by a rotation's schedule once its time "
                + "came); null while it works", nullable = true)
        Instant revokedAt,
        @Schema(description = "When a rotated key will be revoked (the end of its grace period); null when no "
                + "revocation is pending", nullable = true)
        Instant revokesAt) {

    public static ApiKeyView from(ApiKey key) {
        Instant revokedAt = key.revokedAt(Instant.now());
        return new ApiKeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(),
                key.getLastUsedAt(), key.getLastUsedIp(), key.getLastUsedUserAgent(), key.getLastUsedVia(),
                key.getRecentIps(), revokedAt, revokedAt == null ? key.getRevokesAt() : null);
    }
}
