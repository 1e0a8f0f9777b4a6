package com.calendarpipe.account;

import java.time.Instant;

/** An account as the API shows it: never the password hash. */
public record AccountView(String id, String email, String displayName, Plan plan, Instant createdAt) {

    public static AccountView from(Account account) {
        return new AccountView(account.getId(), account.getEmail(), account.getDisplayName(),
                account.getPlan(), account.getCreatedAt());
    }
}
