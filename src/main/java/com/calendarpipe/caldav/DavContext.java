package com.calendarpipe.caldav;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Caller;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.scheduling.Inbox;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.w3c.dom.Document;

/**
 * One DAV request as the handlers see it: the caller's account, where the path points, and
 * the calendars. Another account's paths are "not found", never "forbidden".
 */
final class DavContext {

    final HttpServletRequest request;
    final HttpServletResponse response;
    final Account account;
    final DavPath path;
    final CalendarService calendars;
    final Inbox inbox;
    final String mailDomain;
    /** This node's kept member listings, shared by every request. */
    final MemberListings listings;

    DavContext(HttpServletRequest request, HttpServletResponse response, CalendarService calendars, Inbox inbox,
               String mailDomain, MemberListings listings) {
        this.request = request;
        this.response = response;
        this.account = Caller.of(request).account();
        this.path = DavPath.of(request.getPathInfo());
        this.calendars = calendars;
        this.inbox = inbox;
        this.mailDomain = mailDomain;
        this.listings = listings;
    }

    /** True when the path names the caller's own principal or calendars. */
    boolean ownPath() {
        return path.accountId() == null || path.accountId().equals(account.getId());
    }

    /** The calendar the path names, or 404. */
    HostedCalendar calendar() throws DavError {
        if (!ownPath() || path.collection() == null) {
            throw DavError.status(404);
        }
        return calendars.collection(account.getId(), path.collection()).orElseThrow(() -> DavError.status(404));
    }

    /** The object the path names, or 404. */
    CalendarObject object(HostedCalendar calendar) throws DavError {
        return calendars.objectByName(calendar.getId(), path.object()).orElseThrow(() -> DavError.status(404));
    }

    /** The XML body, or null when there is none; 400 for bad XML. */
    Document xml() throws DavError, IOException {
        try {
            return DavXml.parse(request.getInputStream());
        } catch (DavXml.BadXml e) {
            throw DavError.status(400);
        }
    }

    /**
     * The Depth header (RFC 4918 §10.2): 0, 1, or {@link Integer#MAX_VALUE} for "infinity"; the
     * given default when absent. Any other value is not a depth at all: 400.
     */
    int depth(int fallback) throws DavError {
        String depth = request.getHeader("Depth");
        if (depth == null) {
            return fallback;
        }
        return switch (depth.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "0" -> 0;
            case "1" -> 1;
            case "infinity" -> Integer.MAX_VALUE;
            default -> throw DavError.status(400);
        };
    }

    String collectionHref(HostedCalendar calendar) {
        return DavPath.collection(account.getId(), calendar.getCollectionName());
    }
}
