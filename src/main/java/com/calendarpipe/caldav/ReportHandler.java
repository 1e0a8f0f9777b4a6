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
 * REPORT: dispatches by the body's root element to one class per report. The registry below is
 * also what {@code DAV:supported-report-set} lists, so the two cannot disagree.
 */
final class ReportHandler {

    /** One REPORT: answers the request whose body's root element is {@code report}. */
    @FunctionalInterface
    interface Report {
        void run(DavContext dav, Element report) throws DavError, IOException;
    }

    /** The reports of a calendar collection (RFC 6578 §3, RFC 4791 §7), in the order they are listed. */
    static final Map<QName, Report> REPORTS = registry();

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

    static void handle(DavContext dav) throws DavError, IOException {
        Document body = dav.xml();
        if (body == null) {
            throw DavError.status(400);
        }
        if (dav.path.kind() != DavPath.Kind.COLLECTION && dav.path.kind() != DavPath.Kind.OBJECT) {
            throw dav.ownPath() ? DavError.precondition(403, Dav.dav("supported-report")) : DavError.status(404);
        }
        Report report = REPORTS.get(DavXml.name(body.getDocumentElement()));
        if (report == null) {
            throw DavError.precondition(403, Dav.dav("supported-report"));
        }
        RequestLog.report(dav.request, body.getDocumentElement().getLocalName());
        report.run(dav, body.getDocumentElement());
    }
}
