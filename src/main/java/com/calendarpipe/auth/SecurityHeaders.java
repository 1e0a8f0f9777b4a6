package com.calendarpipe.auth;

import com.calendarpipe.Settings;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import jakarta.servlet.ServletContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The security headers of every response, the application's and the container's own (an error
 * page, a static file) alike, set in one place just before the headers go out:
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff} everywhere: no browser reads a feed, a DAV body or
 *     an error as a script or a page;</li>
 * <li>over HTTPS ({@link ClientAddress#secure}: the connection's own, or a trusted proxy's
 *     {@code X-Forwarded-Proto}), {@code Strict-Transport-Security}, and the console's session
 *     cookies ({@code CP_SESSION}, and single sign-on's {@code CP_SSO}) made {@code Secure}; on plain {@code http://localhost} it is not,
 *     or no browser would send it back. web.xml can only make the cookie Secure always or never,
 *     and the container sets it (at sign-in, and again whenever the session manager re-issues it,
 *     as a cluster does when a session moves to another node);</li>
 * <li>the REST API: {@code Cache-Control: no-store} unless the resource chose otherwise, since its
 *     answers carry keys (once), CSRF tokens and account data that no cache may keep;</li>
 * <li>the pages, the console and the API reference: a Content-Security-Policy that runs scripts
 *     from this origin only and lets no site frame them (the page that shows a new API key must
 *     never run injected code or be clickjacked), and no Referer. The console is also
 *     {@code no-cache}, so that a browser picks up a new console after an upgrade.</li>
 * </ul>
 * Registered through {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 */
public class SecurityHeaders implements ServletExtension {

    static final String SESSION_COOKIE = "CP_SESSION";

    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString HSTS = new HttpString("Strict-Transport-Security");
    private static final HttpString CACHE_CONTROL = new HttpString("Cache-Control");
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final String PAGE_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    /** Swagger UI sets inline styles and draws its icons from data: URLs; scripts stay this origin's. */
    private static final String API_DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' "
            + "'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addOuterHandlerChainWrapper(next -> exchange -> {
            exchange.addResponseCommitListener(SecurityHeaders::beforeCommit);
            next.handleRequest(exchange);
        });
    }

    private static void beforeCommit(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(NOSNIFF, "nosniff");
        String path = exchange.getRequestPath();
        if (path.startsWith("/api/v1/") || path.equals("/api/v1")) {
            if (!headers.contains(CACHE_CONTROL)) {
                headers.put(CACHE_CONTROL, "no-store");
            }
        } else if (path.equals("/") || path.equals("/index.html") || path.startsWith("/assets/")) {
            page(headers, PAGE_POLICY);
            headers.put(CACHE_CONTROL, "no-cache");
        } else if (path.equals("/api/docs") || path.startsWith("/api/docs/")) {
            page(headers, API_DOCS_POLICY);
        }
        Boolean secure = null;   // decided at most once, and only when needed
        if (exchange.isSecure() || exchange.getRequestHeaders().contains("X-Forwarded-Proto")) {
            secure = secure(exchange);
            if (secure) {
                headers.put(HSTS, "max-age=31536000");
            }
        }
        for (Cookie cookie : exchange.responseCookies()) {
            if (SESSION_COOKIE.equals(cookie.getName()) || SsoResource.COOKIE.equals(cookie.getName())) {
                if (secure == null) {
                    secure = secure(exchange);
                }
                if (secure) {
                    cookie.setSecure(true);
                }
            }
        }
    }

    private static void page(HeaderMap headers, String policy) {
        headers.put(CSP, policy);
        headers.put(REFERRER_POLICY, "no-referrer");
    }

    private static boolean secure(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        String peer = source == null || source.getAddress() == null ? null : source.getAddress().getHostAddress();
        HeaderValues proto = exchange.getRequestHeaders().get("X-Forwarded-Proto");
        return ClientAddress.secure(exchange.isSecure(), peer, proto == null ? List.of() : proto,
                Settings.shared().trustedProxies());
    }
}
