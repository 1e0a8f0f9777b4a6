package com.calendarpipe.account;

/** What an account may use. Pro unlocks API keys, the REST API, CalDAV and hosted calendars. */
public enum Plan {
    FREE,
    PRO
}
