package com.calendarpipe.caldav;

import javax.xml.namespace.QName;

/**
 * A refused DAV request: its status and, where an RFC names one, the precondition element
 * for the {@code DAV:error} body (RFC 4918 §16), with an optional href inside it.
 */
final class DavError extends Exception {

    final int status;
    final QName precondition;
    final String href;

    DavError(int status, QName precondition, String href) {
        super(null, null, false, false);
        this.status = status;
        this.precondition = precondition;
        this.href = href;
    }

    static DavError status(int status) {
        return new DavError(status, null, null);
    }

    static DavError precondition(int status, QName element) {
        return new DavError(status, element, null);
    }
}
