package com.calendarpipe.limits;

import com.calendarpipe.Settings;
import com.calendarpipe.ops.RestRoutes;
import com.calendarpipe.rest.ErrorBody;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The first filter of every request (first in web.xml). It refuses, before any handler runs:
 * <ul>
 * <li>a body over {@link Settings#maxRequestBytes()}: 413, decided from {@code Content-Length}
 * before a byte is read, so that a client that sent {@code Expect: 100-continue} gets the 413
 * instead of a {@code 100 Continue} (RFC 9110 §10.1.1); a body of unknown length (chunked) is read
 * here up to one byte past the limit and handed on from memory;</li>
 * <li>a raw path with a segment no resource can have ({@link RequestPath}): 404, or 400 when it is
 * not a path at all;</li>
 * <li>outside the REST API, CalDAV and MCP, which answer their own 405 with {@code Allow}, any method
 * but GET, HEAD and OPTIONS: 405 (the console, its assets and the feeds are read-only).</li>
 * </ul>
 * The authentication mechanism runs before any filter: it refuses an unauthenticated request
 * itself, reading its body to the end, except one declared over the limit, which it lets through
 * with the {@link #OVER_LIMIT} mark to be refused here. Every refusal that leaves a body unread
 * closes the connection. Answers speak the channel's language: the JSON envelope under
 * {@code /api/v1} and {@code /mcp}, plain text elsewhere (there is no DAV precondition for a request too large).
 */
public class RequestLimitFilter extends HttpFilter {

    /**
     * Set by the authentication mechanism on a request whose declared body it found over the
     * limit and let through unauthenticated: refused here whatever the limit is by now.
     */
    public static final String OVER_LIMIT = RequestLimitFilter.class.getName() + ".overLimit";

    private static final String API = "/api/v1";
    private static final String DAV = "/dav";
    private static final String WELL_KNOWN = "/.well-known/caldav";
    private static final String MCP = "/mcp";
    private static final Set<String> READ_ONLY_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String READ_ONLY_ALLOW = "GET, HEAD, OPTIONS";

    @Inject
    Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // the MCP endpoint speaks JSON too: its refusals are the REST API's envelope
        boolean api = path.equals(API) || path.startsWith(API + "/") || path.equals(MCP);
        long length = request.getContentLengthLong();
        boolean marked = request.getAttribute(OVER_LIMIT) != null;
        // first, since it needs no byte of the body; costs a setting read only for a request with one
        if (marked || length > 0) {
            int limit = settings.maxRequestBytes();
            if (marked || length > limit) {
                tooLarge(response, api, limit);
                return;
            }
        }
        boolean unknownLength = length < 0
                && (request.getHeader("Transfer-Encoding") != null || request.getProtocol().startsWith("HTTP/2"));
        RequestPath.Verdict verdict = RequestPath.of(path);
        String method = request.getMethod();
        // a method name is case-sensitive (RFC 9110 §9.1), and JAX-RS would take "get" for GET
        boolean methodKnown = api ? method.equals(method.toUpperCase(Locale.ROOT))
                : READ_ONLY_METHODS.contains(method) || ownsItsMethods(method, path);
        if (unknownLength && (verdict != RequestPath.Verdict.PLAIN || !methodKnown)) {
            // the refusal below leaves a body of unknown length unread: the container must not read it to its end
            response.setHeader("Connection", "close");
        }
        switch (verdict) {
            case NO_SUCH_RESOURCE -> {
                refuse(response, api, 404, "Not Found", "No such resource");
                return;
            }
            case MALFORMED -> {
                refuse(response, api, 400, "Bad Request", "The request path is not a valid URL path");
                return;
            }
            case PLAIN -> { }
        }
        if (!methodKnown) {
            response.setHeader("Allow", api ? RestRoutes.allowed(path) : READ_ONLY_ALLOW);
            refuse(response, api, 405, "Method Not Allowed", "Method not allowed on this resource");
            return;
        }
        if (!unknownLength) {
            chain.doFilter(request, response);   // the container reads no more than Content-Length
            return;
        }
        HttpServletRequest read = readBody(request, response, api);
        if (read != null) {
            chain.doFilter(read, response);
        }
    }

    /** CalDAV and the discovery redirect answer every method themselves, and PROPFIND on the root is redirected (caldav.RootPropfindFilter). */
    private static boolean ownsItsMethods(String method, String path) {
        return path.equals(DAV) || path.startsWith(DAV + "/") || path.equals(WELL_KNOWN)
                || method.equals("PROPFIND") && path.equals("/");
    }

    /**
     * A body of unknown length (chunked, or HTTP/2 without Content-Length) read up to one byte
     * past the limit: the request to hand on, served from memory, or null when it has been
     * answered 413 (or 400 for a chunked body that breaks off or is not chunked correctly).
     */
    private HttpServletRequest readBody(HttpServletRequest request, HttpServletResponse response, boolean api)
            throws IOException {
        int limit = settings.maxRequestBytes();
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(limit + 1);
        } catch (IOException brokenBody) {
            // a chunk size that is not hex, a body that ends early: nothing more can be read
            response.setHeader("Connection", "close");
            refuse(response, api, 400, "Bad Request", "The request body is not correctly framed");
            return null;
        }
        if (body.length > limit) {
            tooLarge(response, api, limit);
            return null;
        }
        return new ReadBody(request, body);
    }

    private static void tooLarge(HttpServletResponse response, boolean api, int limit) throws IOException {
        // the rest of the body stays unread: the connection cannot carry another request
        response.setHeader("Connection", "close");
        refuse(response, api, 413, "Payload Too Large", "The request body is larger than " + limit + " bytes");
    }

    private static void refuse(HttpServletResponse response, boolean api, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        if (api) {
            response.setContentType("application/json");
            response.getWriter().write(ErrorBody.of(error, message).toJson());
        } else {
            response.setContentType("text/plain");
            response.getWriter().write(message + "\n");
        }
        // closing completes the response, so the container sends no error page of its own
        response.getWriter().close();
    }

    /** A request whose body was read here, within the limit, and is served from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("No asynchronous reads of a body already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    charset == null ? StandardCharsets.ISO_8859_1.name() : charset));
        }
    }
}
