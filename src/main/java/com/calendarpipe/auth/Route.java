package com.calendarpipe.auth;

import java.util.Set;

/** Which credentials a request path demands. Pure: decided from the container-normalized path and the method. */
enum Route {
    /** Anyone: console pages, static files, feeds, and the few open API endpoints. */
    PUBLIC,
    /** {@code /api/v1/*}: a Bearer key or the console session. */
    API,
    /** {@code /dav/*}, {@code /.well-known/caldav}: Basic (email + key) or Bearer. */
    DAV,
    /** {@code /mcp}, the Model Context Protocol endpoint: a Bearer key only (no console session, no Basic). */
    MCP;

    private static final String API_ROOT = "/api/v1";
    /** The MCP endpoint (mcp/McpServlet); one path, no sub-resources. */
    static final String MCP_PATH = "/mcp";
    private static final Set<String> OPEN_API = Set.of("/status", "/openapi.json");
    private static final Set<String> OPEN_API_POSTS = Set.of("/accounts", "/session",
            "/secret-scanning/reports",   // a leak report proves itself by its signature, not a key
            "/email-verifications");      // the token of the link mailed to the address is the credential

    /**
     * @param path the servlet path plus path info: decoded and with dot-segments removed by
     *             the container, so an encoded or dotted path cannot pass for an open one
     */
    static Route of(String path, String method) {
        if (path.equals(API_ROOT) || path.startsWith(API_ROOT + "/")) {
            String rest = path.substring(API_ROOT.length());
            boolean open = OPEN_API.contains(rest) || "POST".equals(method) && OPEN_API_POSTS.contains(rest);
            return open ? PUBLIC : API;
        }
        if (path.equals(MCP_PATH)) {
            return MCP;
        }
        if (path.equals("/dav") || path.startsWith("/dav/") || path.equals("/.well-known/caldav")) {
            return DAV;
        }
        return PUBLIC;
    }
}
