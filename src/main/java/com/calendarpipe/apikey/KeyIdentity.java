package com.calendarpipe.apikey;

import com.calendarpipe.account.Account;
import java.time.Instant;

/** What one lookup by hash tells about a presented key: which key, whether revoked, whose. */
public record KeyIdentity(String keyId, Instant revokedAt, Account account) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
