package com.calendarpipe.account;

import com.calendarpipe.ops.RequestLog;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Who is calling and how: the account as the key cache or the console session has it (a
 * revoke or plan change evicts the cache's copy before it returns, so it is never stale) and,
 * when an API key was used, that key's id. The authentication mechanism puts it on the
 * request; resources and DAV handlers read it from there.
 */
public record Caller(Account account, String keyId) {

    private static final String ATTRIBUTE = Caller.class.getName();

    public boolean viaKey() {
        return keyId != null;
    }

    /** Puts the caller on the request, for the handlers and the access log. */
    public void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
        RequestLog.caller(request, account.getId(), keyId);
    }

    /** The caller, if the mechanism established one. */
    public static Optional<Caller> on(ServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    /** The caller of an authenticated request; the mechanism guarantees there is one on protected paths. */
    public static Caller of(HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller on a protected path");
        }
        return caller;
    }
}
