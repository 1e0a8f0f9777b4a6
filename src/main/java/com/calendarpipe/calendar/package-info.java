/**
 * The calendar store: hosted calendars and the iCalendar objects they hold, one store for the
 * REST view, the ICS feed and CalDAV. An object keeps the iCalendar text exactly as written,
 * plus columns indexed at write time (UID, time span, ETag, revision); every write moves the
 * calendar's ctag, which is also its revision for sync.
 */
package com.calendarpipe.calendar;
