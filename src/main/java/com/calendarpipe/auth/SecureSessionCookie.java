package com.calendarpipe.auth;

import com.calendarpipe.Settings;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.HeaderValues;
import jakarta.servlet.ServletContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The console's session cookie ({@code CP_SESSION}) is {@code Secure} whenever the request arrived
 * over HTTPS: on its own connection, or at a trusted proxy that says so in
 * {@code X-Forwarded-Proto} ({@link ClientAddress#secure}); on plain {@code http://localhost} it is
 * not, or no browser would send it back. web.xml can only make it Secure always or never, and the
 * cookie is set by the container (at sign-in, and again whenever the session manager re-issues it,
 * as a cluster does when a session moves to another node), so this is decided on each response,
 * just before its headers go out, for every Set-Cookie of that name, the way Undertow's own
 * {@code secure-cookie()} handler does for HTTPS connections.
 * <p>
 * Registered through {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 */
public class SecureSessionCookie implements ServletExtension {

    static final String NAME = "CP_SESSION";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addOuterHandlerChainWrapper(next -> exchange -> {
            exchange.addResponseCommitListener(SecureSessionCookie::beforeCommit);
            next.handleRequest(exchange);
        });
    }

    private static void beforeCommit(HttpServerExchange exchange) {
        Boolean secure = null;   // decided once, and only for a response that sets the cookie
        for (Cookie cookie : exchange.responseCookies()) {
            if (NAME.equals(cookie.getName())) {
                if (secure == null) {
                    secure = secure(exchange);
                }
                if (secure) {
                    cookie.setSecure(true);
                }
            }
        }
    }

    private static boolean secure(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        String peer = source == null || source.getAddress() == null ? null : source.getAddress().getHostAddress();
        HeaderValues proto = exchange.getRequestHeaders().get("X-Forwarded-Proto");
        return ClientAddress.secure(exchange.isSecure(), peer, proto == null ? List.of() : proto,
                new Settings().trustedProxies());
    }
}
