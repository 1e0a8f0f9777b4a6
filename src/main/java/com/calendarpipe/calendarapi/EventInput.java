package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.TextRules;
import com.calendarpipe.rest.JsonInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Organizer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One create or PATCH body of an event, read from JSON and validated field by field; what it
 * changes is written into the event's iCalendar object by {@link EventEditor}. Times come nested ({@code start: {dateTime, timeZone}}) or flat
 * ({@code start_at}, {@code end_at}, {@code timezone}). A time without offset or zone is read in
 * the calendar's zone; a date alone, or {@code isAllDay}, makes an all-day event.
 */
final class EventInput {

    private static final Set<String> WRITABLE = Set.of("title", "description", "location", "start", "end",
            "start_at", "end_at", "timezone", "isAllDay", "status", "visibility", "attendees", "organizer", "recurrence");
    private static final Set<String> SERVER_OWNED = Set.of("id", "calendarId", "provider", "providerEventId",
            "isFloating", "durationMinutes", "dayOfWeek", "hour", "isWeekday", "attendeeCount", "updatedAt", "originalStart");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Set<String> RECURRENCE_LINES = Set.of(Property.RRULE, Property.RDATE, Property.EXDATE);
    private static final String TIME_ORDER = "start must be before end";

    /** The body as the API reference shows it: the {@link #WRITABLE} fields. */
    @Schema(name = "EventInput", description = "A time comes nested (`start`, `end`) or flat (`start_at`, `end_at`, "
            + "`timezone`), not both forms for one end. A time without offset or zone is read in the calendar's zone; "
            + "a date alone, or `isAllDay`, makes an all-day event.")
    record Body(
            @Schema(description = "Required on create", maxLength = 1000) String title,
            @Schema(maxLength = 8000, nullable = true) String description,
            @Schema(maxLength = 1000, nullable = true) String location,
            @Schema(description = "Required on create (or `start_at`)") EventView.When start,
            @Schema(description = "When left out: one hour after the start (all-day: the next day); when only the "
                    + "start changes, the event keeps its length") EventView.When end,
            @JsonbProperty("start_at") @Schema(description = "Flat form of `start`: ISO-8601, or a date",
                    examples = "2026-03-05T09:00:00+01:00") String startAt,
            @JsonbProperty("end_at") @Schema(description = "Flat form of `end`") String endAt,
            @Schema(description = "The IANA zone of `start_at` and `end_at`", examples = "Europe/Berlin") String timezone,
            Boolean isAllDay,
            @Schema(enumeration = {"confirmed", "tentative", "cancelled"}) String status,
            @Schema(enumeration = {"public", "private", "default"}) String visibility,
            @Schema(description = "Replaces all attendees; `status` defaults to `needsAction`") List<EventView.Attendee> attendees,
            @Schema(description = "The calendar itself when left out on an event with attendees") EventView.Person organizer,
            @Schema(description = "RRULE, RDATE and EXDATE lines, at most 50", maxItems = 50) List<String> recurrence) {
    }

    /** A time as given, resolved against the calendar's zone when applied (EventEditor). */
    record Time(String field, String dateTime, String timeZone) {
        boolean dateOnly() {
            return dateTime.length() == 10;
        }
    }

    private final JsonInput input;
    private final boolean creating;
    private Time start;
    private Time end;
    private Boolean allDay;
    private final List<Property> recurrence = new ArrayList<>();
    private final List<Attendee> attendees = new ArrayList<>();
    private Organizer organizer;

    private EventInput(JsonInput input, boolean creating) {
        this.input = input;
        this.creating = creating;
    }

    static EventInput forCreate(JsonObject body) {
        return read(body, true);
    }

    static EventInput forUpdate(JsonObject body) {
        return read(body, false);
    }

    private static EventInput read(JsonObject body, boolean creating) {
        EventInput e = new EventInput(JsonInput.of(body, WRITABLE, SERVER_OWNED), creating);
        JsonInput in = e.input;
        e.text("title", 1000, true, false);
        e.text("description", 8000, false, true);
        e.text("location", 1000, false, false);
        e.start = e.time("start", "start_at");
        e.end = e.time("end", "end_at");
        if (creating && e.start == null && !in.failed("start") && !in.failed("start_at") && !in.failed("timezone")) {
            in.fail("start", "is required");
        }
        if (in.isNull("isAllDay")) {
            in.fail("isAllDay", "must be true or false");
        }
        e.allDay = in.bool("isAllDay").orElse(null);
        if (e.allDay != null && !creating && e.start == null) {
            in.fail("start", "is required when isAllDay changes");
        }
        e.oneOf("status", Set.of("confirmed", "tentative", "cancelled"));
        e.oneOf("visibility", Set.of("public", "private", "default"));
        e.readAttendees();
        e.readOrganizer();
        e.readRecurrence();
        in.check();
        return e;
    }

    private void text(String field, int max, boolean required, boolean multiLine) {
        if (required && (input.isNull(field) || creating && !input.has(field))) {
            input.fail(field, "is required");
            return;
        }
        input.string(field).ifPresent(value -> {
            if (required && value.isBlank()) {
                input.fail(field, "must not be blank");
            } else if (value.length() > max) {
                input.fail(field, "must be at most " + max + " characters");
            } else if (TextRules.problem(value, multiLine) != null) {
                input.fail(field, TextRules.problem(value, multiLine));
            }
        });
    }

    private void oneOf(String field, Set<String> allowed) {
        if (input.isNull(field)) {
            input.fail(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        input.string(field).filter(v -> !allowed.contains(v))
                .ifPresent(v -> input.fail(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
    }

    /** The nested form {@code start: {dateTime, timeZone}} or the flat {@code start_at} with {@code timezone}. */
    private Time time(String nested, String flat) {
        if (input.has(nested) && input.has(flat)) {
            input.fail(flat, "give either " + nested + " or " + flat + ", not both");
            return null;
        }
        if (input.isNull(nested) || input.isNull(flat)) {
            input.fail(input.has(nested) ? nested : flat, "cannot be null");
            return null;
        }
        if (input.has(nested)) {
            Optional<JsonObject> object = input.object(nested);
            if (object.isEmpty()) {
                return null;
            }
            JsonValue dateTime = object.get().get("dateTime");
            JsonValue zone = object.get().getOrDefault("timeZone", JsonValue.NULL);
            if (!(dateTime instanceof JsonString)) {
                input.fail(nested + ".dateTime", "is required, as ISO-8601 text");
                return null;
            }
            if (zone != JsonValue.NULL && !(zone instanceof JsonString)) {
                input.fail(nested + ".timeZone", "must be an IANA time zone name or null");
                return null;
            }
            String zoneName = zone == JsonValue.NULL ? null : ((JsonString) zone).getString();
            return checked(new Time(nested + ".dateTime", ((JsonString) dateTime).getString(), zoneName), nested + ".timeZone");
        }
        if (input.has(flat)) {
            Optional<String> value = input.string(flat);
            String zone = input.string("timezone").orElse(null);
            return value.map(v -> checked(new Time(flat, v, zone), "timezone")).orElse(null);
        }
        return null;
    }

    private Time checked(Time time, String zoneField) {
        if (time.timeZone() != null && !CalendarChanges.isIanaZone(time.timeZone())) {
            input.fail(zoneField, "must be an IANA time zone name, such as America/New_York");
            return null;
        }
        try {
            if (time.dateOnly()) {
                LocalDate.parse(time.dateTime());
            } else if (!hasOffset(time.dateTime())) {
                LocalDateTime.parse(time.dateTime());
            } else {
                OffsetDateTime.parse(time.dateTime());
            }
        } catch (DateTimeParseException e) {
            input.fail(time.field(), "must be an ISO-8601 date-time such as 2026-03-05T09:00:00+01:00, or a date");
            return null;
        }
        return time;
    }

    /** True when the time after its {@code T} ends in {@code Z} or an offset, with or without seconds. */
    static boolean hasOffset(String text) {
        int time = text.indexOf('T');
        return time > 0 && text.substring(time).matches("T[^+-]*([Zz]|[+-]\\d\\d:?\\d\\d)");
    }

    private void readAttendees() {
        Optional<JsonArray> list = input.array("attendees");
        if (list.isEmpty()) {
            return;
        }
        for (int i = 0; i < list.get().size(); i++) {
            String field = "attendees[" + i + "]";
            if (!(list.get().get(i) instanceof JsonObject person)) {
                input.fail(field, "must be an object with email, displayName and status");
                continue;
            }
            Optional<URI> address = address(person, field);
            String status = person.get("status") instanceof JsonString s ? s.getString() : "needsAction";
            PartStat partStat = switch (status) {
                case "accepted" -> PartStat.ACCEPTED;
                case "declined" -> PartStat.DECLINED;
                case "tentative" -> PartStat.TENTATIVE;
                case "needsAction" -> PartStat.NEEDS_ACTION;
                default -> null;
            };
            if (partStat == null) {
                input.fail(field + ".status", "must be one of accepted, declined, needsAction, tentative");
            }
            address.ifPresent(uri -> {
                Attendee attendee = new Attendee(uri);
                displayName(person, field).ifPresent(attendee::add);
                if (partStat != null) {
                    attendee.add(partStat);
                }
                attendees.add(attendee);
            });
        }
    }

    private void readOrganizer() {
        input.object("organizer").ifPresent(person -> address(person, "organizer").ifPresent(uri -> {
            organizer = new Organizer(uri);
            displayName(person, "organizer").ifPresent(organizer::add);
        }));
    }

    private Optional<URI> address(JsonObject person, String field) {
        if (!(person.get("email") instanceof JsonString email) || !EMAIL.matcher(email.getString()).matches()
                || email.getString().length() > 254 || TextRules.problem(email.getString(), false) != null) {
            input.fail(field + ".email", "must be an email address");
            return Optional.empty();
        }
        try {
            return Optional.of(new URI("mailto", email.getString(), null));
        } catch (URISyntaxException e) {
            input.fail(field + ".email", "must be an email address");
            return Optional.empty();
        }
    }

    private Optional<Cn> displayName(JsonObject person, String field) {
        JsonValue name = person.getOrDefault("displayName", JsonValue.NULL);
        if (name == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(name instanceof JsonString text) || text.getString().length() > 200) {
            input.fail(field + ".displayName", "must be a string of at most 200 characters");
            return Optional.empty();
        }
        if (TextRules.problem(text.getString(), false) != null) {
            // a parameter value cannot hold them (RFC 5545 §3.1): a line break would end the line
            input.fail(field + ".displayName", TextRules.problem(text.getString(), false));
            return Optional.empty();
        }
        return Optional.of(new Cn(text.getString()));
    }

    /** RRULE, RDATE and EXDATE lines, each parsed by ical4j on its own so that nothing else can slip in. */
    private void readRecurrence() {
        Optional<JsonArray> lines = input.array("recurrence");
        if (lines.isEmpty()) {
            return;
        }
        if (lines.get().size() > 50) {
            input.fail("recurrence", "must have at most 50 lines");
            return;
        }
        for (int i = 0; i < lines.get().size(); i++) {
            String field = "recurrence[" + i + "]";
            if (!(lines.get().get(i) instanceof JsonString text)) {
                input.fail(field, "must be a string such as RRULE:FREQ=WEEKLY");
                continue;
            }
            String line = text.getString().strip();
            String name = line.split("[:;]", 2)[0].toUpperCase(Locale.ROOT);
            if (line.chars().anyMatch(c -> c == '\r' || c == '\n') || !RECURRENCE_LINES.contains(name)) {
                input.fail(field, "must be one RRULE, RDATE or EXDATE line");
                continue;
            }
            try {
                Calendar parsed = ICal.parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + ICal.PRODID + "\r\nBEGIN:VEVENT\r\n"
                        + "UID:r\r\nDTSTAMP:20000101T000000Z\r\nDTSTART:20000101T000000Z\r\n" + line
                        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
                Component event = parsed.getComponents(Component.VEVENT).get(0);
                Property property = event.<Property>getProperty(name).orElseThrow();
                if (property instanceof net.fortuna.ical4j.model.property.RRule<?> rule) {
                    rule.getRecur().getFrequency();   // an RRULE without FREQ fails here
                }
                recurrence.add(property);
            } catch (RuntimeException e) {   // InvalidCalendarObject too
                input.fail(field, "is not a valid " + name + " line");
            }
        }
    }

    // --- what was read, for EventEditor

    boolean creating() {
        return creating;
    }

    /** Whether the body names the field (with a value or null). */
    boolean has(String field) {
        return input.has(field);
    }

    /** The field's text, empty when it is absent or null. */
    Optional<String> string(String field) {
        return input.string(field);
    }

    Time start() {
        return start;
    }

    Time end() {
        return end;
    }

    /** Null when the body does not say. */
    Boolean allDay() {
        return allDay;
    }

    List<Property> recurrence() {
        return recurrence;
    }

    List<Attendee> attendees() {
        return attendees;
    }

    /** Null when none was given (then the calendar organizes an event with attendees). */
    Organizer organizer() {
        return organizer;
    }
}
