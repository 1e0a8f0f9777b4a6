package com.calendarpipe.account;

/**
 * Fired (as a CDI event) by every change that can take access away from an account's keys:
 * a revoke, a plan change. Observers that hold anything derived from those rows drop it when
 * the transaction completes, before the changing call returns.
 */
public record AccessChanged(String accountId) {
}
