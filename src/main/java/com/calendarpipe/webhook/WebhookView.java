package com.calendarpipe.webhook;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A calendar's webhook as the API shows it: the secret in full only in the answer that made it. */
@JsonbPropertyOrder({"calendarId", "url", "types", "enabled", "disabledReason", "secret", "secretStart",
        "previousSecretValidUntil", "createdAt", "updatedAt"})
@Schema(name = "Webhook")
public record WebhookView(
        String calendarId,
        @Schema(examples = "https://bot.example.com/calendarpipe") String url,
        @Schema(description = "The event types delivered; null: every type", nullable = true) List<String> types,
        boolean enabled,
        @Schema(description = "Why the webhook stopped delivering (410 Gone, or five days of failures); null while enabled",
                nullable = true) String disabledReason,
        @Schema(description = "The signing secret, in full only in the answer to the PUT that made it and to rotate-secret: "
                + "keep it then, it is never shown again", nullable = true,
                examples = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret,
        @Schema(description = "The secret's first characters, to tell secrets apart", examples = "whsec_MfKQ") String secretStart,
        @Schema(description = "Until when the secret replaced by the last rotation still signs, beside the new one",
                nullable = true) Instant previousSecretValidUntil,
        Instant createdAt, Instant updatedAt) {

    static WebhookView of(Webhook webhook, String secret) {
        Instant until = webhook.getPreviousUntil() != null && webhook.getPreviousUntil().isAfter(Instant.now())
                ? webhook.getPreviousUntil() : null;
        return new WebhookView(webhook.getCalendarId(), webhook.getUrl(), webhook.typeList(), webhook.isEnabled(),
                webhook.getDisabledReason(), secret, webhook.getSecretHint(), until, webhook.getCreatedAt(), webhook.getUpdatedAt());
    }
}
