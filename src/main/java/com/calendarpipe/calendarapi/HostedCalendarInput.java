package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.CalendarChanges.Field;
import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads a hosted calendar's create or PATCH body into {@link CalendarChanges}: a field that is
 * present is changed (JSON {@code null} clears it), one that is absent is kept. The JSON shape
 * is checked here; the rules of the values are the calendar's own, reported with the shape's
 * problems in one 400.
 */
public final class HostedCalendarInput {

    static final Set<String> WRITABLE = Stream.concat(Arrays.stream(Field.values()).map(Field::key),
            Stream.of(CalendarChanges.COMPONENTS)).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> SERVER_OWNED = Set.of("id", "feedToken", "calendarEmail", "ctag", "createdAt", "updatedAt");

    /** The body as the API reference shows it: the {@link #WRITABLE} fields. */
    @Schema(name = "HostedCalendarInput")
    record Body(
            @Schema(description = "1 to 100 characters; required on create", minLength = 1, maxLength = 100) String name,
            @Schema(maxLength = 500, nullable = true) String description,
            @Schema(description = "`#RRGGBB`", pattern = "^#[0-9A-Fa-f]{6}$", nullable = true, examples = "#3366CC")
            String color,
            @Schema(description = "An IANA time zone name; `UTC` when left out on create", examples = "Europe/Berlin")
            String timezone,
            @Schema(description = "What the calendar holds, each component once; all three when left out on create. "
                    + "A component may be left out only while the calendar holds none of its objects (409)",
                    examples = "[\"VTODO\"]")
            List<CalendarComponent> components,
            @Schema(description = "The organizer's name on events with attendees; the calendar's name when null",
                    maxLength = 100, nullable = true)
            String organizerDisplayName) {
    }

    private HostedCalendarInput() {
    }

    /** A create body: {@code name} required, {@code timezone} defaulting to UTC. */
    public static CalendarChanges forCreate(JsonObject body) {
        return read(body, true);
    }

    public static CalendarChanges forUpdate(JsonObject body) {
        return read(body, false);
    }

    private static CalendarChanges read(JsonObject body, boolean creating) {
        JsonInput input = JsonInput.of(body, WRITABLE, SERVER_OWNED);
        CalendarChanges changes = new CalendarChanges();
        for (Field field : Field.values()) {
            if (input.isNull(field.key())) {
                changes.set(field, null);
            } else {
                input.string(field.key()).ifPresent(value -> changes.set(field, value));
            }
        }
        if (input.isNull(CalendarChanges.COMPONENTS)) {
            input.fail(CalendarChanges.COMPONENTS, CalendarChanges.COMPONENTS_RULE);
        }
        input.array(CalendarChanges.COMPONENTS).ifPresent(array -> {
            if (array.stream().allMatch(v -> v.getValueType() == JsonValue.ValueType.STRING)) {
                changes.components(array.getValuesAs(JsonString::getString));
            } else {
                input.fail(CalendarChanges.COMPONENTS, CalendarChanges.COMPONENTS_RULE);
            }
        });
        // a field of the wrong JSON type is reported once, as such, not again as missing
        changes.problems(creating).stream()
                .filter(problem -> !input.failed(problem.field()))
                .forEach(problem -> input.fail(problem.field(), problem.message()));
        input.check();
        return changes;
    }
}
