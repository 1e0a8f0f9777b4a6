/** CalDAV (RFC 4791) over WebDAV (RFC 4918) for hosted calendars: discovery so far. */
package com.calendarpipe.caldav;
