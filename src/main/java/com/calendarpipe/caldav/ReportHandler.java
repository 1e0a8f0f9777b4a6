package com.calendarpipe.caldav;

import com.calendarpipe.ops.RequestLog;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * REPORT: dispatches by the body's root element to one class per report. The registries below
 * are also what {@code DAV:supported-report-set} lists, so the two cannot disagree.
 */
final class ReportHandler {

    /** One REPORT: answers the request whose body's root element is {@code report}. */
    @FunctionalInterface
    interface Report {
        void run(DavContext dav, Element report) throws DavError, IOException;
    }

    /** The reports of a calendar collection (RFC 6578 §3, RFC 4791 §7), in the order they are listed. */
    static final Map<QName, Report> REPORTS = registry();

    /**
     * The reports of the scheduling inbox: calendar-query and calendar-multiget (RFC 6638 §2.2
     * lets the inbox hold calendar data; clients read invitations so), and sync-collection (RFC 6578).
     */
    static final Map<QName, Report> INBOX_REPORTS = inboxRegistry();

    private ReportHandler() {
    }

    private static Map<QName, Report> registry() {
        Map<QName, Report> reports = new LinkedHashMap<>();
        reports.put(Dav.dav("sync-collection"), SyncCollectionReport::run);
        reports.put(Dav.caldav("calendar-query"), CalendarQueryReport::run);
        reports.put(Dav.caldav("calendar-multiget"), CalendarMultigetReport::run);
        reports.put(Dav.caldav("free-busy-query"), FreeBusyReport::run);
        return Collections.unmodifiableMap(reports);
    }

    private static Map<QName, Report> inboxRegistry() {
        Map<QName, Report> reports = new LinkedHashMap<>();
        reports.put(Dav.dav("sync-collection"), SyncCollectionReport::inbox);
        reports.put(Dav.caldav("calendar-query"), CalendarQueryReport::inbox);
        reports.put(Dav.caldav("calendar-multiget"), CalendarMultigetReport::inbox);
        return Collections.unmodifiableMap(reports);
    }

    static void handle(DavContext dav) throws DavError, IOException {
        Document body = dav.xml();
        if (body == null) {
            throw DavError.status(400);
        }
        Map<QName, Report> reports = switch (dav.path.kind()) {
            case COLLECTION, OBJECT -> REPORTS;
            case INBOX -> INBOX_REPORTS;
            default -> Map.of();
        };
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        Report report = reports.get(DavXml.name(body.getDocumentElement()));
        if (report == null) {
            throw DavError.precondition(403, Dav.SUPPORTED_REPORT);
        }
        RequestLog.report(dav.request, body.getDocumentElement().getLocalName());
        report.run(dav, body.getDocumentElement());
    }
}
