package com.calendarpipe.invitations;

/**
 * A CDI event fired in the transaction that merged an attendee's REPLY, received by mail, into
 * the copy of an event the calendar organizes: {@code attendee} (bare, lower-cased) answered
 * {@code partstat} (RFC 5545 §3.2.12, upper-cased).
 */
public record AttendeeResponded(String accountId, String calendarId, String eventUid, String attendee, String partstat) {
}
