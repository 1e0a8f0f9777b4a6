package com.calendarpipe.persistence;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.StandaloneServer;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 201 or 204 means the write survives a crash of the server process (issue 10). Not an
 * Arquillian test: it runs the provisioned server itself (port offset 300: HTTP 8380, management
 * 10290, beside Arquillian's 8180) on its own copy of the configuration
 * ({@code target/crash-server-base}) and its own data directory ({@code target/crash-data}), and
 * on the database the environment names (CALENDARPIPE_DB_URL, _USER, _PASSWORD reach the server
 * because it inherits this JVM's environment: CI's PostgreSQL pass), else the embedded H2 default.
 * A process kill is what it tests; a power loss or a kernel crash it cannot.
 *
 * <p>Eight writers change one hosted calendar for five seconds (CalDAV PUT of new objects and
 * overwrites, CalDAV DELETE, REST POST of events) while the test records every answer; then the
 * server's JVM gets SIGKILL with writes in flight, the same server starts again, and every
 * acknowledged write must be there. What the test prints is the measurement: writes
 * acknowledged, writes in flight at the kill, writes lost.
 *
 * <p><b>The rule for "at its last acknowledged state".</b> Each CalDAV name belongs to one writer,
 * which waits for each answer before its next request, so the writes to one name happen one
 * after another and their order is known (the writers still interleave in the database: they
 * all write the same calendar). A write is <i>acknowledged</i> when a 2xx answer arrived; a
 * write without one (in flight at the kill, or answered with a 5xx, which is reported) <i>may or
 * may not</i> have committed, and its writer leaves that name alone from then on, so at most one
 * such write follows the name's last acknowledged one. After the restart each name must be in the state of
 * its last acknowledged write (its exact text, which the server keeps byte for byte, with the
 * ETag that write answered; or absent after a DELETE), or in the state its one unanswered
 * write would have made. Anything else is a loss: an earlier acknowledged state means the later
 * acknowledged writes were rolled back (each counted as lost), and a state no write ever made
 * is corruption. A 4xx answer is a write that did not happen (none is expected: the test fails
 * on it). A REST POST acknowledged with its event's id must answer 200 on GET; an unanswered
 * one may or may not have made its event, which is then recognized by its unique title.
 *
 * <p>Beyond the objects: every member of the collection GETs as parseable iCalendar with the
 * ETag PROPFIND reports, nothing unknown is in it, and a sync-collection REPORT from a token
 * taken before the load reports exactly the changes the final state implies: every present
 * member whose text differs from what it was at the token (and none other, with its current
 * ETag), a 404 for every member at the token that is gone, and 404s only for names that are gone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashIT {

    private static final int PORT_OFFSET = 300 + StandaloneServer.SHIFT;
    private static final int WRITERS = 8;
    /** Objects each writer makes before the token, so that overwrites and deletes have targets from the start. */
    private static final int NAMES_BEFORE_TOKEN = 5;
    private static final Duration LOAD = Duration.ofSeconds(5);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private static StandaloneServer server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The kinds of write, with the answer each must get. */
    private enum Kind {
        PUT_NEW(201), PUT_OVERWRITE(204), DELETE(204), POST(201);

        final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    /** One state of a CalDAV object: its text and ETag, or absent (text null). */
    private record State(String text, String etag) {
        static final State ABSENT = new State(null, null);

        boolean present() {
            return text != null;
        }
    }

    /** A CalDAV object name and what was done to it: by one writer only, one write after another. */
    private static final class Name {
        final String name;
        final String uid;
        /** The state after each acknowledged write, oldest first; index 0 is before the first write. */
        final List<State> acknowledged = new ArrayList<>(List.of(State.ABSENT));
        /** The kind of the write that made each state of {@link #acknowledged} (null for index 0). */
        final List<Kind> kinds = new ArrayList<>(java.util.Collections.singletonList(null));
        /** The index in {@link #acknowledged} of the state the pre-load token saw. */
        int atToken;
        /** The state a write that got no answer would have made (then the name is left alone), or null. */
        State unanswered;

        Name(String name, String uid) {
            this.name = name;
            this.uid = uid;
        }

        State last() {
            return acknowledged.get(acknowledged.size() - 1);
        }

        void acknowledge(Kind kind, State state) {
            acknowledged.add(state);
            kinds.add(kind);
        }
    }

    private record Posted(String id, String title) {
    }

    // shared by the writers
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean killing;
    private volatile boolean stop;
    /** Answers that show a bug of this test or a broken server: a 4xx, or a connection lost before the kill. */
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    /** 5xx answers before the kill (a lock timeout on a very busy machine, say): uncertain writes, reported, not failed. */
    private final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private ApiClient api;
    private DavClient dav;
    private String key;
    private String calendarId;
    private String collection;

    @Test
    void everyAcknowledgedWriteSurvivesAKillOfTheServer() throws Exception {
        long began = System.nanoTime();
        Path home = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
        Path target = home.getParent();
        Path war = Path.of(System.getProperty("war.file", target.resolve("ROOT.war").toString())).toAbsolutePath();
        Path data = target.resolve("crash-data");
        StandaloneServer.deleteTree(data);
        String database = System.getenv("CALENDARPIPE_DB_URL") != null
                ? System.getenv("CALENDARPIPE_DB_URL") : "embedded H2 (the default URL) in " + data;
        server = StandaloneServer.prepare(home, target.resolve("crash-server-base"), war, PORT_OFFSET,
                Map.of("CALENDARPIPE_DATA_DIR", data.toString()));
        try {
            long t = System.nanoTime();
            server.start(BOOT_TIMEOUT);
            say("database: %s; server up on %s in %.1f s", database, server.url(), seconds(t));

            // an account, a key, a calendar, and each writer's first objects; then the token
            api = new ApiClient(server.url());
            ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail("crash"));
            key = api.createKey(api.signIn(account), "crash test");
            var calendar = api.createCalendar(key, "{\"name\":\"Crash\",\"timezone\":\"UTC\"}");
            calendarId = calendar.getString("id");
            collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
            dav = new DavClient(api, account.email(), key);
            List<Writer> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer(w);
                for (int i = 0; i < NAMES_BEFORE_TOKEN; i++) {
                    writer.create();
                }
                writers.add(writer);
            }
            assertTrue(unexpected.isEmpty() && serverErrors.isEmpty(), () -> "setting up: " + unexpected + serverErrors);
            writers.forEach(wr -> wr.names.forEach(n -> n.atToken = n.acknowledged.size() - 1));
            Reply initial = dav.report(collection, fixture("sync.xml", "token", ""));
            assertEquals(207, initial.status(), initial::toString);
            String token = DavClient.syncToken(initial);

            // the load, and the kill while it runs
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            long loadStart = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            writers.forEach(wr -> running.add(pool.submit(wr)));
            Thread.sleep(LOAD.toMillis());
            long waitForFlight = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (inFlight.get() < WRITERS / 2 && System.nanoTime() < waitForFlight) {
                LockSupport.parkNanos(100_000);
            }
            int inFlightAtKill = inFlight.get();
            killing = true;
            long pid = server.crash();
            double loadSeconds = seconds(loadStart);
            stop = true;
            pool.shutdown();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                fail("The writers did not stop within 60 s of the kill");
            }
            for (Future<?> f : running) {
                f.get();   // a writer's own failure (a bug of this test) surfaces here
            }

            Map<Kind, Integer> acknowledged = new EnumMap<>(Kind.class);
            int unansweredWrites = 0;
            for (Writer wr : writers) {
                wr.acknowledgedInLoad.forEach((k, n) -> acknowledged.merge(k, n, Integer::sum));
                unansweredWrites += wr.unansweredInLoad;
            }
            int acknowledgedTotal = acknowledged.values().stream().mapToInt(Integer::intValue).sum();
            if (!serverErrors.isEmpty()) {
                say("WARNING: %d writes answered 5xx before the kill (taken as may-or-may-not-have-happened); the first: %s",
                        serverErrors.size(), serverErrors.peek());
            }
            say("load: %d writers for %.1f s, %d writes acknowledged %s, %d unanswered; SIGKILL of the server JVM (pid %d)"
                            + " with %d writes in flight", WRITERS, loadSeconds, acknowledgedTotal, acknowledged,
                    unansweredWrites, pid, inFlightAtKill);

            t = System.nanoTime();
            server.start(BOOT_TIMEOUT);
            say("restarted on the same data in %.1f s", seconds(t));

            t = System.nanoTime();
            Verdict verdict = verify(writers, token);
            say("verified in %.1f s: %d members of the collection, each parsed; %d REST events; sync-collection from the"
                            + " pre-load token: %d changes; %d unanswered writes had committed",
                    seconds(t), verdict.members, verdict.events, verdict.syncChanges, verdict.unansweredCommitted);
            int lostTotal = verdict.lost.values().stream().mapToInt(Integer::intValue).sum();
            say("LOST: %d of %d acknowledged writes (%.1f %%) %s; other problems: %d; total %.1f s",
                    lostTotal, acknowledgedTotal, acknowledgedTotal == 0 ? 0.0 : 100.0 * lostTotal / acknowledgedTotal,
                    verdict.lost, verdict.problems.size() - verdict.lostItems, seconds(began));

            assertTrue(unexpected.isEmpty(), () -> "Answers the load should never get (before the kill):\n"
                    + String.join("\n", first(List.copyOf(unexpected), 20)));
            assertTrue(acknowledgedTotal >= 20, "Too few acknowledged writes to say anything: " + acknowledgedTotal);
            assertEquals(List.of(), first(verdict.problems, 40), () -> lostTotal + " of " + acknowledgedTotal
                    + " acknowledged writes lost, " + verdict.problems.size() + " problems after the crash (first 40 shown)");
        } finally {
            server.close();
        }
    }

    /** One writer: its own names, and a loop of random writes until told to stop. */
    private final class Writer implements Runnable {
        final int number;
        final Random random;
        final List<Name> names = new ArrayList<>();
        final List<Name> live = new ArrayList<>();
        final List<Posted> posted = new ArrayList<>();
        final Set<String> unansweredPosts = new HashSet<>();
        final Map<Kind, Integer> acknowledgedInLoad = new EnumMap<>(Kind.class);
        int unansweredInLoad;
        int sequence;
        boolean loading;
        /** Set when a request found the server gone: this writer's part is over. */
        boolean serverGone;

        Writer(int number) {
            this.number = number;
            this.random = new Random(run.hashCode() * 31L + number);
        }

        @Override
        public void run() {
            loading = true;
            while (!stop && !serverGone) {
                double r = random.nextDouble();
                if (live.isEmpty() || r < 0.30) {
                    create();
                } else if (r < 0.60) {
                    overwrite(live.get(random.nextInt(live.size())));
                } else if (r < 0.75) {
                    delete(live.get(random.nextInt(live.size())));
                } else {
                    post();
                }
            }
        }

        void create() {
            String name = "w" + number + "-" + (++sequence) + ".ics";
            Name n = new Name(name, "crash-" + run + "-" + name);
            names.add(n);
            String text = text(n);
            write(n, Kind.PUT_NEW, text, () -> dav.put(collection + name, text, "If-None-Match", "*"));
        }

        void overwrite(Name n) {
            String text = text(n);
            write(n, Kind.PUT_OVERWRITE, text, () -> dav.put(collection + n.name, text));
        }

        void delete(Name n) {
            write(n, Kind.DELETE, null, () -> dav.send("DELETE", collection + n.name, null));
        }

        /** A new text for the name: same UID, a SUMMARY no other write uses. */
        String text(Name n) {
            String day = String.format("%02d", random.nextInt(28) + 1);
            return fixture("simple.ics", "uid", n.uid, "start", "202605" + day + "T100000Z", "end", "202605" + day + "T110000Z",
                    "summary", "w" + number + " write " + (++sequence));
        }

        void write(Name n, Kind kind, String text, Supplier<Reply> request) {
            Reply reply = send(request);
            if (reply != null && reply.status() == kind.status) {
                State state = text == null ? State.ABSENT : new State(text, reply.header("ETag"));
                n.acknowledge(kind, state);
                if (state.present()) {
                    if (!live.contains(n)) {
                        live.add(n);
                    }
                } else {
                    live.remove(n);
                }
                count(kind);
            } else if (reply != null && reply.status() / 100 == 4) {
                unexpectedAnswer(kind + " " + n.name, reply);   // did not happen; the name keeps its state
            } else {
                // no answer, or a 5xx: it may or may not have happened; leave the name alone from now on
                n.unanswered = text == null ? State.ABSENT : new State(text, null);
                live.remove(n);
                unanswered(kind + " " + n.name, reply);
            }
        }

        void post() {
            String title = "crash " + run + " w" + number + " post " + (++sequence);
            String day = String.format("%02d", random.nextInt(28) + 1);
            Reply reply = send(() -> api.send("POST", "/api/v1/calendars/hosted:" + calendarId + "/events",
                    "{\"title\":\"" + title + "\",\"start_at\":\"2026-06-" + day + "T10:00:00Z\"}", bearer(key)));
            if (reply != null && reply.status() == Kind.POST.status) {
                posted.add(new Posted(reply.data().getString("id"), title));
                count(Kind.POST);
            } else if (reply != null && reply.status() / 100 == 4) {
                unexpectedAnswer("POST " + title, reply);
            } else {
                unansweredPosts.add(title);
                unanswered("POST " + title, reply);
            }
        }

        private Reply send(Supplier<Reply> request) {
            inFlight.incrementAndGet();
            try {
                return request.get();
            } catch (RuntimeException e) {   // the connection died (the kill), or a timeout
                if (killing) {
                    serverGone = true;
                } else {
                    unexpected.add("no answer before the kill: " + e);
                }
                return null;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private void count(Kind kind) {
            if (loading) {
                acknowledgedInLoad.merge(kind, 1, Integer::sum);
            }
        }

        private void unexpectedAnswer(String what, Reply reply) {
            unexpected.add(what + ": " + reply.status() + " " + reply.body());
        }

        private void unanswered(String what, Reply reply) {
            if (loading) {
                unansweredInLoad++;
            }
            if (reply != null) {
                serverErrors.add(what + ": " + reply.status() + " " + reply.body());
            }
        }
    }

    private static final class Verdict {
        final List<String> problems = new ArrayList<>();
        final Map<Kind, Integer> lost = new EnumMap<>(Kind.class);
        int lostItems;
        int members;
        int events;
        int syncChanges;
        int unansweredCommitted;

        void lose(Kind kind, int writes, String problem) {
            lost.merge(kind, writes, Integer::sum);
            lostItems++;
            problems.add(problem);
        }
    }

    private Verdict verify(List<Writer> writers, String token) throws InterruptedException {
        Verdict v = new Verdict();
        // the test's HTTP client may still hold connections to the killed JVM: the first calls fail and drop them
        for (int i = 0; i < 5; i++) {
            try {
                api.get("/api/v1/status");
                break;
            } catch (java.io.UncheckedIOException e) {
                Thread.sleep(200);
            }
        }

        // the collection as it is now: every member GETs, with PROPFIND's ETag, as parseable iCalendar
        Map<String, State> now = new LinkedHashMap<>();
        for (DavClient.Resource r : multistatus(dav.propfind(collection, 1, fixture("propfind-objects.xml"))).values()) {
            if (r.href().equals(collection)) {
                continue;
            }
            String name = r.href().substring(collection.length());
            Reply got = dav.send("GET", r.href(), null);
            if (got.status() != 200) {
                v.problems.add(name + ": listed by PROPFIND, but GET answers " + got.status());
                continue;
            }
            if (!Objects.equals(got.header("ETag"), r.text("{DAV:}getetag"))) {
                v.problems.add(name + ": GET's ETag " + got.header("ETag") + " is not PROPFIND's " + r.text("{DAV:}getetag"));
            }
            try {
                if (new CalendarBuilder().build(new StringReader(got.body())).getComponents().isEmpty()) {
                    v.problems.add(name + ": an iCalendar object without components:\n" + got.body());
                }
            } catch (Exception e) {
                v.problems.add(name + ": not parseable iCalendar (" + e.getMessage() + "):\n" + got.body());
            }
            now.put(name, new State(got.body(), got.header("ETag")));
        }
        v.members = now.size();

        // each CalDAV name at its last acknowledged state, or at the state of its one unanswered write
        Map<String, Name> tracked = new HashMap<>();
        for (Writer w : writers) {
            for (Name n : w.names) {
                tracked.put(n.name, n);
                State is = now.getOrDefault(n.name, State.ABSENT);
                State last = n.last();
                if (same(is, last)) {
                    continue;
                }
                if (n.unanswered != null && Objects.equals(is.text(), n.unanswered.text())) {
                    v.unansweredCommitted++;
                    continue;
                }
                int writes = n.acknowledged.size() - 1;
                Kind kind = writes > 0 ? n.kinds.get(writes) : Kind.PUT_NEW;
                int at = -1;   // the latest acknowledged state with the text found
                for (int i = writes; i >= 0 && at < 0; i--) {
                    if (Objects.equals(n.acknowledged.get(i).text(), is.text())) {
                        at = i;
                    }
                }
                if (at == writes) {
                    v.problems.add(n.name + ": the text of its last acknowledged write, but with ETag " + is.etag()
                            + " where that write answered " + last.etag());
                } else if (at >= 0) {
                    int lostWrites = writes - at;
                    v.lose(kind, lostWrites, n.name + ": " + describe(is) + ", the state after acknowledged write " + at
                            + " of " + writes + ": the last " + lostWrites + " " + n.kinds.subList(at + 1, writes + 1) + " lost");
                } else {
                    v.lose(kind, 1, n.name + ": " + describe(is) + ", a state no write of it made; last acknowledged: "
                            + kind + ", " + describe(last));
                }
            }
        }

        // REST events: each acknowledged one answers 200; members nobody wrote are unanswered POSTs that committed
        Map<String, Posted> posted = new HashMap<>();
        Set<String> unansweredPosts = new HashSet<>();
        for (Writer w : writers) {
            w.posted.forEach(p -> posted.put(p.id() + ".ics", p));
            unansweredPosts.addAll(w.unansweredPosts);
        }
        for (Posted p : posted.values()) {
            Reply got = api.get("/api/v1/events/" + p.id(), bearer(key));
            if (got.status() != 200 || !p.title().equals(got.data().getString("title"))) {
                v.lose(Kind.POST, 1, "REST event " + p.id() + " (" + p.title() + "): GET answers " + got.status());
            } else {
                v.events++;
            }
        }
        for (String name : now.keySet()) {
            if (tracked.containsKey(name) || posted.containsKey(name)) {
                continue;
            }
            String text = now.get(name).text();
            if (unansweredPosts.stream().anyMatch(title -> text.contains("SUMMARY:" + title + "\r\n"))) {
                v.unansweredCommitted++;
            } else {
                v.problems.add(name + ": a member no write of this test made:\n" + text);
            }
        }

        // sync-collection from the pre-load token: exactly the changes the final state implies
        Reply sync = dav.report(collection, fixture("sync.xml", "token", token));
        if (sync.status() != 207) {
            v.problems.add("sync-collection from the pre-load token " + token + " answers " + sync.status() + " " + sync.body());
            return v;
        }
        Map<String, String> reportedWritten = new HashMap<>();
        Set<String> reportedGone = new HashSet<>();
        for (DavClient.Resource r : multistatus(sync).values()) {
            String name = r.href().substring(collection.length());
            if (r.status() == 404) {
                reportedGone.add(name);
            } else {
                reportedWritten.put(name, r.text("{DAV:}getetag"));
            }
        }
        v.syncChanges = reportedWritten.size() + reportedGone.size();
        Map<String, String> expectedWritten = new HashMap<>();
        now.forEach((name, state) -> {
            Name n = tracked.get(name);
            String atToken = n == null ? null : n.acknowledged.get(n.atToken).text();
            if (!state.text().equals(atToken)) {
                expectedWritten.put(name, state.etag());
            }
        });
        expectedWritten.forEach((name, etag) -> {
            if (!reportedWritten.containsKey(name)) {
                v.problems.add("sync-collection: " + name + " changed since the token but is not reported");
            } else if (!Objects.equals(etag, reportedWritten.get(name))) {
                v.problems.add("sync-collection: " + name + " reported with ETag " + reportedWritten.get(name) + ", but it is " + etag);
            }
        });
        reportedWritten.keySet().stream().filter(name -> !expectedWritten.containsKey(name))
                .forEach(name -> v.problems.add("sync-collection: " + name + " reported as written, but "
                        + (now.containsKey(name) ? "it is as it was at the token" : "it does not exist")));
        for (Name n : tracked.values()) {
            if (n.acknowledged.get(n.atToken).present() && !now.containsKey(n.name) && !reportedGone.contains(n.name)) {
                v.problems.add("sync-collection: " + n.name + " existed at the token and is gone, but no 404 reports it");
            }
        }
        reportedGone.stream().filter(name -> now.containsKey(name) || !tracked.containsKey(name))
                .forEach(name -> v.problems.add("sync-collection: a 404 for " + name + ", which "
                        + (now.containsKey(name) ? "exists" : "this test never wrote")));
        return v;
    }

    private static boolean same(State a, State b) {
        return a.present() == b.present()
                && (!a.present() || a.text().equals(b.text()) && Objects.equals(a.etag(), b.etag()));
    }

    private static String describe(State s) {
        if (!s.present()) {
            return "absent";
        }
        String summary = s.text().lines().filter(l -> l.startsWith("SUMMARY:")).findFirst().orElse("no SUMMARY");
        return "present (" + summary + ", ETag " + s.etag() + ")";
    }

    private static <T> List<T> first(List<T> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("[CrashIT] " + String.format(java.util.Locale.ROOT, format, args));
    }
}
