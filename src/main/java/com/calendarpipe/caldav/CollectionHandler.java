package com.calendarpipe.caldav;

import com.calendarpipe.Refused;
import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.CalendarChanges.Field;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ObjectIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * MKCALENDAR (RFC 4791 §5.3.1), extended MKCOL (RFC 5689) and PROPPATCH (RFC 4918 §9.2) of a
 * calendar. The writable properties map to the hosted calendar's fields and go through the same
 * validation as the REST API: displayname → name, calendar-description → description,
 * calendar-color → color, calendar-timezone → timezone.
 */
final class CollectionHandler {

    /** Properties a client sets that carry nothing the calendar keeps; accepted so the whole PROPPATCH is not refused. */
    private static final List<QName> COSMETIC = List.of(new QName(Dav.APPLE, "calendar-order"));

    private CollectionHandler() {
    }

    static void mkcalendar(DavContext dav, boolean extendedMkcol) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.COLLECTION || !dav.ownPath()) {
            throw DavError.status(dav.ownPath() ? 403 : 404);
        }
        if (dav.store.collection(dav.account.getId(), dav.path.collection()).isPresent()) {
            throw DavError.precondition(extendedMkcol ? 405 : 403, Dav.dav("resource-must-be-null"));
        }
        Document body = dav.xml();
        Map<QName, Element> set = new LinkedHashMap<>();
        if (body != null) {
            QName root = DavXml.name(body.getDocumentElement());
            if (!root.equals(extendedMkcol ? Dav.dav("mkcol") : Dav.caldav("mkcalendar"))) {
                throw DavError.status(400);
            }
            for (Element change : DavXml.children(body.getDocumentElement(), Dav.dav("set"))) {
                DavXml.child(change, Dav.dav("prop")).ifPresent(prop -> DavXml.children(prop).forEach(p -> set.put(DavXml.name(p), p)));
            }
        }
        Element components = set.remove(Dav.SUPPORTED_CALENDAR_COMPONENT_SET);
        if (components != null && !DavXml.children(components).stream()
                .allMatch(c -> ObjectIndex.COMPONENTS.contains(c.getAttribute("name")))) {
            // every calendar here holds events, to-dos and journals; a narrower set is honoured as a subset of that
            throw DavError.precondition(403, Dav.caldav("supported-calendar-component"));
        }
        Element type = set.remove(Dav.RESOURCETYPE);
        if (extendedMkcol && (type == null || DavXml.child(type, Dav.caldav("calendar")).isEmpty())) {
            // only calendars live here (RFC 5689 §3.3 valid-resourcetype)
            throw DavError.precondition(403, Dav.dav("valid-resourcetype"));
        }
        CalendarChanges changes = new CalendarChanges().set(Field.NAME, dav.path.collection());
        for (Map.Entry<QName, Element> property : set.entrySet()) {
            if (apply(changes, property.getKey(), property.getValue()).isEmpty() && !COSMETIC.contains(property.getKey())) {
                throw DavError.status(403);
            }
        }
        if (!changes.problems(true).isEmpty()) {
            throw DavError.status(403);
        }
        dav.store.createCollection(dav.account.getId(), dav.path.collection(), changes);
        dav.response.setStatus(201);
    }

    static void proppatch(DavContext dav) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.COLLECTION) {
            throw DavError.status(dav.ownPath() ? 403 : 404);
        }
        HostedCalendar calendar = dav.calendar();
        Document body = dav.xml();
        if (body == null || !Dav.dav("propertyupdate").equals(DavXml.name(body.getDocumentElement()))) {
            throw DavError.status(400);
        }
        CalendarChanges changes = new CalendarChanges();
        Map<String, QName> setBy = new LinkedHashMap<>();   // the property that set each field, by the field's key
        List<QName> done = new ArrayList<>();
        List<QName> refused = new ArrayList<>();
        for (Element change : DavXml.children(body.getDocumentElement())) {
            boolean remove = Dav.dav("remove").equals(DavXml.name(change));
            for (Element prop : DavXml.child(change, Dav.dav("prop")).map(DavXml::children).orElse(List.of())) {
                QName name = DavXml.name(prop);
                Optional<Field> field = remove ? removal(changes, name) : apply(changes, name, prop);
                field.ifPresent(f -> setBy.put(f.key(), name));
                (field.isPresent() || COSMETIC.contains(name) ? done : refused).add(name);
            }
        }
        // a value the calendar's rules refuse is refused as that property
        for (Refused.Detail problem : changes.problems(false)) {
            QName name = setBy.get(problem.field());
            if (name != null && done.remove(name)) {
                refused.add(name);
            }
        }
        Map<Integer, List<QName>> failed = new LinkedHashMap<>();
        if (refused.isEmpty()) {
            dav.store.update(dav.account.getId(), calendar.getId(), changes);
        } else {
            // all or nothing (RFC 4918 §9.2): the others fail by dependency
            failed.put(403, refused);
            if (!done.isEmpty()) {
                failed.put(424, List.copyOf(done));
            }
            done.clear();
        }
        Map<QName, Multistatus.Value> ok = new LinkedHashMap<>();
        done.forEach(name -> ok.put(name, Multistatus.Value.EMPTY));
        try (Multistatus out = Multistatus.start(dav.response)) {
            out.response(dav.collectionHref(calendar), ok, failed);
        }
    }

    /** Sets the field a DAV property sets, and names it; empty for a property the calendar has no field for. */
    private static Optional<Field> apply(CalendarChanges changes, QName name, Element value) {
        String text = value.getTextContent() == null ? "" : value.getTextContent().strip();
        if (name.equals(Dav.DISPLAYNAME)) {
            changes.set(Field.NAME, text);
            return Optional.of(Field.NAME);
        } else if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            changes.set(Field.DESCRIPTION, text);
            return Optional.of(Field.DESCRIPTION);
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            // Apple Calendar sends #RRGGBBAA; the alpha is dropped
            changes.set(Field.COLOR, text.length() == 9 && text.startsWith("#") ? text.substring(0, 7) : text);
            return Optional.of(Field.COLOR);
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            Optional<String> zone = tzid(text);
            zone.ifPresent(z -> changes.set(Field.TIMEZONE, z));
            return zone.map(z -> Field.TIMEZONE);
        }
        return Optional.empty();
    }

    /** Clears the field a DAV property sets (the zone goes back to UTC); empty for one the calendar has no field for. */
    private static Optional<Field> removal(CalendarChanges changes, QName name) {
        if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            changes.set(Field.DESCRIPTION, null);
            return Optional.of(Field.DESCRIPTION);
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            changes.set(Field.COLOR, null);
            return Optional.of(Field.COLOR);
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            changes.set(Field.TIMEZONE, "UTC");
            return Optional.of(Field.TIMEZONE);
        }
        return Optional.empty();
    }

    /**
     * The TZID of the VTIMEZONE in a calendar-timezone value (RFC 4791 §5.2.2), read from its
     * TZID line: only the name is kept (the rules come from the zone database), so a definition
     * that is incomplete but names a known zone is still understood.
     */
    private static Optional<String> tzid(String vcalendar) {
        return vcalendar.replace("\r\n ", "").replace("\n ", "").lines()
                .map(String::strip)
                .filter(line -> line.startsWith("TZID:"))
                .map(line -> line.substring(5).strip())
                .findFirst()
                .filter(CalendarChanges::isIanaZone);
    }
}
