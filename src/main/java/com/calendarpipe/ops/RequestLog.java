package com.calendarpipe.ops;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import java.util.logging.Logger;

/**
 * One access-log line and one timing per request, every request included: Undertow runs this
 * handler outside the servlet security handlers, so the requests that the authentication
 * mechanism refuses (401, 402, 429) are logged and timed too, which no servlet filter would see.
 * The line is written when the exchange completes, so the duration includes sending the answer.
 * <p>
 * The format (logger {@code com.calendarpipe.access}, level INFO), one line per request:
 * <pre>access method=GET route=/api/v1/events/{eventId} status=200 ms=12 channel=rest account=&lt;account id&gt; key_id=&lt;key id&gt;</pre>
 * {@code account} and {@code key_id} are {@code -} when the request was not authenticated,
 * {@code key_id} also when a console session was used. The route is the {@link Routes} template:
 * never the raw path, never anything from the Authorization header.
 * <p>
 * Registered through {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 */
public class RequestLog implements ServletExtension {

    private static final Logger LOG = Logger.getLogger("com.calendarpipe.access");
    /** The request attribute that names the CalDAV REPORT being answered (see {@link #report}). */
    private static final String REPORT = RequestLog.class.getName() + ".report";
    /** The request attribute that names the caller (see {@link #caller}). */
    private static final String CALLER = RequestLog.class.getName() + ".caller";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addOuterHandlerChainWrapper(next -> exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((done, proceed) -> {
                try {
                    completed(done, System.nanoTime() - start);
                } finally {
                    proceed.proceed();
                }
            });
            next.handleRequest(exchange);
        });
    }

    /**
     * Names the REPORT a CalDAV request asked for (its body's root element, one of those the
     * server answers), so that its timing is by report rather than one REPORT for all.
     */
    public static void report(ServletRequest request, String localName) {
        request.setAttribute(REPORT, localName);
    }

    /**
     * Names who made the request, as the authentication mechanism established it: the account and,
     * when a key was used, the key's id (else null). Ids only, so the line needs nothing of them.
     */
    public static void caller(ServletRequest request, String accountId, String keyId) {
        request.setAttribute(CALLER, new String[] {accountId, keyId == null ? "-" : keyId});
    }

    private static void completed(HttpServerExchange exchange, long nanos) {
        Routes routes = Routes.of(exchange.getRequestPath());
        ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        ServletRequest request = servlet == null ? null : servlet.getServletRequest();
        String method = Routes.method(exchange.getRequestMethod().toString());
        Object report = request == null ? null : request.getAttribute(REPORT);
        String operation = report == null ? method : "REPORT " + report;
        int status = exchange.getStatusCode();
        Metrics.request(routes.channel(), operation, routes.route(), status, nanos);
        if (LOG.isLoggable(java.util.logging.Level.INFO)) {
            String[] caller = request == null ? null : (String[]) request.getAttribute(CALLER);
            LOG.info("access method=" + method
                    + " route=" + routes.route()
                    + (report == null ? "" : " report=" + report)
                    + " status=" + status
                    + " ms=" + nanos / 1_000_000
                    + " channel=" + routes.channel()
                    + " account=" + (caller == null ? "-" : caller[0])
                    + " key_id=" + (caller == null ? "-" : caller[1]));
        }
    }
}
