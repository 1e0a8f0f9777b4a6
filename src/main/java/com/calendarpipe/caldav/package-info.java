/**
 * CalDAV (RFC 4791) over WebDAV (RFC 4918) for hosted calendars: discovery, the collections and
 * their objects, the REPORTs, sync (RFC 6578) and scheduling's inbox and outbox (RFC 6638).
 */
package com.calendarpipe.caldav;
