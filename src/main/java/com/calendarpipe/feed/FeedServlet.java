package com.calendarpipe.feed;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.EntityTags;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.ICal;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VToDo;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;

/**
 * {@code GET /feed/{feedToken}} and {@code /feed/{feedToken}.ics}: the whole calendar as one
 * iCalendar document. The token is the only credential, so the feed shows what a stranger may
 * see: private and confidential events as busy time alone. An unknown or regenerated token, or a
 * calendar of an account no longer on Pro, is 404. The document is built only from stored
 * data (no "now" in it), so the ctag-based ETag is strong: same tag, same bytes.
 */
@WebServlet("/feed/*")
public class FeedServlet extends HttpServlet {

    private static final Pattern TOKEN = Pattern.compile("/([0-9a-f]{40})(\\.ics)?");

    /** The properties of a private component that say when it is busy (RFC 5545 §3.6.1, §3.6.2). */
    private static final Set<String> BUSY_TIME = Set.of(Property.UID, Property.DTSTAMP, Property.DTSTART, Property.DTEND,
            Property.DURATION, Property.DUE, Property.RRULE, Property.RDATE, Property.EXDATE, Property.RECURRENCE_ID,
            Property.SEQUENCE, Property.STATUS, Property.TRANSP, Property.CLASS);
    private static final String BUSY = "Busy";

    @Inject
    CalendarService store;

    @Inject
    AccountService accounts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var match = TOKEN.matcher(Optional.ofNullable(request.getPathInfo()).orElse(""));
        Optional<HostedCalendar> calendar = match.matches() ? store.byFeedToken(match.group(1)) : Optional.empty();
        if (calendar.isEmpty() || !accounts.find(calendar.get().getAccountId()).map(Account::isPro).orElse(false)) {
            response.setContentType("text/plain;charset=utf-8");
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.getWriter().write("No such feed\n");
            return;
        }
        HostedCalendar feed = calendar.get();
        String etag = "\"" + feed.getId().substring(0, 8) + "-" + feed.getCtag() + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "max-age=3600");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && EntityTags.anyMatches(ifNoneMatch, etag, true)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = document(feed).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/calendar;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Every event and to-do (journals are private notes, not schedule), and one VTIMEZONE per zone they use. */
    private String document(HostedCalendar feed) {
        Calendar ics = ICal.newCalendar();
        ics.add(ImmutableCalScale.GREGORIAN);
        ics.add(ImmutableMethod.PUBLISH);
        ics.add(new XProperty("X-WR-CALNAME", feed.getName()));
        ics.add(new XProperty("X-WR-TIMEZONE", feed.getTimezone()));
        if (feed.getDescription() != null) {
            ics.add(new XProperty("X-WR-CALDESC", feed.getDescription()));
        }
        Set<String> zones = new HashSet<>();
        for (CalendarObject object : store.objects(feed.getId())) {
            if (object.getComponent().equals(Component.VJOURNAL)) {
                continue;
            }
            List<CalendarComponent> components = object.parsed().getComponents();
            boolean busyOnly = components.stream().anyMatch(FeedServlet::notPublic);
            for (CalendarComponent component : components) {
                // each zone once, as the first object that defines it wrote it
                boolean zone = component.getName().equals(Component.VTIMEZONE);
                if (zone && zones.add(component.getProperty(Property.TZID).map(Property::getValue).orElse(""))) {
                    ics.add(component);
                } else if (!zone) {
                    (busyOnly ? busyTime(component) : Optional.of(component)).ifPresent(ics::add);
                }
            }
        }
        return ICal.withTimeZones(ics).toString();
    }

    /**
     * {@code CLASS:PRIVATE}, {@code CONFIDENTIAL}, or a class this server does not know, which
     * RFC 5545 §3.8.1.3 says to treat as PRIVATE. Absent is PUBLIC.
     */
    private static boolean notPublic(CalendarComponent component) {
        return component.getProperty(Property.CLASS).map(Property::getValue)
                .filter(c -> !c.equalsIgnoreCase("PUBLIC")).isPresent();
    }

    /**
     * What a stranger may see of a private event or to-do (the feed has no other credential than
     * its URL): when it is busy, with its recurrence, and nothing else. The whole object is shown
     * so when any of its components is private: an override without CLASS of a private series is
     * no less private. A new component, since the parsed object is shared by every reader.
     */
    private static Optional<CalendarComponent> busyTime(CalendarComponent component) {
        CalendarComponent busy = switch (component.getName()) {
            case Component.VEVENT -> new VEvent(false);
            case Component.VTODO -> new VToDo(false);
            default -> null;
        };
        if (busy == null) {
            return Optional.empty();
        }
        component.getProperties().stream().filter(p -> BUSY_TIME.contains(p.getName())).forEach(busy::add);
        busy.add(new Summary(BUSY));
        return Optional.of(busy);
    }
}
