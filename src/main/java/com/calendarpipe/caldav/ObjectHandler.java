package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.EntityTags;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.InvalidCalendarObject.Precondition;
import com.calendarpipe.limits.Utf8;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * GET, HEAD, PUT and DELETE of calendar objects, and DELETE of a calendar collection. The text
 * of a PUT is stored and returned byte for byte, so its ETag is strong and is sent back.
 */
final class ObjectHandler {

    private ObjectHandler() {
    }

    static void get(DavContext dav, boolean withBody) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.OBJECT) {
            throw DavError.status(405);
        }
        CalendarObject object = dav.object(dav.calendar());
        dav.response.setHeader("ETag", object.getEtag());
        dav.response.setHeader("Last-Modified", Properties.lastModified(object.getUpdatedAt()));
        String ifNoneMatch = dav.request.getHeader("If-None-Match");
        if (ifNoneMatch != null && EntityTags.anyMatches(ifNoneMatch, object.getEtag(), true)) {
            dav.response.setStatus(304);
            return;
        }
        byte[] body = object.getIcalendar().getBytes(StandardCharsets.UTF_8);
        dav.response.setContentType(Properties.contentType(object.getComponent()));
        dav.response.setContentLength(body.length);
        if (withBody) {
            dav.response.getOutputStream().write(body);
        }
    }

    static void put(DavContext dav) throws DavError, IOException {
        if (dav.path.kind() != DavPath.Kind.OBJECT) {
            throw DavError.status(405);
        }
        HostedCalendar calendar = dav.calendar();
        String type = dav.request.getContentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(ICal.MEDIA_TYPE)) {
            throw DavError.precondition(403, Dav.SUPPORTED_CALENDAR_DATA);
        }
        byte[] bytes = dav.request.getInputStream().readNBytes(ICal.MAX_OBJECT_BYTES + 1);
        if (bytes.length > ICal.MAX_OBJECT_BYTES) {
            throw DavError.precondition(403, Dav.MAX_RESOURCE_SIZE);
        }
        String ifNoneMatch = dav.request.getHeader("If-None-Match");
        CalendarService.Put put = dav.store.put(dav.account.getId(), calendar.getId(), dav.path.object(),
                calendarText(bytes), dav.request.getHeader("If-Match"),
                ifNoneMatch != null && ifNoneMatch.strip().equals("*"));
        dav.response.setStatus(put.created() ? 201 : 204);
        dav.response.setHeader("ETag", put.object().getEtag());
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
                if (!dav.store.deleteByName(dav.account.getId(), calendar.getId(), dav.path.object(),
                        dav.request.getHeader("If-Match"))) {
                    throw DavError.status(404);
                }
            }
            case COLLECTION -> dav.store.delete(dav.account.getId(), dav.calendar().getId());
            default -> throw DavError.status(dav.ownPath() ? 403 : 404);
        }
        dav.response.setStatus(204);
    }
}
