package com.calendarpipe.ops;

import java.util.List;
import java.util.Set;

/**
 * A request's channel and route template: the path with every id, token, account and object
 * name replaced by its placeholder ({@code /api/v1/events/{eventId}},
 * {@code /dav/calendars/{account}/{collection}/{object}}). Access-log lines and metric labels
 * carry the template, never the path: paths hold ids, feed tokens (a feed's only credential) and
 * anything a client types, and every distinct label value is a new time series. So only the
 * routes below are named; any other path is {@code {unmatched}} in its channel, or
 * {@code /{static}} for the console's files.
 */
public record Routes(String channel, String route) {

    /** The REST API's routes, from the JAX-RS resources' {@code @Path}s. */
    private static final List<String> API = List.of(
            "/api/v1/status", "/api/v1/openapi.json", "/api/v1/accounts", "/api/v1/account",
            "/api/v1/session", "/api/v1/admin/accounts/{accountId}",
            "/api/v1/api-keys", "/api/v1/api-keys/{keyId}",
            "/api/v1/hosted-calendars", "/api/v1/hosted-calendars/{calendarId}",
            "/api/v1/hosted-calendars/{calendarId}/regenerate-token",
            "/api/v1/hosted-calendars/{calendarId}/invitations", "/api/v1/hosted-calendars/{calendarId}/invitations/{uid}/respond",
            "/api/v1/calendars", "/api/v1/calendars/{calendarId}/events",
            "/api/v1/events", "/api/v1/events/{eventId}");

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
            return new Routes("rest", match(API, path, "/api/v1/{unmatched}"));
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
            if (matches(template.split("/", -1), segments)) {
                return template;
            }
        }
        return otherwise;
    }

    private static boolean matches(String[] template, String[] segments) {
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
