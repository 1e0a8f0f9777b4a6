package com.calendarpipe.account;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;

/**
 * Sudo mode, as GitHub's: what would hand the account to someone else (a new or rotated API key,
 * a new password or email, turning two-factor sign-in on or off, deleting the account) needs the
 * person to have proved themselves (password, or a second-factor code) within the last
 * {@code sudo-window} seconds (600) of this console session; a sign-in counts. A session someone
 * borrowed, or stole through a page, can then read but not take over. API keys can never do these
 * things. The time is kept in the servlet session (distributable: a Long), written by the
 * session endpoints (auth/SessionResource).
 */
public final class Sudo {

    /** Epoch milliseconds of the session's last proof. */
    private static final String CONFIRMED_AT = "calendarpipe.sudo";

    /** The detail a refusal carries, by which a client knows to ask for the password in place. */
    private static final String DETAIL_FIELD = "sudo";

    private Sudo() {
    }

    /**
     * 403 unless the caller is a console session proved within the window: a key is refused
     * outright ({@code keyRefusal}, which names what the console is for), a session past its window
     * with a {@code sudo} detail.
     */
    public static void require(HttpServletRequest request, String keyRefusal) {
        if (Caller.of(request).viaKey()) {
            throw Refused.forbidden(keyRefusal);
        }
        HttpSession session = request.getSession(false);
        Long at = session == null ? null : (Long) session.getAttribute(CONFIRMED_AT);
        if (at == null || System.currentTimeMillis() - at >= Settings.shared().sudoWindow().toMillis()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "Confirm it is you first: your password or a two-factor code "
                    + "(POST /api/v1/session/sudo), then try again",
                    List.of(new Refused.Detail(DETAIL_FIELD, "confirm your password or a two-factor code")));
        }
    }

    /** The session's person proved themselves just now. */
    public static void confirmed(HttpServletRequest request) {
        request.getSession(false).setAttribute(CONFIRMED_AT, System.currentTimeMillis());
    }
}
