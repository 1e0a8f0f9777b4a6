package com.calendarpipe.caldav;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.CalendarChanges.Field;
import com.calendarpipe.calendar.CalendarProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The instructions of a PROPPATCH (RFC 4918 §9.2), MKCALENDAR (RFC 4791 §5.3.1) or extended
 * MKCOL (RFC 5689) body, judged property by property in document order, into the changes of a
 * calendar and each property's outcome (§9.2.1):
 * <ul>
 * <li>the calendar's fields, through the same rules as the REST API: displayname (the name),
 * calendar-description, calendar-color and calendar-timezone (one VTIMEZONE, RFC 4791 §5.2.2,
 * whose TZID is the zone); a value the rules refuse is 409. The color and the zone are also
 * kept in the form they were sent (Apple's {@code #RRGGBBAA}, the client's VTIMEZONE), and
 * read back so while the calendar's field still says the same;</li>
 * <li>supported-calendar-component-set and resourcetype when the calendar is made (RFC 4791
 * §5.2.3: protected afterwards);</li>
 * <li>the live properties the server computes: 403 cannot-modify-protected-property;</li>
 * <li>any other property, in any namespace: kept as set (a dead property, RFC 4918 §4), 507
 * past what a calendar keeps ({@link CalendarProperty}).</li>
 * </ul>
 * All or nothing: when one property fails, the others fail with it (424) and nothing changes.
 */
final class PropertyUpdate {

    private final boolean creating;
    private final CalendarChanges changes = new CalendarChanges();
    private final Map<QName, Multistatus.Outcome> outcomes = new LinkedHashMap<>();
    /** The property that set each field, by the field's key: a value the rules refuse fails as that property. */
    private final Map<String, QName> setBy = new HashMap<>();
    /** The dead properties set (their kept form) or removed (null). */
    private final Map<CalendarProperty.Name, String> dead = new LinkedHashMap<>();
    /** The forms the color and the zone were sent in, or null to forget an old one. */
    private final Map<CalendarProperty.Name, String> asSent = new LinkedHashMap<>();

    private PropertyUpdate(boolean creating) {
        this.creating = creating;
    }

    /**
     * Judges the {@code set} and {@code remove} instructions of {@code root} (null: no body; a
     * creation takes only {@code set}s); {@code kept} are the calendar's kept properties so far
     * (none when creating), against which the bounds are checked.
     */
    static PropertyUpdate of(Element root, boolean creating, Map<CalendarProperty.Name, String> kept) {
        PropertyUpdate update = new PropertyUpdate(creating);
        for (Element instruction : root == null ? List.<Element>of() : DavXml.children(root)) {
            boolean remove = Dav.dav("remove").equals(DavXml.name(instruction));
            if (!remove && !Dav.dav("set").equals(DavXml.name(instruction)) || remove && creating) {
                continue;
            }
            for (Element property : DavXml.child(instruction, Dav.dav("prop")).map(DavXml::children).orElse(List.of())) {
                if (remove) {
                    update.remove(DavXml.name(property));
                } else {
                    update.set(DavXml.name(property), property);
                }
            }
        }
        update.judge(kept);
        return update;
    }

    /** A MKCALENDAR's calendar takes its collection's name unless it sets displayname (cut to what a name may be). */
    PropertyUpdate named(String collection) {
        if (!changes.has(Field.NAME)) {
            changes.set(Field.NAME, collection.substring(0, collection.offsetByCodePoints(0,
                    Math.min(100, collection.codePointCount(0, collection.length())))));
        }
        return this;
    }

    boolean refused() {
        return outcomes.values().stream().anyMatch(o -> o.status() != 200);
    }

    /** The changes, every property kept as set; only when none was {@link #refused()}. */
    CalendarChanges changes() {
        asSent.forEach(changes::property);
        dead.forEach(changes::property);
        return changes;
    }

    /** Each property's outcome, grouped as a propstat shows them: refused ones with theirs, the others 424 if any was refused. */
    Map<Multistatus.Outcome, List<QName>> outcomes() {
        boolean refused = refused();
        Map<Multistatus.Outcome, List<QName>> grouped = new LinkedHashMap<>();
        outcomes.forEach((name, outcome) -> grouped.computeIfAbsent(
                refused && outcome.status() == 200 ? Multistatus.Outcome.FAILED_DEPENDENCY : outcome,
                o -> new ArrayList<>()).add(name));
        return grouped;
    }

    private void set(QName name, Element value) {
        String text = value.getTextContent() == null ? "" : value.getTextContent().strip();
        if (name.equals(Dav.DISPLAYNAME)) {
            field(name, Field.NAME, text);
        } else if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            field(name, Field.DESCRIPTION, text);
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            // Apple Calendar sends #RRGGBBAA: the calendar's color is the RGB, the alpha is kept as sent
            field(name, Field.COLOR, text.length() == 9 && text.startsWith("#") ? text.substring(0, 7) : text);
            keepAsSent(name, value);
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            Optional<String> tzid = ZoneValue.tzid(text);
            if (tzid.isEmpty()) {
                outcomes.put(name, new Multistatus.Outcome(409, Dav.VALID_CALENDAR_DATA));
                return;
            }
            field(name, Field.TIMEZONE, tzid.get());
            keepAsSent(name, value);
        } else if (name.equals(Dav.SUPPORTED_CALENDAR_COMPONENT_SET) && creating) {
            components(name, value);
        } else if (name.equals(Dav.RESOURCETYPE) && creating) {
            // only calendars are made here (RFC 5689 §3.4 valid-resourcetype)
            outcomes.put(name, DavXml.child(value, Dav.caldav("calendar")).isPresent() ? Multistatus.Outcome.OK
                    : new Multistatus.Outcome(403, Dav.VALID_RESOURCETYPE));
        } else if (Properties.PROTECTED.contains(name)) {
            outcomes.put(name, new Multistatus.Outcome(403, Dav.CANNOT_MODIFY_PROTECTED_PROPERTY));
        } else {
            String kept = DeadProperties.kept(value);
            CalendarProperty.Name key = DeadProperties.name(name);
            boolean fits = key.fits() && kept.length() <= CalendarProperty.MAX_VALUE;
            outcomes.put(name, fits ? Multistatus.Outcome.OK : Multistatus.Outcome.of(507));
            dead.put(key, kept);
        }
    }

    private void remove(QName name) {
        if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            field(name, Field.DESCRIPTION, null);
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            field(name, Field.COLOR, null);
            asSent.put(DeadProperties.name(name), null);
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            field(name, Field.TIMEZONE, "UTC");
            asSent.put(DeadProperties.name(name), null);
        } else if (name.equals(Dav.DISPLAYNAME)) {
            outcomes.put(name, Multistatus.Outcome.of(403));   // a calendar always has a name
        } else if (Properties.PROTECTED.contains(name) || name.equals(Dav.SUPPORTED_CALENDAR_COMPONENT_SET)
                || name.equals(Dav.RESOURCETYPE)) {
            outcomes.put(name, new Multistatus.Outcome(403, Dav.CANNOT_MODIFY_PROTECTED_PROPERTY));
        } else {
            // removing a property that is not there succeeds (RFC 4918 §14.23)
            outcomes.put(name, Multistatus.Outcome.OK);
            dead.put(DeadProperties.name(name), null);
        }
    }

    private void field(QName name, Field field, String value) {
        changes.set(field, value);
        setBy.put(field.key(), name);
        outcomes.put(name, Multistatus.Outcome.OK);
    }

    /** The form a field's property was sent in, kept when it fits; else any older one is forgotten. */
    private void keepAsSent(QName name, Element value) {
        String kept = DeadProperties.kept(value);
        asSent.put(DeadProperties.name(name), kept.length() <= CalendarProperty.MAX_VALUE ? kept : null);
    }

    /** RFC 4791 §5.2.3: one or more of the components a calendar here may hold, each named once. */
    private void components(QName name, Element value) {
        List<String> names = DavXml.children(value, Dav.caldav("comp")).stream().map(c -> c.getAttribute("name")).toList();
        changes.components(names);
        setBy.put(CalendarChanges.COMPONENTS, name);
        outcomes.put(name, Multistatus.Outcome.OK);
    }

    /** The rules of the fields, then the bounds of what a calendar keeps. */
    private void judge(Map<CalendarProperty.Name, String> kept) {
        for (Refused.Detail problem : changes.problems(creating)) {
            QName name = setBy.get(problem.field());
            if (name != null) {
                outcomes.put(name, problem.field().equals(CalendarChanges.COMPONENTS)
                        ? new Multistatus.Outcome(403, Dav.SUPPORTED_CALENDAR_COMPONENT)
                        : Multistatus.Outcome.of(409));
            }
        }
        if (fits(kept)) {
            return;
        }
        // the forms sent are a courtesy: past the bounds they are not kept (and older ones forgotten)
        asSent.replaceAll((name, form) -> null);
        if (!fits(kept)) {
            dead.forEach((name, value) -> {
                if (value != null) {
                    outcomes.put(DeadProperties.name(name), Multistatus.Outcome.of(507));
                }
            });
        }
    }

    /** Whether the calendar keeps what it kept with this update's changes (those refused already left out). */
    private boolean fits(Map<CalendarProperty.Name, String> kept) {
        Map<CalendarProperty.Name, String> after = new LinkedHashMap<>(kept);
        for (Map<CalendarProperty.Name, String> change : List.of(asSent, dead)) {
            change.forEach((name, value) -> {
                if (value == null) {
                    after.remove(name);
                } else if (change == asSent || outcomes.get(DeadProperties.name(name)).status() == 200) {
                    after.put(name, value);
                }
            });
        }
        return CalendarProperty.fit(after.values());
    }
}
