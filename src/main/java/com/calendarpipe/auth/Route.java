package com.calendarpipe.auth;

import com.calendarpipe.ops.RestRoutes;

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

    private static final String API_ROOT = RestRoutes.ROOT;
    /** The MCP endpoint (mcp/McpServlet); one path, no sub-resources. */
    static final String MCP_PATH = "/mcp";

    /**
     * A REST operation is open when its resource says so ({@link RestRoutes}: an empty
     * {@code @SecurityRequirements}, which the API reference shows too), for its own method (sign-up
     * is open to POST, the account it makes is not), and so is a method the path does not serve, to
     * be answered 405. Every other path under the API, unknown ones included, needs a credential
     * before anything answers.
     *
     * @param path the servlet path plus path info: decoded and with dot-segments removed by
     *             the container, so an encoded or dotted path cannot pass for an open one
     */
    static Route of(String path, String method) {
        if (path.equals(API_ROOT) || path.startsWith(API_ROOT + "/")) {
            return RestRoutes.open(method, path) ? PUBLIC : API;
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
