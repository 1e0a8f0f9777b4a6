package com.calendarpipe.scheduling;

/**
 * One iTIP message (RFC 5546) for a calendar user outside this server, to go out as iMIP e-mail
 * (RFC 6047). {@code from} and {@code to} are bare e-mail addresses (no {@code mailto:}),
 * {@code method} is the iTIP method (REQUEST, CANCEL, REPLY), {@code summary} the event's
 * SUMMARY (may be null) for the subject line, and {@code ical} the whole VCALENDAR text carrying
 * that METHOD. {@code calendarId} and {@code uid} name the sender's stored event whose
 * SCHEDULE-STATUS reports the outcome.
 */
public record ExternalMessage(String calendarId, String uid, String from, String to, String method,
                              String summary, String ical) {
}
