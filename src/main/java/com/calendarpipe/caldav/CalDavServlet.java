package com.calendarpipe.caldav;

import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CalDAV under {@code /dav/} (RFC 4918, 4791, 6578, 5397, 5689), behind the same authentication
 * mechanism as the REST API (Basic with the account email and an API key, or Bearer). This
 * servlet only dispatches: one handler per method, one class per REPORT.
 */
@WebServlet("/dav/*")
public class CalDavServlet extends HttpServlet {

    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCALENDAR, MKCOL, REPORT";
    private static final Logger LOG = Logger.getLogger(CalDavServlet.class.getName());

    @Inject
    CalendarService store;

    @Inject
    Settings settings;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DavContext dav = new DavContext(request, response, store, settings.mailDomain());
        try {
            switch (request.getMethod()) {
                case "OPTIONS" -> options(response);
                case "PROPFIND" -> PropfindHandler.handle(dav);
                case "PROPPATCH" -> CollectionHandler.proppatch(dav);
                case "MKCALENDAR" -> CollectionHandler.mkcalendar(dav, false);
                case "MKCOL" -> CollectionHandler.mkcalendar(dav, true);
                case "GET" -> ObjectHandler.get(dav, true);
                case "HEAD" -> ObjectHandler.get(dav, false);
                case "PUT" -> ObjectHandler.put(dav);
                case "DELETE" -> ObjectHandler.delete(dav);
                case "REPORT" -> ReportHandler.handle(dav);
                default -> throw DavError.status(405);
            }
        } catch (DavError e) {
            refuse(response, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure answering a CalDAV request", e);
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(500);
                response.setContentLength(0);
            }
        }
    }

    private static void options(HttpServletResponse response) {
        response.setHeader("DAV", "1, 3, calendar-access, extended-mkcol");
        response.setHeader("Allow", ALLOW);
        response.setContentLength(0);
    }

    private static void refuse(HttpServletResponse response, DavError error) throws IOException {
        response.reset();
        if (error.status == 405) {
            response.setHeader("Allow", ALLOW);
        }
        if (error.precondition != null) {
            Multistatus.error(response, error);
        } else {
            response.setStatus(error.status);
            response.setContentLength(0);
        }
    }
}
