package com.calendarpipe.calendarapi;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.Occurrences;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.property.Clazz;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;

/**
 * Writes what an event body changes ({@link EventInput}, already read and checked) into the
 * event's iCalendar: a new object, the series of a stored one, or one instance's override. A time
 * without offset or zone is read in the calendar's zone; a date alone, or {@code isAllDay}, makes
 * an all-day event.
 */
final class EventEditor {

    private static final String TIME_ORDER = "start must be before end";

    private EventEditor() {
    }

    /** A new VCALENDAR holding the new event, with its VTIMEZONEs. */
    static String create(EventInput changes, HostedCalendar calendar, String mailDomain) {
        VEvent event = new VEvent();
        event.add(new Uid(UUID.randomUUID().toString()));
        Calendar ics = ICal.newCalendar();
        ics.add(ImmutableCalScale.GREGORIAN);
        ics.add(event);
        applyTo(changes, event, calendar, mailDomain);
        return text(ics);
    }

    /** The stored text with the body's changes made to its series (or single event). */
    static String update(EventInput changes, HostedCalendar calendar, String mailDomain, String stored) {
        Calendar ics = ICal.parse(stored);
        applyTo(changes, EventViews.master(ics), calendar, mailDomain);
        return text(ics);
    }

    /** The body's changes made to one instance's override: an instance has no recurrence of its own. */
    static void updateInstance(EventInput changes, Component override, HostedCalendar calendar, String mailDomain) {
        if (changes.has("recurrence")) {
            throw Refused.invalidField("recurrence", "cannot be set on one instance; change the series without ?instance");
        }
        applyTo(changes, override, calendar, mailDomain);
    }

    /** A component changed now: its DTSTAMP and LAST-MODIFIED (RFC 5545 §3.8.7.2, §3.8.7.3). */
    static void stamp(Component event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        event.replace(new DtStamp(now));
        event.replace(new LastModified(now));
    }

    private static void applyTo(EventInput changes, Component event, HostedCalendar calendar, String mailDomain) {
        ZoneId zone = ZoneId.of(calendar.getTimezone());
        setText(changes, event, "title", Summary::new);
        setText(changes, event, "description", Description::new);
        setText(changes, event, "location", Location::new);
        applyTimes(changes, event, zone);
        changes.string("status").ifPresent(s -> event.replace(new Status(s.toUpperCase(Locale.ROOT))));
        changes.string("visibility").ifPresent(v -> {
            event.removeAll(Property.CLASS);
            if (!v.equals("default")) {
                event.add(new Clazz(v.toUpperCase(Locale.ROOT)));
            }
        });
        if (changes.has("attendees")) {
            event.removeAll(Property.ATTENDEE);
            changes.attendees().forEach(event::add);
        }
        if (changes.has("organizer")) {
            event.removeAll(Property.ORGANIZER);
            if (changes.organizer() != null) {
                event.add(changes.organizer());
            }
        }
        if (!event.getProperties(Property.ATTENDEE).isEmpty() && event.getProperty(Property.ORGANIZER).isEmpty()) {
            // RFC 5545: an event with attendees has an organizer; by default, the calendar itself
            Organizer self = new Organizer(URI.create("mailto:" + calendar.calendarEmail(mailDomain)));
            self.add(new Cn(Optional.ofNullable(calendar.getOrganizerDisplayName()).orElse(calendar.getName())));
            event.add(self);
        }
        if (changes.has("recurrence")) {
            event.removeAll(EventViews.RECURRENCE_PROPERTIES.toArray(String[]::new));
            changes.recurrence().forEach(event::add);
        }
        stamp(event);
    }

    private static void setText(EventInput changes, Component event, String field, Function<String, Property> make) {
        if (changes.has(field)) {
            event.removeAll(make.apply("").getName());
            changes.string(field).filter(v -> !v.isEmpty()).ifPresent(v -> event.add(make.apply(v)));
        }
    }

    private static void applyTimes(EventInput changes, Component event, ZoneId calendarZone) {
        EventInput.Time start = changes.start();
        EventInput.Time end = changes.end();
        Optional<Temporal> oldStart = Occurrences.start(event);
        Optional<Temporal> oldEnd = Occurrences.end(event);
        boolean wholeDays = Optional.ofNullable(changes.allDay())
                .orElseGet(() -> start != null ? start.dateOnly() : oldStart.map(s -> s instanceof LocalDate).orElse(false));
        Temporal newStart = start != null ? resolve(start, wholeDays, calendarZone) : oldStart.orElse(null);
        Temporal newEnd;
        if (end != null) {
            newEnd = resolve(end, wholeDays, calendarZone);
            if (wholeDays && newEnd.equals(newStart)) {
                newEnd = ((LocalDate) newStart).plusDays(1);   // "from the 5th to the 5th" is that one day
            }
        } else if (start != null && oldStart.isPresent() && oldEnd.isPresent()
                && (oldStart.get() instanceof LocalDate) == wholeDays) {
            newEnd = keepLength(oldStart.get(), oldEnd.get(), newStart);   // a moved event keeps its length
        } else if (start != null || changes.creating()) {
            newEnd = wholeDays ? ((LocalDate) newStart).plusDays(1) : newStart.plus(Duration.ofHours(1));
        } else {
            newEnd = oldEnd.orElse(null);
        }
        if (newStart != null && newEnd != null
                && ICal.instant(newEnd, calendarZone).isBefore(ICal.instant(newStart, calendarZone))) {
            throw Refused.invalidField("end", TIME_ORDER);
        }
        if (start != null) {
            event.removeAll(Property.DTSTART);
            event.add(new DtStart<>(newStart));
        }
        // a start kept is kept as written: rebuilt from its parsed value, its TZID would be ical4j's own name
        if (start != null || end != null) {
            event.removeAll(Property.DTEND, Property.DURATION);
            event.add(new DtEnd<>(newEnd));
        }
    }

    private static Temporal keepLength(Temporal oldStart, Temporal oldEnd, Temporal newStart) {
        if (oldStart instanceof LocalDate from && oldEnd instanceof LocalDate to) {
            return ((LocalDate) newStart).plusDays(ChronoUnit.DAYS.between(from, to));
        }
        Duration length = Duration.between(ICal.instant(oldStart, ZoneOffset.UTC), ICal.instant(oldEnd, ZoneOffset.UTC));
        return newStart.plus(length);
    }

    /**
     * The value to store. With a zone: a local time in that zone (TZID). With an offset only:
     * UTC. With neither: the calendar's zone. All-day: the date.
     */
    private static Temporal resolve(EventInput.Time time, boolean wholeDays, ZoneId calendarZone) {
        ZoneId zone = time.timeZone() != null ? ZoneId.of(time.timeZone()) : null;
        if (time.dateOnly()) {
            LocalDate day = LocalDate.parse(time.dateTime());
            return wholeDays ? day : atZone(day.atStartOfDay(), zone != null ? zone : calendarZone);
        }
        if (EventInput.hasOffset(time.dateTime())) {
            OffsetDateTime at = OffsetDateTime.parse(time.dateTime());
            if (wholeDays) {
                return zone != null ? at.atZoneSameInstant(zone).toLocalDate() : at.toLocalDate();
            }
            return zone != null ? at.atZoneSameInstant(zone) : at.toInstant();
        }
        LocalDateTime local = LocalDateTime.parse(time.dateTime());
        return wholeDays ? local.toLocalDate() : atZone(local, zone != null ? zone : calendarZone);
    }

    private static Temporal atZone(LocalDateTime local, ZoneId zone) {
        return zone.getId().equals("UTC") ? local.toInstant(ZoneOffset.UTC) : local.atZone(zone);
    }

    private static String text(Calendar ics) {
        return ICal.withTimeZones(ics).toString();
    }
}
