package com.calendarpipe.mcp;

import static com.calendarpipe.mcp.JsonSchema.array;
import static com.calendarpipe.mcp.JsonSchema.bool;
import static com.calendarpipe.mcp.JsonSchema.integer;
import static com.calendarpipe.mcp.JsonSchema.object;
import static com.calendarpipe.mcp.JsonSchema.string;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.calendar.BusyTime;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.calendarapi.EventQuery;
import com.calendarpipe.calendarapi.EventView;
import com.calendarpipe.calendarapi.Events;
import com.calendarpipe.calendarapi.HostedCalendarInput;
import com.calendarpipe.calendarapi.InvitationListing;
import com.calendarpipe.calendarapi.InvitationView;
import com.calendarpipe.rest.Page;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools, written for a model to use well: what each does and when to use it, arguments with
 * formats and examples, and answers as structured content with a short text. Each does what the
 * REST API does through the same code ({@link Events}, {@link CalendarService}, the calendar
 * inputs' validation) so a refusal carries REST's message and per-field details; free time is
 * computed from {@link BusyTime}, as CalDAV's free-busy answers are.
 */
@ApplicationScoped
public class Tools {

    /** Pages of list_events and search_events: 25 unless asked, at most 100 (REST's bound). */
    private static final int PAGE = 25;
    /** search_events without a window looks a year back and a year ahead. */
    private static final Duration SEARCH_REACH = Duration.ofDays(366);
    /** find_free_time looks at most this far: its busy time draws on one request's recurrence budget anyway. */
    private static final Duration FREE_TIME_REACH = Duration.ofDays(92);
    private static final Pattern CURSOR = Pattern.compile("o([0-9]{1,9})");
    private static final Pattern CLOCK = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    @Inject
    Events events;

    @Inject
    InvitationListing invitations;

    @Inject
    CalendarService calendars;

    @Inject
    Settings settings;

    private Map<String, Tool.Described> tools;
    private String listing;

    @PostConstruct
    void describe() {
        Map<String, Tool.Described> described = new LinkedHashMap<>();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Tool tool : all()) {
            Tool.Described d = tool.describe();
            described.put(tool.name(), d);
            list.add(d.listing());
        }
        tools = Map.copyOf(described);
        listing = Json.createObjectBuilder().add("tools", list).build().toString();
    }

    /** The {@code tools/list} result, made once: every tool, one page. */
    String listing() {
        return listing;
    }

    Optional<Tool.Described> named(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    private List<Tool> all() {
        return List.of(
                new Tool("list_calendars", "List calendars",
                        "Lists the hosted calendars of the account, oldest first, with their ids, time zones and "
                                + "addresses. Use it first to learn the calendar ids the other tools take.",
                        object().closed(), object().required("calendars", array(calendarSchema())),
                        Tool.Hints.READ, (account, args) -> listCalendars(account)),
                new Tool("create_calendar", "Create a calendar",
                        "Creates a hosted calendar. Events in it are served over CalDAV, REST and its ICS feed.",
                        calendarFields(object().required("name", name())).closed(), calendarSchema(),
                        new Tool.Hints(false, false, false, false), this::createCalendar),
                new Tool("update_calendar", "Change a calendar",
                        "Changes a calendar's name, description, color, time zone or organizer name; only the "
                                + "arguments given change, and null clears an optional one.",
                        calendarFields(object().required("calendarId", calendarId()).property("name", name())).closed(),
                        calendarSchema(), new Tool.Hints(false, true, true, false), this::updateCalendar),
                new Tool("delete_calendar", "Delete a calendar",
                        "Deletes a calendar with all its events, for good. Ask the user before you do it.",
                        object().required("calendarId", calendarId()).closed(), deletedSchema("calendarId"),
                        new Tool.Hints(false, true, true, false), this::deleteCalendar),
                new Tool("list_events", "List events",
                        "Lists events of the account's calendars (all of them unless calendarIds is given). With a "
                                + "window [start, end) it lists the events that happen in it, ordered by start; with "
                                + "expand=true each occurrence of a recurring event is listed on its own with its "
                                + "originalStart (use that to change or delete one occurrence). Paged: pass nextCursor "
                                + "back as cursor for more.",
                        listArguments(object()).property("expand", bool()
                                .description("List each occurrence of recurring events within the window; needs start and end")
                                .defaultValue(JsonValue.FALSE)).closed(),
                        pageSchema(), Tool.Hints.READ, this::listEvents),
                new Tool("search_events", "Search events",
                        "Finds events whose title, description, location or attendees (address or name) contain "
                                + "the text, case-insensitively, within a window (a year back and ahead when none is "
                                + "given); each event once, at its first occurrence in the window. Paged like list_events.",
                        listArguments(object().required("query", string().length(1, 200)
                                .description("The text to look for").examples("dentist"))).closed(),
                        pageSchema(), Tool.Hints.READ, this::searchEvents),
                new Tool("get_event", "Get an event",
                        "One event by its id, a recurring one as its whole series with its recurrence lines.",
                        object().required("eventId", eventId()).closed(), eventSchema(), Tool.Hints.READ,
                        (account, args) -> event(events.get(account, args.getString("eventId")).view())),
                new Tool("create_event", "Create an event",
                        "Creates an event. Times: dateTime with an offset (2026-03-05T09:00:00+01:00), or without one "
                                + "together with timeZone (an IANA name), or in the calendar's zone when neither is "
                                + "given; a date alone (2026-03-07) makes an all-day event. end defaults to an hour "
                                + "(a day) after start. recurrence takes RFC 5545 lines such as RRULE:FREQ=WEEKLY;COUNT=10. "
                                + "Attendees are invited by e-mail (or in their own calendar when they have an account here).",
                        eventFields(object().required("calendarId", calendarId()).required("title", title())
                                .required("start", when("The start"))).closed(),
                        eventSchema(), new Tool.Hints(false, false, false, true), this::createEvent),
                new Tool("update_event", "Change an event",
                        "Changes an event, or with instance only one occurrence of a recurring event (the "
                                + "originalStart that list_events with expand=true shows). Only the arguments given "
                                + "change; null clears description or location. Moving start keeps the event's length "
                                + "unless end is given. Attendees are told of the change.",
                        eventFields(object().required("eventId", eventId()).property("instance", instance())
                                .property("title", title()).property("start", when("The new start"))).closed(),
                        eventSchema(), new Tool.Hints(false, true, true, true), this::updateEvent),
                new Tool("delete_event", "Delete an event",
                        "Deletes an event with all its occurrences, or with instance only that occurrence. "
                                + "Attendees are told it is cancelled.",
                        object().required("eventId", eventId()).property("instance", instance()).closed(),
                        deletedSchema("eventId").property("instance", string().orNull()),
                        new Tool.Hints(false, true, true, true), this::deleteEvent),
                new Tool("find_free_time", "Find free time",
                        "Finds the free stretches of at least durationMinutes in the window [start, end) (at most 92 "
                                + "days), across the account's calendars or those given, optionally within working "
                                + "hours. Busy time is every confirmed or tentative event, recurring ones included; "
                                + "cancelled and transparent events are free.",
                        object().property("calendarIds", calendarIds())
                                .required("start", windowEnd("The window's start", "2026-03-09T00:00:00+01:00"))
                                .required("end", windowEnd("The window's end, excluded", "2026-03-14T00:00:00+01:00"))
                                .required("durationMinutes", integer().range(1, 1440)
                                        .description("The length of time needed, in minutes").examples("60"))
                                .property("workingHours", object()
                                        .description("Only look within these hours; every hour of the window when left out")
                                        .required("start", clock("From", "09:00"))
                                        .required("end", clock("Until", "17:00"))
                                        .property("days", array(integer().range(1, 7)).items(1, 7)
                                                .description("ISO days of the week, 1 = Monday ... 7 = Sunday; Monday to Friday when left out"))
                                        .property("timeZone", zone("The zone of the hours; the first calendar's when left out"))
                                        .closed())
                                .property("limit", integer().range(1, 100).description("At most this many slots (20 unless given)"))
                                .closed(),
                        object().required("timeZone", string()).required("slots", array(object()
                                .required("start", string()).required("end", string()).required("durationMinutes", integer()))),
                        Tool.Hints.READ, this::findFreeTime),
                new Tool("list_invitations", "List invitations",
                        "Lists the invitations a calendar received by e-mail at its address (calendarEmail), oldest "
                                + "first: who invited it to what, and its answer so far (status pending until answered, "
                                + "cancelled when the organizer cancelled). Use it to find invitations to answer with "
                                + "respond_to_invitation. Paged like list_events.",
                        object().required("calendarId", calendarId())
                                .property("status", string().oneOf("pending", "accepted", "declined", "tentative", "cancelled")
                                        .description("Only invitations with this status; all when left out"))
                                .property("limit", integer().range(1, 100).description("At most this many (25 unless given)"))
                                .property("cursor", string().description("nextCursor of the previous page")).closed(),
                        object().required("invitations", array(invitationSchema())).required("total", integer())
                                .required("nextCursor", string().orNull().description("Pass it as cursor for the next page; null on the last")),
                        Tool.Hints.READ, this::listInvitations),
                new Tool("respond_to_invitation", "Answer an invitation",
                        "Accepts, declines or tentatively accepts an invitation the calendar received: its answer is "
                                + "set on the calendar's copy of the event and e-mailed to the organizer from the "
                                + "calendar's address. A cancelled invitation cannot be answered.",
                        object().required("calendarId", calendarId())
                                .required("uid", string().length(1, 255).description("The invitation's event_uid (or its id), "
                                        + "as list_invitations shows it").examples("7kukuqrfedlm2f9t0vr42q2d1o@google.com"))
                                .required("status", string().oneOf("ACCEPTED", "DECLINED", "TENTATIVE")
                                        .description("The answer")).closed(),
                        invitationSchema(), new Tool.Hints(false, false, true, true), this::respondToInvitation),
                new Tool("get_current_time", "Get the current time",
                        "The current date and time, in the given time zone or the account's (its first calendar's). "
                                + "Use it to work out what today, tomorrow or next week mean.",
                        object().property("timeZone", zone("An IANA time zone name; the account's when left out")).closed(),
                        object().required("now", string()).required("timeZone", string()).required("date", string())
                                .required("dayOfWeek", string()).required("utc", string()),
                        new Tool.Hints(true, false, false, false), this::currentTime));
    }

    // --- calendars

    /** A calendar as MCP shows it: REST's fields less the feed token (a secret that has no place in an agent's context). */
    @JsonbPropertyOrder({"id", "name", "description", "color", "timezone", "organizerDisplayName", "calendarEmail",
            "ctag", "createdAt", "updatedAt", "resourceUri"})
    public record CalendarView(String id, String name, String description, String color, String timezone,
                               String organizerDisplayName, String calendarEmail, long ctag, Instant createdAt,
                               Instant updatedAt, String resourceUri) {
    }

    public record Calendars(List<CalendarView> calendars) {
    }

    private CalendarView view(HostedCalendar c) {
        return new CalendarView(Events.calendarId(c), c.getName(), c.getDescription(), c.getColor(), c.getTimezone(),
                c.getOrganizerDisplayName(), c.calendarEmail(settings.mailDomain()), c.getCtag(), c.getCreatedAt(),
                c.getUpdatedAt(), McpResources.uri(c));
    }

    private ToolResult calendar(HostedCalendar c, String verb) {
        return ToolResult.of(view(c), verb + " calendar \"" + c.getName() + "\" (" + Events.calendarId(c) + ", "
                + c.getTimezone() + ").");
    }

    private ToolResult listCalendars(String account) {
        List<CalendarView> list = calendars.list(account).stream().map(this::view).toList();
        StringBuilder text = new StringBuilder(list.size() + (list.size() == 1 ? " calendar:" : " calendars:"));
        list.forEach(c -> text.append("\n- ").append(c.name()).append(" (").append(c.id()).append(", ").append(c.timezone()).append(')'));
        return ToolResult.of(new Calendars(list), text.toString());
    }

    private ToolResult createCalendar(String account, JsonObject args) {
        return calendar(calendars.create(account, HostedCalendarInput.forCreate(args)), "Created");
    }

    private ToolResult updateCalendar(String account, JsonObject args) {
        String id = Events.calendarUuid(args.getString("calendarId"));
        return calendar(calendars.update(account, id, HostedCalendarInput.forUpdate(without(args, "calendarId"))), "Changed");
    }

    public record Deleted(boolean deleted, String calendarId) {
    }

    private ToolResult deleteCalendar(String account, JsonObject args) {
        HostedCalendar calendar = calendars.get(account, Events.calendarUuid(args.getString("calendarId")));
        calendars.delete(account, calendar.getId());
        return ToolResult.of(new Deleted(true, Events.calendarId(calendar)),
                "Deleted calendar \"" + calendar.getName() + "\" and its events.");
    }

    // --- events

    /** A page of events: the events, how many there are in all, and the cursor of the next page (null on the last). */
    @JsonbPropertyOrder({"events", "total", "nextCursor"})
    public record EventPage(List<EventView> events, long total, String nextCursor) {
    }

    private ToolResult listEvents(String account, JsonObject args) {
        return page(events.list(events.calendars(account, ids(args)), query(args, false)), args);
    }

    private ToolResult searchEvents(String account, JsonObject args) {
        return page(events.search(events.calendars(account, ids(args)), query(args, true), args.getString("query")), args);
    }

    private EventQuery query(JsonObject args, boolean search) {
        String start = text(args, "start");
        String end = text(args, "end");
        if (search && start == null && end == null) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            start = now.minus(SEARCH_REACH).toString();
            end = now.plus(SEARCH_REACH).toString();
        }
        Boolean expand = args.containsKey("expand") ? args.getBoolean("expand") : null;
        return EventQuery.of(offset(args), args.containsKey("limit") ? args.getInt("limit") : PAGE, start, end, expand);
    }

    private static ToolResult page(Page<EventView> page, JsonObject args) {
        Page.Meta meta = page.meta();
        String next = meta.hasMore() ? cursor(meta.offset() + page.data().size()) : null;
        StringBuilder text = new StringBuilder();
        text.append(meta.total() == 0 ? "No events." : "Events " + (meta.offset() + 1) + "-" + (meta.offset() + page.data().size())
                + " of " + meta.total() + ":");
        page.data().forEach(e -> text.append("\n- ").append(line(e)));
        if (next != null) {
            text.append("\nMore: call again with cursor ").append(next);
        }
        return ToolResult.of(new EventPage(page.data(), meta.total(), next), text.toString());
    }

    private static String line(EventView e) {
        return e.start().dateTime() + " to " + e.end().dateTime() + ": " + e.title() + " (" + e.id()
                + (e.originalStart() != null ? ", occurrence " + e.originalStart().dateTime() : "")
                + (e.recurrence() != null && e.originalStart() == null ? ", recurring" : "") + ")";
    }

    private static ToolResult event(EventView e) {
        return ToolResult.of(e, line(e));
    }

    private ToolResult createEvent(String account, JsonObject args) {
        return event(events.create(account, args.getString("calendarId"), without(args, "calendarId")).view());
    }

    private ToolResult updateEvent(String account, JsonObject args) {
        return event(events.update(account, args.getString("eventId"), text(args, "instance"),
                without(args, "eventId", "instance"), null).view());
    }

    @JsonbPropertyOrder({"deleted", "eventId", "instance"})
    public record DeletedEvent(boolean deleted, String eventId, String instance) {
    }

    private ToolResult deleteEvent(String account, JsonObject args) {
        String instance = text(args, "instance");
        events.delete(account, args.getString("eventId"), instance, null);
        return ToolResult.of(new DeletedEvent(true, args.getString("eventId"), instance),
                instance == null ? "Deleted the event." : "Deleted the occurrence of " + instance + ".");
    }

    // --- invitations

    /** A page of invitations: the invitations, how many there are in all, and the cursor of the next page (null on the last). */
    @JsonbPropertyOrder({"invitations", "total", "nextCursor"})
    public record InvitationPage(List<InvitationView> invitations, long total, String nextCursor) {
    }

    private ToolResult listInvitations(String account, JsonObject args) {
        Page<InvitationView> page = invitations.list(account, Events.calendarUuid(args.getString("calendarId")),
                text(args, "status"), EventQuery.page(Objects.toString(offset(args), null),
                        String.valueOf(args.containsKey("limit") ? args.getInt("limit") : PAGE)));
        Page.Meta meta = page.meta();
        String next = meta.hasMore() ? cursor(meta.offset() + page.data().size()) : null;
        StringBuilder text = new StringBuilder(meta.total() == 0 ? "No invitations." : "Invitations " + (meta.offset() + 1)
                + "-" + (meta.offset() + page.data().size()) + " of " + meta.total() + ":");
        page.data().forEach(i -> text.append("\n- ").append(line(i)));
        if (next != null) {
            text.append("\nMore: call again with cursor ").append(next);
        }
        return ToolResult.of(new InvitationPage(page.data(), meta.total(), next), text.toString());
    }

    private ToolResult respondToInvitation(String account, JsonObject args) {
        InvitationView answered = invitations.respond(account, Events.calendarUuid(args.getString("calendarId")),
                args.getString("uid"), args.getString("status"));
        return ToolResult.of(answered, "Answered " + answered.status() + ": " + line(answered));
    }

    private static String line(InvitationView i) {
        String title = i.payload() == null ? i.eventUid() : i.payload().title() + " at " + i.payload().start().dateTime();
        return title + " from " + i.organizerEmail() + " (" + i.status() + ", uid " + i.eventUid() + ")";
    }

    static JsonSchema invitationSchema() {
        return object()
                .required("id", string())
                .required("event_uid", string())
                .required("organizer_email", string())
                .property("organizer_name", string().orNull())
                .required("method", string())
                .required("sequence", integer())
                .required("status", string())
                .property("payload", eventSchema().orNull())
                .property("delivery_status", string().orNull())
                .required("created_at", string())
                .property("responded_at", string().orNull());
    }

    // --- time

    @JsonbPropertyOrder({"start", "end", "durationMinutes"})
    public record SlotView(String start, String end, long durationMinutes) {
    }

    @JsonbPropertyOrder({"timeZone", "slots"})
    public record FreeTime(String timeZone, List<SlotView> slots) {
    }

    private ToolResult findFreeTime(String account, JsonObject args) {
        List<HostedCalendar> chosen = events.calendars(account, ids(args));
        List<Refused.Detail> problems = new ArrayList<>();
        Instant from = instant(args, "start", problems);
        Instant to = instant(args, "end", problems);
        if (from != null && to != null && (!from.isBefore(to) || Duration.between(from, to).compareTo(FREE_TIME_REACH) > 0)) {
            problems.add(new Refused.Detail("end", "must be after start, and at most 92 days after it"));
        }
        ZoneId zone = ZoneId.of(chosen.isEmpty() ? "UTC" : chosen.get(0).getTimezone());
        FreeSlots.Hours hours = null;
        if (args.containsKey("workingHours")) {
            JsonObject wh = args.getJsonObject("workingHours");
            zone = zone(wh, "workingHours.timeZone", zone, problems);
            LocalTime start = clock(wh.getString("start"), "workingHours.start", problems);
            LocalTime end = clock(wh.getString("end"), "workingHours.end", problems);
            if (start != null && end != null && !start.isBefore(end)) {
                problems.add(new Refused.Detail("workingHours.end", "must be after workingHours.start"));
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            if (wh.containsKey("days")) {
                wh.getJsonArray("days").getValuesAs(JsonNumber.class).forEach(d -> days.add(DayOfWeek.of(d.intValue())));
            } else {
                days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
            }
            hours = new FreeSlots.Hours(start, end, days, zone);
        }
        if (!problems.isEmpty()) {
            throw Refused.invalid("Invalid request", problems);
        }
        List<BusyTime.Period> busy = BusyTime.of(calendars, chosen.stream().map(HostedCalendar::getId).toList(),
                from, to, new RecurrenceBudget());
        Duration duration = Duration.ofMinutes(args.getInt("durationMinutes"));
        int limit = args.containsKey("limit") ? args.getInt("limit") : 20;
        ZoneId shown = zone;
        List<SlotView> slots = FreeSlots.of(busy, from, to, duration, hours, limit).stream()
                .map(s -> new SlotView(s.start().atZone(shown).toOffsetDateTime().toString(),
                        s.end().atZone(shown).toOffsetDateTime().toString(), s.minutes()))
                .toList();
        StringBuilder text = new StringBuilder(slots.isEmpty() ? "No free time of that length in the window."
                : "Free (" + shown.getId() + "):");
        slots.forEach(s -> text.append("\n- ").append(s.start()).append(" to ").append(s.end())
                .append(" (").append(s.durationMinutes()).append(" min)"));
        return ToolResult.of(new FreeTime(shown.getId(), slots), text.toString());
    }

    @JsonbPropertyOrder({"now", "timeZone", "date", "dayOfWeek", "utc"})
    public record CurrentTime(String now, String timeZone, String date, String dayOfWeek, String utc) {
    }

    private ToolResult currentTime(String account, JsonObject args) {
        List<Refused.Detail> problems = new ArrayList<>();
        ZoneId fallback = calendars.list(account).stream().findFirst()
                .map(c -> ZoneId.of(c.getTimezone())).orElse(ZoneOffset.UTC);
        ZoneId zone = zone(args, "timeZone", fallback, problems);
        if (!problems.isEmpty()) {
            throw Refused.invalid("Invalid request", problems);
        }
        ZonedDateTime now = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        CurrentTime time = new CurrentTime(now.toOffsetDateTime().toString(), zone.getId(), now.toLocalDate().toString(),
                now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH), now.toInstant().toString());
        return ToolResult.of(time, "It is " + time.dayOfWeek() + " " + time.now() + " (" + time.timeZone() + ").");
    }

    // --- arguments

    private static List<String> ids(JsonObject args) {
        return args.containsKey("calendarIds")
                ? args.getJsonArray("calendarIds").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                : List.of();
    }

    private static String text(JsonObject args, String name) {
        JsonValue value = args.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static JsonObject without(JsonObject args, String... names) {
        JsonObjectBuilder copy = Json.createObjectBuilder(args);
        for (String name : names) {
            copy.remove(name);
        }
        return copy.build();
    }

    /** An opaque page cursor: the offset of the page's first item. */
    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static Integer offset(JsonObject args) {
        String cursor = text(args, "cursor");
        if (cursor == null) {
            return null;
        }
        try {
            var match = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            if (match.matches()) {
                return Integer.valueOf(match.group(1));
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw Refused.invalidField("cursor", "is not a cursor this tool gave: pass nextCursor back as it came");
    }

    private static Instant instant(JsonObject args, String name, List<Refused.Detail> problems) {
        String text = args.getString(name);
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Refused.Detail(name, "must be an ISO-8601 date-time with offset, such as 2026-03-01T00:00:00Z, or a date"));
            return null;
        }
    }

    private static ZoneId zone(JsonObject args, String field, ZoneId fallback, List<Refused.Detail> problems) {
        String name = text(args, field.substring(field.lastIndexOf('.') + 1));
        if (name == null) {
            return fallback;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            problems.add(new Refused.Detail(field, "must be an IANA time zone name, such as Europe/Berlin"));
            return fallback;
        }
    }

    private static LocalTime clock(String text, String field, List<Refused.Detail> problems) {
        if (!CLOCK.matcher(text).matches()) {
            problems.add(new Refused.Detail(field, "must be a time of day such as 09:00"));
            return null;
        }
        return LocalTime.parse(text);
    }

    // --- schemas

    private static JsonSchema calendarId() {
        return string().length(1, 100).description("A calendar's id, as list_calendars shows it")
                .examples("hosted:0b7e2d6c-3f43-4b6e-9d1c-2c8d3c6f9a10");
    }

    private static JsonSchema calendarIds() {
        return array(calendarId()).items(1, 50).description("Only these calendars; all of the account's when left out");
    }

    private static JsonSchema eventId() {
        return string().length(1, 100).description("An event's id, as list_events shows it").examples("evt_3k9Jq2dWc0FhR7sV");
    }

    private static JsonSchema name() {
        return string().length(1, 100).description("The calendar's name").examples("Team");
    }

    private static JsonSchema title() {
        return string().length(1, 1000).description("What the event is").examples("Weekly sync");
    }

    private static JsonSchema instance() {
        return string().length(10, 40).description("Only this occurrence of a recurring event: its originalStart as "
                + "list_events with expand=true shows it (a date-time with offset, or a date for an all-day series)")
                .examples("2026-03-12T09:00:00+01:00");
    }

    private static JsonSchema zone(String description) {
        return string().length(1, 64).description(description).examples("Europe/Berlin");
    }

    private static JsonSchema clock(String description, String example) {
        return string().length(5, 5).description(description + ", HH:MM").examples(example);
    }

    private static JsonSchema windowEnd(String description, String example) {
        return string().length(10, 40).description(description + ": ISO-8601 with offset, or a date (midnight UTC)")
                .examples(example);
    }

    private static JsonSchema listArguments(JsonSchema arguments) {
        return arguments.property("calendarIds", calendarIds())
                .property("start", windowEnd("The window's start", "2026-03-09T00:00:00+01:00"))
                .property("end", windowEnd("The window's end, excluded", "2026-03-16T00:00:00+01:00"))
                .property("limit", integer().range(1, 100).description("Events per page (" + PAGE + " unless given)"))
                .property("cursor", string().length(1, 100).description("nextCursor of the previous page"));
    }

    private static JsonSchema when(String description) {
        return object().description(description + ": a date-time, or a date for an all-day event")
                .required("dateTime", string().length(10, 40)
                        .description("ISO-8601: 2026-03-05T09:00:00+01:00, 2026-03-05T09:00:00 (in timeZone, else the "
                                + "calendar's zone), or 2026-03-07 for all day")
                        .examples("2026-03-05T09:00:00"))
                .property("timeZone", string().length(1, 64).orNull().description("An IANA time zone name")
                        .examples("Europe/Berlin"))
                .closed();
    }

    private static JsonSchema person() {
        return object().required("email", string().length(3, 254).format("email").examples("ann@example.com"))
                .property("displayName", string().length(0, 200).orNull().examples("Ann"));
    }

    /** The event fields both create_event and update_event take (beyond those the caller adds). */
    private static JsonSchema eventFields(JsonSchema arguments) {
        return arguments
                .property("end", when("The end, excluded; an hour (a day) after start when left out"))
                .property("isAllDay", bool().description("An all-day event (dates without times)"))
                .property("description", string().length(0, 8000).orNull())
                .property("location", string().length(0, 1000).orNull().examples("Room 4"))
                .property("status", string().oneOf("confirmed", "tentative", "cancelled"))
                .property("visibility", string().oneOf("public", "private", "default"))
                .property("attendees", array(person().property("status",
                                string().oneOf("accepted", "declined", "tentative", "needsAction")).closed())
                        .items(0, 100).description("Everyone invited (replaces the list on update); each is invited by e-mail"))
                .property("organizer", person().closed().description("The calendar itself when left out"))
                .property("recurrence", array(string().length(1, 1000)).items(0, 50).orNull()
                        .description("RFC 5545 RRULE, RDATE and EXDATE lines; null makes a single event")
                        .examples("RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10"));
    }

    private static JsonSchema calendarFields(JsonSchema arguments) {
        return arguments
                .property("description", string().length(0, 500).orNull())
                .property("color", string().length(7, 7).orNull().description("#RRGGBB").examples("#3366CC"))
                .property("timezone", zone("The calendar's IANA time zone (UTC on create when left out)"))
                .property("organizerDisplayName", string().length(0, 100).orNull()
                        .description("The organizer's name on events with attendees; the calendar's name when null"));
    }

    private static JsonSchema calendarSchema() {
        JsonSchema nullableText = string().orNull();
        return object()
                .required("id", string().description("hosted:<uuid>"))
                .required("name", string())
                .property("description", string().orNull())
                .property("color", string().orNull())
                .required("timezone", string())
                .property("organizerDisplayName", nullableText)
                .property("calendarEmail", string().orNull())
                .required("ctag", integer())
                .property("createdAt", string().orNull())
                .property("updatedAt", string().orNull())
                .required("resourceUri", string().description("The calendar as an MCP resource (text/calendar)"));
    }

    private static JsonSchema deletedSchema(String idField) {
        return object().required("deleted", bool()).required(idField, string());
    }

    private static JsonSchema whenSchema() {
        return object().required("dateTime", string()).property("timeZone", string().orNull());
    }

    static JsonSchema eventSchema() {
        JsonSchema personOut = object().required("email", string()).property("displayName", string().orNull());
        return object()
                .required("id", string())
                .required("calendarId", string())
                .property("provider", string())
                .property("providerEventId", string().orNull())
                .property("title", string().orNull())
                .property("description", string().orNull())
                .property("location", string().orNull())
                .property("start", whenSchema().orNull())
                .property("end", whenSchema().orNull())
                .property("isAllDay", bool())
                .property("isFloating", bool())
                .property("status", string().orNull())
                .property("visibility", string().orNull())
                .property("attendees", array(object().required("email", string())
                        .property("displayName", string().orNull()).property("status", string().orNull())).orNull())
                .property("organizer", personOut.orNull())
                .property("recurrence", array(string()).orNull())
                .property("originalStart", whenSchema().orNull())
                .property("durationMinutes", integer())
                .property("dayOfWeek", integer())
                .property("hour", integer())
                .property("isWeekday", bool())
                .property("attendeeCount", integer())
                .property("updatedAt", string().orNull());
    }

    private static JsonSchema pageSchema() {
        return object().required("events", array(eventSchema())).required("total", integer())
                .required("nextCursor", string().orNull().description("Pass it as cursor for the next page; null on the last"));
    }
}
