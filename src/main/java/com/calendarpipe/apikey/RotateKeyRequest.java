package com.calendarpipe.apikey;

import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/api-keys/{id}/rotate}: how long the old key keeps working. The body is
 * optional; read from JSON-P, so that {@code "60"} or {@code 1.5} is a 400, not a guess.
 */
public record RotateKeyRequest(
        @Schema(description = "Seconds the old key keeps working, 0 (revoked at once) to 604800 (7 days)",
                minimum = "0", maximum = "604800", defaultValue = "86400") Integer graceSeconds) {

    static final int DEFAULT_GRACE_SECONDS = 86_400;
    static final int MAX_GRACE_SECONDS = 604_800;
    private static final String RANGE = "must be a whole number of seconds from 0 to " + MAX_GRACE_SECONDS;

    /** The grace period asked for, the default when the body or the field is absent (or null); else 400. */
    static int graceSeconds(JsonObject body) {
        if (body == null) {
            return DEFAULT_GRACE_SECONDS;
        }
        JsonInput input = JsonInput.of(body, Set.of("graceSeconds"), Set.of());
        JsonNumber grace = input.number("graceSeconds").orElse(null);
        int seconds = DEFAULT_GRACE_SECONDS;
        if (grace != null) {
            if (!grace.isIntegral() || grace.bigDecimalValue().signum() < 0
                    || grace.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(MAX_GRACE_SECONDS)) > 0) {
                input.fail("graceSeconds", RANGE);
            } else {
                seconds = grace.intValueExact();
            }
        }
        input.check();
        return seconds;
    }
}
