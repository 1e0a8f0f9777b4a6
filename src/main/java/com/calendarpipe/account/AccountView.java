package com.calendarpipe.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** An account as the API shows it: never the password hash. */
@JsonbPropertyOrder({"id", "email", "displayName", "plan", "createdAt"})
public record AccountView(String id, String email, String displayName, Plan plan, Instant createdAt) {

    public static AccountView from(Account account) {
        return new AccountView(account.getId(), account.getEmail(), account.getDisplayName(),
                account.getPlan(), account.getCreatedAt());
    }
}
