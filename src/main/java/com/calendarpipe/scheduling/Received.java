package com.calendarpipe.scheduling;

import com.calendarpipe.Settings;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * iTIP messages (RFC 5546) from calendar users elsewhere that arrived by e-mail (RFC 6047) for one
 * of this server's calendars, judged and applied with implicit scheduling's own rules and copies
 * ({@link ImplicitScheduling}): a REQUEST makes or updates the calendar's attendee copy, a CANCEL
 * cancels it, a REPLY sets the attendee's PARTSTAT in the copy the calendar organizes. Nobody
 * speaks for another (RFC 6047 §3): a REQUEST or CANCEL counts only from its organizer, a REPLY
 * only from its one attendee, each by the envelope sender or the {@code From} address (or the
 * SENT-BY the property names), and a copy is only ever changed by the organizer it came from.
 */
@ApplicationScoped
public class Received {

    /** The SCHEDULE-STATUS an attendee gets in the organizer's copy when its REPLY came in (RFC 5546 §3.6: success). */
    static final String REPLY_RECEIVED = "2.0";

    /** Why a message is not acted on; the SMTP listener answers each in its own words. */
    public enum Refusal {
        /** Not an iTIP message this server can act on for a calendar (no UID, no ORGANIZER, a REPLY without its one ATTENDEE). */
        NOT_ITIP,
        /** The organizer (or a REPLY's attendee) is neither the envelope sender nor the From address. */
        NOT_SENDER,
        /** A REQUEST that does not list the calendar among its attendees. */
        NOT_INVITED,
        /** A REPLY from someone who is not an attendee of the calendar's event, or about no event of it. */
        NOT_ATTENDEE,
        /** A REQUEST or CANCEL for an event the calendar holds from another organizer. */
        OTHER_ORGANIZER,
        /** A REQUEST or CANCEL in the name of one of the account's own addresses: its events change only here. */
        OWN_ADDRESS
    }

    /** What applying a message did. */
    public enum Outcome {
        /** A new attendee copy: a new invitation. */
        CREATED,
        /** The attendee copy changed: an updated invitation (a whole one, or some instances). */
        UPDATED,
        /** The attendee copy is cancelled (all of it). */
        CANCELLED,
        /** An attendee's answer is in the organizer's copy. */
        REPLIED,
        /** Older than what the calendar holds (RFC 5546 §2.1.5): nothing changed. */
        STALE,
        /** Kept in the scheduling inbox, not acted on (COUNTER, REFRESH, DECLINECOUNTER, ADD, PUBLISH; a CANCEL of nothing held). */
        RECORDED
    }

    /** What a message says of itself: its method, UID and SEQUENCE, and who sent it. */
    public record Message(String method, String uid, int sequence, Optional<String> organizer, String organizerName,
                          String text) {

        /** The message's facts, or empty when the text is no iTIP message at all (no METHOD, no UID). */
        public static Optional<Message> of(String text) {
            Itip itip = Itip.parse(text);
            if (itip.method().isEmpty() || itip.uid().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Message(itip.method(), itip.uid(), itip.sequence(), itip.organizer(), itip.organizerName(), text));
        }

        /** The attendee whose answer a REPLY carries (RFC 5546 §3.2.3: exactly one), if it has exactly one. */
        public Optional<String> replyingAttendee() {
            Map<String, Itip.Line> attendees = Itip.parse(text).attendees();
            return attendees.size() == 1 ? attendees.keySet().stream().findFirst() : Optional.empty();
        }

        /** The object the message carries as a calendar would store it: without METHOD (RFC 4791 §4.1). */
        public String asStored() {
            return Itip.parse(text).withoutMethod().text();
        }

        /** That attendee's PARTSTAT, upper-cased. */
        public String partstat(String attendee) {
            return Itip.parse(text).partstat(attendee);
        }
    }

    @Inject
    CalendarService calendars;

    @Inject
    Inbox inbox;

    @Inject
    Settings settings;

    @Inject
    CalendarUsers users;

    /**
     * Why the message may not act on the calendar, judged on the message and, read only, on what
     * the calendar holds; empty when it may. {@code senders} are the envelope sender and the
     * {@code From} addresses, bare and lower-cased. Called before a message is accepted (so the
     * sender hears the refusal) and again when it is applied (what the calendar holds may have
     * changed in between).
     */
    public Optional<Refusal> refusal(HostedCalendar calendar, Message message, Set<String> senders) {
        Itip itip = Itip.parse(message.text());
        String me = address(calendar);
        switch (message.method()) {
            case "REQUEST", "CANCEL" -> {
                if (itip.organizer().isEmpty()) {
                    return Optional.of(Refusal.NOT_ITIP);
                }
                if (!speaks(itip.properties("ORGANIZER"), senders)) {
                    return Optional.of(Refusal.NOT_SENDER);
                }
                if (users.of(calendar.getAccountId()).contains(itip.organizer().get())) {
                    // whatever the From says: what the account organizes is changed by its own writes, never by mail
                    return Optional.of(Refusal.OWN_ADDRESS);
                }
                if (message.method().equals("REQUEST") && itip.attendee(me).isEmpty()) {
                    return Optional.of(Refusal.NOT_INVITED);
                }
                Optional<Itip> held = held(calendar, message.uid());
                if (held.isPresent() && !held.get().organizer().equals(itip.organizer())) {
                    return Optional.of(Refusal.OTHER_ORGANIZER);
                }
            }
            case "REPLY" -> {
                Optional<String> attendee = message.replyingAttendee();
                if (itip.organizer().isEmpty() || attendee.isEmpty()) {
                    return Optional.of(Refusal.NOT_ITIP);
                }
                if (!speaks(itip.attendee(attendee.get()), senders)) {
                    return Optional.of(Refusal.NOT_SENDER);
                }
                Optional<Itip> held = held(calendar, message.uid());
                if (held.isEmpty() || !held.get().organizer().equals(Optional.of(me)) || held.get().attendee(attendee.get()).isEmpty()) {
                    return Optional.of(Refusal.NOT_ATTENDEE);
                }
            }
            default -> {
                // recorded only: whoever sent it, nothing is acted on
            }
        }
        return Optional.empty();
    }

    /**
     * Applies a message that {@link #refusal} let through, in the caller's transaction: the
     * calendar's copy written (with the calendar's lock, as every write), and the message put in
     * the account's scheduling inbox, as a delivery from another account here is.
     */
    public Outcome apply(HostedCalendar calendar, Message message) {
        Itip itip = Itip.parse(message.text());
        String me = address(calendar);
        Outcome outcome = switch (message.method()) {
            case "REQUEST" -> request(calendar, itip, me);
            case "CANCEL" -> cancel(calendar, itip);
            case "REPLY" -> reply(calendar, itip, message.replyingAttendee().orElseThrow());
            default -> Outcome.RECORDED;
        };
        if (outcome != Outcome.STALE) {
            inbox.deliver(calendar.getAccountId(), message.uid(), message.method(), itip.text());
        }
        return outcome;
    }

    /**
     * RFC 6638 §3.2.8 as the attendee's server: a new REQUEST is a copy awaiting the answer
     * (PARTSTAT=NEEDS-ACTION); a later one (SEQUENCE not lower, RFC 5546 §2.1.5) replaces it, and
     * keeps the calendar's answer unless the change is significant (RFC 5546 §2.1.4: the times,
     * the place, …); one that holds only overrides changes those instances of the series.
     */
    private Outcome request(HostedCalendar calendar, Itip itip, String me) {
        Outcome[] outcome = {Outcome.CREATED};
        Itip message = itip.withoutMethod();
        for (String param : List.of("SCHEDULE-AGENT", "SCHEDULE-STATUS", "SCHEDULE-FORCE-SEND")) {
            message.removeParam(param);   // the server's own parameters (RFC 6638 §7), never a sender's
        }
        calendars.receive(calendar.getId(), itip.uid(), old -> {
            if (old == null) {
                message.attendee(me).forEach(l -> l.params.put("PARTSTAT", "NEEDS-ACTION"));
                return message.text();
            }
            Itip held = Itip.parse(old);
            if (message.sequence() < held.sequence()) {
                outcome[0] = Outcome.STALE;
                return null;
            }
            outcome[0] = Outcome.UPDATED;
            if (!message.recurrenceIds().contains("") && held.recurrenceIds().contains("")) {
                // some instances changed: they await an answer again, the rest of the series keeps its own
                message.attendee(me).forEach(l -> l.params.put("PARTSTAT", "NEEDS-ACTION"));
                return held.withComponentsOf(message).text();
            }
            String answer = held.partstat(me);
            boolean significant = !held.essence().equals(message.essence());
            message.attendee(me).forEach(l -> l.params.put("PARTSTAT", significant ? "NEEDS-ACTION" : answer));
            if (!significant) {
                // the calendar's own reply and its delivery stand (RFC 6638 §3.2.9)
                held.properties("ORGANIZER").stream().map(l -> l.params.get("SCHEDULE-STATUS")).filter(java.util.Objects::nonNull)
                        .findFirst().ifPresent(status -> message.properties("ORGANIZER").forEach(l -> l.params.put("SCHEDULE-STATUS", status)));
            }
            return message.text();
        });
        return outcome[0];
    }

    /**
     * RFC 5546 §3.2.5: a CANCEL of the whole event marks the copy cancelled (the attendee's app
     * shows it so, as a CANCEL between accounts here does); one of some instances (overrides
     * alone, each STATUS:CANCELLED) marks those instances.
     */
    private Outcome cancel(HostedCalendar calendar, Itip itip) {
        Outcome[] outcome = {Outcome.RECORDED};
        Itip message = itip.withoutMethod();
        calendars.deliver(null, calendar.getId(), itip.uid(), old -> {
            Itip held = Itip.parse(old);
            if (message.sequence() < held.sequence()) {
                outcome[0] = Outcome.STALE;
                return null;
            }
            if (!message.recurrenceIds().contains("") && held.recurrenceIds().contains("")) {
                message.status("CANCELLED");
                outcome[0] = Outcome.UPDATED;
                return held.withComponentsOf(message).text();
            }
            outcome[0] = Outcome.CANCELLED;
            return ImplicitScheduling.cancelled(old, Set.of(itip.organizer().orElseThrow()), message.sequence());
        }, true);
        return outcome[0];
    }

    /** RFC 6638 §3.2.8 as the organizer's server: the attendee's PARTSTAT in the copy, with its SCHEDULE-STATUS saying the reply came. */
    private Outcome reply(HostedCalendar calendar, Itip itip, String attendee) {
        Outcome[] outcome = {Outcome.REPLIED};
        String partstat = itip.partstat(attendee);
        if (!partstat.matches("[A-Z-]{1,32}")) {
            return Outcome.RECORDED;
        }
        calendars.deliver(null, calendar.getId(), itip.uid(), old -> {
            if (itip.sequence() < Itip.parse(old).sequence()) {
                outcome[0] = Outcome.STALE;
                return null;
            }
            String merged = ImplicitScheduling.merged(old, address(calendar), attendee, partstat);
            if (merged == null) {
                return null;
            }
            Itip copy = Itip.parse(merged);
            copy.attendee(attendee).forEach(l -> l.params.put("SCHEDULE-STATUS", REPLY_RECEIVED));
            return copy.text();
        }, false);
        return outcome[0];
    }

    /**
     * The calendar's copy of an invitation with the calendar's answer as its PARTSTAT (every
     * ATTENDEE line of the calendar's address, master and overrides): written like any client's
     * change, it sends the REPLY through implicit scheduling (RFC 6638 §3.2.2).
     */
    public String answered(HostedCalendar calendar, String text, String partstat) {
        Itip copy = Itip.parse(text);
        copy.attendee(address(calendar)).forEach(l -> {
            l.params.put("PARTSTAT", partstat);
            l.params.remove("RSVP");
        });
        return copy.text();
    }

    /** The calendar's PARTSTAT in its copy, upper-cased (NEEDS-ACTION unless said). */
    public String answer(HostedCalendar calendar, String text) {
        return Itip.parse(text).partstat(address(calendar));
    }

    /** The SCHEDULE-STATUS of the copy's ORGANIZER: how the calendar's REPLY went (RFC 6638 §3.2.9); null before any. */
    public String replyStatus(String text) {
        return Itip.parse(text).properties("ORGANIZER").stream().map(l -> l.params.get("SCHEDULE-STATUS"))
                .filter(java.util.Objects::nonNull).map(s -> s.replace("\"", "")).findFirst().orElse(null);
    }

    /** Whether the address (a mailto: URI or bare) is the calendar's own. */
    public boolean isCalendarAddress(HostedCalendar calendar, String uri) {
        return Itip.address(uri).equals(address(calendar));
    }

    private Optional<Itip> held(HostedCalendar calendar, String uid) {
        return calendars.objectByUid(calendar.getId(), uid).map(CalendarObject::getIcalendar).map(Itip::parse);
    }

    private String address(HostedCalendar calendar) {
        return calendar.calendarEmail(settings.mailDomain()).toLowerCase(Locale.ROOT);
    }

    private static boolean speaks(List<Itip.Line> lines, Set<String> senders) {
        return !lines.isEmpty() && lines.stream().allMatch(l -> Itip.speakers(l).stream().anyMatch(senders::contains));
    }
}
