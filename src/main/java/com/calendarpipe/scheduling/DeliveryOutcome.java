package com.calendarpipe.scheduling;

/**
 * A CDI event fired, in a transaction of its own, when the sending of a queued message ends:
 * {@code scheduleStatus} is "1.1" (sent: the SMTP server accepted it) or "5.1" (given up after
 * its retries). Implicit scheduling observes it and writes the status into the SCHEDULE-STATUS of
 * the property naming {@code recipient} (an ATTENDEE, or for a REPLY the ORGANIZER; a bare
 * e-mail address) in the stored event {@code uid} of calendar {@code calendarId}.
 */
public record DeliveryOutcome(String calendarId, String uid, String recipient, String scheduleStatus) {
}
