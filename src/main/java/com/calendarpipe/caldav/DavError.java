package com.calendarpipe.caldav;

import javax.xml.namespace.QName;

/**
 * A refused DAV request: its status and, where an RFC names one, the precondition element
 * for the {@code DAV:error} body (RFC 4918 §16), with an optional href inside it; for
 * {@code DAV:need-privileges} (RFC 3744 §7.1.1), the resource and the privilege it lacks.
 */
final class DavError extends Exception {

    static final QName NEED_PRIVILEGES = Dav.dav("need-privileges");

    final int status;
    final QName precondition;
    final String href;
    /** The privilege the caller lacks on {@link #href}, for {@link #NEED_PRIVILEGES}; else null. */
    final QName privilege;

    DavError(int status, QName precondition, String href) {
        this(status, precondition, href, null);
    }

    private DavError(int status, QName precondition, String href, QName privilege) {
        super(null, null, false, false);
        this.status = status;
        this.precondition = precondition;
        this.href = href;
        this.privilege = privilege;
    }

    /** 403: the caller lacks {@code privilege} (a {@code DAV:} one) on the resource at {@code href}. */
    static DavError needPrivilege(String href, String privilege) {
        return new DavError(403, NEED_PRIVILEGES, href, Dav.dav(privilege));
    }

    static DavError status(int status) {
        return new DavError(status, null, null);
    }

    static DavError precondition(int status, QName element) {
        return new DavError(status, element, null);
    }
}
