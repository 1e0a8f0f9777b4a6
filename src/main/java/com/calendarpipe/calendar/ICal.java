package com.calendarpipe.calendar;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.CalendarParserFactory;
import net.fortuna.ical4j.data.ContentHandlerContext;
import net.fortuna.ical4j.data.DefaultComponentFactorySupplier;
import net.fortuna.ical4j.data.DefaultParameterFactorySupplier;
import net.fortuna.ical4j.data.DefaultPropertyFactorySupplier;
import net.fortuna.ical4j.data.ParserException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.ComponentFactory;
import net.fortuna.ical4j.model.ParameterFactory;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyFactory;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/** Parsing iCalendar text and reading its date values as instants. */
public final class ICal {

    public static final String MEDIA_TYPE = "text/calendar";

    /** The PRODID of every calendar the server writes (RFC 5545 §3.7.3). */
    public static final String PRODID = "-//CalendarPipe//CalendarPipe server//EN";

    /** Objects larger than this are refused (CalDAV's max-resource-size; it also bounds the column). */
    public static final int MAX_OBJECT_BYTES = 512 * 1024;

    /**
     * ical4j's factories are stateless, but its default builder makes every one of them anew
     * for each property it parses; built once here, they are shared by every parse.
     */
    private static final ContentHandlerContext FACTORIES = new ContentHandlerContext()
            .withPropertyFactorySupplier(constant(List.<PropertyFactory<?>>copyOf(new DefaultPropertyFactorySupplier().get())))
            .withParameterFactorySupplier(constant(List.<ParameterFactory<?>>copyOf(new DefaultParameterFactorySupplier().get())))
            .withComponentFactorySupplier(constant(List.<ComponentFactory<?>>copyOf(new DefaultComponentFactorySupplier().get())));

    /** Parsed stored objects by their content hash (ETag), most recently used kept. */
    private static final int CACHED_OBJECTS = 4000;
    private static final Map<String, Calendar> STORED = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Calendar> eldest) {
            return size() > CACHED_OBJECTS;
        }
    };

    private ICal() {
    }

    private static <T> Supplier<List<T>> constant(List<T> list) {
        List<T> shared = List.copyOf(list);
        return () -> shared;
    }

    /**
     * A stored object's text, parsed, for reading only: the same instance is handed to every
     * reader of that content (listing a window parses nothing already parsed). Callers that
     * change a calendar parse their own copy with {@link #parse}.
     */
    public static Calendar stored(String etag, String text) {
        synchronized (STORED) {
            Calendar cached = STORED.get(etag);
            if (cached != null) {
                return cached;
            }
        }
        Calendar parsed = parse(text);
        synchronized (STORED) {
            STORED.put(etag, parsed);
        }
        return parsed;
    }

    /**
     * Text to be stored, parsed: as {@link #parse}, and refused (valid-calendar-data) when it holds
     * a control character other than a tab and line ends, which no content line may (RFC 5545
     * §3.1, §3.3.11): a NUL would reach every client that syncs the calendar.
     */
    public static Calendar parseWritten(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA,
                        "The calendar data holds a control character that iCalendar text may not");
            }
        }
        return parse(text);
    }

    public static Calendar parse(String text) {
        if (text.length() > MAX_OBJECT_BYTES) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.MAX_RESOURCE_SIZE,
                    "The calendar object is larger than " + MAX_OBJECT_BYTES + " bytes");
        }
        try {
            // a builder is not thread-safe, and its zone registry takes in the VTIMEZONEs of what
            // it parses: one per parse, so that one object's definitions never reach another's
            return new CalendarBuilder(CalendarParserFactory.getInstance().get(), FACTORIES,
                    TimeZoneRegistryFactory.getInstance().createRegistry()).build(new StringReader(text));
        } catch (ParserException | IOException | RuntimeException e) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.VALID_CALENDAR_DATA,
                    "The body is not valid iCalendar data");
        }
    }

    /** One content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence; without its final CRLF. */
    public static String folded(String line) {
        StringBuilder out = new StringBuilder(line.length() + line.length() / 64 * 3);
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;   // its UTF-8 octets
            if (octets + size > 75) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** An empty VCALENDAR of ours: PRODID and VERSION 2.0. */
    public static Calendar newCalendar() {
        Calendar ics = new Calendar();
        ics.add(new ProdId(PRODID));
        ics.add(ImmutableVersion.VERSION_2_0);
        return ics;
    }

    /** Adds a VTIMEZONE for every TZID the calendar's components use and do not define (RFC 5545 §3.6.5). */
    public static Calendar withTimeZones(Calendar ics) {
        Set<String> defined = new HashSet<>();
        Set<String> used = new TreeSet<>();
        for (CalendarComponent component : ics.getComponents()) {
            if (component.getName().equals(Component.VTIMEZONE)) {
                component.getProperty(Property.TZID).map(Property::getValue).ifPresent(defined::add);
            }
            for (Property property : component.getProperties()) {
                property.<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue).ifPresent(used::add);
            }
        }
        used.removeAll(defined);
        TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
        for (String tzid : used) {
            TimeZone zone = registry.getTimeZone(tzid);
            if (zone != null) {
                ics.add(zone.getVTimeZone());
            }
        }
        return ics;
    }

    /**
     * The instant a date value stands for. Floating times and all-day dates have no zone of
     * their own: they are read in {@code floating} (the calendar's zone, or UTC).
     */
    public static Instant instant(Temporal value, ZoneId floating) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(floating).toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(floating).toInstant();
        }
        throw new IllegalArgumentException("Unsupported date value " + value.getClass().getSimpleName());
    }

    /** True for values that depend on the reader's zone: floating date-times and dates. */
    public static boolean floats(Temporal value) {
        return value instanceof LocalDateTime || value instanceof LocalDate;
    }
}
