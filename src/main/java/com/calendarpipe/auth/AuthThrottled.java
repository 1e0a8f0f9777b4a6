package com.calendarpipe.auth;

/**
 * Fired (as a CDI event) when a failure makes this node's throttle engage for an account: the
 * email named by the failing sign-in or Basic user name, and the address it came from. The
 * audit trail records it for the account with that email, if there is one. Throttling of an
 * address alone names no account, so nothing is fired for it.
 */
public record AuthThrottled(String email, String address) {
}
