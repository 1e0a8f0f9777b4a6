package com.calendarpipe.account;

/**
 * Fired (as a CDI event, inside the transaction that stored the link's hash) when an account asks
 * to change its email: once that transaction has committed, the link goes to the new address and
 * a notice to the old one (which can then act if it was not its owner). The token lives only
 * here, in memory, and in the mail to the new address.
 */
public record EmailChangeRequested(String oldEmail, String newEmail, String token) {
}
