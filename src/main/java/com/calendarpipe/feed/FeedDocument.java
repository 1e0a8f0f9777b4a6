package com.calendarpipe.feed;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VToDo;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;

/**
 * A hosted calendar as one iCalendar document: what its feed serves to whoever holds the URL
 * ({@link #forStrangers}, FeedServlet), and what the MCP endpoint serves as the calendar's resource
 * to its owner ({@link #forOwner}, mcp/McpResources). Built only from stored data, so the same
 * ctag gives the same bytes.
 */
public final class FeedDocument {

    /** The properties of a private component that say when it is busy (RFC 5545 §3.6.1, §3.6.2). */
    private static final Set<String> BUSY_TIME = Set.of(Property.UID, Property.DTSTAMP, Property.DTSTART, Property.DTEND,
            Property.DURATION, Property.DUE, Property.RRULE, Property.RDATE, Property.EXDATE, Property.RECURRENCE_ID,
            Property.SEQUENCE, Property.STATUS, Property.TRANSP, Property.CLASS);
    private static final String BUSY = "Busy";

    private FeedDocument() {
    }

    /**
     * What a stranger may see (the feed has no credential but its URL): private and confidential
     * events and to-dos as busy time alone.
     */
    public static String forStrangers(CalendarService calendars, HostedCalendar feed) {
        return of(calendars, feed, true, false);
    }

    /** Everything, for the calendar's owner. */
    public static String forOwner(CalendarService calendars, HostedCalendar calendar) {
        return of(calendars, calendar, false, false);
    }

    /** Everything, journals too: the calendar as its owner takes it away (an account's export). */
    public static String whole(CalendarService calendars, HostedCalendar calendar) {
        return of(calendars, calendar, false, true);
    }

    /**
     * Every event and to-do (journals are private notes, not schedule, unless {@code journals}), and
     * one VTIMEZONE per zone they use.
     */
    private static String of(CalendarService calendars, HostedCalendar feed, boolean strangers, boolean journals) {
        Calendar ics = ICal.newCalendar();
        ics.add(ImmutableCalScale.GREGORIAN);
        ics.add(ImmutableMethod.PUBLISH);
        ics.add(new XProperty("X-WR-CALNAME", feed.getName()));
        ics.add(new XProperty("X-WR-TIMEZONE", feed.getTimezone()));
        if (feed.getDescription() != null) {
            ics.add(new XProperty("X-WR-CALDESC", feed.getDescription()));
        }
        Set<String> zones = new HashSet<>();
        for (CalendarObject object : calendars.objects(feed.getId())) {
            if (object.getComponent().equals(Component.VJOURNAL) && !journals) {
                continue;
            }
            List<CalendarComponent> components = object.parsed().getComponents();
            boolean busyOnly = strangers && components.stream().anyMatch(FeedDocument::notPublic);
            for (CalendarComponent component : components) {
                // each zone once, as the first object that defines it wrote it
                boolean zone = component.getName().equals(Component.VTIMEZONE);
                if (zone && zones.add(component.getProperty(Property.TZID).map(Property::getValue).orElse(""))) {
                    ics.add(component);
                } else if (!zone) {
                    (busyOnly ? busyTime(component) : Optional.of(component)).ifPresent(ics::add);
                }
            }
        }
        return ICal.withTimeZones(ics).toString();
    }

    /**
     * {@code CLASS:PRIVATE}, {@code CONFIDENTIAL}, or a class this server does not know, which
     * RFC 5545 §3.8.1.3 says to treat as PRIVATE. Absent is PUBLIC.
     */
    private static boolean notPublic(CalendarComponent component) {
        return component.getProperty(Property.CLASS).map(Property::getValue)
                .filter(c -> !c.equalsIgnoreCase("PUBLIC")).isPresent();
    }

    /**
     * When a private event or to-do is busy, with its recurrence, and nothing else. The whole
     * object is shown so when any of its components is private: an override without CLASS of a
     * private series is no less private. A new component, since the parsed object is shared by
     * every reader.
     */
    private static Optional<CalendarComponent> busyTime(CalendarComponent component) {
        CalendarComponent busy = switch (component.getName()) {
            case Component.VEVENT -> new VEvent(false);
            case Component.VTODO -> new VToDo(false);
            default -> null;
        };
        if (busy == null) {
            return Optional.empty();
        }
        component.getProperties().stream().filter(p -> BUSY_TIME.contains(p.getName())).forEach(busy::add);
        busy.add(new Summary(BUSY));
        return Optional.of(busy);
    }
}
