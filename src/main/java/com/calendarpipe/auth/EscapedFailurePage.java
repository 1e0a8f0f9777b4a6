package com.calendarpipe.auth;

import com.calendarpipe.Refused;
import com.calendarpipe.cluster.Unavailable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The error page (web.xml) of a failure that escaped every handler of ours: one thrown before
 * any of them runs. On a clustered server that is a divided cluster's, chiefly: Weld's request
 * listener looks up the console session before the request scope starts, and when that session's
 * owner does not answer the lookup times out (Infinispan's ISPN000476 or ISPN000299). Such a
 * failure is answered 503 in the channel's language ({@link Unavailable}: nothing was changed,
 * try again), not with the container's 500; anything else is a bare 500, as before, and logged by
 * the container. Reachable only as an error dispatch: asked for directly, it is 404.
 */
@WebServlet(EscapedFailurePage.PATH)
public class EscapedFailurePage extends HttpServlet {

    static final String PATH = "/errors/escaped";
    private static final Logger LOG = Logger.getLogger(EscapedFailurePage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Optional<Refused> divided = Unavailable.refusal(failure);
        if (divided.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentLength(0);
            return;
        }
        LOG.warning("A request gave up waiting for another node of the cluster before any handler ran; answered 503 ("
                + failure.getClass().getName() + ")");
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "/" : uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        if (Route.of(path, request.getMethod()) == Route.DAV) {
            Refusal.dav(request, response, divided.get());
        } else {
            Refusal.api(request, response, divided.get());
        }
    }
}
