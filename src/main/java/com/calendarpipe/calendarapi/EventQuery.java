package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query of an event list: {@code offset}, {@code limit} (1-100, default 50), the window
 * {@code [start, end)} and {@code expand}. Read as text, so that a bad value is a 400 naming
 * the parameter rather than the 404 JAX-RS gives for an unconvertible one.
 */
public class EventQuery {

    /** The answer of a window whose recurrences cost more than one request may spend. */
    static final String TOO_COSTLY = "The window's recurring events expand to more than 5 000 instances, or cost more "
            + "than a request may spend (half a million rule dates, 2 s): narrow the window";

    /** Bounds for a window open on one side; both databases store them. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    @QueryParam("offset")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    String offset;

    @QueryParam("limit")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "50"))
    String limit;

    @QueryParam("start")
    @Parameter(description = "The window [start, end): ISO-8601 with offset, or a date (midnight UTC)",
            example = "2026-03-01T00:00:00Z")
    String start;

    @QueryParam("end")
    @Parameter(description = "The window's end, excluded: ISO-8601 with offset, or a date (midnight UTC)")
    String end;

    @QueryParam("expand")
    @Parameter(description = "`true`: recurring events as their instances within [start, end), both then required",
            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    String expand;

    /**
     * A query made by code rather than read from a URL (the MCP endpoint's tools): the same values
     * as the query parameters, null for those left out, checked by the same rules.
     */
    public static EventQuery of(Integer offset, Integer limit, String start, String end, Boolean expand) {
        EventQuery query = new EventQuery();
        query.offset = offset == null ? null : offset.toString();
        query.limit = limit == null ? null : limit.toString();
        query.start = start;
        query.end = end;
        query.expand = expand == null ? null : expand.toString();
        return query;
    }

    /**
     * Paging alone, as a URL gives it to a list without a window (a calendar's invitations, a
     * webhook's deliveries), checked by the same rules: text that is no whole number is a 400
     * naming the parameter (as an Integer query parameter, JAX-RS would answer 404).
     */
    public static EventQuery page(String offset, String limit) {
        EventQuery query = new EventQuery();
        query.offset = offset;
        query.limit = limit;
        query.validate();
        return query;
    }

    private int offsetValue;
    private int limitValue = 50;
    private Instant from;
    private Instant to;
    private boolean expandValue;

    void validate() {
        List<Refused.Detail> details = new ArrayList<>();
        offsetValue = number("offset", offset, 0, 0, Integer.MAX_VALUE, details);
        limitValue = number("limit", limit, 50, 1, 100, details);
        from = instant("start", start, details);
        to = instant("end", end, details);
        if (expand != null && !expand.equals("true") && !expand.equals("false")) {
            details.add(new Refused.Detail("expand", "must be true or false"));
        }
        expandValue = "true".equals(expand);
        if (expandValue && (start == null || end == null)) {
            details.add(new Refused.Detail(start == null ? "start" : "end", "is required with expand=true"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            details.add(new Refused.Detail("end", "start must be before end"));
        }
        if (!details.isEmpty()) {
            throw Refused.invalid("Invalid query", details);
        }
    }

    private static int number(String name, String text, int fallback, int min, int max, List<Refused.Detail> details) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like a value out of range
        }
        details.add(new Refused.Detail(name, max == Integer.MAX_VALUE
                ? "must be a whole number from " + min : "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    /** ISO-8601 with an offset, or a date (midnight UTC). */
    private static Instant instant(String name, String text, List<Refused.Detail> details) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            details.add(new Refused.Detail(name, "must be an ISO-8601 date-time with offset, such as 2026-03-01T00:00:00Z, or a date"));
            return null;
        }
    }

    boolean windowed() {
        return from != null || to != null;
    }

    Instant from() {
        return from != null ? from : EARLIEST;
    }

    Instant to() {
        return to != null ? to : LATEST;
    }

    boolean expand() {
        return expandValue;
    }

    public int offset() {
        return offsetValue;
    }

    public int limit() {
        return limitValue;
    }
}
