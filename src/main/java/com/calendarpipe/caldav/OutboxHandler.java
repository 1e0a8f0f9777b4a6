package com.calendarpipe.caldav;

import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.RecurrenceBudget;
import com.calendarpipe.scheduling.CalendarUsers;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;

/**
 * POST of a VFREEBUSY request to the caller's scheduling outbox (RFC 6638 §5): one answer per
 * recipient, with the busy time of calendar users here from the same computation as the
 * free-busy-query report, under one recurrence budget for the whole request. A recipient that
 * is no calendar user here, or another account that does not share its busy times (its setting
 * {@code shareFreeBusy}, off unless turned on), is answered 3.7 (invalid calendar user) when the
 * address is of this server's mail domain, else 5.3 (no scheduling support: other servers are
 * not asked): the same answer, so no one learns who has an account.
 */
final class OutboxHandler {

    /** Recipients one request may name: each costs a free-busy computation. */
    static final int MAX_RECIPIENTS = 20;
    /** The longest range a request may ask about: a year, as clients' scheduling assistants show at most. */
    static final Duration MAX_RANGE = Duration.ofDays(366);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private OutboxHandler() {
    }

    static void post(DavContext dav, CalendarUsers users) throws DavError, IOException {
        if (!dav.ownPath()) {
            throw DavError.status(404);
        }
        if (dav.path.kind() != DavPath.Kind.OUTBOX) {
            throw DavError.status(405);
        }
        String type = dav.request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(ICal.MEDIA_TYPE)) {
            throw DavError.precondition(403, Dav.SUPPORTED_CALENDAR_DATA);
        }
        byte[] bytes = dav.request.getInputStream().readNBytes(ICal.MAX_OBJECT_BYTES + 1);
        if (bytes.length > ICal.MAX_OBJECT_BYTES) {
            throw DavError.precondition(403, Dav.MAX_RESOURCE_SIZE);
        }
        Component request = freeBusyRequest(bytes);
        String organizer = value(request, Property.ORGANIZER).orElseThrow(OutboxHandler::invalid);
        List<String> mine = CalendarUsers.addresses(dav.account, dav.calendars.list(dav.account.getId()), dav.mailDomain);
        if (mine.stream().noneMatch(organizer::equalsIgnoreCase)) {
            // the caller may only ask as one of its own addresses (RFC 6638 §6.2.2)
            throw DavError.precondition(403, Dav.caldav("organizer-allowed"));
        }
        List<String> recipients = request.<Property>getProperties(Property.ATTENDEE).stream().map(Property::getValue).toList();
        if (recipients.isEmpty() || recipients.stream().anyMatch(OutboxHandler::hostile)) {
            throw invalid();
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw DavError.precondition(403, Dav.calendarpipe("max-recipients"));
        }
        TimeRange range = new TimeRange(utc(request, Property.DTSTART), utc(request, Property.DTEND));
        if (!range.start().isBefore(range.end())) {
            throw invalid();
        }
        if (Duration.between(range.start(), range.end()).compareTo(MAX_RANGE) > 0) {
            throw DavError.precondition(403, Dav.calendarpipe("max-free-busy-range"));
        }
        Optional<String> uid = value(request, Property.UID);
        RecurrenceBudget budget = new RecurrenceBudget();
        List<String[]> answers = new ArrayList<>();   // made before any is written: a refusal finds the response unwritten
        for (String recipient : recipients) {
            // another account's busy times only where it chose to share them; else the answer an
            // unknown address gets, so that the request cannot tell who has an account here
            Optional<CalendarUsers.Local> local = users.local(recipient)
                    .filter(l -> l.accountId().equals(dav.account.getId()) || users.sharesFreeBusy(l.accountId()));
            if (local.isEmpty()) {
                boolean ours = recipient.toLowerCase(Locale.ROOT).endsWith("@" + dav.mailDomain.toLowerCase(Locale.ROOT));
                answers.add(new String[] {recipient, ours ? "3.7;Invalid calendar user" : "5.3;No scheduling support for user", null});
                continue;
            }
            List<String> calendars = local.get().calendar().map(c -> List.of(c.getId()))
                    .orElseGet(() -> dav.calendars.list(local.get().accountId()).stream().map(HostedCalendar::getId).toList());
            answers.add(new String[] {recipient, "2.0;Success", reply(dav, organizer, recipient, uid, range,
                    FreeBusyReport.busy(dav, calendars, range, budget))});
        }
        try (Multistatus out = Multistatus.scheduleResponse(dav.response)) {
            for (String[] answer : answers) {
                out.recipient(answer[0], answer[1], answer[2]);
            }
        }
    }

    /** The VFREEBUSY of a METHOD:REQUEST calendar holding only it (RFC 5546 §3.3.2); else 403 valid-scheduling-message. */
    private static Component freeBusyRequest(byte[] bytes) throws DavError {
        Calendar calendar;
        try {
            calendar = ICal.parse(ObjectHandler.calendarText(bytes));
        } catch (InvalidCalendarObject e) {
            throw invalid();
        }
        String method = calendar.<Property>getProperty(Property.METHOD).map(Property::getValue).orElse("");
        List<CalendarComponent> components = calendar.getComponents();
        if (!method.equalsIgnoreCase("REQUEST") || components.size() != 1
                || !components.get(0).getName().equals(Component.VFREEBUSY)) {
            throw invalid();
        }
        return components.get(0);
    }

    private static String reply(DavContext dav, String organizer, String recipient, Optional<String> uid, TimeRange range,
                                String busy) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + ICal.PRODID + "\r\nMETHOD:REPLY\r\n"
                + "BEGIN:VFREEBUSY\r\n" + uid.map(u -> "UID:" + u + "\r\n").orElse("")
                + "DTSTAMP:" + TimeRange.format(Instant.now()) + "\r\n"
                + "DTSTART:" + TimeRange.format(range.start()) + "\r\nDTEND:" + TimeRange.format(range.end()) + "\r\n"
                + "ORGANIZER:" + organizer + "\r\nATTENDEE:" + recipient + "\r\n"
                + busy + "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
    }

    private static Optional<String> value(Component component, String name) throws DavError {
        Optional<String> value = component.<Property>getProperty(name).map(Property::getValue);
        if (value.isPresent() && hostile(value.get())) {
            throw invalid();
        }
        return value;
    }

    /** A value that would break the lines of the answer it is copied into. */
    private static boolean hostile(String value) {
        return value.isEmpty() || value.chars().anyMatch(Character::isISOControl);
    }

    /** DTSTART and DTEND of a VFREEBUSY are UTC date-times (RFC 5545 §3.6.4). */
    private static Instant utc(Component request, String name) throws DavError {
        String value = value(request, name).orElseThrow(OutboxHandler::invalid);
        try {
            return LocalDateTime.parse(value, UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    private static DavError invalid() {
        return DavError.precondition(403, Dav.caldav("valid-scheduling-message"));
    }
}
