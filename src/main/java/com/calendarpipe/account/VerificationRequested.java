package com.calendarpipe.account;

/**
 * Fired (as a CDI event, inside the transaction that stored the link's hash) when an account's
 * email is to receive a verification link: the mail is sent once that transaction has committed.
 * The token lives only here, in memory, and in the mail.
 */
public record VerificationRequested(String email, String token) {
}
