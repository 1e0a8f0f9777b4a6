package com.calendarpipe.calendar;

/**
 * A CDI event fired in the transaction that wrote or deleted a calendar object, whoever wrote it
 * (REST, CalDAV, MCP, scheduling, an invitation received), for whoever wants to tell the account
 * (the webhooks). {@code object} is the object as stored, or as it was before a deletion.
 */
public record ObjectChanged(Kind kind, String accountId, String calendarId, CalendarObject object) {

    public enum Kind {
        CREATED, UPDATED, DELETED
    }
}
