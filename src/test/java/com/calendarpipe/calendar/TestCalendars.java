package com.calendarpipe.calendar;

/**
 * Hosted calendars for unit tests outside this package: their zone and organizer name have
 * package-private setters, which only this package may call.
 */
public final class TestCalendars {

    private TestCalendars() {
    }

    /** A calendar of account {@code account-1} named {@code name}, in {@code timezone}. */
    public static HostedCalendar hosted(String name, String timezone) {
        return hosted(name, timezone, null);
    }

    /** As {@link #hosted(String, String)}, with the display name its organizer address carries. */
    public static HostedCalendar hosted(String name, String timezone, String organizerDisplayName) {
        HostedCalendar calendar = new HostedCalendar("account-1", name);
        calendar.setTimezone(timezone);
        calendar.setOrganizerDisplayName(organizerDisplayName);
        return calendar;
    }
}
