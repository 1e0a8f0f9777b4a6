package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarStore;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.calendar.Tombstone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.w3c.dom.Element;

/**
 * sync-collection (RFC 6578 §3.2). The token is the calendar's revision: an empty token lists
 * every member (never deleted ones), a token lists what changed after it, deletions as 404
 * once. With {@code DAV:limit}, the answer stops after that many changes, says so with a 507
 * for the collection (§3.6), and its token continues from the last change it carries.
 */
final class SyncCollectionReport {

    private SyncCollectionReport() {
    }

    /** One change: a written object or a deleted name, at its revision. */
    private record Change(long revision, CalendarObject written, Tombstone deleted) {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.COLLECTION) {
            throw DavError.precondition(403, Dav.dav("supported-report"));
        }
        // the calendar (and its revision) first: a change committed after this read shows up in the
        // next sync, instead of being skipped by a token that is ahead of what this answer carries
        HostedCalendar calendar = dav.calendar();
        ObjectResponses answers = ObjectResponses.of(dav, calendar, PropRequest.of(report, PropRequest.ALL), report,
                new RecurrenceBudget());
        String token = DavXml.child(report, Dav.dav("sync-token")).map(e -> e.getTextContent().strip()).orElse("");
        long since = 0;
        if (!token.isEmpty()) {
            OptionalLong revision = SyncToken.revision(calendar, token);
            if (revision.isEmpty()) {
                throw DavError.precondition(403, Dav.dav("valid-sync-token"));
            }
            since = revision.getAsLong();
        }
        int limit = limit(report);
        CalendarStore.Changes changes = dav.store.changesSince(calendar.getId(), since);
        List<Change> all = new ArrayList<>();
        changes.written().forEach(o -> all.add(new Change(o.getRevision(), o, null)));
        if (since > 0) {
            changes.deleted().forEach(t -> all.add(new Change(t.getRevision(), null, t)));
        }
        all.removeIf(c -> c.revision() > calendar.getCtag());
        all.sort(Comparator.comparingLong(Change::revision));
        boolean truncated = all.size() > limit;
        List<Change> sent = truncated ? all.subList(0, limit) : all;
        long reached = truncated ? sent.get(sent.size() - 1).revision() : calendar.getCtag();
        for (Change change : sent) {
            if (change.deleted() != null) {
                answers.add(DavPath.object(dav.account.getId(), calendar.getCollectionName(), change.deleted().getName()), 404);
            } else {
                answers.add(change.written());
            }
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
            if (truncated) {
                out.response(dav.collectionHref(calendar), 507);
            }
            out.syncToken(SyncToken.of(calendar, Math.max(reached, 1)));
        }
    }

    /** {@code DAV:limit/DAV:nresults}, or no limit; 0 or junk is refused (RFC 5323 §5.17). */
    private static int limit(Element report) throws DavError {
        Optional<Element> results = DavXml.child(report, Dav.dav("limit")).flatMap(l -> DavXml.child(l, Dav.dav("nresults")));
        if (results.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        try {
            int limit = Integer.parseInt(results.get().getTextContent().strip());
            if (limit < 1) {
                throw DavError.precondition(403, Dav.dav("number-of-matches-within-limits"));
            }
            return limit;
        } catch (NumberFormatException e) {
            throw DavError.status(400);
        }
    }
}
