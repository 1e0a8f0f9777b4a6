package com.calendarpipe.persistence;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.StandaloneServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backup taken while writers write, restored and started on (issue 28), on the embedded H2 with
 * the server's own backup (the admin endpoint, and the schedule) and on PostgreSQL with the
 * README's recipe (pg_dump, skipped, saying why, where no PostgreSQL answers on 127.0.0.1:5432);
 * both restored with {@code src/backup/restore.sh} (the H2 one then made to look like a backup
 * of a release before the restores table, which the start must migrate forward first). Not an Arquillian test: the servers run by
 * themselves (port offset 900: HTTP 8980, management 10890), one after the other.
 *
 * <p>Before the backup: an account with keys (one revoked), a calendar with single events and
 * series with an override, by CalDAV and REST. Then four writers write while the backup is
 * taken, and go on after it; after it too, a sync token is taken, a key is revoked and another
 * made. The restored server must hold every object acknowledged before the backup began, each
 * byte for byte with its ETag, parsing; its calendar-query (which reads the index columns) must
 * find exactly the members PROPFIND lists (no object without its index, none the other way);
 * tokens from before the restore are refused with valid-sync-token, the ctag has moved past
 * every value shown before, and keys revoked before and after the backup (the latter replayed
 * from the revocation log) are refused, as is the key made after it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BackupRestoreIT {

    private static final int PORT_OFFSET = 900 + StandaloneServer.SHIFT;
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final int WRITERS = 4;
    private static final Path HOME = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
    private static final Path TARGET = HOME.getParent();
    private static final Path WAR = Path.of(System.getProperty("war.file", TARGET.resolve("ROOT.war").toString())).toAbsolutePath();
    private static final Path RESTORE = Path.of("src/backup/restore.sh").toAbsolutePath();

    /** How one kind of database is backed up and restored. */
    private interface Recipe {
        /** The environment of the server the backup is taken from. */
        Map<String, String> source();

        /** Takes a backup while the server serves; returns the backup file. */
        Path backUp(ApiClient api, ApiClient.Session admin) throws Exception;

        /** Checks once the server that was backed up has stopped. */
        default void stopped() throws IOException {
        }

        /** Hostile restores that must be refused, each leaving everything as it was. */
        void refusals(Path backup) throws Exception;

        /** Restores {@code backup} with the documented command; returns the restored server's environment. */
        Map<String, String> restore(Path backup) throws Exception;
    }

    @Test
    void embeddedH2() throws Exception {
        Path root = TARGET.resolve("backup-it");
        StandaloneServer.deleteTree(root);
        Path live = root.resolve("data");
        Path restored = root.resolve("restored-data");
        Path backups = root.resolve("backups");
        Path offsite = root.resolve("offsite");
        scenario(new Recipe() {
            @Override
            public Map<String, String> source() {
                Map<String, String> env = h2(live);
                env.put("CALENDARPIPE_BACKUP_DIR", backups.toString());
                env.put("CALENDARPIPE_BACKUP_EVERY", "1");   // the schedule: one backup a minute at most
                env.put("CALENDARPIPE_BACKUP_KEEP", "3");
                return env;
            }

            @Override
            public Path backUp(ApiClient api, ApiClient.Session admin) throws Exception {
                // the schedule (checked every 10 s, a backup when the newest is older than a second) backs up while they write
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (zips(backups).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertTrue(!zips(backups).isEmpty(), "no scheduled backup within 30 s");
                for (Path scheduled : zips(backups)) {
                    assertEquals(sha256(scheduled) + "  " + scheduled.getFileName() + "\n",
                            Files.readString(Path.of(scheduled + ".sha256")), "the checksum beside " + scheduled);
                }
                // and one on demand
                Reply made = api.send("POST", "/api/v1/admin/backups", null, admin.headers());
                assertEquals(201, made.status(), made::toString);
                Path file = backups.resolve(made.data().getString("name"));
                assertEquals(made.data().getString("sha256") + "  " + file.getFileName() + "\n",
                        Files.readString(Path.of(file + ".sha256")), "the checksum beside the backup");
                assertEquals(sha256(file), made.data().getString("sha256"));
                assertEquals(made.data().getJsonNumber("bytes").longValue(), Files.size(file));
                // taken off the server, as an operator would (the schedule goes on pruning the folder)
                Files.createDirectories(offsite);
                Files.copy(file, offsite.resolve(file.getFileName()));
                Files.copy(Path.of(file + ".sha256"), offsite.resolve(file.getFileName() + ".sha256"));
                return offsite.resolve(file.getFileName());
            }

            @Override
            public void stopped() throws IOException {
                try (var files = Files.list(backups)) {
                    List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
                    assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), () -> "a temporary file left: " + names);
                    assertTrue(zips(backups).size() <= 3, () -> "more backups than CALENDARPIPE_BACKUP_KEEP: " + names);
                    assertEquals(zips(backups).size() * 2, names.size(), () -> "each backup with its checksum: " + names);
                }
            }

            @Override
            public void refusals(Path backup) throws Exception {
                long size = Files.size(live.resolve("calendarpipe.mv.db"));
                assertRefused(run(RESTORE.toString(), backup.toString(), live.toString()), "is not empty");
                assertEquals(size, Files.size(live.resolve("calendarpipe.mv.db")), "the live folder untouched");

                Path damaged = offsite.resolve("damaged.zip");
                byte[] bytes = Files.readAllBytes(backup);
                bytes[bytes.length / 2] ^= 1;
                Files.write(damaged, bytes);
                Files.copy(Path.of(backup + ".sha256"), Path.of(damaged + ".sha256"));
                assertRefused(run(RESTORE.toString(), damaged.toString(), restored.toString()), "does not match its checksum");
                Files.delete(Path.of(damaged + ".sha256"));
                assertRefused(run(RESTORE.toString(), damaged.toString(), restored.toString()), "no checksum");

                Path notOurs = offsite.resolve("not-ours.zip");
                Files.write(notOurs, "PK not a backup".getBytes(StandardCharsets.US_ASCII));
                Files.writeString(Path.of(notOurs + ".sha256"), sha256(notOurs) + "  not-ours.zip\n");
                assertRefused(run(RESTORE.toString(), notOurs.toString(), restored.toString()), "not a backup of CalendarPipe");
                assertTrue(Files.notExists(restored), "nothing made by a refused restore");
            }

            @Override
            public Map<String, String> restore(Path backup) throws Exception {
                String out = ok(RESTORE.toString(), backup.toString(), restored.toString(),
                        "--revocations", live.resolve("revocations.log").toString());
                assertTrue(out.contains("restored into"), out);
                assertTrue(Files.isRegularFile(restored.resolve("restored-from")), "the marker the server reads");
                // as a release before V15 would have backed it up: the start must migrate it forward, then apply the restore
                try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + restored + "/calendarpipe", "sa", "sa");
                     Statement sql = db.createStatement()) {
                    sql.execute("DROP TABLE restores");
                    assertEquals(1, sql.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '15'"));
                }
                return h2(restored);
            }
        });
    }

    @Test
    void postgresqlWithTheReadmeRecipe() throws Exception {
        Optional<String> unavailable = TestDatabase.POSTGRESQL.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElse(""));
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String source = "cp_backup_src_" + run;
        String target = "cp_backup_dst_" + run;
        Path root = TARGET.resolve("backup-it-pg");
        StandaloneServer.deleteTree(root);
        Path live = root.resolve("data");
        Path restored = root.resolve("restored-data");
        Path dump = root.resolve("calendarpipe.dump");
        try (TestDatabase.Throwaway a = TestDatabase.POSTGRESQL.create(source);
             TestDatabase.Throwaway b = TestDatabase.POSTGRESQL.create(target)) {
            scenario(new Recipe() {
                @Override
                public Map<String, String> source() {
                    Map<String, String> env = postgres(source, live);
                    env.put("CALENDARPIPE_BACKUP_DIR", root.resolve("never").toString());
                    return env;
                }

                @Override
                public Path backUp(ApiClient api, ApiClient.Session admin) throws Exception {
                    Reply refused = api.send("POST", "/api/v1/admin/backups", null, admin.headers());
                    assertEquals(409, refused.status(), () -> "the server backs up only its embedded H2: " + refused);
                    assertTrue(refused.body().contains("not the embedded H2"), refused::toString);
                    // the README's recipe, word for word
                    ok("pg_dump", "-Fc", "-f", dump.toString(), libpq(source));
                    Files.writeString(Path.of(dump + ".sha256"), ok("sha256sum", dump.toString()));
                    return dump;
                }

                @Override
                public void refusals(Path backup) throws Exception {
                    assertRefused(run(RESTORE.toString(), "--postgres", libpq(source), backup.toString(), restored.toString()),
                            "refusing to restore over a database in use");
                }

                @Override
                public Map<String, String> restore(Path backup) throws Exception {
                    String out = ok(RESTORE.toString(), "--postgres", libpq(target), backup.toString(), restored.toString(),
                            "--revocations", live.resolve("revocations.log").toString());
                    assertTrue(out.contains("restored into"), out);
                    return postgres(target, restored);
                }
            });
        }
    }

    private static Map<String, String> h2(Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("CALENDARPIPE_DATA_DIR", data.toString());
        // named, so that CI's PostgreSQL pass (CALENDARPIPE_DB_URL in this JVM's environment) does not reach it
        env.put("CALENDARPIPE_DB_URL", "jdbc:h2:file:" + data + "/calendarpipe;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        env.put("CALENDARPIPE_DB_USER", "sa");
        env.put("CALENDARPIPE_DB_PASSWORD", "sa");
        return env;
    }

    private static Map<String, String> postgres(String database, Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("CALENDARPIPE_DATA_DIR", data.toString());
        env.put("CALENDARPIPE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("CALENDARPIPE_DB_USER", "postgres");
        return env;
    }

    private static String libpq(String database) {
        return "postgresql://postgres@127.0.0.1:5432/" + database;
    }

    /** An object written by CalDAV and acknowledged: its name, text, ETag, and when the answer came. */
    private record Written(String name, String text, String etag, long at) {
    }

    /** An event made by REST and acknowledged. */
    private record Posted(String id, long at) {
    }

    private void scenario(Recipe recipe) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Posted> posted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        Path backup;
        String accountEmail;
        String live;
        String revokedBefore;
        String revokedAfter;
        String madeAfter;
        String calendarId;
        String collection;
        String tokenBefore;
        String tokenAfter;
        long ctagAfter;
        long began;
        try (StandaloneServer server = StandaloneServer.prepare(HOME, TARGET.resolve("backup-server-base"), WAR,
                PORT_OFFSET, recipe.source())) {
            server.start(BOOT);
            ApiClient api = new ApiClient(server.url());
            ApiClient.Session admin = api.adminSession(server.console());
            ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail("backup"));
            accountEmail = account.email();
            ApiClient.Session session = api.signIn(account);
            live = api.createKey(session, "live");
            JsonObject before = key(api, session, "revoked before the backup");
            JsonObject after = key(api, session, "revoked after the backup");
            revokedBefore = before.getString("key");
            revokedAfter = after.getString("key");
            revoke(api, session, before.getString("id"));
            assertEquals(401, api.get("/api/v1/hosted-calendars", bearer(revokedBefore)).status());

            // the admin endpoint: never with a key, never for a non-admin
            assertEquals(403, api.send("POST", "/api/v1/admin/backups", null, bearer(live)).status(), "with an API key");
            assertEquals(403, api.send("POST", "/api/v1/admin/backups", null, session.headers()).status(), "not an admin");
            assertEquals(403, api.send("POST", "/api/v1/admin/backups", null,
                    bearer(api.createKey(admin, "an admin's key"))).status(), "an admin's API key");

            calendarId = api.createCalendar(live, "{\"name\":\"Backed up\",\"timezone\":\"UTC\"}").getString("id");
            collection = "/dav/calendars/" + account.id() + "/" + calendarId + "/";
            DavClient dav = new DavClient(api, account.email(), live);
            String path = collection;
            for (int i = 0; i < 10; i++) {
                String name = "single-" + i + ".ics";
                put(dav, path, name, fixture("simple.ics", "uid", runId + "-" + name, "start", "202605" + (10 + i) + "T100000Z",
                        "end", "202605" + (10 + i) + "T110000Z", "summary", "Single " + i), written, unexpected);
                String series = "series-" + i + ".ics";
                put(dav, path, series, series(runId + "-" + series, LocalDate.of(2026, 3, 2 + i)), written, unexpected);
                post(api, live, calendarId, "Before " + i, posted, unexpected);
            }
            Reply initial = dav.report(collection, fixture("sync.xml", "token", ""));
            assertEquals(207, initial.status(), initial::toString);
            tokenBefore = DavClient.syncToken(initial);

            // writers write while the backup is taken, and go on after it
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        if (i % 4 == 3) {
                            post(api, live, calendarId, "Writer " + writer + " " + i, posted, unexpected);
                        } else {
                            String name = "w" + writer + "-" + i + ".ics";
                            String day = String.format("%02d", i % 28 + 1);
                            put(dav, path, name, i % 2 == 0
                                    ? fixture("simple.ics", "uid", runId + "-" + name, "start", "202607" + day + "T100000Z",
                                            "end", "202607" + day + "T110000Z", "summary", "Writer " + writer + " " + i)
                                    : series(runId + "-" + name, LocalDate.of(2026, 7, i % 28 + 1)), written, unexpected);
                        }
                    }
                }));
            }
            Thread.sleep(1500);
            began = System.nanoTime();
            long t = System.nanoTime();
            backup = recipe.backUp(api, admin);
            say("backup %s (%d bytes) taken in %.2f s while %d writers wrote", backup.getFileName(), Files.size(backup),
                    seconds(t), WRITERS);
            Thread.sleep(1500);
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "the writers stopped");
            for (Future<?> f : running) {
                f.get();
            }
            assertEquals(List.of(), List.copyOf(unexpected), "answers a writer should never get");
            long acknowledgedBefore = written.stream().filter(w -> w.at() < began).count()
                    + posted.stream().filter(p -> p.at() < began).count();
            long acknowledgedAfter = written.size() + posted.size() - acknowledgedBefore;
            say("%d writes acknowledged before the backup began, %d after", acknowledgedBefore, acknowledgedAfter);
            assertTrue(acknowledgedAfter > 0, "the writers went on after the backup began");

            // after the backup: a token, the ctag, a revocation, a new key
            Reply later = dav.report(collection, fixture("sync.xml", "token", tokenBefore));
            assertEquals(207, later.status(), later::toString);
            tokenAfter = DavClient.syncToken(later);
            ctagAfter = calendar(api, live, calendarId).getJsonNumber("ctag").longValue();
            revoke(api, session, after.getString("id"));
            madeAfter = api.createKey(session, "made after the backup");
            assertEquals(200, api.get("/api/v1/hosted-calendars", bearer(madeAfter)).status());
        }

        recipe.stopped();
        recipe.refusals(backup);
        long t = System.nanoTime();
        Map<String, String> restoredEnvironment = recipe.restore(backup);
        say("restored in %.2f s", seconds(t));

        try (StandaloneServer server = StandaloneServer.prepare(HOME, TARGET.resolve("backup-restored-base"), WAR,
                PORT_OFFSET, restoredEnvironment)) {
            t = System.nanoTime();
            server.start(BOOT);
            say("the restored server started in %.1f s", seconds(t));
            assertTrue(Files.readString(server.console()).contains("Started on a restored backup"), "the start saw the restore");
            ApiClient api = new ApiClient(server.url());
            DavClient dav = new DavClient(api, accountEmail, live);

            // every object acknowledged before the backup began: there, byte for byte, parsing
            int checked = 0;
            for (Written w : written) {
                if (w.at() >= began) {
                    continue;
                }
                Reply got = dav.send("GET", collection + w.name(), null);
                assertEquals(200, got.status(), () -> w.name() + " acknowledged before the backup: " + got);
                assertEquals(w.text(), got.body(), w.name());
                assertEquals(w.etag(), got.header("ETag"), w.name());
                new CalendarBuilder().build(new StringReader(got.body()));
                checked++;
            }
            for (Posted p : posted) {
                if (p.at() < began) {
                    Reply got = api.get("/api/v1/events/" + p.id(), bearer(live));
                    assertEquals(200, got.status(), () -> "event " + p.id() + " acknowledged before the backup: " + got);
                    checked++;
                }
            }
            say("%d objects acknowledged before the backup began, every one there and parsing", checked);

            // internally consistent: the index finds exactly the members, each of which parses with its ETag
            Reply members = dav.propfind(collection, 1, fixture("propfind-objects.xml"));
            assertEquals(207, members.status(), members::toString);
            Map<String, String> etags = new HashMap<>();
            multistatus(members).forEach((href, r) -> {
                if (href.startsWith("/") && !href.equals(collection)) {
                    etags.put(href, r.text("{DAV:}getetag"));
                }
            });
            for (Map.Entry<String, String> member : etags.entrySet()) {
                Reply got = dav.send("GET", member.getKey(), null);
                assertEquals(200, got.status(), got::toString);
                assertEquals(member.getValue(), got.header("ETag"), member.getKey());
                new CalendarBuilder().build(new StringReader(got.body()));
            }
            Reply indexed = dav.report(collection, fixture("query-time-range.xml", "start", "20260101T000000Z",
                    "end", "20270101T000000Z"));
            assertEquals(207, indexed.status(), indexed::toString);
            Set<String> found = multistatus(indexed).keySet().stream().filter(h -> h.startsWith("/"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(etags.keySet()), found, "the members the time-range index finds are the members");

            // clients resync: tokens from before the restore are refused, the ctag has moved past every one shown
            for (String token : List.of(tokenAfter, tokenBefore)) {
                Reply refused = dav.report(collection, fixture("sync.xml", "token", token));
                assertEquals(403, refused.status(), () -> token + ": " + refused);
                assertEquals("{DAV:}valid-sync-token", DavClient.error(refused), refused::toString);
            }
            Reply fresh = dav.report(collection, fixture("sync.xml", "token", ""));
            assertEquals(207, fresh.status(), fresh::toString);
            assertEquals(etags.keySet(), multistatus(fresh).keySet().stream().filter(h -> h.startsWith("/") && !h.equals(collection))
                    .collect(Collectors.toSet()), "a full sync lists every member");
            assertNotEquals(tokenAfter, DavClient.syncToken(fresh));
            long ctag = calendar(api, live, calendarId).getJsonNumber("ctag").longValue();
            assertTrue(ctag > ctagAfter, () -> "the ctag moved forward: " + ctag + " after " + ctagAfter);

            // keys: revoked before, revoked after (replayed from the log), made after: all refused
            assertEquals(200, api.get("/api/v1/hosted-calendars", bearer(live)).status(), "the live key");
            assertEquals(401, api.get("/api/v1/hosted-calendars", bearer(revokedBefore)).status(), "revoked before the backup");
            assertEquals(401, api.get("/api/v1/hosted-calendars", bearer(revokedAfter)).status(),
                    "revoked after the backup, replayed from the revocation log");
            assertEquals(401, api.get("/api/v1/hosted-calendars", bearer(madeAfter)).status(), "made after the backup");

            // and the restored server goes on: a write, a sync from the new token
            Reply put = dav.put(collection + "after-restore.ics", fixture("simple.ics", "uid", runId + "-after-restore",
                    "start", "20260901T100000Z", "end", "20260901T110000Z", "summary", "After the restore"), "If-None-Match", "*");
            assertEquals(201, put.status(), put::toString);
            Reply next = dav.report(collection, fixture("sync.xml", "token", DavClient.syncToken(fresh)));
            assertEquals(207, next.status(), next::toString);
            assertEquals(Set.of(collection + "after-restore.ics"), multistatus(next).keySet().stream()
                    .filter(h -> h.startsWith("/")).collect(Collectors.toSet()));
        }
    }

    private static List<Path> zips(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("calendarpipe-.*\\.zip")).toList();
        }
    }

    /** A weekly series of four from {@code first}, its second instance moved: one object that must be restored whole. */
    private static String series(String uid, LocalDate first) {
        String day = first.format(DateTimeFormatter.BASIC_ISO_DATE);
        String moved = first.plusWeeks(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        return String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe tests//EN",
                "BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T000000Z", "DTSTART:" + day + "T090000Z",
                "DTEND:" + day + "T100000Z", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Weekly", "END:VEVENT",
                "BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T000000Z", "RECURRENCE-ID:" + moved + "T090000Z",
                "DTSTART:" + moved + "T110000Z", "DTEND:" + moved + "T120000Z", "SUMMARY:Weekly (moved)", "END:VEVENT",
                "END:VCALENDAR", "");
    }

    private static JsonObject key(ApiClient api, ApiClient.Session session, String name) {
        Reply made = api.send("POST", "/api/v1/api-keys", "{\"name\":\"" + name + "\"}", session.headers());
        assertEquals(201, made.status(), made::toString);
        return made.data();
    }

    private static void revoke(ApiClient api, ApiClient.Session session, String keyId) {
        Reply revoked = api.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers());
        assertEquals(204, revoked.status(), revoked::toString);
    }

    private static JsonObject calendar(ApiClient api, String key, String id) {
        Reply got = api.get("/api/v1/hosted-calendars/" + id, bearer(key));
        assertEquals(200, got.status(), got::toString);
        return got.data();
    }

    private static void put(DavClient dav, String collection, String name, String text, ConcurrentLinkedQueue<Written> written,
                            ConcurrentLinkedQueue<String> unexpected) {
        Reply reply = dav.put(collection + name, text, "If-None-Match", "*");
        long at = System.nanoTime();
        if (reply.status() == 201) {
            written.add(new Written(name, text, reply.header("ETag"), at));
        } else {
            unexpected.add("PUT " + name + ": " + reply);
        }
    }

    private static void post(ApiClient api, String key, String calendarId, String title, ConcurrentLinkedQueue<Posted> posted,
                             ConcurrentLinkedQueue<String> unexpected) {
        Reply reply = api.send("POST", "/api/v1/calendars/hosted:" + calendarId + "/events",
                "{\"title\":\"" + title + "\",\"start\":{\"dateTime\":\"2026-08-01T10:00:00Z\"},"
                        + "\"end\":{\"dateTime\":\"2026-08-01T11:00:00Z\"}}", bearer(key));
        long at = System.nanoTime();
        if (reply.status() == 201) {
            posted.add(new Posted(reply.data().getString("id"), at));
        } else {
            unexpected.add("POST " + title + ": " + reply);
        }
    }

    /** What a command did: its exit code and output (stdout and stderr). */
    private record Result(int exit, String out) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), () -> "still running: " + String.join(" ", command));
        return new Result(process.exitValue(), out);
    }

    /** The output of a command that must succeed. */
    private static String ok(String... command) throws IOException, InterruptedException {
        Result result = run(command);
        assertEquals(0, result.exit(), () -> String.join(" ", command) + " failed:\n" + result.out());
        return result.out();
    }

    private static void assertRefused(Result result, String why) {
        assertTrue(result.exit() != 0 && result.out().contains(why),
                () -> "expected a refusal saying \"" + why + "\", got exit " + result.exit() + ":\n" + result.out());
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void say(String format, Object... args) {
        System.out.printf("BackupRestoreIT: " + format + "%n", args);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
