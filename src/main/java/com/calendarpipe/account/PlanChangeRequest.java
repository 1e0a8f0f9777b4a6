package com.calendarpipe.account;

import jakarta.validation.constraints.NotNull;

/** {@code PATCH /api/v1/admin/accounts/{id}}. */
public record PlanChangeRequest(@NotNull(message = "is required: FREE or PRO") Plan plan) {
}
