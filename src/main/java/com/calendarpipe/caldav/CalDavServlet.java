package com.calendarpipe.caldav;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.calendar.UidConflict;
import com.calendarpipe.ops.Counters;
import com.calendarpipe.cluster.Unavailable;
import com.calendarpipe.persistence.LockWaits;
import com.calendarpipe.scheduling.CalendarUsers;
import com.calendarpipe.scheduling.Inbox;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CalDAV under {@code /dav/} (RFC 4918, 4791, 6578, 5397, 5689, 6638), behind the same authentication
 * mechanism as the REST API (Basic with the account email and an API key, or Bearer). This
 * servlet only dispatches, one handler per method and one class per REPORT, and is the one
 * place where refusals, the handlers' and the store's, become DAV answers.
 */
@WebServlet("/dav/*")
public class CalDavServlet extends HttpServlet {

    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCALENDAR, MKCOL, REPORT, POST";
    private static final Logger LOG = Logger.getLogger(CalDavServlet.class.getName());

    @Inject
    CalendarService calendars;

    @Inject
    Inbox inbox;

    @Inject
    CalendarUsers users;

    @Inject
    Settings settings;

    /** This node's kept calendar listings: one per deployment, shared by every request. */
    private final MemberListings listings = new MemberListings();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DavContext dav = new DavContext(request, response, calendars, inbox, settings.mailDomain(), listings);
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
                case "POST" -> OutboxHandler.post(dav, users);
                default -> throw DavError.status(405);
            }
        } catch (DavError e) {
            refuse(response, e);
        } catch (Refused e) {
            if (e.kind() == Refused.Kind.THROTTLED || e.kind() == Refused.Kind.UNAUTHENTICATED) {
                // about the credential or the rate, not the resource: with the headers they need
                if (!response.isCommitted()) {
                    response.reset();
                    DavRefusals.send(response, e);
                }
                return;
            }
            refuse(response, translate(dav, e));
        } catch (RuntimeException e) {
            Optional<Refused> busy = LockWaits.refusal(e, LockWaits.MESSAGE);
            if (busy.isPresent()) {
                LOG.warning("A CalDAV write gave up waiting for a database lock; answered 503");
                refuse(response, translate(dav, busy.get()));
                return;
            }
            Optional<Refused> divided = Unavailable.refusal(e);
            if (divided.isPresent()) {
                LOG.warning("A CalDAV request gave up waiting for another node of the cluster; answered 503 (" + e.getClass().getName() + ")");
                refuse(response, translate(dav, divided.get()));
                return;
            }
            LOG.log(Level.SEVERE, "Unexpected failure answering a CalDAV request", e);
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(500);
                response.setContentLength(0);
            }
        }
    }

    private static void options(HttpServletResponse response) {
        // calendar-auto-schedule: RFC 6638 §2
        response.setHeader("DAV", "1, 3, calendar-access, extended-mkcol, calendar-auto-schedule");
        response.setHeader("Allow", ALLOW);
        response.setContentLength(0);
    }

    /**
     * A refusal of the store as DAV says it: iCalendar data it refuses is a 403 naming the
     * precondition (RFC 4791 §5.3.2), a UID taken by another object names that object, a range
     * with more instances than an answer may carry is CalDAV's max-instances, and one whose
     * recurrences cost more than a request may spend names this server's own limit.
     */
    private static DavError translate(DavContext dav, Refused refused) {
        if (refused instanceof InvalidCalendarObject invalid) {
            return DavError.precondition(403, Dav.caldav(invalid.precondition().element()));
        }
        if (refused instanceof UidConflict conflict) {
            return new DavError(403, Dav.caldav("no-uid-conflict"),
                    DavPath.object(dav.account.getId(), dav.path.collection(), conflict.existingName()));
        }
        return switch (refused.kind()) {
            case INVALID -> DavError.status(400);
            case PAYMENT_REQUIRED -> DavError.status(402);
            case FORBIDDEN -> DavError.status(403);
            case NOT_FOUND -> DavError.status(404);
            case CONFLICT -> DavError.status(409);
            case PRECONDITION_FAILED -> DavError.status(412);
            case TOO_LARGE -> DavError.status(413);
            case UNAVAILABLE -> DavError.status(503);
            case THROTTLED, UNAUTHENTICATED -> throw new IllegalArgumentException("Answered by DavRefusals: " + refused.kind());
            case TOO_COSTLY -> {
                Counters.recurrenceBudgetRefusedCalDav();
                yield refused instanceof RecurrenceBudget.Exceeded exceeded
                        && exceeded.limit() == RecurrenceBudget.Limit.WORK
                        ? DavError.precondition(403, Dav.calendarpipe(exceeded.limit().element()))
                        : DavError.precondition(403, Dav.caldav(RecurrenceBudget.Limit.INSTANCES.element()));
            }
        };
    }

    private static void refuse(HttpServletResponse response, DavError error) throws IOException {
        if (response.isCommitted()) {
            return;   // part of a multistatus is out: nothing can be said any more
        }
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
