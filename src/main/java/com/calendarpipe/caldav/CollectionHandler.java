package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarProperty;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * MKCALENDAR (RFC 4791 §5.3.1), extended MKCOL (RFC 5689) and PROPPATCH (RFC 4918 §9.2) of a
 * calendar; what their bodies set is judged by {@link PropertyUpdate}. A creation that cannot
 * set a property makes nothing and says which (MKCALENDAR 207, MKCOL 403); a PROPPATCH answers
 * each property's outcome and changes nothing unless all succeed.
 */
final class CollectionHandler {

    private CollectionHandler() {
    }

    static void mkcalendar(DavContext dav, boolean extendedMkcol) throws DavError, IOException {
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        switch (dav.path.kind()) {
            case COLLECTION -> {
                if (dav.calendars.collection(dav.account.getId(), dav.path.collection()).isPresent()) {
                    throw DavError.precondition(extendedMkcol ? 405 : 403, Dav.RESOURCE_MUST_BE_NULL);
                }
                if (!CalendarService.nameFits(dav.path.collection())) {
                    throw DavError.precondition(403, Dav.CALENDAR_COLLECTION_LOCATION_OK);
                }
            }
            // what exists already: the root, a principal, the home, the inbox and the outbox (RFC 4918 §9.3.1: MKCOL 405)
            case ROOT, PRINCIPAL, HOME, INBOX, OUTBOX -> throw DavError.precondition(extendedMkcol ? 405 : 403,
                    Dav.RESOURCE_MUST_BE_NULL);
            // inside a calendar or the inbox, or anywhere else: calendars live in the home, and never nest (RFC 4791 §4.2)
            default -> throw DavError.precondition(403, Dav.CALENDAR_COLLECTION_LOCATION_OK);
        }
        Document body = dav.xml();
        PropertyUpdate update;
        if (body == null && extendedMkcol) {
            throw DavError.precondition(403, Dav.VALID_RESOURCETYPE);   // a plain MKCOL: only calendars are made here
        } else if (body == null) {
            update = PropertyUpdate.of(null, true, Map.of());
        } else {
            Element root = body.getDocumentElement();
            if (!DavXml.name(root).equals(extendedMkcol ? Dav.dav("mkcol") : Dav.caldav("mkcalendar"))) {
                throw DavError.status(400);
            }
            if (extendedMkcol && DavXml.child(root, Dav.dav("set")).flatMap(s -> DavXml.child(s, Dav.dav("prop")))
                    .flatMap(p -> DavXml.child(p, Dav.RESOURCETYPE)).isEmpty()) {
                // only calendars are made here, and an extended MKCOL that names no resource type makes a plain collection
                throw DavError.precondition(403, Dav.VALID_RESOURCETYPE);
            }
            update = PropertyUpdate.of(root, true, Map.of());
        }
        if (update.refused()) {
            Multistatus.notMade(dav.response, extendedMkcol ? 403 : 207,
                    extendedMkcol ? Dav.dav("mkcol-response") : Dav.caldav("mkcalendar-response"), update.outcomes());
            return;
        }
        dav.calendars.createCollection(dav.account.getId(), dav.path.collection(), update.named(dav.path.collection()).changes());
        dav.response.setStatus(201);
    }

    static void proppatch(DavContext dav) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.COLLECTION) {
            String href = existing(dav);
            Element root = propertyUpdate(dav);
            // nothing but a calendar keeps what a client sets: each property is refused (RFC 4918 §9.2.1)
            List<javax.xml.namespace.QName> names = DavXml.children(root).stream()
                    .flatMap(i -> DavXml.child(i, Dav.dav("prop")).map(DavXml::children).orElse(List.of()).stream())
                    .map(DavXml::name).distinct().toList();
            try (Multistatus out = Multistatus.start(dav.response)) {
                out.updated(href, names.isEmpty() ? Map.of() : Map.of(Multistatus.Outcome.of(403), names));
            }
            return;
        }
        HostedCalendar calendar = dav.calendar();
        Element root = propertyUpdate(dav);
        Map<CalendarProperty.Name, String> kept = new LinkedHashMap<>();
        dav.calendars.properties(List.of(calendar)).forEach(p -> kept.put(p.getName(), p.getValue()));
        PropertyUpdate update = PropertyUpdate.of(root, false, kept);
        if (!update.refused()) {
            dav.calendars.update(dav.account.getId(), calendar.getId(), update.changes());
        }
        try (Multistatus out = Multistatus.start(dav.response)) {
            out.updated(dav.collectionHref(calendar), update.outcomes());
        }
    }

    /** The body of a PROPPATCH: its propertyupdate element; 400 for anything else. */
    private static Element propertyUpdate(DavContext dav) throws DavError, IOException {
        Document body = dav.xml();
        if (body == null || !Dav.dav("propertyupdate").equals(DavXml.name(body.getDocumentElement()))) {
            throw DavError.status(400);
        }
        return body.getDocumentElement();
    }

    /** The href of the caller's resource the path names, other than a calendar; 404 when there is none. */
    private static String existing(DavContext dav) throws DavError {
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        String account = dav.account.getId();
        return switch (dav.path.kind()) {
            case ROOT -> DavPath.ROOT;
            case PRINCIPAL -> DavPath.principal(account);
            case HOME -> DavPath.home(account);
            case INBOX -> DavPath.inbox(account);
            case OUTBOX -> DavPath.outbox(account);
            case INBOX_ITEM -> PropfindHandler.inboxHref(dav, dav.inbox.item(account, dav.path.object())
                    .orElseThrow(() -> DavError.status(404)));
            case OBJECT -> {
                HostedCalendar calendar = dav.calendar();
                yield dav.collectionHref(calendar) + DavPath.segment(dav.object(calendar).getName());
            }
            default -> throw DavError.status(404);
        };
    }
}
