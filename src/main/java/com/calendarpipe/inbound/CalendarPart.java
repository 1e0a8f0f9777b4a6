package com.calendarpipe.inbound;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The iCalendar an e-mail carries (RFC 6047 §2.4): the first {@code text/calendar} body part,
 * found in any MIME structure (multipart/mixed, alternative, related, nested), its transfer
 * encoding (base64, quoted-printable, 7bit, 8bit) undone and its charset decoded; and the
 * message's {@code From} addresses and Message-ID. A part inside an attached message
 * ({@code message/rfc822}: a forwarded invitation) is not the message's own and is not looked at.
 * Bounded: at most {@link #MAX_PARTS} parts, {@link #MAX_DEPTH} levels of nesting.
 */
record CalendarPart(String text, String methodParameter, Set<String> from, String messageId) {

    static final int MAX_PARTS = 100;
    static final int MAX_DEPTH = 10;

    /** Jakarta Mail's parser, for reading only: no server, no provider is ever used. */
    private static final Session SESSION = Session.getInstance(new Properties());

    /** The message's parts could not be read as MIME, or hold no calendar. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The calendar part of the raw message (headers and body as received), or why there is none. */
    static CalendarPart of(byte[] raw) throws Unreadable {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            List<Part> found = new ArrayList<>();
            walk(message, 0, new int[] {0}, found);
            if (found.isEmpty()) {
                throw new Unreadable("no text/calendar part");
            }
            Part part = found.get(0);
            ContentType type = new ContentType(part.getContentType());
            String text;
            try (InputStream in = part.getInputStream()) {
                text = new String(in.readAllBytes(), charset(type.getParameter("charset")));
            }
            return new CalendarPart(text, type.getParameter("method"), from(message), messageId(message));
        } catch (MessagingException | IOException | RuntimeException e) {
            // a broken structure, a bad encoding, an unknown part: whatever the parser says, in no answer
            throw new Unreadable("unreadable MIME");
        }
    }

    private static void walk(Part part, int depth, int[] parts, List<Part> found) throws MessagingException, IOException {
        if (++parts[0] > MAX_PARTS || depth > MAX_DEPTH || !found.isEmpty()) {
            return;
        }
        if (part.isMimeType("text/calendar")) {
            found.add(part);
        } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount() && found.isEmpty(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1, parts, found);
            }
        }
    }

    /**
     * The part's charset (RFC 6047 §2.4 names it); UTF-8, iCalendar's own (RFC 5545 §3.1.4), when
     * it names none or one this runtime does not know.
     */
    private static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name.strip()));
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The From header's addresses, bare and lower-cased; a display name is never looked at. */
    private static Set<String> from(MimeMessage message) {
        Set<String> from = new LinkedHashSet<>();
        try {
            String[] headers = message.getHeader("From");
            if (headers != null) {
                for (String header : headers) {
                    for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                        if (address.getAddress() != null && !address.isGroup() && address.getAddress().length() <= 254
                                && from.size() < 10) {
                            from.add(address.getAddress().strip().toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        } catch (MessagingException e) {
            // no usable From: the envelope sender alone may speak for the organizer
        }
        return from;
    }

    private static String messageId(MimeMessage message) {
        try {
            return Optional.ofNullable(message.getMessageID()).map(String::strip)
                    .filter(id -> id.length() <= 255 && id.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).orElse(null);
        } catch (MessagingException e) {
            return null;
        }
    }
}
