package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.cluster.Unavailable;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ExceptionHandler;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A failure that escaped every handler of ours, thrown before any of them ran: on a clustered
 * server, a divided cluster's. Weld's request listener looks up the console session before the
 * request scope starts, and when the node owning that session does not answer, the lookup times
 * out (Infinispan's ISPN000476 or ISPN000299). Undertow would answer 500, and an error page
 * cannot help (the request has no security context yet), so this extension gives the deployment
 * an exception handler: such a failure is answered 503 in the channel's language
 * ({@link Unavailable}: nothing was changed, try again); anything else goes to the handler that
 * was there (the container's logging one, then its 500) as before. Registered through
 * {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 */
public class EscapedFailures implements ServletExtension {

    private static final Logger LOG = Logger.getLogger(EscapedFailures.class.getName());

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        ExceptionHandler previous = deployment.getExceptionHandler();
        deployment.setExceptionHandler((exchange, request, response, failure) -> {
            Optional<Refused> divided = Unavailable.refusal(failure);
            if (divided.isEmpty() || response.isCommitted()
                    || !(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
                return previous != null && previous.handleThrowable(exchange, request, response, failure);
            }
            LOG.warning("A request gave up waiting for another node of the cluster before any handler ran; answered 503 ("
                    + failure.getClass().getName() + ")");
            try {
                answer.reset();
                String path = http.getRequestURI().substring(Math.min(http.getRequestURI().length(), http.getContextPath().length()));
                if (Route.of(path, http.getMethod()) == Route.DAV) {
                    Refusal.dav(http, answer, divided.get());
                } else {
                    Refusal.api(http, answer, divided.get());
                }
                return true;
            } catch (IOException | RuntimeException e) {
                return previous != null && previous.handleThrowable(exchange, request, response, failure);
            }
        });
    }
}
