package com.calendarpipe.caldav;

import com.calendarpipe.backup.Generation;
import com.calendarpipe.calendar.HostedCalendar;
import java.util.OptionalLong;

/**
 * Sync tokens (RFC 6578): a URI naming the collection and its revision (a calendar's ctag, an
 * inbox's revision), so a token survives restarts and a token of another collection is
 * recognised as not this one's. A server started on a restored backup (backup/Restores) serves
 * a new generation, which its tokens name ({@code urn:calendarpipe:sync:g<generation>:…}): a
 * token from before the restore names another history, whose later changes the restore threw
 * away, and is refused, so the client syncs afresh (RFC 6578 §3.2, valid-sync-token).
 */
final class SyncToken {

    private static final String PREFIX = "urn:calendarpipe:sync:";
    /** An inbox's tokens name its account: no calendar id (a UUID) starts so. */
    private static final String INBOX = "inbox:";

    private SyncToken() {
    }

    static String of(HostedCalendar calendar) {
        return of(calendar, calendar.getCtag());
    }

    static String of(HostedCalendar calendar, long revision) {
        return prefix() + calendar.getId() + ":" + revision;
    }

    static String ofInbox(String accountId, long revision) {
        return prefix() + INBOX + accountId + ":" + revision;
    }

    /** The revision a token of this calendar names; empty for anything else or a revision ahead of it. */
    static OptionalLong revision(HostedCalendar calendar, String token) {
        return revision(prefix() + calendar.getId() + ":", calendar.getCtag(), token);
    }

    /** The revision a token of this account's inbox, now at {@code current}, names; empty for anything else. */
    static OptionalLong inboxRevision(String accountId, long current, String token) {
        return revision(prefix() + INBOX + accountId + ":", current, token);
    }

    /** The tokens' start in this generation: as it always was for a server never restored. */
    private static String prefix() {
        long generation = Generation.current();
        return generation == 0 ? PREFIX : PREFIX + "g" + generation + ":";
    }

    private static OptionalLong revision(String own, long current, String token) {
        if (token == null || !token.strip().startsWith(own)) {
            return OptionalLong.empty();
        }
        try {
            long revision = Long.parseLong(token.strip().substring(own.length()));
            return revision >= 1 && revision <= current ? OptionalLong.of(revision) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
