package com.calendarpipe.calendar;

import com.calendarpipe.Refused;

/**
 * iCalendar text the store refuses, with the CalDAV precondition it breaks (RFC 4791 §5.3.2)
 * and a fixed sentence for a person; never the parser's own message, which may quote the input.
 */
public class InvalidCalendarObject extends Refused {

    /** The CalDAV precondition element each refusal maps to. */
    public enum Precondition {
        VALID_CALENDAR_DATA("valid-calendar-data"),
        VALID_CALENDAR_OBJECT_RESOURCE("valid-calendar-object-resource"),
        SUPPORTED_CALENDAR_COMPONENT("supported-calendar-component"),
        MAX_RESOURCE_SIZE("max-resource-size"),
        MAX_ATTENDEES_PER_INSTANCE("max-attendees-per-instance");

        private final String element;

        Precondition(String element) {
            this.element = element;
        }

        public String element() {
            return element;
        }
    }

    private final Precondition precondition;

    public InvalidCalendarObject(Precondition precondition, String message) {
        this(precondition, precondition == Precondition.MAX_RESOURCE_SIZE ? Kind.TOO_LARGE : Kind.INVALID, message);
    }

    private InvalidCalendarObject(Precondition precondition, Kind kind, String message) {
        super(kind, message);
        this.precondition = precondition;
    }

    /**
     * A {@code component} the calendar, holding only {@code held}, does not hold (RFC 4791
     * §5.3.2.1): valid data the calendar's state refuses, hence a conflict in REST.
     */
    static InvalidCalendarObject notHeld(String component, java.util.List<String> held) {
        return new InvalidCalendarObject(Precondition.SUPPORTED_CALENDAR_COMPONENT, Kind.CONFLICT,
                "This calendar holds " + String.join(", ", held) + " objects only, not " + component);
    }

    public Precondition precondition() {
        return precondition;
    }
}
