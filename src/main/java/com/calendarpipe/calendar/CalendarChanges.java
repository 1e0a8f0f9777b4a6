package com.calendarpipe.calendar;

import com.calendarpipe.Refused;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The writable fields of a hosted calendar in one create or change, as a plain value: only the
 * fields {@linkplain #set set} are changed, and a field set to {@code null} is cleared; likewise
 * the components it holds and the properties a client keeps on it ({@link CalendarProperty}).
 * The REST API reads it from JSON and CalDAV from MKCALENDAR and PROPPATCH bodies; the rules
 * are here, the same for both.
 */
public final class CalendarChanges {

    /** The writable fields, by the names the channels and refusal details use. */
    public enum Field {
        NAME("name"), DESCRIPTION("description"), COLOR("color"), TIMEZONE("timezone"),
        ORGANIZER_DISPLAY_NAME("organizerDisplayName");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final String ZONE_RULE = "must be an IANA time zone name, such as Europe/Berlin";
    // the JDK builds a new set on every call: read it once
    private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    /** The key of the components in refusal details. */
    public static final String COMPONENTS = "components";

    /** The fields set, each with its value (null: clear it). */
    private final Map<Field, String> values = new EnumMap<>(Field.class);
    /** The components the calendar holds, when set. */
    private List<String> components;
    /** The kept properties set, each with its value (null: remove it), in the order set. */
    private final Map<CalendarProperty.Name, String> properties = new LinkedHashMap<>();

    /** Sets a field; names are kept without surrounding white space. */
    public CalendarChanges set(Field field, String value) {
        boolean stripped = field == Field.NAME || field == Field.ORGANIZER_DISPLAY_NAME;
        values.put(field, stripped && value != null ? value.strip() : value);
        return this;
    }

    public boolean has(Field field) {
        return values.containsKey(field);
    }

    /** Sets the components the calendar holds: some of VEVENT, VTODO and VJOURNAL. */
    public CalendarChanges components(List<String> components) {
        this.components = components == null ? null : List.copyOf(components);
        return this;
    }

    /** Keeps a property as given ({@link CalendarProperty}); a null value removes it. */
    public CalendarChanges property(CalendarProperty.Name name, String value) {
        properties.put(name, value);
        return this;
    }

    List<String> components() {
        return components;
    }

    Map<CalendarProperty.Name, String> properties() {
        return properties;
    }

    /**
     * What is wrong with these changes, one detail per field; none when they are valid. On
     * create, {@code name} is required (the zone defaults to UTC).
     */
    public List<Refused.Detail> problems(boolean creating) {
        List<Refused.Detail> problems = new ArrayList<>();
        String name = values.get(Field.NAME);
        if (creating && name == null) {
            problem(problems, Field.NAME, "is required");
        } else if (has(Field.NAME) && name == null) {
            problem(problems, Field.NAME, "cannot be null");
        } else if (name != null && (name.isEmpty() || name.length() > 100)) {
            problem(problems, Field.NAME, "must be 1 to 100 characters");
        } else if (TextRules.problem(name, false) != null) {
            problem(problems, Field.NAME, TextRules.problem(name, false));
        }
        String description = values.get(Field.DESCRIPTION);
        if (description != null && description.length() > 500) {
            problem(problems, Field.DESCRIPTION, "must be at most 500 characters");
        } else if (TextRules.problem(description, true) != null) {
            problem(problems, Field.DESCRIPTION, TextRules.problem(description, true));
        }
        String color = values.get(Field.COLOR);
        if (color != null && !COLOR.matcher(color).matches()) {
            problem(problems, Field.COLOR, "must be a color as #RRGGBB");
        }
        if (has(Field.TIMEZONE) && !isIanaZone(values.get(Field.TIMEZONE))) {
            problem(problems, Field.TIMEZONE, ZONE_RULE);
        }
        String organizer = values.get(Field.ORGANIZER_DISPLAY_NAME);
        if (organizer != null && organizer.length() > 100) {
            problem(problems, Field.ORGANIZER_DISPLAY_NAME, "must be at most 100 characters");
        } else if (TextRules.problem(organizer, false) != null) {
            problem(problems, Field.ORGANIZER_DISPLAY_NAME, TextRules.problem(organizer, false));
        }
        if (components != null && (components.isEmpty() || !ObjectIndex.COMPONENTS.containsAll(components)
                || Set.copyOf(components).size() != components.size())) {
            problems.add(new Refused.Detail(COMPONENTS, COMPONENTS_RULE));
        }
        return problems;
    }

    /** What {@code components} may be. */
    public static final String COMPONENTS_RULE = "must name one or more of VEVENT, VTODO and VJOURNAL, each once";

    private static void problem(List<Refused.Detail> problems, Field field, String message) {
        problems.add(new Refused.Detail(field.key(), message));
    }

    /** IANA region names only: not offsets like "+02:00", not the JDK's short aliases like "EST". */
    public static boolean isIanaZone(String zone) {
        return zone != null && IANA_ZONES.contains(zone);
    }

    /** The changes, refused as invalid when {@link #problems} finds any. */
    void check(boolean creating) {
        List<Refused.Detail> problems = problems(creating);
        if (!problems.isEmpty()) {
            throw Refused.invalid("Invalid request", problems);
        }
    }

    String name() {
        return values.get(Field.NAME);
    }

    void applyTo(HostedCalendar calendar) {
        values.forEach((field, value) -> {
            switch (field) {
                case NAME -> calendar.setName(value);
                case DESCRIPTION -> calendar.setDescription(value);
                case COLOR -> calendar.setColor(value == null ? null : value.toUpperCase(Locale.ROOT));
                case TIMEZONE -> calendar.setTimezone(value);
                case ORGANIZER_DISPLAY_NAME -> calendar.setOrganizerDisplayName(value);
            }
        });
        if (components != null) {
            calendar.setComponents(components);
        }
    }
}
