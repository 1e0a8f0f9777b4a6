package com.calendarpipe.audit;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An audit event as listed: never a full key, never a password. */
@JsonbPropertyOrder({"id", "type", "at", "ip", "userAgent", "keyId", "keyPrefix", "details"})
public record AuditEventView(
        @Schema(description = "The event's id; pass it as `before` for the next page")
        String id,
        @Schema(description = "What happened", enumeration = {"signed_up", "signed_in", "sign_in_failed", "signed_out",
                "password_changed", "key_created", "key_revoked", "key_first_used", "key_new_address",
                "key_leak_reported", "plan_changed", "auth_throttled", "feed_token_regenerated", "email_verified",
                "admin_confirmed", "free_busy_sharing_changed", "webhook_disabled"})
        String type,
        Instant at,
        @Schema(description = "The client address: the connection's, or behind a configured trusted proxy the "
                + "address that proxy saw; for key_first_used and key_new_address, the address the key was used from",
                examples = "203.0.113.7", nullable = true)
        String ip,
        @Schema(description = "The User-Agent, without control characters, at most 256 characters", nullable = true)
        String userAgent,
        @Schema(description = "The key the event is about, where one is", nullable = true)
        String keyId,
        @Schema(description = "That key's prefix (its first 9 characters)", examples = "cp_8f3a1c", nullable = true)
        String keyPrefix,
        @Schema(description = "More about the event, all values strings: `by` (`session`, `key` with `byKeyId` and "
                + "`byKeyPrefix`, `admin`, `server`) for changes; `name`; `rotatedFromKeyId`, `rotatedFromPrefix`, "
                + "`oldKeyRevokesAt` for a rotation's new key; `from`/`to` for a plan change; `url` for a leak report; "
                + "`via` (`rest`, `caldav`, `mcp`) for key use; `calendarId` and `reason` (`requested`, `address_moved`) "
                + "for a feed token regenerated; `shared` for free-busy sharing", type = SchemaType.OBJECT)
        Map<String, String> details) {

    public static AuditEventView from(AuditEvent event) {
        return new AuditEventView(event.getId(), event.getType(), event.getAt(), event.getIp(), event.getUserAgent(),
                event.getKeyId(), event.getKeyPrefix(), event.getDetails());
    }
}
