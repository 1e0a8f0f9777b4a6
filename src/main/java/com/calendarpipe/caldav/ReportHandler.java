package com.calendarpipe.caldav;

import java.io.IOException;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;

/** REPORT: dispatches by the body's root element to one class per report. */
final class ReportHandler {

    private ReportHandler() {
    }

    static void handle(DavContext dav) throws DavError, IOException {
        Document body = dav.xml();
        if (body == null) {
            throw DavError.status(400);
        }
        QName report = DavXml.name(body.getDocumentElement());
        if (dav.path.kind() != DavPath.Kind.COLLECTION && dav.path.kind() != DavPath.Kind.OBJECT) {
            throw dav.ownPath() ? DavError.precondition(403, Dav.dav("supported-report")) : DavError.status(404);
        }
        if (report.equals(Dav.caldav("calendar-multiget"))) {
            CalendarMultigetReport.run(dav, body.getDocumentElement());
        } else if (report.equals(Dav.caldav("calendar-query"))) {
            CalendarQueryReport.run(dav, body.getDocumentElement());
        } else if (report.equals(Dav.dav("sync-collection"))) {
            SyncCollectionReport.run(dav, body.getDocumentElement());
        } else if (report.equals(Dav.caldav("free-busy-query"))) {
            FreeBusyReport.run(dav, body.getDocumentElement());
        } else {
            throw DavError.precondition(403, Dav.dav("supported-report"));
        }
    }
}
