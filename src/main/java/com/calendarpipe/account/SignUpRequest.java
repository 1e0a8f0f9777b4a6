package com.calendarpipe.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/accounts}. */
public record SignUpRequest(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters")
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address") String email,
        @NotNull(message = "is required")
        @Size(min = 10, max = 200, message = "must be 10 to 200 characters") String password,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String displayName) {
}
