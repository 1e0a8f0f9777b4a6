package com.calendarpipe.apikey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/api-keys}. */
public record CreateKeyRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be 1 to 100 characters") String name) {
}
