package com.calendarpipe.calendar;

import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonObject;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The writable fields of a hosted calendar in one create or PATCH body, validated: only the
 * fields present are changed, and {@code null} clears a nullable field.
 */
public final class CalendarChanges {

    private static final Set<String> WRITABLE = Set.of("name", "description", "color", "timezone", "organizerDisplayName");
    private static final Set<String> SERVER_OWNED = Set.of("id", "feedToken", "calendarEmail", "ctag", "createdAt", "updatedAt");
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    // the JDK builds a new set on every call: read it once
    private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    /** The body as the API reference shows it: the {@link #WRITABLE} fields. */
    @Schema(name = "HostedCalendarInput")
    record Body(
            @Schema(description = "1 to 100 characters; required on create", minLength = 1, maxLength = 100) String name,
            @Schema(maxLength = 500, nullable = true) String description,
            @Schema(description = "`#RRGGBB`", pattern = "^#[0-9A-Fa-f]{6}$", nullable = true, examples = "#3366CC")
            String color,
            @Schema(description = "An IANA time zone name; `UTC` when left out on create", examples = "Europe/Berlin")
            String timezone,
            @Schema(description = "The organizer's name on events with attendees; the calendar's name when null",
                    maxLength = 100, nullable = true)
            String organizerDisplayName) {
    }

    private final JsonInput input;
    private String name;
    private String description;
    private String color;
    private String timezone;
    private String organizerDisplayName;

    private CalendarChanges(JsonInput input) {
        this.input = input;
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
        CalendarChanges changes = new CalendarChanges(input);
        if (creating && (!input.has("name") || input.isNull("name"))) {
            input.fail("name", "is required");
        } else if (input.isNull("name")) {
            input.fail("name", "cannot be null");
        }
        changes.name = input.string("name").map(String::strip).orElse(null);
        if (changes.name != null && (changes.name.isEmpty() || changes.name.length() > 100)) {
            input.fail("name", "must be 1 to 100 characters");
        }
        changes.description = input.string("description").orElse(null);
        if (changes.description != null && changes.description.length() > 500) {
            input.fail("description", "must be at most 500 characters");
        }
        changes.color = input.string("color").orElse(null);
        if (changes.color != null && !COLOR.matcher(changes.color).matches()) {
            input.fail("color", "must be a color as #RRGGBB");
        }
        if (input.isNull("timezone")) {
            input.fail("timezone", "must be an IANA time zone name, such as Europe/Berlin");
        }
        changes.timezone = input.string("timezone").orElse(null);
        if (changes.timezone != null && !isIanaZone(changes.timezone)) {
            input.fail("timezone", "must be an IANA time zone name, such as Europe/Berlin");
        }
        changes.organizerDisplayName = input.string("organizerDisplayName").map(String::strip).orElse(null);
        if (changes.organizerDisplayName != null && changes.organizerDisplayName.length() > 100) {
            input.fail("organizerDisplayName", "must be at most 100 characters");
        }
        input.check();
        return changes;
    }

    /** IANA region names only: not offsets like "+02:00", not the JDK's short aliases like "EST". */
    public static boolean isIanaZone(String zone) {
        return IANA_ZONES.contains(zone);
    }

    String name() {
        return name;
    }

    void applyTo(HostedCalendar calendar) {
        Optional.ofNullable(name).ifPresent(calendar::setName);
        if (input.has("description")) {
            calendar.setDescription(description);
        }
        if (input.has("color")) {
            calendar.setColor(color == null ? null : color.toUpperCase(Locale.ROOT));
        }
        Optional.ofNullable(timezone).ifPresent(calendar::setTimezone);
        if (input.has("organizerDisplayName")) {
            calendar.setOrganizerDisplayName(organizerDisplayName);
        }
    }
}
