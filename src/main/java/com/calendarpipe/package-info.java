/** CalendarPipe server: hosted calendars over REST, CalDAV and ICS feeds, authenticated with API keys. */
package com.calendarpipe;
