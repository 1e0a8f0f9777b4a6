package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarStore;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.Inbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.w3c.dom.Element;

/**
 * sync-collection (RFC 6578 §3.2), of a calendar and of the scheduling inbox (which clients sync
 * to read invitations, as sabre/dav and Cyrus let them). The token is the collection's revision:
 * an empty token lists every member (never deleted ones), a token lists what changed after it,
 * deletions as 404 once. With {@code DAV:limit}, the answer stops after that many changes, says
 * so with a 507 for the collection (§3.6), and its token continues from the last change it carries.
 */
final class SyncCollectionReport {

    private SyncCollectionReport() {
    }

    /** One change: how it is answered, at its revision. */
    private record Change(long revision, Consumer<ObjectResponses> answer) {
    }

    static void run(DavContext dav, Element report) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.COLLECTION) {
            throw DavError.precondition(403, Dav.SUPPORTED_REPORT);
        }
        // the calendar (and its revision) first: a change committed after this read shows up in the
        // next sync, instead of being skipped by a token that is ahead of what this answer carries
        HostedCalendar calendar = dav.calendar();
        PropRequest request = PropRequest.of(report, PropRequest.ALL);
        ObjectResponses answers = ObjectResponses.of(dav, calendar, request, report, new RecurrenceBudget());
        long since = since(report, token -> SyncToken.revision(calendar, token));
        int limit = limit(report);
        if (since == 0 && limit == Integer.MAX_VALUE && !answers.needsText() && request.kind() == PropRequest.Kind.PROP
                && !request.names().contains(Dav.SCHEDULE_TAG)) {
            // the first sync of a client with years of history lists every member: the kept
            // listing of PROPFIND Depth 1 (MemberListings), which reads no texts. Summaries carry
            // no Schedule-Tag, so a request that may show it (by name, allprop) takes the way
            // below, as does a limit
            try (Multistatus out = Multistatus.start(dav.response)) {
                out.markup(MemberListings.of(dav, calendar, answers));
                out.syncToken(SyncToken.of(calendar, Math.max(calendar.getCtag(), 1)));
            }
            return;
        }
        CalendarStore.Changes changes = dav.calendars.changesSince(calendar.getId(), since);
        List<Change> all = new ArrayList<>();
        changes.written().forEach(o -> all.add(new Change(o.getRevision(), a -> a.add(o))));
        if (since > 0) {
            String account = dav.account.getId();
            changes.deleted().forEach(t -> all.add(new Change(t.getRevision(),
                    a -> a.add(DavPath.object(account, calendar.getCollectionName(), t.getName()), 404))));
        }
        answer(dav, answers, all, calendar.getCtag(), limit, dav.collectionHref(calendar), r -> SyncToken.of(calendar, r));
    }

    /** The caller's scheduling inbox, followed like a calendar (its revision: {@link Inbox#revision}). */
    static void inbox(DavContext dav, Element report) throws DavError, IOException {
        String account = dav.account.getId();
        long current = dav.inbox.revision(account);   // first, as above
        ObjectResponses answers = ObjectResponses.ofInbox(dav, PropRequest.of(report, PropRequest.ALL), report,
                new RecurrenceBudget());
        long since = since(report, token -> SyncToken.inboxRevision(account, current, token));
        int limit = limit(report);
        Inbox.Changes changes = dav.inbox.changesSince(account, since);
        List<Change> all = new ArrayList<>();
        changes.delivered().forEach(i -> all.add(new Change(i.getRevision(), a -> a.add(i))));
        if (since > 0) {
            changes.deleted().forEach(t -> all.add(new Change(t.getRevision(),
                    a -> a.add(DavPath.inbox(account) + DavPath.segment(t.getName()), 404))));
        }
        answer(dav, answers, all, current, limit, DavPath.inbox(account), r -> SyncToken.ofInbox(account, r));
    }

    /**
     * The revision the request's token names (0 for an empty token: an initial sync); 403
     * valid-sync-token for any token that is not one of this collection's. Also checks the
     * sync-level (RFC 6578 §6.3): "1" or "infinite", the same here, since neither calendars nor
     * the inbox hold collections; clients that predate the RFC leave it out.
     */
    private static long since(Element report, Function<String, OptionalLong> revision) throws DavError {
        Optional<String> level = DavXml.child(report, Dav.dav("sync-level")).map(e -> e.getTextContent().strip());
        if (level.isPresent() && !level.get().equals("1") && !level.get().equals("infinite")) {
            throw DavError.status(400);
        }
        String token = DavXml.child(report, Dav.dav("sync-token")).map(e -> e.getTextContent().strip()).orElse("");
        if (token.isEmpty()) {
            return 0;
        }
        return revision.apply(token).orElseThrow(() -> DavError.precondition(403, Dav.VALID_SYNC_TOKEN));
    }

    /** The changes up to the revision read first, oldest first, at most {@code limit} of them, then the new token. */
    private static void answer(DavContext dav, ObjectResponses answers, List<Change> all, long current, int limit,
                               String collectionHref, LongFunction<String> token) throws IOException {
        all.removeIf(c -> c.revision() > current);
        all.sort(Comparator.comparingLong(Change::revision));
        boolean truncated = all.size() > limit;
        List<Change> sent = truncated ? all.subList(0, limit) : all;
        long reached = truncated ? sent.get(sent.size() - 1).revision() : current;
        sent.forEach(change -> change.answer().accept(answers));
        try (Multistatus out = Multistatus.start(dav.response)) {
            answers.writeTo(out);
            if (truncated) {
                out.response(collectionHref, 507);
            }
            out.syncToken(token.apply(Math.max(reached, 1)));
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
