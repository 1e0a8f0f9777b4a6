package com.calendarpipe.caldav;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a DAV request points, from the container-decoded path under {@code /dav}:
 * {@code /} the root, {@code /principals/{account}/}, {@code /calendars/{account}/} the
 * calendar home, {@code /calendars/{account}/{collection}/} a calendar, and
 * {@code /calendars/{account}/{collection}/{name}} one of its objects, and the account's
 * scheduling inbox and outbox (RFC 6638 §2.1, §2.2) {@code /calendars/{account}/inbox/} with
 * its messages and {@code /calendars/{account}/outbox/}: no calendar can be named so (MKCALENDAR
 * there finds the inbox or outbox; other calendars are named by their id, or the name a client chose). A segment that no
 * resource may be named ({@code .}, {@code ..}, a backslash or a control character, which the
 * decoding of a path or an href can produce) makes the whole path {@link Kind#UNKNOWN}, so such
 * a name is never looked up, created or written into an href. (Requests with such raw paths are
 * refused before they get here, by limits/RequestLimitFilter; hrefs in request bodies are not.)
 */
record DavPath(Kind kind, String accountId, String collection, String object) {

    enum Kind { ROOT, PRINCIPAL, HOME, COLLECTION, OBJECT, INBOX, INBOX_ITEM, OUTBOX, UNKNOWN }

    static final String INBOX = "inbox";
    static final String OUTBOX = "outbox";

    static final String PREFIX = "/dav";
    /** The DAV root, where discovery starts (RFC 6764 §5). */
    static final String ROOT = PREFIX + "/";

    static DavPath of(String pathInfo) {
        String path = pathInfo == null || pathInfo.isEmpty() ? "/" : pathInfo;
        String[] parts = path.substring(1).split("/", -1);
        int n = path.endsWith("/") ? parts.length - 1 : parts.length;
        if (path.equals("/")) {
            return new DavPath(Kind.ROOT, null, null, null);
        }
        for (int i = 1; i < n; i++) {
            if (!nameable(parts[i])) {
                return new DavPath(Kind.UNKNOWN, null, null, null);
            }
        }
        if (parts[0].equals("principals") && n == 2 && !parts[1].isEmpty()) {
            return new DavPath(Kind.PRINCIPAL, parts[1], null, null);
        }
        if (parts[0].equals("calendars") && n >= 2 && n <= 4 && !parts[1].isEmpty()) {
            if (n == 2) {
                return new DavPath(Kind.HOME, parts[1], null, null);
            }
            if (parts[2].isEmpty()) {
                return new DavPath(Kind.UNKNOWN, null, null, null);
            }
            if (n == 3) {
                Kind kind = parts[2].equals(INBOX) ? Kind.INBOX : parts[2].equals(OUTBOX) ? Kind.OUTBOX : Kind.COLLECTION;
                return new DavPath(kind, parts[1], kind == Kind.COLLECTION ? parts[2] : null, null);
            }
            if (parts[2].equals(INBOX) && !path.endsWith("/") && !parts[3].isEmpty()) {
                return new DavPath(Kind.INBOX_ITEM, parts[1], null, parts[3]);
            }
            if (!parts[2].equals(OUTBOX) && !path.endsWith("/") && !parts[3].isEmpty()) {
                return new DavPath(Kind.OBJECT, parts[1], parts[2], parts[3]);
            }
        }
        return new DavPath(Kind.UNKNOWN, null, null, null);
    }

    /** False for a name no account, calendar or object can have; empty segments are judged by {@link #of}. */
    private static boolean nameable(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    static String principal(String accountId) {
        return PREFIX + "/principals/" + segment(accountId) + "/";
    }

    static String home(String accountId) {
        return PREFIX + "/calendars/" + segment(accountId) + "/";
    }

    static String collection(String accountId, String collection) {
        return home(accountId) + segment(collection) + "/";
    }

    static String inbox(String accountId) {
        return home(accountId) + INBOX + "/";
    }

    static String outbox(String accountId) {
        return home(accountId) + OUTBOX + "/";
    }

    static String object(String accountId, String collection, String name) {
        return collection(accountId, collection) + segment(name);
    }

    /** One path segment, percent-encoded as RFC 3986 wants it in an href. */
    static String segment(String raw) {
        if (unreserved(raw)) {
            return raw;   // the usual name (ids, UIDs): nothing to encode, no URI to build
        }
        try {
            // toASCIIString: non-ASCII characters as their UTF-8 octets, percent-encoded (RFC 3986 §2.5)
            return new URI(null, null, "/" + raw, null).toASCIIString().substring(1).replace("/", "%2F");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not encodable as a path segment", e);
        }
    }

    /** Only RFC 3986 §2.3 unreserved characters, which an href carries as they are. */
    private static boolean unreserved(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path an href of a request body names (absolute URL or absolute path, percent-encoded),
     * decoded and relative to {@code /dav}; null when it points elsewhere.
     */
    static String fromHref(String href) {
        try {
            String path = new URI(href.strip()).getPath();
            if (path == null || !path.startsWith(PREFIX + "/")) {
                return null;
            }
            return path.substring(PREFIX.length());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
