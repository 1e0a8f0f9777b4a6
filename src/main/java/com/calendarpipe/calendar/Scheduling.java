package com.calendarpipe.calendar;

/**
 * What a client's write of a calendar object means for scheduling (RFC 6638 §3.2), decided
 * inside the write's transaction, after the store has accepted the text and before it is
 * stored: the scheduling package implements it, so REST and CalDAV writes schedule alike.
 */
public interface Scheduling {

    /**
     * The text to store for a client's write of {@code text} over {@code previous} (null: a new
     * object) in the account's calendar, having sent the messages the write means; and whether it
     * is a scheduling object resource (RFC 6638 §3.1), whose schedule tag then moves.
     */
    Scheduled written(String accountId, HostedCalendar calendar, String previous, String text);

    /** A client's delete of an object whose text was {@code previous}: the messages it means (RFC 6638 §3.2.3). */
    void deleted(String accountId, HostedCalendar calendar, String previous);

    /**
     * The calendar's address changed (it was {@code cal-{previousMailId}@}): the events it
     * organizes follow, and their attendees get the change as an update (RFC 5546 §3.2.2).
     * True when any of them had attendees, who had been given the old address.
     */
    boolean readdressed(String accountId, HostedCalendar calendar, String previousMailId);

    record Scheduled(String text, boolean schedulingObject) {
    }
}
