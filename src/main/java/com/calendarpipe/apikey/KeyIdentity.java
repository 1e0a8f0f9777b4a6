package com.calendarpipe.apikey;

import com.calendarpipe.account.Account;
import java.time.Instant;

/**
 * What one lookup by hash tells about a presented key: which key, whether revoked or when it
 * will be (a rotated key's scheduled revocation), whose. {@link KeyCache} keeps it as read, so
 * the scheduled time is compared with the clock at each request, cached or not: the key is
 * refused from that instant on every node, and nothing has to evict it then.
 */
public record KeyIdentity(String keyId, Instant revokedAt, Instant revokesAt, Account account) {

    /** Whether the key is refused at {@code now}: revoked, or its scheduled revocation has come. */
    public boolean revoked(Instant now) {
        return effectiveRevocation(revokedAt, revokesAt, now) != null;
    }

    /** Whether the key is revoked by hand (whatever is scheduled). */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** The time the key was revoked as of {@code now}: the manual revocation, else a scheduled one that has come. */
    static Instant effectiveRevocation(Instant revokedAt, Instant revokesAt, Instant now) {
        if (revokedAt != null) {
            return revokedAt;
        }
        return revokesAt != null && !now.isBefore(revokesAt) ? revokesAt : null;
    }
}
