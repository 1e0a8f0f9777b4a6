package com.calendarpipe.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;

/**
 * iCalendar texts and calendar objects for tests, made the way {@link CalendarService} makes
 * them: the text is parsed and indexed with {@link ObjectIndex#of}, then written with the
 * calendar's new revision. Lines end in CRLF, as RFC 5545 wants.
 */
public final class CalendarRecords {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CalendarRecords() {
    }

    /** A VEVENT from {@code start} to {@code end} (UTC), with any {@code extraLines} (an RRULE, a DESCRIPTION…). */
    public static String event(String uid, Instant start, Instant end, String... extraLines) {
        StringBuilder text = new StringBuilder()
                .append("BEGIN:VCALENDAR\r\n")
                .append("VERSION:2.0\r\n")
                .append("PRODID:-//CalendarPipe//Tests//EN\r\n")
                .append("BEGIN:VEVENT\r\n")
                .append("UID:").append(uid).append("\r\n")
                .append("DTSTAMP:20260101T000000Z\r\n")
                .append("DTSTART:").append(UTC.format(start)).append("\r\n")
                .append("DTEND:").append(UTC.format(end)).append("\r\n");
        for (String line : extraLines) {
            text.append(line).append("\r\n");
        }
        return text.append("SUMMARY:").append(uid).append("\r\n")
                .append("END:VEVENT\r\n")
                .append("END:VCALENDAR\r\n")
                .toString();
    }

    /** A VTODO due at {@code due} (UTC). */
    public static String todo(String uid, Instant due) {
        return "BEGIN:VCALENDAR\r\n"
                + "VERSION:2.0\r\n"
                + "PRODID:-//CalendarPipe//Tests//EN\r\n"
                + "BEGIN:VTODO\r\n"
                + "UID:" + uid + "\r\n"
                + "DTSTAMP:20260101T000000Z\r\n"
                + "DUE:" + UTC.format(due) + "\r\n"
                + "SUMMARY:" + uid + "\r\n"
                + "END:VTODO\r\n"
                + "END:VCALENDAR\r\n";
    }

    /** A new object of {@code calendarId} holding {@code text}, indexed from it, at {@code revision}. */
    public static CalendarObject object(String calendarId, String text, long revision) {
        return object(calendarId, text, revision, id -> true);
    }

    /**
     * As {@link #object(String, String, long)}, with an id that {@code acceptable} accepts: ids
     * are random, and a test of an order that falls back to the id picks them so that every
     * database collation orders them alike.
     */
    static CalendarObject object(String calendarId, String text, long revision, Predicate<String> acceptable) {
        CalendarObject object = newObject(calendarId, acceptable);
        object.write(text, ObjectIndex.of(ICal.parse(text)), revision);
        return object;
    }

    /** A new object of {@code calendarId}, not written yet, with an id that {@code acceptable} accepts. */
    static CalendarObject newObject(String calendarId, Predicate<String> acceptable) {
        CalendarObject object = new CalendarObject(calendarId);
        while (!acceptable.test(object.getId())) {
            object = new CalendarObject(calendarId);
        }
        return object;
    }

    /** The ids of {@code objects}, in their order. */
    public static List<String> ids(List<CalendarObject> objects) {
        return objects.stream().map(CalendarObject::getId).toList();
    }
}
