package com.calendarpipe.feed;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import java.util.HashSet;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;

/**
 * A hosted calendar as one iCalendar document: what its feed serves (FeedServlet), and what the
 * MCP endpoint serves as the calendar's resource to its owner (mcp/McpResources). Built only from
 * stored data, so the same ctag gives the same bytes.
 */
public final class FeedDocument {

    private FeedDocument() {
    }

    /** Every event and to-do (journals are private notes, not schedule), and one VTIMEZONE per zone they use. */
    public static String of(CalendarService store, HostedCalendar feed) {
        Calendar ics = ICal.newCalendar();
        ics.add(ImmutableCalScale.GREGORIAN);
        ics.add(ImmutableMethod.PUBLISH);
        ics.add(new XProperty("X-WR-CALNAME", feed.getName()));
        ics.add(new XProperty("X-WR-TIMEZONE", feed.getTimezone()));
        if (feed.getDescription() != null) {
            ics.add(new XProperty("X-WR-CALDESC", feed.getDescription()));
        }
        Set<String> zones = new HashSet<>();
        for (CalendarObject object : store.objects(feed.getId())) {
            if (object.getComponent().equals(Component.VJOURNAL)) {
                continue;
            }
            for (CalendarComponent component : object.parsed().getComponents()) {
                // each zone once, as the first object that defines it wrote it
                boolean zone = component.getName().equals(Component.VTIMEZONE);
                if (!zone || zones.add(component.getProperty(Property.TZID).map(Property::getValue).orElse(""))) {
                    ics.add(component);
                }
            }
        }
        return ICal.withTimeZones(ics).toString();
    }
}
