package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarChanges;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.rest.ApiError;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
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
                .allMatch(c -> List.of("VEVENT", "VTODO").contains(c.getAttribute("name")))) {
            // every calendar here holds events and to-dos; a narrower set is honoured as a subset of that
            throw DavError.precondition(403, Dav.caldav("supported-calendar-component"));
        }
        Element type = set.remove(Dav.RESOURCETYPE);
        if (extendedMkcol && (type == null || DavXml.child(type, Dav.caldav("calendar")).isEmpty())) {
            // only calendars live here (RFC 5689 §3.3 valid-resourcetype)
            throw DavError.precondition(403, Dav.dav("valid-resourcetype"));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("name", dav.path.collection());
        for (Map.Entry<QName, Element> property : set.entrySet()) {
            if (!apply(json, property.getKey(), property.getValue()) && !COSMETIC.contains(property.getKey())) {
                throw DavError.status(403);
            }
        }
        try {
            dav.store.createCollection(dav.account.getId(), dav.path.collection(), CalendarChanges.forCreate(json.build()));
        } catch (ApiError e) {
            throw DavError.status(e.status() == 409 ? 405 : 403);
        }
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
        JsonObjectBuilder json = Json.createObjectBuilder();
        List<QName> done = new ArrayList<>();
        List<QName> refused = new ArrayList<>();
        for (Element change : DavXml.children(body.getDocumentElement())) {
            boolean remove = Dav.dav("remove").equals(DavXml.name(change));
            for (Element prop : DavXml.child(change, Dav.dav("prop")).map(DavXml::children).orElse(List.of())) {
                QName name = DavXml.name(prop);
                boolean ok = remove ? removal(json, name) : apply(json, name, prop);
                (ok || COSMETIC.contains(name) ? done : refused).add(name);
            }
        }
        Map<Integer, List<QName>> failed = new LinkedHashMap<>();
        if (refused.isEmpty()) {
            try {
                dav.store.update(dav.account.getId(), calendar.getId(), CalendarChanges.forUpdate(json.build()));
            } catch (ApiError e) {
                refused.addAll(done);
                done.clear();
            }
        }
        if (!refused.isEmpty()) {
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

    /** Adds the field a DAV property sets; false for a property the calendar has no field for. */
    private static boolean apply(JsonObjectBuilder json, QName name, Element value) {
        String text = value.getTextContent() == null ? "" : value.getTextContent().strip();
        if (name.equals(Dav.DISPLAYNAME)) {
            json.add("name", text);
        } else if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            json.add("description", text);
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            // Apple Calendar sends #RRGGBBAA; the alpha is dropped
            json.add("color", text.length() == 9 && text.startsWith("#") ? text.substring(0, 7) : text);
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            Optional<String> zone = tzid(text);
            if (zone.isEmpty()) {
                return false;
            }
            json.add("timezone", zone.get());
        } else {
            return false;
        }
        return true;
    }

    private static boolean removal(JsonObjectBuilder json, QName name) {
        if (name.equals(Dav.CALENDAR_DESCRIPTION)) {
            json.addNull("description");
        } else if (name.equals(Dav.CALENDAR_COLOR)) {
            json.addNull("color");
        } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
            json.add("timezone", "UTC");
        } else {
            return false;
        }
        return true;
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
