package com.calendarpipe.inbound;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SmtpClient;
import com.calendarpipe.testing.StandaloneServer;
import com.calendarpipe.testing.TestMail;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 250 from the SMTP listener means the invitation survives a crash (issue 20), the sibling of
 * CrashIT for mail. Not an Arquillian test: it runs the provisioned server itself (port offset
 * 500: HTTP 8580, listener 3025) on its own configuration and data directory, with
 * {@code CALENDARPIPE_SMTP_LISTEN_APPLY=background}, so that each accepted message is stored and
 * answered, and left to the background poll: the server's JVM gets SIGKILL right after the last
 * 250, before the poll (every 5 s) has applied them, and every one of them must be an invitation
 * after the restart, applied from the store. The server has a certificate of the test's own
 * ({@code CALENDARPIPE_TLS_KEYSTORE}), so the listener's STARTTLS with it is checked first.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MailCrashIT {

    private static final int PORT_OFFSET = 500 + StandaloneServer.SHIFT;
    private static final int MESSAGES = 10;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private static StandaloneServer server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyMessageAnswered250IsAppliedAfterAKillOfTheServer() throws Exception {
        long began = System.nanoTime();
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        Path data = target.resolve("mail-crash-data");
        StandaloneServer.deleteTree(data);
        Path keystore = target.resolve("mail-crash-tls.p12");
        certificate(keystore);
        server = StandaloneServer.prepare(home, target.resolve("mail-crash-server-base"), war, PORT_OFFSET,
                Map.of("CALENDARPIPE_DATA_DIR", data.toString(), "CALENDARPIPE_SMTP_LISTEN_APPLY", "background",
                        "CALENDARPIPE_TLS_KEYSTORE", keystore.toString(), "CALENDARPIPE_TLS_KEYSTORE_PASSWORD", "mail-crash"));
        int listener = 2525 + PORT_OFFSET;
        server.start(BOOT_TIMEOUT);

        // with a certificate configured, the listener offers STARTTLS with it (RFC 3207)
        try (SmtpClient smtp = SmtpClient.connect(listener, Duration.ofSeconds(10))) {
            SmtpClient.Reply ehlo = smtp.command("EHLO crash.example");
            assertTrue(ehlo.text().lines().anyMatch(l -> l.equals("STARTTLS")), ehlo::toString);
            assertTrue(ehlo.text().lines().anyMatch(l -> l.equals("SIZE 1048576")), ehlo::toString);
            assertEquals(220, smtp.startTls().code());
            String subject = ((java.security.cert.X509Certificate) smtp.peerCertificates()[0]).getSubjectX500Principal().getName();
            assertEquals("CN=mail-crash.calendarpipe.test", subject, "the server's own certificate");
            assertEquals(250, smtp.command("EHLO crash.example").code(), "the session goes on over TLS");
        }

        ApiClient api = new ApiClient(server.url());
        ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail("mailcrash"));
        String key = api.createKey(api.signIn(account), "mail crash test");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Crash\",\"timezone\":\"UTC\"}");
        String address = calendar.getString("calendarEmail");

        Set<String> acknowledged = new TreeSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            String uid = "crash-" + i + "-" + UUID.randomUUID();
            String organizer = "organizer" + i + "@example.com";
            SmtpClient.Reply reply = SmtpClient.send(listener, organizer, List.of(address), TestMail.itip(organizer, address,
                    request(uid, organizer, address)));
            assertEquals(250, reply.code(), reply::toString);
            acknowledged.add(uid);
        }
        long killedAt = System.nanoTime();
        long pid = server.crash();
        say("%d messages answered 250 in %.1f s, then SIGKILL of pid %d", MESSAGES, (killedAt - began) / 1e9, pid);

        long restart = System.nanoTime();
        server.start(BOOT_TIMEOUT);
        say("restarted in %.1f s", (System.nanoTime() - restart) / 1e9);
        api = new ApiClient(server.url());
        String listing = "/api/v1/hosted-calendars/" + calendar.getString("id") + "/invitations?limit=100";
        Set<String> found = Set.of();
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (!found.containsAll(acknowledged) && Instant.now().isBefore(end)) {
            Reply page = apiGet(api, listing, key);
            found = page.dataArray().stream().map(JsonObject.class::cast).map(i -> i.getString("event_uid"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!found.containsAll(acknowledged)) {
                Pause.sleep(Duration.ofMillis(500));
            }
        }
        say("all %d invitations there %.1f s after the restart began; whole test %.1f s", acknowledged.size(),
                (System.nanoTime() - restart) / 1e9, (System.nanoTime() - began) / 1e9);
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(found);
        assertEquals(Set.of(), lost, "acknowledged with 250 and lost");
        List<String> pending = new ArrayList<>();
        apiGet(api, listing, key).dataArray().stream().map(JsonObject.class::cast)
                .filter(i -> !"pending".equals(i.getString("status")) || i.isNull("payload")).forEach(i -> pending.add(i.toString()));
        assertTrue(pending.isEmpty(), "each one an invitation awaiting its answer, with its event: " + pending);
        server.close();
    }

    /** A key store with a self-signed certificate, made by the JDK's keytool. */
    private static void certificate(Path keystore) throws Exception {
        java.nio.file.Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "calendarpipe", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=mail-crash.calendarpipe.test", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "mail-crash", "-keypass", "mail-crash").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), "keytool: " + output);
    }

    private static Reply apiGet(ApiClient api, String path, String key) {
        // the first calls may still find connections to the killed JVM in the client's pool
        for (int i = 0; ; i++) {
            try {
                Reply reply = api.get(path, bearer(key));
                assertEquals(200, reply.status(), reply::toString);
                return reply;
            } catch (java.io.UncheckedIOException e) {
                if (i == 5) {
                    throw e;
                }
                Pause.sleep(Duration.ofMillis(200));
            }
        }
    }

    private static String request(String uid, String organizer, String attendee) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260301T090000Z\r\nDTSTART:20260410T090000Z\r\nDTEND:20260410T100000Z\r\nSUMMARY:Crash\r\n"
                + "ORGANIZER:mailto:" + organizer + "\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + attendee
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static void say(String format, Object... args) {
        System.out.println("[MailCrashIT] " + String.format(java.util.Locale.ROOT, format, args));
    }
}
