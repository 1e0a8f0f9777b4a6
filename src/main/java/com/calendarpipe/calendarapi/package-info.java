/**
 * The REST API of hosted calendars and their events: {@code /hosted-calendars}, {@code
 * /calendars} and {@code /events}, in the public service's JSON shape, read from and written to
 * the iCalendar objects of the calendar store, with windows and recurrence expansion. Only
 * JSON lives here; the rules and the store are in {@code calendar}.
 */
package com.calendarpipe.calendarapi;
