package com.calendarpipe.ops;

import java.util.List;
import java.util.Set;

/**
 * A request's channel and route template: the path with every id, token, account and object
 * name replaced by its placeholder ({@code /api/v1/events/{eventId}},
 * {@code /dav/calendars/{account}/{collection}/{object}}). Access-log lines and metric labels
 * carry the template, never the path: paths hold ids, feed tokens (a feed's only credential) and
 * anything a client types, and every distinct label value is a new time series. So only the
 * routes below are named, and the REST API's from its resources ({@link RestRoutes}); any other
 * path is {@code {unmatched}} in its channel, or {@code /{static}} for the console's files.
 */
public record Routes(String channel, String route) {

    /** CalDAV's resources (RFC 4791 layout, see caldav.DavPath); a trailing slash is part of the route. */
    private static final List<String> DAV = List.of(
            "/dav", "/dav/", "/dav/principals/{account}/", "/dav/calendars/{account}/",
            "/dav/calendars/{account}/{collection}/", "/dav/calendars/{account}/{collection}/{object}",
            "/.well-known/caldav");

    private static final List<String> FEED = List.of("/feed/{feedToken}");

    /** Methods named as they are; any other is {@code OTHER}, since clients may send any token. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "PROPFIND", "PROPPATCH", "REPORT", "MKCALENDAR", "MKCOL", "MOVE", "COPY");

    public static Routes of(String path) {
        if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
            String[] segments = path.split("/", -1);
            return new Routes("rest", RestRoutes.operations().stream().map(RestRoutes.Operation::template)
                    .filter(t -> matches(t, segments)).findFirst().orElse("/api/v1/{unmatched}"));
        }
        if (path.equals("/dav") || path.startsWith("/dav/") || path.equals("/.well-known/caldav")) {
            return new Routes("caldav", match(DAV, path, "/dav/{unmatched}"));
        }
        if (path.equals("/mcp")) {
            return new Routes("mcp", "/mcp");
        }
        if (path.startsWith("/feed/")) {
            return new Routes("feed", match(FEED, path, "/feed/{unmatched}"));
        }
        return new Routes("web", path.equals("/") ? "/" : "/{static}");
    }

    /** The method as a label value: one of the methods the application serves, else {@code OTHER}. */
    public static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    private static String match(List<String> templates, String path, String otherwise) {
        String[] segments = path.split("/", -1);
        for (String template : templates) {
            if (matches(template, segments)) {
                return template;
            }
        }
        return otherwise;
    }

    /** Whether the path's segments fit the template, each placeholder standing for one non-empty segment. */
    static boolean matches(String templatePath, String[] segments) {
        String[] template = templatePath.split("/", -1);
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean placeholder = template[i].startsWith("{");
            if (placeholder ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
