package com.calendarpipe.scheduling;

import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.calendar.Scheduling;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Implicit scheduling (RFC 6638 §3.2) of every client write, CalDAV or REST, in the write's
 * transaction. The organizer's writes send REQUEST to added and changed attendees and CANCEL to
 * removed ones and on delete; an attendee's change of its own PARTSTAT sends a REPLY. Calendar
 * users with an account here (by account email, case-insensitive) get the message in their
 * inbox and the event in their default calendar; everyone else through {@link Delivery}. The
 * outcome of each is stored as SCHEDULE-STATUS on the recipient's property (§3.2.9): "1.2"
 * delivered here, else what {@link Delivery} answers and later {@link DeliveryOutcome} says.
 * <p>
 * A CANCEL keeps the attendee's copy, marked STATUS:CANCELLED (RFC 5546 §3.2.5): the attendee's
 * app shows it as cancelled and the attendee deletes it, rather than an event vanishing unseen.
 * Nothing here lets a client speak for another: the organizer must be one of the writer's own
 * addresses, a delivered copy only ever replaces a copy of the same organizer, and a REPLY
 * changes nothing in the organizer's copy but the replying attendee's PARTSTAT.
 */
@ApplicationScoped
public class ImplicitScheduling implements Scheduling {

    private static final String DELIVERED = "1.2";
    /** Attendees one event may invite: each costs a lookup and a delivery in the writer's transaction (RFC 4791 §5.2.9). */
    static final int MAX_ATTENDEES = 100;
    private static final Pattern TOKEN = Pattern.compile("[A-Z-]{1,32}");
    private static final Pattern STATUS = Pattern.compile("[1-5]\\.[0-9]{1,2}(\\.[0-9]{1,2})?");

    @Inject
    CalendarService calendars;

    @Inject
    Inbox inbox;

    @Inject
    Delivery delivery;

    @Inject
    Settings settings;

    @Inject
    CalendarUsers users;

    @Inject
    Event<Answered> answered;

    @Override
    public Scheduled written(String accountId, HostedCalendar calendar, String previous, String text) {
        Itip now = Itip.parse(text);
        Optional<String> organizer = now.organizer();
        if (organizer.isEmpty()) {
            return new Scheduled(text, false);
        }
        Set<String> mine = users.of(accountId);
        Itip before = previous == null ? null : Itip.parse(previous);
        if (mine.contains(organizer.get())) {
            // the attendees' copies follow the organizer's change of its own address (account email ↔ a calendar's)
            Set<String> copiesOf = new HashSet<>(Set.of(organizer.get()));
            Optional.ofNullable(before).flatMap(Itip::organizer).filter(mine::contains).ifPresent(copiesOf::add);
            return new Scheduled(asSentIfSame(text, organize(accountId, calendar, mine, before, now, copiesOf)), true);
        }
        Optional<String> me = now.attendees().keySet().stream().filter(mine::contains).findFirst();
        if (me.isEmpty()) {
            return new Scheduled(text, false);
        }
        return new Scheduled(asSentIfSame(text, attend(calendar, before, now, organizer.get(), me.get())), true);
    }

    /** The client's own bytes when scheduling changed nothing in them, so that its ETag stands (RFC 4791 §5.3.4). */
    private static String asSentIfSame(String sent, String scheduled) {
        return scheduled.equals(Itip.parse(sent).text()) ? sent : scheduled;
    }

    @Override
    public void deleted(String accountId, HostedCalendar calendar, String previous) {
        Itip before = Itip.parse(previous);
        Set<String> mine = users.of(accountId);
        if (before.organizer().filter(mine::contains).isEmpty()) {
            declineByDelete(calendar, before, mine);
            return;
        }
        Itip cancelled = before.copy();
        cancelled.status("CANCELLED");
        cancelled.sequence(before.sequence() + 1);
        before.attendees().forEach((who, line) -> {
            if (!mine.contains(who) && byServer(line)) {
                send(accountId, calendar, cancelled, Set.of(before.organizer().get()), who, "CANCEL");
            }
        });
    }

    /**
     * An attendee that deletes its copy no longer takes part: the organizer gets a REPLY with
     * PARTSTAT=DECLINED (RFC 6638 §3.2.2.3), unless the event was cancelled, the attendee had
     * declined already, or the organizer's SCHEDULE-AGENT leaves replies to the attendee's app.
     */
    private void declineByDelete(HostedCalendar calendar, Itip before, Set<String> mine) {
        Optional<String> organizer = before.organizer();
        Optional<String> me = before.attendees().keySet().stream().filter(mine::contains).findFirst();
        if (organizer.isEmpty() || me.isEmpty() || before.status().equals("CANCELLED")
                || before.partstat(me.get()).equals("DECLINED")
                || !before.properties("ORGANIZER").stream().allMatch(ImplicitScheduling::byServer)) {
            return;
        }
        Itip declined = before.copy();
        declined.attendee(me.get()).forEach(l -> l.params.put("PARTSTAT", "DECLINED"));
        answered.fire(new Answered(calendar.getAccountId(), calendar.getId(), before.uid(), me.get(), "DECLINED"));
        reply(calendar, declined, organizer.get(), me.get());
    }

    /** Each event organized as the old address gets the new one: a significant change, so a REQUEST to every attendee. */
    @Override
    public boolean readdressed(String accountId, HostedCalendar calendar, String previousMailId) {
        String old = Itip.address(HostedCalendar.calendarEmail(previousMailId, settings.mailDomain()));
        String now = Itip.address(calendar.calendarEmail(settings.mailDomain()));
        Set<String> mine = users.of(accountId);
        boolean told = false;
        for (CalendarObject object : calendars.objects(calendar.getId())) {
            Itip before = Itip.parse(object.getIcalendar());
            if (!before.organizer().equals(Optional.of(old))) {
                continue;
            }
            told |= !before.attendees().isEmpty();
            Itip moved = before.copy();
            moved.properties("ORGANIZER").forEach(l -> l.value = "mailto:" + now);
            String text = organize(accountId, calendar, mine, before, moved, Set.of(old, now));
            calendars.deliver(accountId, calendar.getId(), before.uid(), stored -> text, true);
        }
        return told;
    }

    /**
     * The organizer's write (§3.2.1): REQUEST to every attendee when the event changed
     * significantly (SEQUENCE then moves, RFC 5546 §2.1.4), else only to the added ones and
     * those marked SCHEDULE-FORCE-SEND=REQUEST (§7.3); CANCEL to the removed ones. Attendees
     * marked SCHEDULE-AGENT=CLIENT or NONE are the client's to invite (§7.1).
     */
    private String organize(String accountId, HostedCalendar calendar, Set<String> mine, Itip before, Itip now,
                            Set<String> copiesOf) {
        if (now.attendees().size() > MAX_ATTENDEES) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.MAX_ATTENDEES_PER_INSTANCE,
                    "An event may invite at most " + MAX_ATTENDEES + " attendees");
        }
        Map<String, Itip.Line> was = before == null || !before.organizer().equals(now.organizer()) ? Map.of() : before.attendees();
        Map<String, String> status = new HashMap<>();
        was.forEach((who, line) -> {
            if (line.params.containsKey("SCHEDULE-STATUS")) {
                status.put(who, line.params.get("SCHEDULE-STATUS"));
            }
        });
        now.removeParam("SCHEDULE-STATUS");   // the server's to set, never the client's (§3.2.9)
        boolean significant = before == null || !before.essence().equals(now.essence());
        if (before != null && significant && now.sequence() <= before.sequence()) {
            now.sequence(before.sequence() + 1);
        }
        Set<String> invited = new HashSet<>();
        now.attendees().forEach((who, line) -> {
            invited.add(who);
            if (mine.contains(who) || !byServer(line)) {
                status.remove(who);
                return;
            }
            if (significant || !was.containsKey(who) || "REQUEST".equals(line.param("SCHEDULE-FORCE-SEND"))) {
                status.put(who, send(accountId, calendar, now, copiesOf, who, "REQUEST"));
            }
        });
        was.forEach((who, line) -> {
            if (!invited.contains(who) && !mine.contains(who) && byServer(line)) {
                Itip cancelled = before.copy();
                cancelled.status("CANCELLED");
                cancelled.sequence(now.sequence());
                send(accountId, calendar, cancelled, copiesOf, who, "CANCEL");
            }
        });
        now.removeParam("SCHEDULE-FORCE-SEND");   // it asks for one sending, and is not kept (§7.3)
        status.forEach((who, value) -> now.attendee(who).forEach(l -> l.params.put("SCHEDULE-STATUS", value)));
        return now.text();
    }

    /**
     * An attendee's write of its copy (§3.2.2): when its own PARTSTAT changed, a REPLY to the
     * organizer, whose outcome is the SCHEDULE-STATUS of the ORGANIZER property.
     */
    private String attend(HostedCalendar calendar, Itip before, Itip now, String organizer, String me) {
        String status = before == null ? null : before.properties("ORGANIZER").stream()
                .map(l -> l.params.get("SCHEDULE-STATUS")).filter(Objects::nonNull).findFirst().orElse(null);
        now.removeParam("SCHEDULE-STATUS");
        boolean byServer = now.properties("ORGANIZER").stream().allMatch(ImplicitScheduling::byServer);
        if (before != null && !before.partstat(me).equals(now.partstat(me))) {
            answered.fire(new Answered(calendar.getAccountId(), calendar.getId(), now.uid(), me, now.partstat(me)));
            if (byServer) {
                status = reply(calendar, now, organizer, me);
            }
        }
        if (status != null) {
            String value = status;
            now.properties("ORGANIZER").forEach(l -> l.params.put("SCHEDULE-STATUS", value));
        }
        return now.text();
    }

    private String reply(HostedCalendar calendar, Itip now, String organizer, String me) {
        String message = now.reply(me);
        String partstat = now.partstat(me);
        Optional<CalendarUsers.Local> local = users.local(organizer);
        if (local.isEmpty()) {
            return delivery.send(new ExternalMessage(calendar.getId(), now.uid(), me, organizer, "REPLY", now.summary(), message));
        }
        String organizerAccount = local.get().accountId();
        if (TOKEN.matcher(partstat).matches()) {
            calendars.deliver(organizerAccount, local.get().calendar().map(HostedCalendar::getId).orElse(null), now.uid(),
                    text -> merged(text, organizer, me, partstat), false);
        }
        inbox.deliver(organizerAccount, now.uid(), "REPLY", message);
        return DELIVERED;
    }

    /** The organizer's copy with the replying attendee's PARTSTAT, and nothing else changed; null when it is not that copy. */
    static String merged(String text, String organizer, String attendee, String partstat) {
        Itip copy = text == null ? null : Itip.parse(text);
        if (copy == null || !copy.organizer().equals(Optional.of(organizer)) || copy.attendee(attendee).isEmpty()) {
            return null;
        }
        copy.attendee(attendee).forEach(l -> l.params.put("PARTSTAT", partstat));
        return copy.text();
    }

    /**
     * Sends one message; its SCHEDULE-STATUS, or null when the recipient is the organizer's own
     * account. A local recipient's copy is written only over a copy organized by one of {@code copiesOf}.
     */
    private String send(String accountId, HostedCalendar calendar, Itip event, Set<String> copiesOf, String to,
                        String method) {
        String message = event.message(method);
        // an account's email only once proved, where it can be (CalendarUsers.local); a calendar's
        // address goes by mail, to the listener of the server whose domain it names
        Optional<CalendarUsers.Local> local = users.local(to).filter(l -> l.calendar().isEmpty());
        if (local.isEmpty()) {
            return delivery.send(new ExternalMessage(calendar.getId(), event.uid(), calendar.calendarEmail(settings.mailDomain()),
                    to, method, event.summary(), message));
        }
        if (local.get().accountId().equals(accountId)) {
            return null;
        }
        String recipient = local.get().accountId();
        inbox.deliver(recipient, event.uid(), method, message);
        calendars.deliver(recipient, null, event.uid(), old -> method.equals("CANCEL")
                ? cancelled(old, copiesOf, event.sequence()) : invitation(message, old, copiesOf, to), true);
        return DELIVERED;
    }

    /** The attendee's copy of a REQUEST; a new one awaits its answer (PARTSTAT=NEEDS-ACTION). */
    private static String invitation(String message, String old, Set<String> copiesOf, String attendee) {
        if (old != null && Itip.parse(old).organizer().filter(copiesOf::contains).isEmpty()) {
            return null;   // the attendee's own object of that UID, not a copy of this organizer's
        }
        Itip copy = Itip.parse(message).withoutMethod();
        if (old == null) {
            copy.attendee(attendee).forEach(l -> l.params.put("PARTSTAT", "NEEDS-ACTION"));
        }
        return copy.text();
    }

    /** The attendee's copy, cancelled at the CANCEL's sequence; null when it has none of this organizer's. */
    static String cancelled(String old, Set<String> copiesOf, int sequence) {
        Itip copy = old == null ? null : Itip.parse(old);
        if (copy == null || copy.organizer().filter(copiesOf::contains).isEmpty()) {
            return null;
        }
        copy.status("CANCELLED");
        copy.sequence(sequence);
        return copy.text();
    }

    /**
     * A delivery's outcome (see {@link DeliveryOutcome}) into the SCHEDULE-STATUS of the
     * recipient's ATTENDEE, or ORGANIZER for a REPLY, in the sender's stored event: a write like
     * any other (ETag and ctag move), but no new schedule tag (§3.2.10).
     */
    void delivered(@Observes DeliveryOutcome outcome) {
        if (!STATUS.matcher(outcome.scheduleStatus()).matches()) {
            return;
        }
        String recipient = Itip.address(outcome.recipient());
        calendars.deliver(null, outcome.calendarId(), outcome.uid(), text -> {
            Itip event = Itip.parse(text);
            // a REPLY's outcome belongs on ORGANIZER, also where the organizer lists itself among the
            // attendees too (Google Calendar, Thunderbird and Apple's invitations do); REQUESTs and
            // CANCELs never go to the copy's own organizer
            List<Itip.Line> lines = event.properties("ORGANIZER").stream().filter(l -> l.address().equals(recipient)).toList();
            if (lines.isEmpty()) {
                lines = event.attendee(recipient);
            }
            if (lines.isEmpty()) {
                return null;
            }
            lines.forEach(l -> l.params.put("SCHEDULE-STATUS", outcome.scheduleStatus()));
            return event.text();
        }, false);
    }

    /** Whether the server schedules for this property (RFC 6638 §7.1: SCHEDULE-AGENT absent or SERVER). */
    private static boolean byServer(Itip.Line line) {
        String agent = line.param("SCHEDULE-AGENT");
        return agent == null || agent.equals("SERVER");
    }
}
