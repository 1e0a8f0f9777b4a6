package com.calendarpipe.webhook;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.StandaloneServer;
import com.calendarpipe.testing.WebhookReceiver;
import com.calendarpipe.testing.WebhookReceiver.Delivery;
import com.calendarpipe.testing.WebhookReceiver.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A change that committed is delivered even when the server dies before sending it (the sibling
 * of CrashIT and MailCrashIT). Not an Arquillian test: it runs the provisioned server itself (port
 * offset 700) with {@code CALENDARPIPE_WEBHOOK_RETRY_DELAYS=8,1}, so that each delivery waits
 * 8 s in the outbox before its first attempt; the JVM gets SIGKILL right after the last change's
 * 201, and every change must reach the receiver, signed, once the server is back.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebhookCrashIT {

    private static final int PORT_OFFSET = 700 + StandaloneServer.SHIFT;
    private static final int CHANGES = 5;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private static StandaloneServer server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyCommittedChangeIsDeliveredAfterAKillOfTheServer() throws Exception {
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        Path data = target.resolve("webhook-crash-data");
        StandaloneServer.deleteTree(data);
        try (WebhookReceiver receiver = WebhookReceiver.on("127.0.0.1")) {
            server = StandaloneServer.prepare(home, target.resolve("webhook-crash-server-base"), war, PORT_OFFSET,
                    Map.of("CALENDARPIPE_DATA_DIR", data.toString(), "CALENDARPIPE_SMTP_LISTEN", "off",
                            "CALENDARPIPE_WEBHOOK_ALLOW_HTTP", "true", "CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE", "127.0.0.0/8",
                            "CALENDARPIPE_WEBHOOK_RETRY_DELAYS", "8,1"));
            server.start(BOOT_TIMEOUT);
            ApiClient api = new ApiClient(server.url());
            String key = api.createKey(api.signIn(api.signUp(ApiClient.uniqueEmail("webhookcrash"))), "webhook crash test");
            JsonObject calendar = api.createCalendar(key, "{\"name\":\"Crash\",\"timezone\":\"UTC\"}");
            String hook = "/api/v1/hosted-calendars/" + calendar.getString("id") + "/webhook";
            Reply set = api.send("PUT", hook, "{\"url\":\"" + receiver.url("/crash") + "\"}", bearer(key));
            assertEquals(200, set.status(), set::toString);
            String secret = set.data().getString("secret");

            Set<String> committed = new TreeSet<>();
            for (int i = 0; i < CHANGES; i++) {
                committed.add(api.createEvent(key, calendar.getString("id"), "{\"title\":\"Crash " + i
                        + "\",\"start_at\":\"2026-03-1" + i + "T09:00:00Z\"}").getString("providerEventId"));
            }
            long pid = server.crash();
            assertEquals(List.of(), receiver.all(), "killed before any attempt");
            System.out.printf("[webhook-crash] %d changes committed, then SIGKILL of pid %d before any delivery%n", CHANGES, pid);

            long restart = System.nanoTime();
            server.start(BOOT_TIMEOUT);
            List<Delivery> delivered = receiver.await("/crash", d -> d.size() >= CHANGES, Duration.ofSeconds(60));
            System.out.printf("[webhook-crash] %d deliveries %.1f s after the restart began%n", delivered.size(),
                    (System.nanoTime() - restart) / 1e9);
            Set<String> uids = delivered.stream().map(d -> Json.createReader(new StringReader(d.body()))
                    .readObject().getJsonObject("event").getString("uid")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(committed, uids, "every committed change, after the restart");
            assertEquals(CHANGES, delivered.stream().map(Delivery::id).distinct().count(), "each once: " + delivered);
            for (Verdict verdict : WebhookReceiver.verify(delivered, List.of(secret))) {
                assertTrue(verdict.standardWebhooks().equals("event.created") && verdict.svix().equals("event.created"),
                        verdict::toString);
            }
            server.close();
        }
    }
}
