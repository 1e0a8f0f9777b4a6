package com.calendarpipe.auth;

/**
 * A console sign-in (with a password, or through single sign-on), sign-out or failed sign-in, fired (as a CDI event) by the session endpoints,
 * which run in no transaction: the listener records it in one of its own. A failure names the
 * email tried (an unknown one has no trail to go to), never the password.
 */
public record SessionEvent(Kind kind, String accountId, String email) {

    public enum Kind { SIGNED_IN, SSO_SIGNED_IN, SIGNED_OUT, SIGN_IN_FAILED, SUDO_CONFIRMED }
}
