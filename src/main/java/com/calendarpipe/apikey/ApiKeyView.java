package com.calendarpipe.apikey;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A key as listed: never the key, never its hash. Last use and where it came from lag the true
 * last use by up to a minute (they are written at most once a minute per key).
 */
@JsonbPropertyOrder({"id", "name", "prefix", "createdAt", "lastUsedAt", "lastUsedIp", "lastUsedUserAgent",
        "lastUsedVia", "recentIps", "revokedAt"})
public record ApiKeyView(
        String id,
        String name,
        @Schema(description = "The first 9 characters of the key, to tell keys apart", examples = "cp_8f3a1c")
        String prefix,
        Instant createdAt,
        @Schema(description = "The latest successful authentication with the key (REST or CalDAV), up to 60 s "
                + "behind; null until first use", nullable = true)
        Instant lastUsedAt,
        @Schema(description = "The client address of that use: the connection's, or behind a configured trusted "
                + "proxy the address that proxy saw (X-Forwarded-For); null until first use",
                examples = "203.0.113.7", nullable = true)
        String lastUsedIp,
        @Schema(description = "The User-Agent of that use, without control characters, at most 256 characters; "
                + "null when none was sent", examples = "DAVx5/4.4 (okhttp/4.12)", nullable = true)
        String lastUsedUserAgent,
        @Schema(description = "The channel of that use", enumeration = {"rest", "caldav"}, nullable = true)
        String lastUsedVia,
        @Schema(description = "The last 5 distinct client addresses the key was used from, newest first; "
                + "empty until first use")
        List<String> recentIps,
        @Schema(nullable = true)
        Instant revokedAt) {

    public static ApiKeyView from(ApiKey key) {
        return new ApiKeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(),
                key.getLastUsedAt(), key.getLastUsedIp(), key.getLastUsedUserAgent(), key.getLastUsedVia(),
                key.getRecentIps(), key.getRevokedAt());
    }
}
