package com.calendarpipe.account;

import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"code": "…"}}: a TOTP code or a recovery code; 400 with a detail when it is missing or not a string. */
@Schema(name = "CodeRequest")
public record CodeRequest(@Schema(required = true, description = "Six digits from the authenticator app, or a recovery code")
                       String code) {

    public static String of(JsonObject body) {
        JsonInput input = JsonInput.of(body, Set.of("code"), Set.of());
        Optional<String> code = input.string("code");
        if (code.isEmpty() && !input.failed("code")) {
            input.fail("code", "is required");
        }
        input.check();
        return code.get();
    }
}
