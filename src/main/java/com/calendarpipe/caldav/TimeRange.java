package com.calendarpipe.caldav;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Element;

/** A CalDAV time range (RFC 4791 §9.9): UTC date-times, either end open. */
record TimeRange(Instant start, Instant end) {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    /** Reads the start and end attributes of an expand, limit-recurrence-set or free-busy-query time-range; 400 when malformed. */
    static TimeRange of(Element element) throws DavError {
        return read(element, DavError.status(400));
    }

    /**
     * Reads a calendar-query filter's time-range: one that is no range (a start that is no UTC
     * date-time, an end not after the start, RFC 4791 §9.9) makes the filter invalid, 403 valid-filter (§7.8).
     */
    static TimeRange ofFilter(Element element) throws DavError {
        return read(element, DavError.precondition(403, Dav.VALID_FILTER));
    }

    private static TimeRange read(Element element, DavError malformed) throws DavError {
        Instant start = parse(element.getAttribute("start"), EARLIEST, malformed);
        Instant end = parse(element.getAttribute("end"), LATEST, malformed);
        if (!start.isBefore(end)) {
            throw malformed;
        }
        return new TimeRange(start, end);
    }

    private static Instant parse(String value, Instant open, DavError malformed) throws DavError {
        if (value == null || value.isEmpty()) {
            return open;
        }
        try {
            return LocalDateTime.parse(value, UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw malformed;
        }
    }

    static String format(Instant instant) {
        return UTC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
