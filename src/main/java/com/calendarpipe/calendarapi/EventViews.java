package com.calendarpipe.calendarapi;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendarapi.EventView.When;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;

/** Reads the REST view of an event out of its stored iCalendar object. */
final class EventViews {

    static final String PROVIDER = "calendarpipe";
    static final List<String> RECURRENCE_PROPERTIES = List.of(Property.RRULE, Property.RDATE, Property.EXDATE, Property.EXRULE);

    private EventViews() {
    }

    /** The component without RECURRENCE-ID, or the first one of an object holding only overrides. */
    static Component master(Calendar calendar) {
        List<CalendarComponent> events = calendar.getComponents(Component.VEVENT);
        return events.stream()
                .filter(e -> e.getProperty(Property.RECURRENCE_ID).isEmpty())
                .findFirst()
                .orElse(events.get(0));
    }

    /** The event as a whole: the series' first instance and its recurrence lines. */
    static EventView of(CalendarObject object, Calendar parsed, ZoneId calendarZone) {
        Component master = master(parsed);
        Temporal start = Occurrences.start(master).orElseThrow();
        Temporal end = Occurrences.end(master).orElse(start);
        List<String> recurrence = master.getProperties(RECURRENCE_PROPERTIES.toArray(String[]::new)).stream()
                .map(EventViews::line)
                .toList();
        return view(object, master, start, end, null, recurrence.isEmpty() ? null : recurrence, calendarZone);
    }

    /** One instance of a series, with its own times; a plain event is its own single instance. */
    static EventView of(CalendarObject object, Occurrences.Occurrence occurrence, ZoneId calendarZone) {
        Component component = occurrence.component();
        boolean partOfSeries = occurrence.recurrenceId() != null;
        When original = partOfSeries ? when(occurrence.recurrenceId(), tzid(component, Property.RECURRENCE_ID)
                .or(() -> tzid(component, Property.DTSTART)), calendarZone) : null;
        List<String> recurrence = partOfSeries ? null : component.getProperties(RECURRENCE_PROPERTIES.toArray(String[]::new))
                .stream().map(EventViews::line).toList();
        return view(object, component, occurrence.start(), occurrence.end(), original,
                recurrence == null || recurrence.isEmpty() ? null : recurrence, calendarZone);
    }

    private static EventView view(CalendarObject object, Component event, Temporal start, Temporal end,
                                  When original, List<String> recurrence, ZoneId calendarZone) {
        When from = when(start, tzid(event, Property.DTSTART), calendarZone);
        When to = when(end, tzid(event, Property.DTEND).or(() -> tzid(event, Property.DTSTART)), calendarZone);
        OffsetDateTime shown = shown(start, calendarZone);
        DayOfWeek day = shown.getDayOfWeek();
        List<EventView.Attendee> attendees = event.getProperties(Property.ATTENDEE).stream()
                .map(a -> new EventView.Attendee(address(a), cn(a), partStat(a)))
                .toList();
        EventView.Person organizer = event.<Property>getProperty(Property.ORGANIZER)
                .map(o -> new EventView.Person(address(o), cn(o)))
                .orElse(null);
        long minutes = Duration.between(ICal.instant(start, calendarZone), ICal.instant(end, calendarZone)).toMinutes();
        return new EventView(object.getId(), "hosted:" + object.getCalendarId(), PROVIDER, object.getUid(),
                text(event, Property.SUMMARY), text(event, Property.DESCRIPTION), text(event, Property.LOCATION),
                from, to, start instanceof LocalDate, start instanceof LocalDateTime, status(event), visibility(event), attendees, organizer,
                recurrence, original, minutes, day.getValue() % 7, shown.getHour(),
                day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY, attendees.size(), object.getUpdatedAt());
    }

    /**
     * A date value as the API shows it. A UTC time has no zone; floating times and all-day
     * dates are shown in the calendar's zone; a TZID that is not an IANA name is shown as null.
     */
    static When when(Temporal value, Optional<String> tzid, ZoneId calendarZone) {
        String dateTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(shown(value, calendarZone));
        if (value instanceof ZonedDateTime) {
            return new When(dateTime, tzid.filter(CalendarChanges::isIanaZone).orElse(null));
        }
        boolean utc = value instanceof OffsetDateTime || value instanceof Instant;
        return new When(dateTime, utc ? null : calendarZone.getId());
    }

    /** The date value with the offset it is shown at (UTC for UTC times, the calendar's zone for floating ones). */
    private static OffsetDateTime shown(Temporal value, ZoneId calendarZone) {
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toOffsetDateTime();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(calendarZone).toOffsetDateTime();
        }
        return ((LocalDate) value).atStartOfDay(calendarZone).toOffsetDateTime();
    }

    private static Optional<String> tzid(Component event, String property) {
        return event.<Property>getProperty(property).flatMap(p -> p.<Parameter>getParameter(Parameter.TZID)).map(Parameter::getValue);
    }

    private static String text(Component event, String property) {
        return event.<Property>getProperty(property).map(Property::getValue).orElse(null);
    }

    private static String status(Component event) {
        return event.<Property>getProperty(Property.STATUS)
                .map(s -> s.getValue().toLowerCase(Locale.ROOT))
                .filter(s -> s.equals("tentative") || s.equals("cancelled"))
                .orElse("confirmed");
    }

    private static String visibility(Component event) {
        return event.<Property>getProperty(Property.CLASS)
                .map(c -> c.getValue().equalsIgnoreCase("PUBLIC") ? "public" : "private")
                .orElse("default");
    }

    private static String address(Property person) {
        String value = person.getValue();
        return value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
    }

    private static String cn(Property person) {
        return person.<Parameter>getParameter(Parameter.CN).map(Parameter::getValue).orElse(null);
    }

    private static String partStat(Property attendee) {
        String value = attendee.<Parameter>getParameter(Parameter.PARTSTAT).map(Parameter::getValue).orElse("");
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "ACCEPTED" -> "accepted";
            case "DECLINED" -> "declined";
            case "TENTATIVE" -> "tentative";
            default -> "needsAction";
        };
    }

    /** A property as one unfolded content line, e.g. {@code RRULE:FREQ=WEEKLY;BYDAY=TH}. */
    static String line(Property property) {
        return property.toString().replace("\r\n ", "").replace("\r\n\t", "").strip();
    }
}
