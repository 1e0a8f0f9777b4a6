package com.calendarpipe.apikey;

import java.util.Map;

/**
 * A key's security event, fired (as a CDI event) inside the transaction of the change or the write
 * of uses it comes from. A key created or revoked is a caller's doing ({@link #byCaller}: the
 * listener adds who did it from the request); a use is recorded from where it came ({@code ip},
 * {@code userAgent}), written later by the last-used timer, off any request.
 */
public record KeyEvent(String accountId, Kind kind, String keyId, String keyPrefix, Map<String, String> details,
                       String ip, String userAgent) {

    public enum Kind { CREATED, REVOKED, FIRST_USED, NEW_ADDRESS }

    /** Made by the request's caller (session or key), not seen by the server on its own. */
    public boolean byCaller() {
        return kind == Kind.CREATED || kind == Kind.REVOKED;
    }
}
