package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * A real SMTP server for the tests, GreenMail, in the test's JVM on a free loopback port, and the
 * running server's settings pointed at it (system properties set through the management model,
 * removed again when closed).
 */
public final class TestMail {

    private TestMail() {
    }

    /** Settings that are removed again when closed. */
    public interface Settings extends AutoCloseable {
        @Override
        void close();
    }

    /** GreenMail listening for SMTP on the loopback port. */
    public static GreenMail server(int port) {
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SMTP settings for a server on the loopback port, without TLS, retrying after a second. */
    public static Settings pointAt(ManagementClient management, int port) {
        ServerSettings host = ServerSettings.set(management, "smtp-host", "127.0.0.1");
        ServerSettings portSetting = ServerSettings.set(management, "smtp-port", Integer.toString(port));
        ServerSettings security = ServerSettings.set(management, "smtp-security", "none");
        ServerSettings retry = ServerSettings.set(management, "imip-retry-base", "1");
        return () -> {
            retry.close();
            security.close();
            portSetting.close();
            host.close();
        };
    }

    /** The first message received for {@code address} within {@code patience}, else an AssertionError. */
    public static MimeMessage awaitMailTo(GreenMail smtp, String address, Duration patience) {
        return awaitMailTo(smtp, address, "", patience);
    }

    /** The first message for {@code address} whose subject starts so, within {@code patience}, else an AssertionError. */
    public static MimeMessage awaitMailTo(GreenMail smtp, String address, String subject, Duration patience) {
        Instant end = Instant.now().plus(patience);
        do {
            Optional<MimeMessage> found = Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> to(m, address) && subject(m).startsWith(subject)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Pause.sleep(Duration.ofMillis(100));
        } while (Instant.now().isBefore(end));
        throw new AssertionError("No mail to " + address + " titled \"" + subject + "…\" within " + patience);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static boolean to(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    /** A plain mail carrying one iCalendar text as its text/calendar part. */
    public static byte[] itip(String from, String to, String ics) {
        String method = ics.lines().filter(l -> l.startsWith("METHOD:")).findFirst().orElse("METHOD:REQUEST").substring(7);
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: iTIP\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/calendar; charset=UTF-8; method=" + method + "\r\n\r\n" + ics).getBytes(StandardCharsets.UTF_8);
    }

    /** An attendee's REPLY (RFC 5546 §3.2.3) to the organizer's event {@code uid}, answering {@code partstat}. */
    public static String replyIcs(String uid, String organizer, String attendee, String partstat) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Mail client//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\nDTSTAMP:20260301T090000Z\r\nDTSTART:20260402T100000Z\r\nSEQUENCE:0\r\n"
                + "ORGANIZER:mailto:" + organizer + "\r\nATTENDEE;PARTSTAT=" + partstat + ":mailto:" + attendee + "\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** The message as sent (headers and encoded parts) and every part decoded: a secret cannot hide in base64. */
    public static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8) + "\n" + decoded(message);
    }

    private static String decoded(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                all.append(decoded(multipart.getBodyPart(i))).append('\n');
            }
            return all.toString();
        }
        if (content instanceof InputStream stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        return String.valueOf(content);
    }

    private static final Pattern LINK_CODE = Pattern.compile("paste this code[^\\n]*\\n\\s*\\n\\s*([A-Za-z0-9_-]{43})\\s");

    /** The code of the link the sign-up mailed to {@code email} proves the address (once: a second use is refused). */
    public static void proveEmail(ApiClient api, GreenMail smtp, String email, Duration patience) throws Exception {
        String mail = raw(awaitMailTo(smtp, email, "Confirm your email", patience));
        Matcher code = LINK_CODE.matcher(mail.replace("\r\n", "\n"));
        assertTrue(code.find(), "no code in\n" + mail);
        assertTrue(mail.contains("/#verify-email=" + code.group(1)), "the link carries the code in its fragment: " + mail);
        Reply proved = api.send("POST", "/api/v1/email-verifications", "{\"token\":\"" + code.group(1) + "\"}");
        assertEquals(200, proved.status(), proved::toString);
        assertTrue(proved.data().getBoolean("emailVerified"), proved::toString);
        Reply again = api.send("POST", "/api/v1/email-verifications", "{\"token\":\"" + code.group(1) + "\"}");
        assertEquals(400, again.status(), "a link works once: " + again);
    }
}
