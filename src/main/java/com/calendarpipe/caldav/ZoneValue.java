package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.ICal;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * A time zone as CalDAV carries one, in {@code calendar-timezone} (RFC 4791 §5.2.2) and a
 * calendar-query's {@code C:timezone} (§9.8): an iCalendar object holding exactly one VTIMEZONE
 * (§7.8 valid-calendar-data).
 */
final class ZoneValue {

    private ZoneValue() {
    }

    /**
     * The TZID of the one VTIMEZONE of a calendar-timezone value, when it names a zone a calendar
     * can have (an IANA name); empty for anything else. Read from the lines, not parsed: a
     * definition that is incomplete but names a known zone is understood (only its name is kept,
     * the rules come from the zone database).
     */
    static Optional<String> tzid(String vcalendar) {
        List<String> lines = vcalendar.replace("\r\n ", "").replace("\n ", "").lines().map(String::strip).toList();
        long zones = lines.stream().filter(l -> l.toUpperCase(Locale.ROOT).equals("BEGIN:VTIMEZONE")).count();
        if (lines.isEmpty() || !lines.get(0).equalsIgnoreCase("BEGIN:VCALENDAR") || zones != 1) {
            return Optional.empty();
        }
        return lines.stream()
                .filter(line -> line.toUpperCase(Locale.ROOT).startsWith("TZID:"))
                .map(line -> line.substring(5).strip())
                .findFirst()
                .filter(CalendarChanges::isIanaZone);
    }

    /**
     * The zone of a calendar-query's {@code C:timezone}, in which its floating times are read
     * (RFC 4791 §9.8): the zone database's for an IANA name, else the VTIMEZONE's own rules.
     * 403 valid-calendar-data for anything but one valid VTIMEZONE.
     */
    static ZoneId of(String vcalendar) throws DavError {
        Calendar parsed = ICal.parse(vcalendar);   // refused as valid-calendar-data when it is no iCalendar
        List<CalendarComponent> zones = parsed.getComponents(Component.VTIMEZONE);
        Optional<String> tzid = zones.size() != 1 ? Optional.empty()
                : zones.get(0).getProperty(Property.TZID).map(Property::getValue);
        if (tzid.isEmpty()) {
            throw DavError.precondition(403, Dav.VALID_CALENDAR_DATA);
        }
        if (CalendarChanges.isIanaZone(tzid.get())) {
            return ZoneId.of(tzid.get());
        }
        VTimeZone zone = (VTimeZone) zones.get(0);
        if (zone.getObservances().isEmpty()) {
            throw DavError.precondition(403, Dav.VALID_CALENDAR_DATA);   // RFC 5545 §3.6.5: one STANDARD or DAYLIGHT at least
        }
        try {
            TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
            registry.register(new TimeZone(zone));
            return registry.getZoneId(tzid.get());
        } catch (RuntimeException unusable) {
            // observances that say nothing usable (no offset, no start)
            throw DavError.precondition(403, Dav.VALID_CALENDAR_DATA);
        }
    }
}
