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

    /** Reads the start and end attributes of a time-range, expand or limit-recurrence-set element; 400 when malformed. */
    static TimeRange of(Element element) throws DavError {
        Instant start = parse(element.getAttribute("start"), EARLIEST);
        Instant end = parse(element.getAttribute("end"), LATEST);
        if (!start.isBefore(end)) {
            throw DavError.status(400);
        }
        return new TimeRange(start, end);
    }

    private static Instant parse(String value, Instant open) throws DavError {
        if (value == null || value.isEmpty()) {
            return open;
        }
        try {
            return LocalDateTime.parse(value, UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw DavError.precondition(400, Dav.caldav("valid-filter"));
        }
    }

    static String format(Instant instant) {
        return UTC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
