package com.calendarpipe.imip;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.InvalidCalendarObject;
import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.DtStart;

/**
 * Builds the e-mail that carries one iTIP message (RFC 6047), and checks beforehand what of it
 * comes from user data (addresses, summary) so that nothing can add a header.
 * <p>
 * Its shape is the one Google Calendar sends, which Gmail, Outlook, Apple Mail and Thunderbird
 * all show as an invitation: {@code multipart/mixed} holding a {@code multipart/alternative}
 * (a text/plain part saying who invites whom to what and when, then the iCalendar as
 * {@code text/calendar; method=…}, RFC 6047 §2.4: the part calendar clients act on) and the same
 * iCalendar again as an {@code invite.ics} attachment ({@code application/ics}, so that no client
 * takes it for a second invitation) for mail programs without calendar support, which show
 * only attachments.
 */
final class InvitationMail {

    /** The iTIP methods this server sends (RFC 5546 §1.4): organizer's REQUEST and CANCEL, attendee's REPLY. */
    static final Set<String> METHODS = Set.of("REQUEST", "CANCEL", "REPLY");

    /** The longest subject: the summary is cut to fit. */
    static final int MAX_SUBJECT = 150;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private InvitationMail() {
    }

    /**
     * A bare address, {@code local@domain}, that can go into a header as it is: printable ASCII
     * only (so no CR or LF, no space, no display name), as RFC 5322 §3.4.1 parses it. Non-ASCII
     * addresses (RFC 6531) are refused: the SMTP server may not speak SMTPUTF8.
     */
    static boolean isAddress(String value) {
        if (value == null || value.isEmpty() || value.length() > 254 || value.indexOf('@') <= 0
                || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address.getPersonal() == null && value.equals(address.getAddress()) && !address.isGroup();
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * The subject: the method's word and the summary, with every control character (CR, LF, tab,
     * …) turned into a space and the whole cut to {@link #MAX_SUBJECT} characters. Jakarta Mail
     * encodes what is not ASCII (RFC 2047).
     */
    static String subject(String method, String summary, Calendar ics) {
        String prefix = switch (method) {
            case "CANCEL" -> "Cancelled: ";
            case "REPLY" -> switch (partStat(ics).orElse("")) {
                case "ACCEPTED" -> "Accepted: ";
                case "DECLINED" -> "Declined: ";
                case "TENTATIVE" -> "Tentative: ";
                default -> "Reply: ";
            };
            // a REQUEST with SEQUENCE above 0 changes an invitation already sent (RFC 5546 §2.1.4)
            default -> sequence(ics) > 0 ? "Updated invitation: " : "Invitation: ";
        };
        String title = summary == null || summary.isBlank() ? "(no title)" : summary;
        String subject = (prefix + title).replaceAll("\\p{Cntrl}", " ").replaceAll(" {2,}", " ").strip();
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    }

    /**
     * The whole e-mail, ready to send. {@code messageId} names the outbox row (the same on every
     * attempt, so a receiving server can drop a copy it already has), {@code domain} is the
     * calendars' mail domain. The message must have passed {@link Outbox#refusal}.
     */
    static MimeMessage build(Session session, ExternalMessage message, String messageId, String domain, Instant date)
            throws MessagingException {
        Calendar ics = ICal.parse(message.ical());
        String method = message.method();

        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(message, ics), "UTF-8");

        // RFC 6047 §2.4: text/calendar with the charset and the iTIP method as parameters
        String calendarType = "text/calendar; charset=UTF-8; method=" + method;
        MimeBodyPart calendar = new MimeBodyPart();
        calendar.setContent(message.ical(), calendarType);
        calendar.setHeader("Content-Type", calendarType);

        MimeMultipart alternative = new MimeMultipart("alternative", text, calendar);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);

        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(message.ical(), "application/ics; name=\"invite.ics\"");
        attachment.setHeader("Content-Type", "application/ics; name=\"invite.ics\"");
        attachment.setFileName("invite.ics");
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);

        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + "@" + domain + ">");
            }
        };
        mail.setFrom(new InternetAddress(message.from(), true));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
        mail.setSubject(subject(method, message.summary(), ics), "UTF-8");
        mail.setSentDate(Date.from(date));
        mail.setContent(new MimeMultipart("mixed", body, attachment));
        mail.saveChanges();
        return mail;
    }

    /** Who invites whom to what, and when: the whole of what a mail program without calendar support shows. */
    static String text(ExternalMessage message, Calendar ics) {
        String title = message.summary() == null || message.summary().isBlank() ? "an event" : "\"" + message.summary() + "\"";
        StringBuilder text = new StringBuilder();
        switch (message.method()) {
            case "CANCEL" -> text.append(message.from()).append(" has cancelled ").append(title).append('.');
            case "REPLY" -> text.append(message.from()).append(" has ").append(switch (partStat(ics).orElse("")) {
                case "ACCEPTED" -> "accepted";
                case "DECLINED" -> "declined";
                case "TENTATIVE" -> "tentatively accepted";
                default -> "answered";
            }).append(" the invitation to ").append(title).append('.');
            default -> text.append(message.from()).append(" invites ").append(message.to()).append(" to ").append(title).append('.');
        }
        text.append("\n");
        event(ics).flatMap(e -> e.<DtStart<Temporal>>getProperty(Property.DTSTART)).map(InvitationMail::when)
                .ifPresent(when -> text.append("\nWhen: ").append(when));
        event(ics).flatMap(e -> e.<Property>getProperty(Property.LOCATION)).map(Property::getValue)
                .filter(where -> !where.isBlank()).ifPresent(where -> text.append("\nWhere: ").append(where));
        text.append("\n\nThe invitation is attached as an iCalendar file (invite.ics) for your calendar program.\n");
        return text.toString();
    }

    private static String when(DtStart<Temporal> start) {
        Temporal value = start.getDate();
        if (value instanceof LocalDate day) {
            return DAY.format(day) + " (all day)";
        }
        if (value instanceof ZonedDateTime zoned) {
            // ical4j names the zones it builds from VTIMEZONEs by an id of its own: the TZID is the name users know
            String zone = start.<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue).orElse(zoned.getZone().getId());
            return WHEN.format(zoned) + " (" + zone + ")";
        }
        if (value instanceof OffsetDateTime offset) {
            return WHEN.format(offset.withOffsetSameInstant(ZoneOffset.UTC)) + " UTC";
        }
        if (value instanceof Instant instant) {
            return WHEN.format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
        }
        if (value instanceof LocalDateTime floating) {
            return WHEN.format(floating) + " (local time)";
        }
        return start.getValue();
    }

    /** The message's event or to-do: the master, or the first override when only overrides are sent. */
    private static Optional<CalendarComponent> event(Calendar ics) {
        return ics.getComponents().stream()
                .filter(c -> c.getName().equals(Component.VEVENT) || c.getName().equals(Component.VTODO))
                .min((a, b) -> Boolean.compare(a.getProperty(Property.RECURRENCE_ID).isPresent(),
                        b.getProperty(Property.RECURRENCE_ID).isPresent()));
    }

    /** A REPLY's answer: the PARTSTAT of its one ATTENDEE (RFC 5546 §3.2.3). */
    private static Optional<String> partStat(Calendar ics) {
        return event(ics).flatMap(e -> e.<Property>getProperty(Property.ATTENDEE))
                .flatMap(a -> a.<Parameter>getParameter(Parameter.PARTSTAT))
                .map(p -> p.getValue().toUpperCase(Locale.ROOT));
    }

    private static int sequence(Calendar ics) {
        try {
            return event(ics).flatMap(e -> e.<Property>getProperty(Property.SEQUENCE))
                    .map(p -> Integer.parseInt(p.getValue().trim())).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the iCalendar text parses and carries {@code method} as its METHOD (RFC 5546 §3.1). */
    static boolean carriesMethod(String ical, String method) {
        try {
            return ICal.parse(ical).<Property>getProperty(Property.METHOD)
                    .map(p -> p.getValue().equalsIgnoreCase(method)).orElse(false);
        } catch (InvalidCalendarObject e) {
            return false;
        }
    }
}
