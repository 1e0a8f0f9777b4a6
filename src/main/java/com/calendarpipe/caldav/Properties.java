package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarProperty;
import com.calendarpipe.calendar.ObjectSummary;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.scheduling.CalendarUsers;
import com.calendarpipe.scheduling.InboxItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;

/**
 * The live properties of each kind of resource, in one place. Values are written lazily, so
 * a PROPFIND pays only for what it asks. {@code calendar-data} is not here: REPORTs and
 * PROPFIND add it when named, since it is the object itself.
 */
final class Properties {

    private static final List<QName> PRIVILEGES = Stream.of("read", "write", "write-properties", "write-content",
            "bind", "unbind", "read-current-user-privilege-set").map(Dav::dav).toList();
    /** The inbox's (RFC 6638 §6.1): read and delete what was delivered, and be delivered to; no writes. */
    private static final List<QName> INBOX_PRIVILEGES = List.of(Dav.dav("read"), Dav.dav("unbind"),
            Dav.dav("read-current-user-privilege-set"), Dav.caldav("schedule-deliver"));
    /** The outbox's (RFC 6638 §6.2): send scheduling messages (free-busy requests, by POST). */
    private static final List<QName> OUTBOX_PRIVILEGES = List.of(Dav.dav("read"),
            Dav.dav("read-current-user-privilege-set"), Dav.caldav("schedule-send"));
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * The live properties a client cannot set (RFC 4918 §15, RFC 3744 §5, RFC 4791 §5.2, §6.2,
     * RFC 6638 §2.4, §9, RFC 6578 §4, RFC 4331): what this server computes, and what others
     * compute that a client might try to set here. A PROPPATCH of one is refused with
     * cannot-modify-protected-property; any other property that is no calendar field is kept.
     */
    static final Set<QName> PROTECTED = Set.of(
            Dav.RESOURCETYPE, Dav.GETETAG, Dav.GETCONTENTTYPE, Dav.GETCONTENTLENGTH, Dav.GETLASTMODIFIED,
            Dav.dav("creationdate"), Dav.dav("lockdiscovery"), Dav.dav("supportedlock"), Dav.OWNER, Dav.dav("group"),
            Dav.CURRENT_USER_PRINCIPAL, Dav.PRINCIPAL_URL, Dav.CURRENT_USER_PRIVILEGE_SET, Dav.SUPPORTED_REPORT_SET,
            Dav.dav("supported-privilege-set"), Dav.dav("acl"), Dav.dav("acl-restrictions"), Dav.dav("inherited-acl-set"),
            Dav.dav("principal-collection-set"), Dav.dav("quota-available-bytes"), Dav.dav("quota-used-bytes"),
            Dav.SYNC_TOKEN, Dav.GETCTAG, Dav.CALENDAR_HOME_SET, Dav.CALENDAR_USER_ADDRESS_SET, Dav.CALENDAR_USER_TYPE,
            Dav.SCHEDULE_INBOX_URL, Dav.SCHEDULE_OUTBOX_URL, Dav.SCHEDULE_DEFAULT_CALENDAR_URL, Dav.SCHEDULE_TAG,
            Dav.SUPPORTED_CALENDAR_COMPONENT_SET, Dav.SUPPORTED_CALENDAR_DATA, Dav.MAX_RESOURCE_SIZE,
            Dav.caldav("min-date-time"), Dav.caldav("max-date-time"), Dav.caldav("max-instances"),
            Dav.caldav("max-attendees-per-instance"), Dav.caldav("supported-collation-set"), Dav.CALENDAR_DATA);

    private Properties() {
    }

    static Map<QName, Multistatus.Value> root(DavContext dav) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> xml.writeEmptyElement(Dav.DAV, "collection"));
        return p;
    }

    static Map<QName, Multistatus.Value> principal(DavContext dav) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> {
            xml.writeEmptyElement(Dav.DAV, "collection");
            xml.writeEmptyElement(Dav.DAV, "principal");
        });
        p.put(Dav.DISPLAYNAME, Multistatus.Value.text(dav.account.getDisplayName()));
        p.put(Dav.PRINCIPAL_URL, Multistatus.Value.href(DavPath.principal(dav.account.getId())));
        p.put(Dav.CALENDAR_HOME_SET, Multistatus.Value.href(DavPath.home(dav.account.getId())));
        p.put(Dav.CALENDAR_USER_ADDRESS_SET, xml -> {
            for (String address : CalendarUsers.addresses(dav.account, dav.calendars.list(dav.account.getId()), dav.mailDomain)) {
                Multistatus.element(xml, Dav.DAV, "href", address);
            }
        });
        // RFC 6638 §2.4.2: every account here is a person
        p.put(Dav.CALENDAR_USER_TYPE, Multistatus.Value.text("INDIVIDUAL"));
        p.put(Dav.SCHEDULE_INBOX_URL, Multistatus.Value.href(DavPath.inbox(dav.account.getId())));
        p.put(Dav.SCHEDULE_OUTBOX_URL, Multistatus.Value.href(DavPath.outbox(dav.account.getId())));
        return p;
    }

    static Map<QName, Multistatus.Value> home(DavContext dav) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> xml.writeEmptyElement(Dav.DAV, "collection"));
        p.put(Dav.DISPLAYNAME, Multistatus.Value.text("Calendars"));
        p.put(Dav.OWNER, Multistatus.Value.href(DavPath.principal(dav.account.getId())));
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, xml -> privileges(xml, PRIVILEGES));
        defaultCalendar(dav, p);
        return p;
    }

    /** The scheduling inbox (RFC 6638 §2.2), synchronised like a calendar (RFC 6578). */
    static Map<QName, Multistatus.Value> inbox(DavContext dav) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> {
            xml.writeEmptyElement(Dav.DAV, "collection");
            xml.writeEmptyElement(Dav.CALDAV, "schedule-inbox");
        });
        p.put(Dav.DISPLAYNAME, Multistatus.Value.text("Inbox"));
        p.put(Dav.OWNER, Multistatus.Value.href(DavPath.principal(dav.account.getId())));
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, xml -> privileges(xml, INBOX_PRIVILEGES));
        // read only when asked: most PROPFINDs of the inbox ask for neither
        p.put(Dav.GETCTAG, xml -> xml.writeCharacters(Long.toString(dav.inbox.revision(dav.account.getId()))));
        p.put(Dav.SYNC_TOKEN, xml -> xml.writeCharacters(SyncToken.ofInbox(dav.account.getId(),
                dav.inbox.revision(dav.account.getId()))));
        p.put(Dav.SUPPORTED_REPORT_SET, xml -> {
            for (QName report : ReportHandler.INBOX_REPORTS.keySet()) {
                report(xml, report);
            }
        });
        defaultCalendar(dav, p);
        return p;
    }

    /** The scheduling outbox (RFC 6638 §2.1): it holds nothing, it is where requests are POSTed. */
    static Map<QName, Multistatus.Value> outbox(DavContext dav) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> {
            xml.writeEmptyElement(Dav.DAV, "collection");
            xml.writeEmptyElement(Dav.CALDAV, "schedule-outbox");
        });
        p.put(Dav.DISPLAYNAME, Multistatus.Value.text("Outbox"));
        p.put(Dav.OWNER, Multistatus.Value.href(DavPath.principal(dav.account.getId())));
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, xml -> privileges(xml, OUTBOX_PRIVILEGES));
        return p;
    }

    static Map<QName, Multistatus.Value> inboxItem(DavContext dav, InboxItem item) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, Multistatus.Value.EMPTY);
        p.put(Dav.GETETAG, Multistatus.Value.text(item.getEtag()));
        p.put(Dav.GETCONTENTTYPE, Multistatus.Value.text(ICal.MEDIA_TYPE + "; charset=utf-8"));
        p.put(Dav.GETLASTMODIFIED, Multistatus.Value.text(HTTP_DATE.format(item.getCreatedAt())));
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, xml -> privileges(xml, INBOX_PRIVILEGES));
        return p;
    }

    /** Where invitations are delivered (RFC 6638 §9.2): the account's oldest calendar, when it has one. */
    private static void defaultCalendar(DavContext dav, Map<QName, Multistatus.Value> p) {
        dav.calendars.defaultCalendar(dav.account.getId()).ifPresent(calendar ->
                p.put(Dav.SCHEDULE_DEFAULT_CALENDAR_URL, Multistatus.Value.href(dav.collectionHref(calendar))));
    }

    /**
     * A calendar's properties: its fields and what the server computes, and what clients set
     * on it ({@code kept}, see {@link PropertyUpdate}): dead properties as set, and the color and
     * zone in the form they were sent while the calendar's fields still say the same.
     */
    static Map<QName, Multistatus.Value> collection(DavContext dav, HostedCalendar calendar, List<CalendarProperty> kept) {
        Map<QName, Multistatus.Value> p = common(dav);
        p.put(Dav.RESOURCETYPE, xml -> {
            xml.writeEmptyElement(Dav.DAV, "collection");
            xml.writeEmptyElement(Dav.CALDAV, "calendar");
        });
        p.put(Dav.DISPLAYNAME, Multistatus.Value.text(calendar.getName()));
        if (calendar.getDescription() != null) {
            p.put(Dav.CALENDAR_DESCRIPTION, Multistatus.Value.text(calendar.getDescription()));
        }
        if (calendar.getColor() != null) {
            p.put(Dav.CALENDAR_COLOR, Multistatus.Value.text(calendar.getColor()));
        }
        p.put(Dav.CALENDAR_TIMEZONE, Multistatus.Value.text(timezone(calendar.getTimezone())));
        for (CalendarProperty property : kept) {
            QName name = DeadProperties.name(property.getName());
            if (name.equals(Dav.CALENDAR_COLOR)) {
                String sent = DeadProperties.text(property.getValue()).strip();
                if (calendar.getColor() != null && sent.regionMatches(true, 0, calendar.getColor(), 0, 7)) {
                    p.put(name, DeadProperties.value(property.getValue()));
                }
            } else if (name.equals(Dav.CALENDAR_TIMEZONE)) {
                if (ZoneValue.tzid(DeadProperties.text(property.getValue()).strip()).filter(calendar.getTimezone()::equals).isPresent()) {
                    p.put(name, DeadProperties.value(property.getValue()));
                }
            } else if (!p.containsKey(name)) {
                p.put(name, DeadProperties.value(property.getValue()));
            }
        }
        p.put(Dav.OWNER, Multistatus.Value.href(DavPath.principal(dav.account.getId())));
        p.put(Dav.GETCTAG, Multistatus.Value.text(Long.toString(calendar.getCtag())));
        p.put(Dav.SYNC_TOKEN, Multistatus.Value.text(SyncToken.of(calendar)));
        p.put(Dav.GETLASTMODIFIED, Multistatus.Value.text(HTTP_DATE.format(calendar.getUpdatedAt())));
        p.put(Dav.SUPPORTED_CALENDAR_COMPONENT_SET, xml -> {
            for (String component : calendar.getComponents()) {
                xml.writeEmptyElement(Dav.CALDAV, "comp");
                xml.writeAttribute("name", component);
            }
        });
        p.put(Dav.SUPPORTED_CALENDAR_DATA, xml -> {
            xml.writeEmptyElement(Dav.CALDAV, "calendar-data");
            xml.writeAttribute("content-type", ICal.MEDIA_TYPE);
            xml.writeAttribute("version", "2.0");
        });
        // DAVx5 asks for max-resource-size on every collection
        p.put(Dav.MAX_RESOURCE_SIZE, Multistatus.Value.text(Integer.toString(ICal.MAX_OBJECT_BYTES)));
        p.put(Dav.SUPPORTED_REPORT_SET, xml -> {
            for (QName report : ReportHandler.REPORTS.keySet()) {
                report(xml, report);
            }
        });
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, xml -> privileges(xml, PRIVILEGES));
        // the calendar's own address: the one its events name as organizer
        p.put(Dav.CALENDAR_USER_ADDRESS_SET, Multistatus.Value.href("mailto:" + calendar.calendarEmail(dav.mailDomain)));
        return p;
    }

    /** An object's property, written from its summary. */
    @FunctionalInterface
    interface ObjectValue {
        void write(DavContext dav, ObjectSummary object, XMLStreamWriter xml) throws XMLStreamException;
    }

    /**
     * The properties of every calendar object, in the order allprop shows them: one table, so that a
     * listing of a thousand objects selects once what it shows and writes each value straight
     * from the member's summary (ObjectResponses), and a single object answers the same.
     */
    static final Map<QName, ObjectValue> OBJECT = objectProperties();

    private static Map<QName, ObjectValue> objectProperties() {
        Map<QName, ObjectValue> p = new LinkedHashMap<>();
        p.put(Dav.CURRENT_USER_PRINCIPAL, (dav, object, xml) -> principalHref(dav, xml));
        p.put(Dav.RESOURCETYPE, (dav, object, xml) -> { });
        p.put(Dav.GETETAG, (dav, object, xml) -> xml.writeCharacters(object.etag()));
        p.put(Dav.GETCONTENTTYPE, (dav, object, xml) -> xml.writeCharacters(contentType(object.component())));
        p.put(Dav.GETCONTENTLENGTH, (dav, object, xml) -> xml.writeCharacters(Integer.toString(object.sizeBytes())));
        p.put(Dav.GETLASTMODIFIED, (dav, object, xml) -> xml.writeCharacters(HTTP_DATE.format(object.updatedAt())));
        p.put(Dav.OWNER, (dav, object, xml) -> principalHref(dav, xml));
        p.put(Dav.CURRENT_USER_PRIVILEGE_SET, (dav, object, xml) -> privileges(xml, PRIVILEGES));
        return Collections.unmodifiableMap(p);
    }

    /** The object properties written from its name and ETag alone (ObjectSummary's short form). */
    static final Set<QName> FROM_ETAG = Set.of(Dav.CURRENT_USER_PRINCIPAL, Dav.RESOURCETYPE, Dav.GETETAG, Dav.OWNER,
            Dav.CURRENT_USER_PRIVILEGE_SET);

    /** One object's properties as values, for an answer that adds more (calendar-data). */
    static Map<QName, Multistatus.Value> object(DavContext dav, ObjectSummary object) {
        Map<QName, Multistatus.Value> p = new LinkedHashMap<>();
        OBJECT.forEach((name, value) -> p.put(name, xml -> value.write(dav, object, xml)));
        return p;
    }

    static String contentType(String component) {
        return ICal.MEDIA_TYPE + "; charset=utf-8; component=" + component.toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<QName, Multistatus.Value> common(DavContext dav) {
        Map<QName, Multistatus.Value> p = new LinkedHashMap<>();
        p.put(Dav.CURRENT_USER_PRINCIPAL, xml -> principalHref(dav, xml));
        return p;
    }

    /** The caller's principal as an href (every object of a listing has it as two properties). */
    private static void principalHref(DavContext dav, XMLStreamWriter xml) throws XMLStreamException {
        Multistatus.element(xml, Dav.DAV, "href", DavPath.principal(dav.account.getId()));
    }

    private static void privileges(XMLStreamWriter xml, List<QName> privileges) throws XMLStreamException {
        for (QName privilege : privileges) {
            xml.writeStartElement(Dav.DAV, "privilege");
            xml.writeEmptyElement(privilege.getNamespaceURI(), privilege.getLocalPart());
            xml.writeEndElement();
        }
    }

    private static void report(XMLStreamWriter xml, QName report)
            throws XMLStreamException {
        xml.writeStartElement(Dav.DAV, "supported-report");
        xml.writeStartElement(Dav.DAV, "report");
        xml.writeEmptyElement(report.getNamespaceURI(), report.getLocalPart());
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** A VCALENDAR holding the zone's VTIMEZONE (RFC 4791 §5.2.2). */
    static String timezone(String zone) {
        Calendar ics = ICal.newCalendar();
        TimeZone timeZone = TimeZoneRegistryFactory.getInstance().createRegistry().getTimeZone(zone);
        if (timeZone != null) {
            ics.add(timeZone.getVTimeZone());
        }
        return ics.toString();
    }

    static String lastModified(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
