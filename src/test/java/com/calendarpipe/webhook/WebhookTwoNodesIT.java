package com.calendarpipe.webhook;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.calendarpipe.persistence.TestDatabase;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Pause;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.StandaloneServer;
import com.calendarpipe.testing.WebhookReceiver;
import com.calendarpipe.testing.WebhookReceiver.Delivery;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL database send each delivery once. Not an Arquillian test: it runs
 * the provisioned server twice (port offsets 900 and 950), sharing the database and the secrets
 * key, and with {@code CALENDARPIPE_WEBHOOK_RETRY_DELAYS=2,1}: each delivery waits two seconds in
 * the outbox, so that both nodes' polls find it due and race for it; the claim lets one win.
 * Skipped, saying why, where no PostgreSQL answers on 127.0.0.1:5432.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class WebhookTwoNodesIT {

    private static final int CHANGES = 12;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void eachChangeIsDeliveredOnceWhicheverNodeWroteItAndBothPoll() throws Exception {
        Optional<String> unavailable = TestDatabase.POSTGRESQL.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElse(""));
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        String name = "cp_webhooks_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (TestDatabase.Throwaway database = TestDatabase.POSTGRESQL.create(name);
             WebhookReceiver receiver = WebhookReceiver.on("127.0.0.1");
             StandaloneServer node1 = node(home, target, war, 1, 900, name, key);
             StandaloneServer node2 = node(home, target, war, 2, 950, name, key)) {
            node1.start(BOOT_TIMEOUT);   // one at a time: the first migrates the database
            node2.start(BOOT_TIMEOUT);
            ApiClient one = new ApiClient(node1.url());
            ApiClient two = new ApiClient(node2.url());
            String apiKey = one.createKey(one.signIn(one.signUp(ApiClient.uniqueEmail("twonodes"))), "two nodes");
            String calendar = one.createCalendar(apiKey, "{\"name\":\"Shared\",\"timezone\":\"UTC\"}").getString("id");
            Reply set = two.send("PUT", "/api/v1/hosted-calendars/" + calendar + "/webhook",
                    "{\"url\":\"" + receiver.url("/both") + "\"}", bearer(apiKey));
            assertEquals(200, set.status(), set::toString);

            Set<String> written = new TreeSet<>();
            for (int i = 0; i < CHANGES; i++) {
                ApiClient node = i % 2 == 0 ? one : two;
                written.add(node.createEvent(apiKey, calendar, "{\"title\":\"Change " + i + "\",\"start_at\":\"2026-03-"
                        + String.format("%02d", i + 1) + "T09:00:00Z\"}").getString("providerEventId"));
            }
            List<Delivery> delivered = receiver.await("/both", d -> d.size() >= CHANGES, Duration.ofSeconds(60));
            Pause.sleep(Duration.ofSeconds(6));   // three more polls of each node: any second sending would show now
            delivered = receiver.received("/both");
            System.out.printf("[webhook-two-nodes] %d changes through two nodes, %d deliveries%n", CHANGES, delivered.size());
            assertEquals(CHANGES, delivered.size(), () -> "one delivery per change: " + receiver.received("/both"));
            assertEquals(CHANGES, delivered.stream().map(Delivery::id).distinct().count());
            Set<String> uids = delivered.stream().map(d -> Json.createReader(new StringReader(d.body())).readObject()
                    .getJsonObject("event").getString("uid")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(written, uids);
            List<JsonObject> listed = two.get("/api/v1/hosted-calendars/" + calendar + "/webhook/deliveries?limit=100",
                    bearer(apiKey)).dataArray().getValuesAs(JsonObject.class);
            assertEquals(List.of(), listed.stream().filter(d -> !"delivered".equals(d.getString("status")) || d.getInt("attempts") != 1)
                    .map(JsonObject::toString).toList(), "each delivered at its first attempt");
        }
    }

    private static StandaloneServer node(Path home, Path target, Path war, int n, int offset, String database, byte[] key)
            throws Exception {
        Path data = target.resolve("webhook-node-" + n + "-data");
        StandaloneServer.deleteTree(data);
        return StandaloneServer.prepare(home, target.resolve("webhook-node-" + n + "-server-base"), war,
                offset + StandaloneServer.SHIFT, Map.of(
                        "CALENDARPIPE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
                        "CALENDARPIPE_DB_USER", "postgres",
                        "CALENDARPIPE_DATA_DIR", data.toString(),
                        "CALENDARPIPE_SECRETS_KEY", Base64.getEncoder().encodeToString(key),
                        "CALENDARPIPE_SMTP_LISTEN", "off",
                        "CALENDARPIPE_WEBHOOK_ALLOW_HTTP", "true",
                        "CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE", "127.0.0.0/8",
                        "CALENDARPIPE_WEBHOOK_RETRY_DELAYS", "2,1"));
    }
}
