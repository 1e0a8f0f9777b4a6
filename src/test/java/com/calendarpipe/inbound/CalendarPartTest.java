package com.calendarpipe.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The calendar part of a mail, found in the MIME structures and encodings clients use, and nowhere else. */
class CalendarPartTest {

    private static final String ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Réunion à 10 h\r\nEND:VCALENDAR\r\n";

    private static CalendarPart of(String mail) throws CalendarPart.Unreadable {
        return CalendarPart.of(mail.replace("\n", "\r\n").replace("\r\r\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void base64InAnAlternativeInAMixedWithItsCharsetAndMethod() throws Exception {
        String b64 = Base64.getMimeEncoder().encodeToString(ICS.getBytes(StandardCharsets.UTF_8));
        CalendarPart part = of("From: \"Boss <boss@example.com>\" <Alice@Example.COM>\nMessage-ID: <m1@example.com>\n"
                + "Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative; boundary=b\n\n"
                + "--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\n"
                + "Content-Transfer-Encoding: base64\n\n" + b64 + "\n--b--\n--a--\n");
        assertEquals(ICS, part.text());
        assertEquals("REQUEST", part.methodParameter());
        assertEquals(Set.of("alice@example.com"), part.from(), "the address, never the display name");
        assertEquals("<m1@example.com>", part.messageId());
    }

    @Test
    void quotedPrintableInAnotherCharset() throws Exception {
        CalendarPart part = of("From: a@example.com\nContent-Type: text/calendar; charset=ISO-8859-1; method=REQUEST\n"
                + "Content-Transfer-Encoding: quoted-printable\n\nBEGIN:VCALENDAR\nSUMMARY:R=E9union =E0 10 h\nEND:VCALENDAR\n");
        assertTrue(part.text().contains("SUMMARY:Réunion à 10 h"), part.text());
    }

    @Test
    void aForwardedInvitationIsNotTheMessagesOwnAndNoCalendarIsNone() {
        String forwarded = "From: a@example.com\nContent-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: text/plain\n\nFYI\n"
                + "--a\nContent-Type: message/rfc822\n\nFrom: boss@example.com\nContent-Type: text/calendar; method=REQUEST\n\n"
                + ICS + "--a--\n";
        assertThrows(CalendarPart.Unreadable.class, () -> of(forwarded));
        assertThrows(CalendarPart.Unreadable.class, () -> of("From: a@example.com\nContent-Type: text/plain\n\nhello\n"));
        assertThrows(CalendarPart.Unreadable.class, () -> of("From: a@example.com\nContent-Type: multipart/mixed\n\n--x\n\nno boundary\n"));
    }

    @Test
    void anUnknownCharsetIsReadAsUtf8() throws Exception {
        CalendarPart part = of("From: a@example.com\nContent-Type: text/calendar; charset=x-unheard-of; method=REQUEST\n\n"
                + "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
        assertTrue(part.text().startsWith("BEGIN:VCALENDAR"));
    }
}
