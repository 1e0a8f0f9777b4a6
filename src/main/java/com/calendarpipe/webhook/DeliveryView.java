package com.calendarpipe.webhook;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One delivery of a webhook, as the deliveries list shows it (the payload itself is what the receiver got). */
@JsonbPropertyOrder({"id", "type", "status", "attempts", "lastStatus", "lastDurationMs", "lastError", "lastAttemptAt",
        "nextAttemptAt", "createdAt"})
@Schema(name = "WebhookDelivery")
public record DeliveryView(
        @Schema(description = "The `webhook-id` header, the same on every attempt", examples = "msg_2Lq0pW3xq8Zs1Gm5cVbQeT1k") String id,
        @Schema(examples = "event.created") String type,
        @Schema(enumeration = {"pending", "delivered", "failed"}) String status,
        int attempts,
        @Schema(description = "The receiver's HTTP status at the last attempt; null when none answered", nullable = true)
        Integer lastStatus,
        @Schema(nullable = true) Integer lastDurationMs,
        @Schema(description = "Why the last attempt failed (a status, a timeout, a refused destination)", nullable = true)
        String lastError,
        @Schema(nullable = true) Instant lastAttemptAt,
        @Schema(description = "When a pending delivery is tried next", nullable = true) Instant nextAttemptAt,
        Instant createdAt) {

    static DeliveryView of(WebhookDelivery d) {
        return new DeliveryView(d.getId(), d.getType(), d.getStatus(), d.getAttempts(), d.getLastStatus(), d.getLastDurationMs(),
                d.getLastError(), d.getLastAttemptAt(), d.getStatus().equals(WebhookDelivery.PENDING) ? d.getNextAttemptAt() : null,
                d.getCreatedAt());
    }
}
