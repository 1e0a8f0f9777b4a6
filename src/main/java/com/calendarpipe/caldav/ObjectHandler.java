package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.EntityTags;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.InvalidCalendarObject.Precondition;
import com.calendarpipe.Utf8;
import com.calendarpipe.scheduling.InboxItem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET, HEAD, PUT and DELETE of calendar objects and of the messages of the scheduling inbox,
 * and DELETE of a calendar collection. The text of a PUT is stored and returned byte for byte,
 * so its ETag is strong and is sent back, unless scheduling set a SCHEDULE-STATUS in it: then
 * no ETag, so that the client reads it again (RFC 6638 §3.2.9, RFC 4791 §5.3.4).
 */
final class ObjectHandler {

    private ObjectHandler() {
    }

    static void get(DavContext dav, boolean withBody) throws DavError, IOException {
        if (dav.path.kind() == DavPath.Kind.INBOX_ITEM) {
            InboxItem item = inboxItem(dav);
            dav.response.setHeader("ETag", item.getEtag());
            write(dav, item.getIcalendar().getBytes(StandardCharsets.UTF_8), ICal.MEDIA_TYPE + "; charset=utf-8", withBody);
            return;
        }
        if (dav.path.kind() != DavPath.Kind.OBJECT) {
            throw DavError.status(405);
        }
        CalendarObject object = dav.object(dav.calendar());
        dav.response.setHeader("ETag", object.getEtag());
        if (object.getScheduleTag() != null) {
            dav.response.setHeader("Schedule-Tag", object.getScheduleTag());
        }
        dav.response.setHeader("Last-Modified", Properties.lastModified(object.getUpdatedAt()));
        String ifNoneMatch = dav.request.getHeader("If-None-Match");
        if (ifNoneMatch != null && EntityTags.anyMatches(ifNoneMatch, object.getEtag(), true)) {
            dav.response.setStatus(304);
            return;
        }
        write(dav, object.getIcalendar().getBytes(StandardCharsets.UTF_8), Properties.contentType(object.getComponent()), withBody);
    }

    private static void write(DavContext dav, byte[] body, String type, boolean withBody) throws IOException {
        dav.response.setContentType(type);
        dav.response.setContentLength(body.length);
        if (withBody) {
            dav.response.getOutputStream().write(body);
        }
    }

    /** The caller's inbox message the path names, or 404. */
    private static InboxItem inboxItem(DavContext dav) throws DavError {
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        return dav.inbox.item(dav.account.getId(), dav.path.object()).orElseThrow(() -> DavError.status(404));
    }

    static void put(DavContext dav) throws DavError, IOException {
        if (List.of(DavPath.Kind.INBOX, DavPath.Kind.INBOX_ITEM, DavPath.Kind.OUTBOX).contains(dav.path.kind())) {
            if (!dav.ownPath()) {
                throw DavError.status(404);
            }
            // only the server delivers into an inbox (its owner has no bind there, RFC 6638 §6.1), and the
            // inbox and the outbox have no content of their own to write (§2.1, §2.2)
            String account = dav.account.getId();
            throw switch (dav.path.kind()) {
                case INBOX_ITEM -> DavError.needPrivilege(DavPath.inbox(account), "bind");
                case INBOX -> DavError.needPrivilege(DavPath.inbox(account), "write-content");
                default -> DavError.needPrivilege(DavPath.outbox(account), "write-content");
            };
        }
        if (dav.path.kind() != DavPath.Kind.OBJECT) {
            throw DavError.status(405);
        }
        HostedCalendar calendar = dav.calendar();
        if (!CalendarService.nameFits(dav.path.object())) {
            // longer than a resource name here may be: the URI names nothing the server will make (RFC 9110 §15.5.15)
            throw DavError.status(414);
        }
        String type = dav.request.getContentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(ICal.MEDIA_TYPE)) {
            throw DavError.precondition(403, Dav.SUPPORTED_CALENDAR_DATA);
        }
        byte[] bytes = dav.request.getInputStream().readNBytes(ICal.MAX_OBJECT_BYTES + 1);
        if (bytes.length > ICal.MAX_OBJECT_BYTES) {
            throw DavError.precondition(403, Dav.MAX_RESOURCE_SIZE);
        }
        String ifNoneMatch = dav.request.getHeader("If-None-Match");
        CalendarService.Put put = dav.calendars.put(dav.account.getId(), calendar.getId(), dav.path.object(),
                calendarText(bytes), dav.request.getHeader("If-Match"),
                ifNoneMatch != null && ifNoneMatch.strip().equals("*"), dav.request.getHeader("If-Schedule-Tag-Match"));
        dav.response.setStatus(put.created() ? 201 : 204);
        if (put.asSent()) {
            dav.response.setHeader("ETag", put.object().getEtag());
        }
        if (put.object().getScheduleTag() != null) {
            dav.response.setHeader("Schedule-Tag", put.object().getScheduleTag());
        }
    }

    /**
     * The body as text; 403 valid-calendar-data (RFC 4791 §5.3.2.1) when it is not UTF-8, the
     * charset of iCalendar (RFC 5545 §6): decoding leniently would store replacement characters.
     * (Control characters are the store's to refuse, for every channel.)
     */
    static String calendarText(byte[] bytes) {
        try {
            return Utf8.decode(bytes);
        } catch (CharacterCodingException notUtf8) {
            throw new InvalidCalendarObject(Precondition.VALID_CALENDAR_DATA, "The body is not UTF-8 text");
        }
    }

    static void delete(DavContext dav) throws DavError {
        switch (dav.path.kind()) {
            case OBJECT -> {
                HostedCalendar calendar = dav.calendar();
                if (!dav.calendars.deleteByName(dav.account.getId(), calendar.getId(), dav.path.object(),
                        dav.request.getHeader("If-Match"), dav.request.getHeader("If-Schedule-Tag-Match"))) {
                    throw DavError.status(404);
                }
            }
            case INBOX_ITEM -> {
                if (!dav.ownPath() || !dav.inbox.delete(dav.account.getId(), dav.path.object())) {
                    throw DavError.status(404);
                }
            }
            case COLLECTION -> dav.calendars.delete(dav.account.getId(), dav.calendar().getId());
            // what every account has cannot be unbound from where it is (RFC 3744 §3.10)
            case INBOX, OUTBOX -> throw dav.ownPath() ? DavError.needPrivilege(DavPath.home(dav.account.getId()), "unbind")
                    : DavError.status(404);
            case ROOT, PRINCIPAL, HOME -> throw dav.ownPath() ? DavError.needPrivilege(DavPath.ROOT, "unbind")
                    : DavError.status(404);
            default -> throw DavError.status(404);
        }
        dav.response.setStatus(204);
    }
}
