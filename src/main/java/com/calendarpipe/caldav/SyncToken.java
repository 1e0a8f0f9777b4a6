package com.calendarpipe.caldav;

import com.calendarpipe.calendar.HostedCalendar;
import java.util.OptionalLong;

/**
 * Sync tokens (RFC 6578): a URI naming the calendar and its revision (the ctag), so a token
 * survives restarts and a token of another calendar is recognised as not this one's.
 */
final class SyncToken {

    private static final String PREFIX = "urn:calendarpipe:sync:";

    private SyncToken() {
    }

    static String of(HostedCalendar calendar) {
        return of(calendar, calendar.getCtag());
    }

    static String of(HostedCalendar calendar, long revision) {
        return PREFIX + calendar.getId() + ":" + revision;
    }

    /** The revision a token of this calendar names; empty for anything else or a revision ahead of it. */
    static OptionalLong revision(HostedCalendar calendar, String token) {
        String own = PREFIX + calendar.getId() + ":";
        if (token == null || !token.strip().startsWith(own)) {
            return OptionalLong.empty();
        }
        try {
            long revision = Long.parseLong(token.strip().substring(own.length()));
            return revision >= 1 && revision <= calendar.getCtag() ? OptionalLong.of(revision) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
