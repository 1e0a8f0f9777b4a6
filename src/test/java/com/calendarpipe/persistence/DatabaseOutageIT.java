package com.calendarpipe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.calendarpipe.testing.StandaloneServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The readiness probe follows the database: UP, DOWN while PostgreSQL refuses the application's
 * database (connections forbidden and the pool's connections terminated, as a failover or a
 * restart does), UP again when it accepts them, while liveness stays UP throughout (an outage
 * must take the node out of the load balancer, not restart it). Not an Arquillian test: the
 * server runs by itself (port offset 600: HTTP 8680, management 10590) on a throwaway PostgreSQL
 * database, with the JSON console log switched on, whose access lines are checked too. Skipped,
 * saying why, where no PostgreSQL answers on 127.0.0.1:5432.
 */
class DatabaseOutageIT {

    private static final int PORT_OFFSET = 600 + StandaloneServer.SHIFT;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readinessGoesDownWithTheDatabaseAndUpWhenItReturns() throws Exception {
        Optional<String> unavailable = TestDatabase.POSTGRESQL.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElse(""));
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        String name = "cp_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (TestDatabase.Throwaway database = TestDatabase.POSTGRESQL.create(name);
             StandaloneServer server = StandaloneServer.prepare(home, target.resolve("outage-server-base"), war,
                     PORT_OFFSET, Map.of(
                             "CALENDARPIPE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + name,
                             "CALENDARPIPE_DB_USER", "postgres",
                             "CALENDARPIPE_LOG_JSON", "INFO",
                             "CALENDARPIPE_LOG_TEXT", "OFF"))) {
            server.start(Duration.ofSeconds(180));
            assertEquals(200, ready().statusCode(), "ready once deployed");

            try (Connection admin = TestDatabase.postgres("postgres").getConnection()) {
                long t = System.nanoTime();
                execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                HttpResponse<String> down = await(Duration.ofSeconds(30), r -> r.statusCode() == 503);
                JsonObject check = databaseCheck(down.body());
                assertEquals("DOWN", check.getString("status"), down::body);
                assertTrue(check.getJsonObject("data").getString("error").startsWith("SQLState "), down::body);
                System.out.printf("readiness DOWN %.1f s after the database refused connections%n", seconds(t));
                HttpResponse<String> live = get("/health/live");
                assertEquals(200, live.statusCode(), () -> "liveness must not follow the database: " + live.body());

                t = System.nanoTime();
                execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                // the pool drops its dead connections at its next background validation (every 30 s)
                HttpResponse<String> up = await(Duration.ofSeconds(90), r -> r.statusCode() == 200);
                assertEquals("UP", databaseCheck(up.body()).getString("status"), up::body);
                System.out.printf("readiness UP again %.1f s after the database accepted connections%n", seconds(t));
            }

            // the JSON console: one object per line, the access line's text in "message"
            List<String> access = Files.readAllLines(server.console(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("access method=GET route=/api/v1/status")).toList();
            assertFalse(access.isEmpty(), "no access line for the start-up's status checks on the console");
            for (String line : access) {
                JsonObject record = Json.createReader(new StringReader(line)).readObject();
                assertTrue(record.getString("message").startsWith("access method=GET route=/api/v1/status status=200 ms="), line);
                assertEquals("com.calendarpipe.access", record.getString("loggerName"), line);
            }
        }
    }

    private static HttpResponse<String> await(Duration timeout, Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last;
        do {
            last = ready();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health/ready did not change within " + timeout + "; last: "
                + last.statusCode() + " " + last.body());
    }

    private static JsonObject databaseCheck(String body) {
        return Json.createReader(new StringReader(body)).readObject().getJsonArray("checks")
                .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").equals("database"))
                .findFirst().orElseThrow(() -> new AssertionError("no database check in " + body));
    }

    private static HttpResponse<String> ready() throws Exception {
        return get("/health/ready");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + (9990 + PORT_OFFSET) + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
