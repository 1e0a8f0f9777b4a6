package com.calendarpipe.account;

import com.calendarpipe.calendar.TextRules;
import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PATCH /api/v1/account}, as the API reference shows it; {@link #of} reads it into {@link AccountChanges}. */
@Schema(name = "AccountChanges")
record AccountChangeRequest(
        @Schema(description = "1 to 100 characters", minLength = 1, maxLength = 100) String displayName,
        @Schema(description = "Whether other accounts of this server may see your busy times (a free-busy "
                + "request from their calendar app); off unless you turn it on") Boolean shareFreeBusy) {

    private static final Set<String> WRITABLE = Set.of("displayName", "shareFreeBusy");
    private static final Set<String> SERVER_OWNED = Set.of("id", "email", "plan", "createdAt", "emailVerified", "admin",
            "adminPending");

    /** The changes, or 400 with a detail per field that is wrong. */
    static AccountChanges of(JsonObject body) {
        JsonInput input = JsonInput.of(body, WRITABLE, SERVER_OWNED);
        for (String field : WRITABLE) {
            if (input.isNull(field)) {
                input.fail(field, "cannot be null");
            }
        }
        Optional<String> name = input.string("displayName").map(String::strip);
        name.ifPresent(n -> {
            if (n.isEmpty() || n.length() > 100) {
                input.fail("displayName", "must be 1 to 100 characters");
            } else if (TextRules.problem(n, false) != null) {
                input.fail("displayName", TextRules.problem(n, false));
            }
        });
        Optional<Boolean> share = input.bool("shareFreeBusy");
        input.check();
        return new AccountChanges(name, share);
    }
}
