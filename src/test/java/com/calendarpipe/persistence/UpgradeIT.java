package com.calendarpipe.persistence;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.StandaloneServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server started on a database the release before schema V9 made ({@link PreviousRelease}),
 * on H2 (a file, as the embedded default keeps it) and on PostgreSQL: before it serves, every
 * calendar has an address of its own, the events it organizes and the attendees' copies follow
 * it, the calendar whose old address went out (it carried the feed token) has a new feed token and
 * an audit event saying why, and a password hashed the old way is hashed anew at its next sign-in.
 * The server runs by itself (port offset 800: HTTP 8880, management 10790).
 */
class UpgradeIT {

    private static final int PORT_OFFSET = 800 + StandaloneServer.SHIFT;
    private static final String ADDRESS = "cal-[0-9a-f]{24}@" + PreviousRelease.MAIL_DOMAIN.replace(".", "\\.");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDatabaseOfTheReleaseBeforeV9IsUpgradedAtStart(TestDatabase database) throws Exception {
        database.unavailableReason().ifPresent(reason -> Assumptions.abort("Skipped: " + reason));
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        Path data = target.resolve("upgrade-data");
        StandaloneServer.deleteTree(data);
        String name = "cp_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        try (Database db = database == TestDatabase.H2 ? Database.h2(data) : Database.postgres(name)) {
            PreviousRelease.migrateToV8(db.dataSource());
            PreviousRelease before = PreviousRelease.write(db.dataSource());
            db.release();
            try (StandaloneServer server = StandaloneServer.prepare(home, target.resolve("upgrade-server-base"), war, PORT_OFFSET,
                    Map.of("CALENDARPIPE_DB_URL", db.url(), "CALENDARPIPE_DB_USER", db.user(), "CALENDARPIPE_DB_PASSWORD", db.user(),
                            "CALENDARPIPE_MAIL_DOMAIN", PreviousRelease.MAIL_DOMAIN))) {
                server.start(Duration.ofSeconds(180));
                ApiClient api = new ApiClient(server.url());
                checkTheCalendars(api, before);
                Reply signIn = api.send("POST", "/api/v1/session", "{\"email\":\"" + before.aliceEmail().toLowerCase()
                        + "\",\"password\":\"" + before.alicePassword() + "\"}");
                assertEquals(200, signIn.status(), "a password of the release before signs in: " + signIn);
            }
            try (Connection c = db.dataSource().getConnection()) {
                assertTrue(single(c, "SELECT password_hash FROM accounts WHERE id = ?", before.aliceId())
                        .startsWith("PBKDF2WithHmacSHA256:600000:"), "hashed anew at the sign-in, with today's iterations");
                assertTrue(single(c, "SELECT password_hash FROM accounts WHERE id = ?", before.bobId())
                        .startsWith("PBKDF2WithHmacSHA256:120000:"), "not before its own next sign-in");
                assertEquals("0", single(c, "SELECT COUNT(*) FROM accounts WHERE email_skeleton IS NULL AND id IN (?, ?)",
                        before.aliceId(), before.bobId()), "every account has its skeleton");
            }
        }
    }

    private static void checkTheCalendars(ApiClient api, PreviousRelease before) {
        Map<String, JsonObject> calendars = api.get("/api/v1/hosted-calendars", bearer(before.aliceKey())).dataArray()
                .getValuesAs(JsonObject.class).stream().collect(Collectors.toMap(c -> c.getString("id"), Function.identity()));
        JsonObject team = calendars.get(before.teamId());
        JsonObject quiet = calendars.get(before.quietId());
        assertTrue(team.getString("calendarEmail").matches(ADDRESS), team::toString);
        assertTrue(quiet.getString("calendarEmail").matches(ADDRESS), quiet::toString);
        assertNotEquals(before.teamToken(), team.getString("feedToken"), "its old address carried the token to every invitee");
        assertEquals(before.quietToken(), quiet.getString("feedToken"), "a token that never went out is kept");
        assertEquals(404, api.get("/feed/" + before.teamToken()).status());
        assertEquals(200, api.get("/feed/" + team.getString("feedToken")).status());
        assertEquals(200, api.get("/feed/" + before.quietToken()).status(), "its subscribers lose nothing");

        String address = team.getString("calendarEmail");
        assertEquals(address, organizerOf(api, before.aliceKey(), before.uid()), "the organizer's event follows the address");
        assertEquals(address, organizerOf(api, before.bobKey(), before.uid()), "and so does the attendee's copy");

        List<JsonObject> regenerated = api.get("/api/v1/audit-events?type=feed_token_regenerated", bearer(before.aliceKey()))
                .dataArray().getValuesAs(JsonObject.class);
        assertEquals(1, regenerated.size(), regenerated::toString);
        JsonObject details = regenerated.get(0).getJsonObject("details");
        assertEquals(before.teamId(), details.getString("calendarId"));
        assertEquals("address_moved", details.getString("reason"));
        assertEquals("server", details.getString("by"));
    }

    private static String organizerOf(ApiClient api, String key, String uid) {
        Reply events = api.get("/api/v1/events?limit=100", bearer(key));
        assertEquals(200, events.status(), events::toString);
        Optional<JsonObject> event = events.dataArray().getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("providerEventId").equals(uid)).findFirst();
        JsonValue organizer = event.orElseThrow(() -> new AssertionError("no event " + uid + " in " + events)).get("organizer");
        assertFalse(organizer == null || organizer == JsonValue.NULL, event::toString);
        return organizer.asJsonObject().getString("email");
    }

    private static String single(Connection c, String sql, String... arguments) throws Exception {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setString(i + 1, arguments[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** The database the server is started on: an H2 file (released before the server opens it) or a throwaway PostgreSQL one. */
    private interface Database extends AutoCloseable {
        DataSource dataSource();

        String url();

        String user();

        /** Lets go of the database before the server opens it (an H2 file allows one process at a time). */
        void release() throws Exception;

        @Override
        void close();

        static Database h2(Path folder) {
            String url = "jdbc:h2:file:" + folder.toAbsolutePath() + "/calendarpipe;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser("sa");
            h2.setPassword("sa");
            return new Database() {
                public DataSource dataSource() {
                    return h2;
                }

                public String url() {
                    return url;
                }

                public String user() {
                    return "sa";
                }

                public void release() throws Exception {
                    try (Connection c = h2.getConnection(); PreparedStatement shutdown = c.prepareStatement("SHUTDOWN")) {
                        shutdown.execute();
                    }
                }

                public void close() {
                }
            };
        }

        static Database postgres(String name) throws Exception {
            TestDatabase.Throwaway throwaway = TestDatabase.POSTGRESQL.create(name);
            return new Database() {
                public DataSource dataSource() {
                    return throwaway.dataSource();
                }

                public String url() {
                    return "jdbc:postgresql://127.0.0.1:5432/" + name;
                }

                public String user() {
                    return "postgres";
                }

                public void release() {
                }

                public void close() {
                    throwaway.close();
                }
            };
        }
    }
}
