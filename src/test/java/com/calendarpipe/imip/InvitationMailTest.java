package com.calendarpipe.imip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.scheduling.ExternalMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.junit.jupiter.api.Test;

/** The e-mail of an iTIP message, parsed back as a mail program would, and the checks on its user data. */
class InvitationMailTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String CALENDAR = "cal-abc@calendarpipe.test";

    @Test
    void aRequestIsTextAndCalendarAlternativesWithTheInviteAttached() throws Exception {
        MimeMessage mail = received(message("REQUEST", CALENDAR, "bob@example.com", "Team sync", "request.ics"));

        assertEquals(CALENDAR, ((InternetAddress) mail.getFrom()[0]).getAddress());
        assertEquals("bob@example.com", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());
        assertEquals(1, mail.getAllRecipients().length);
        assertEquals("Invitation: Team sync", mail.getSubject());
        assertEquals("<row-1@calendarpipe.test>", mail.getMessageID());
        assertEquals(Instant.parse("2026-12-01T09:30:00Z"), mail.getSentDate().toInstant());

        Multipart mixed = multipart(mail, "multipart/mixed", 2);
        Multipart alternative = multipart(mixed.getBodyPart(0), "multipart/alternative", 2);
        BodyPart text = alternative.getBodyPart(0);
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        String words = (String) text.getContent();
        assertTrue(words.contains(CALENDAR + " invites bob@example.com to \"Team sync\"."), words);
        assertTrue(words.contains("When: Thu 10 Dec 2026, 10:00 (Europe/Berlin)"), words);
        assertTrue(words.contains("Where: Room 4"), words);

        BodyPart calendar = alternative.getBodyPart(1);
        ContentType type = new ContentType(calendar.getContentType());
        assertEquals("text/calendar", type.getBaseType());
        assertEquals("UTF-8", type.getParameter("charset"));
        assertEquals("REQUEST", type.getParameter("method"));
        Calendar ics = ICal.parse(content(calendar));
        assertEquals("REQUEST", ics.getProperty(Property.METHOD).orElseThrow().getValue());
        var event = ics.getComponent(Component.VEVENT).orElseThrow();
        assertEquals("team-sync-42@calendarpipe.test", event.getProperty(Property.UID).orElseThrow().getValue());
        assertEquals("0", event.getProperty(Property.SEQUENCE).orElseThrow().getValue());

        BodyPart attachment = mixed.getBodyPart(1);
        assertTrue(attachment.isMimeType("application/ics"), attachment.getContentType());
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertEquals("invite.ics", attachment.getFileName());
        assertEquals(content(calendar), content(attachment), "the attachment is the same iCalendar");
    }

    @Test
    void aReplySaysItsAnswerInTheSubject() throws Exception {
        MimeMessage mail = received(message("REPLY", CALENDAR, "alice@example.com", "Planning", "reply-declined.ics"));

        assertEquals("Declined: Planning", mail.getSubject());
        Multipart alternative = multipart(multipart(mail, "multipart/mixed", 2).getBodyPart(0), "multipart/alternative", 2);
        String words = (String) alternative.getBodyPart(0).getContent();
        assertTrue(words.contains(CALENDAR + " has declined the invitation to \"Planning\"."), words);
        assertTrue(words.contains("When: Fri 11 Dec 2026, 14:00 UTC"), words);
        assertEquals("REPLY", new ContentType(alternative.getBodyPart(1).getContentType()).getParameter("method"));
    }

    @Test
    void aCancelSaysCancelled() throws Exception {
        MimeMessage mail = received(message("CANCEL", CALENDAR, "bob@example.com", "Team sync", "cancel.ics"));

        assertEquals("Cancelled: Team sync", mail.getSubject());
        Multipart alternative = multipart(multipart(mail, "multipart/mixed", 2).getBodyPart(0), "multipart/alternative", 2);
        String words = (String) alternative.getBodyPart(0).getContent();
        assertTrue(words.contains("has cancelled \"Team sync\"."), words);
        assertTrue(words.contains("When: Thu 10 Dec 2026 (all day)"), words);
        Calendar ics = ICal.parse(content(alternative.getBodyPart(1)));
        assertEquals("CANCEL", ics.getProperty(Property.METHOD).orElseThrow().getValue());
        assertEquals("1", ics.getComponent(Component.VEVENT).orElseThrow().getProperty(Property.SEQUENCE).orElseThrow().getValue());
    }

    @Test
    void aSummaryCannotAddAHeaderAndIsCutShort() throws Exception {
        String hostile = "Lunch\r\nBcc: everyone@example.com\r\n" + "x".repeat(500);
        MimeMessage mail = received(message("REQUEST", CALENDAR, "bob@example.com", hostile, "request.ics"));

        assertNull(mail.getHeader("Bcc"), "no header came out of the summary");
        assertEquals(1, mail.getAllRecipients().length);
        assertTrue(mail.getSubject().startsWith("Invitation: Lunch Bcc: everyone@example.com xxx"), mail.getSubject());
        assertEquals(InvitationMail.MAX_SUBJECT, mail.getSubject().length());
    }

    @Test
    void aSubjectInAnotherScriptIsEncoded() throws Exception {
        MimeMessage mail = received(message("REQUEST", CALENDAR, "bob@example.com", "Réunion 会議", "request.ics"));

        assertEquals("Invitation: Réunion 会議", mail.getSubject());
        assertTrue(mail.getHeader("Subject")[0].startsWith("=?UTF-8?"), mail.getHeader("Subject")[0]);
    }

    @Test
    void onlyAPlainAsciiAddressIsAnAddress() {
        assertTrue(InvitationMail.isAddress("bob@example.com"));
        assertTrue(InvitationMail.isAddress("first.last+tag@sub.example.org"));
        for (String bad : new String[] {null, "", "bob", "@example.com", "bob@example.com\r\nBcc: eve@example.com",
                "bob@example.com\n", "Bob <bob@example.com>", "bob@example.com, eve@example.com", "bob @example.com",
                "mailto:bob@example.com", "bøb@example.com", "group: bob@example.com;", "x".repeat(250) + "@e.com"}) {
            assertFalse(InvitationMail.isAddress(bad), () -> "accepted " + bad);
        }
    }

    @Test
    void aMessageWithABadRecipientIs37AndOtherFlawsAre51() throws IOException {
        String ical = fixture("request.ics");
        assertNull(Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "bob@example.com", "REQUEST", "S", ical)));
        assertEquals("3.7", Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "bob@example.com\r\nBcc: eve@example.com", "REQUEST", "S", ical)));
        assertEquals("3.7", Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "not an address", "REQUEST", "S", ical)));
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c1", "u1", "Cal <" + CALENDAR + ">", "bob@example.com", "REQUEST", "S", ical)));
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "bob@example.com", "CANCEL", "S", ical)),
                "the METHOD inside must be the one named");
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "bob@example.com", "PUBLISH", "S", ical)));
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c1", "u1", CALENDAR, "bob@example.com", "REQUEST", "S", "not iCalendar")));
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c".repeat(37), "u1", CALENDAR, "bob@example.com", "REQUEST", "S", ical)));
        assertEquals("5.1", Outbox.refusal(new ExternalMessage("c1", "u".repeat(256), CALENDAR, "bob@example.com", "REQUEST", "S", ical)));
    }

    @Test
    void theLogNamesARecipientOnlyByItsFirstLetterAndDomain() {
        assertEquals("b…@example.com", Outbox.masked("bob@example.com"));
        assertEquals("b…@example.com?Bcc", Outbox.masked("bob@example.com\rBcc"), "no control character reaches the log");
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToAnHour() {
        Duration minute = Duration.ofMinutes(1);
        assertEquals(Duration.ofMinutes(1), OutboxSender.backOff(minute, 1));
        assertEquals(Duration.ofMinutes(2), OutboxSender.backOff(minute, 2));
        assertEquals(Duration.ofMinutes(4), OutboxSender.backOff(minute, 3));
        assertEquals(Duration.ofMinutes(32), OutboxSender.backOff(minute, 6));
        assertEquals(Duration.ofHours(1), OutboxSender.backOff(minute, 7));
        assertEquals(Duration.ofHours(1), OutboxSender.backOff(minute, 1000));
    }

    private static ExternalMessage message(String method, String from, String to, String summary, String fixture) throws IOException {
        return new ExternalMessage("cal-1", "uid-1", from, to, method, summary, fixture(fixture));
    }

    /** Built, written out as an SMTP server receives it, and parsed back. */
    private static MimeMessage received(ExternalMessage message) throws Exception {
        MimeMessage built = InvitationMail.build(SESSION, message, "row-1", "calendarpipe.test", Instant.parse("2026-12-01T09:30:00Z"));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        built.writeTo(wire);
        return new MimeMessage(SESSION, new ByteArrayInputStream(wire.toByteArray()));
    }

    private static Multipart multipart(Part part, String type, int count) throws Exception {
        assertTrue(part.isMimeType(type), part.getContentType());
        Multipart multipart = (Multipart) part.getContent();
        assertEquals(count, multipart.getCount());
        return multipart;
    }

    private static String content(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = InvitationMailTest.class.getResourceAsStream("/imip/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
