/**
 * The REST view of events: the JSON shape of the public service, read from and written to the
 * iCalendar objects of the calendar store, with windows and recurrence expansion.
 */
package com.calendarpipe.event;
