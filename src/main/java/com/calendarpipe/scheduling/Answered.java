package com.calendarpipe.scheduling;

/**
 * A CDI event fired in the transaction of the write: a calendar user here changed its own
 * PARTSTAT on its copy of an invitation ({@code attendee}, bare and lower-cased, one of the
 * account's addresses), over CalDAV or REST, or declined by deleting the copy (RFC 6638
 * §3.2.2). {@code calendarId} is the calendar that held the copy.
 */
public record Answered(String accountId, String calendarId, String uid, String attendee, String partstat) {
}
