package com.calendarpipe.apikey;

import com.calendarpipe.account.Account;

/** Lets tests outside this package make a key record the way {@link ApiKeyService#create} does. */
public final class ApiKeyRecords {

    private ApiKeyRecords() {
    }

    public static ApiKey of(Account owner, String name, String key) {
        return new ApiKey(owner, name, key);
    }
}
