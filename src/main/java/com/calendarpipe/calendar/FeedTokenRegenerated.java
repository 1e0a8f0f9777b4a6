package com.calendarpipe.calendar;

/**
 * Fired (as a CDI event, inside the regenerating transaction) when a calendar's feed token was
 * replaced: by its owner ({@code reason} {@code requested}), or by the server because the old
 * token had gone out inside the calendar's former address ({@code address_moved}).
 */
public record FeedTokenRegenerated(String accountId, String calendarId, String reason) {

    public static final String REQUESTED = "requested";
    public static final String ADDRESS_MOVED = "address_moved";
}
