package com.calendarpipe.apikey;

/**
 * Fired (as a CDI event, inside the revoking transaction) when a leak report revoked a live key:
 * the account, the key (id and prefix) and where the key was found.
 */
public record KeyLeakReported(String accountId, String keyId, String keyPrefix, String url) {
}
