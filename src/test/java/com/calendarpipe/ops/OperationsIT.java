package com.calendarpipe.ops;

import static com.calendarpipe.testing.ApiClient.basic;
import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * What an operator's tools see: the probes and /metrics on the management interface only, the
 * metrics as strict Prometheus text that moves with the traffic, and one access-log line per
 * request with a route template and no secret.
 */
class OperationsIT extends ClientIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ArquillianResource
    ManagementClient management;

    @Test
    void probesAnswerOnTheManagementInterfaceAndReadinessChecksTheDatabase() throws Exception {
        HttpResponse<String> ready = managementGet("/health/ready");
        assertEquals(200, ready.statusCode(), ready::body);
        JsonObject body = Json.createReader(new StringReader(ready.body())).readObject();
        assertEquals("UP", body.getString("status"), ready::body);
        JsonObject database = body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("database")).findFirst()
                .orElseThrow(() -> new AssertionError("no database check in " + ready.body()));
        assertEquals("UP", database.getString("status"));
        assertFalse(database.getJsonObject("data").getString("schema").isBlank(), "the migrated schema version");

        HttpResponse<String> live = managementGet("/health/live");
        assertEquals(200, live.statusCode(), live::body);
        assertTrue(live.body().contains("\"status\":\"UP\""), live::body);

        for (String path : List.of("/health/ready", "/health/live", "/health", "/metrics")) {
            assertEquals(404, api().get(path).status(), path + " must not be served on the public port");
        }
    }

    /**
     * Every operation the API reference lists, asked once (with a throwaway key and made-up ids):
     * each is timed under its own route template, and none under {@code /api/v1/{unmatched}}.
     */
    @Test
    void everyDocumentedOperationIsNamedByItsTemplateInTheMetrics() throws Exception {
        ApiClient api = api();
        String key = api.newKey();
        JsonObject paths = Json.createReader(new StringReader(api.get("/api/v1/openapi.json").body())).readObject()
                .getJsonObject("paths");
        Set<String> asked = new TreeSet<>();
        paths.forEach((template, item) -> item.asJsonObject().keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m)).forEach(method -> {
                    String path = template.replaceAll("\\{[^}]+}", "x1");
                    api.send(method.toUpperCase(Locale.ROOT), path, method.equals("get") || method.equals("delete") ? null : "{}",
                            bearer(key));
                    asked.add(template);
                }));
        PrometheusText metrics = scrape();
        Set<String> timed = metrics.samples().stream()
                .filter(s -> s.name().equals("calendarpipe_requests_seconds_count") && "rest".equals(s.labels().get("channel")))
                .map(s -> s.labels().get("route")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(timed.containsAll(asked), () -> "not timed by their templates: " + asked.stream().filter(t -> !timed.contains(t)).toList());
        assertFalse(timed.contains("/api/v1/{unmatched}"), () -> "an operation fell to {unmatched}: " + timed);
    }

    @Test
    void metricsAreStrictPrometheusTextAndCountEveryOutcome() throws Exception {
        ApiClient api = api();
        PrometheusText before = scrape();

        ApiClient.TestAccount owner = api.signUp();
        ApiClient.Session session = api.signIn(owner);
        String key = api.createKey(session, "metrics");
        assertEquals(200, api.get("/api/v1/account", bearer(key)).status());
        assertEquals(200, api.get("/api/v1/account", bearer(key)).status());   // the second from memory
        assertEquals(401, api.get("/api/v1/account", bearer(KeyFormat.generate())).status());
        assertEquals(401, api.get("/api/v1/account", bearer("not-a-key")).status());
        assertEquals(401, api.get("/api/v1/account", "Authorization", "Token abc").status());
        assertEquals(401, api.send("PROPFIND", "/dav/", null, basic("someone-else@example.com", key)).status());

        String revoked = api.createKey(session, "revoked");
        String revokedId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + revokedId, null, session.headers()).status());
        assertEquals(401, api.get("/api/v1/account", bearer(revoked)).status());

        ApiClient.TestAccount free = api.signUp();
        String freeKey = api.createKey(api.signIn(free), "free");
        assertEquals(200, api.send("PATCH", "/api/v1/admin/accounts/" + free.id(), "{\"plan\":\"FREE\"}",
                api.adminSession().headers()).status());
        assertEquals(402, api.get("/api/v1/account", bearer(freeKey)).status());

        FromAddress guesser = FromAddress.fresh(base);
        try (ServerSettings limit = ServerSettings.set(management, "throttle-address-failures", "2")) {
            for (int i = 0; i < 2; i++) {
                assertEquals(401, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());
            }
            assertEquals(429, guesser.get("/api/v1/account", bearer(KeyFormat.generate())).status());
        }

        // CalDAV (a PROPFIND and a REPORT), the feed, and a listing refused for its recurrence budget
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Metrics\"}");
        String collection = "/dav/calendars/" + owner.id() + "/" + calendar.getString("id") + "/";
        DavClient dav = new DavClient(api, owner.email(), key);
        assertEquals(207, dav.propfind("/dav/", 0, null).status());
        Reply report = dav.report(collection, fixture("query-time-range.xml", "start", "20260101T000000Z", "end", "20270101T000000Z"));
        assertEquals(207, report.status(), report::toString);
        assertEquals(200, api.get("/feed/" + calendar.getString("feedToken") + ".ics").status());
        String calendarId = calendar.getString("id");
        api.createEvent(key, calendarId,
                "{\"title\":\"Every minute\",\"start\":{\"dateTime\":\"2026-03-01T09:00:00Z\"},\"recurrence\":[\"RRULE:FREQ=MINUTELY\"]}");
        Reply costly = api.get("/api/v1/calendars/hosted:" + calendarId + "/events?start=2026-03-01T00:00:00Z&end=2027-03-01T00:00:00Z&expand=true",
                bearer(key));
        assertEquals(422, costly.status(), costly::toString);
        assertEquals(201, dav.put(collection + "every-second.ics", fixture("recurring.ics", "uid", "every-second-" + calendarId,
                "start", "19700101T000000Z", "rule", "RRULE:FREQ=SECONDLY")).status());
        Reply expand = dav.report(collection, fixture("query-expand-range.xml", "start", "19700101T000000Z", "end", "21000101T000000Z"));
        assertEquals(403, expand.status(), expand::toString);

        PrometheusText after = scrape();
        // unknown keys: the forged one, and the guesser's two before its 429
        Map<String, Double> expected = Map.of("unknown_key", 3.0, "bad_format", 2.0, "wrong_user", 1.0,
                "revoked", 1.0, "free_plan", 1.0, "throttled", 1.0);
        expected.forEach((outcome, delta) -> assertEquals(delta,
                delta(before, after, "calendarpipe_auth_total", Map.of("outcome", outcome)), "auth outcome " + outcome));
        assertTrue(delta(before, after, "calendarpipe_auth_total", Map.of("outcome", "ok")) >= 7, "successful authentications");
        assertTrue(delta(before, after, "calendarpipe_key_cache_lookups_total", Map.of("result", "hit")) >= 1, "cache hits");
        assertTrue(delta(before, after, "calendarpipe_key_cache_lookups_total", Map.of("result", "miss")) >= 3, "cache misses");
        assertEquals(1.0, delta(before, after, "calendarpipe_recurrence_budget_refusals_total", Map.of("channel", "rest")));
        assertEquals(1.0, delta(before, after, "calendarpipe_recurrence_budget_refusals_total", Map.of("channel", "caldav")));

        assertTrue(delta(before, after, "calendarpipe_requests_seconds_count", Map.of("channel", "rest", "method", "GET",
                "route", "/api/v1/account", "status", "200")) >= 2, "timed per route template");
        assertTrue(delta(before, after, "calendarpipe_requests_seconds_count", Map.of("channel", "rest",
                "route", "/api/v1/account", "status", "401")) >= 5, "refused requests are timed too");
        assertEquals(1.0, delta(before, after, "calendarpipe_requests_seconds_count", Map.of("channel", "caldav",
                "method", "REPORT calendar-query", "route", "/dav/calendars/{account}/{collection}/", "status", "207")));
        assertEquals(1.0, delta(before, after, "calendarpipe_requests_seconds_count", Map.of("channel", "feed",
                "route", "/feed/{feedToken}", "status", "200")));
        assertLatencyHistogram(after, Map.of("channel", "rest", "method", "GET", "route", "/api/v1/account", "status", "200"));
        assertTrue(after.types().keySet().stream().anyMatch(name -> name.contains("datasources")
                && after.samples().stream().anyMatch(s -> s.name().startsWith(name) && s.labels().containsValue("CalendarPipeDS"))),
                "the datasource pool's statistics");

        String text = HTTP.send(HttpRequest.newBuilder(managementUri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String secret : List.of(key, key.substring(0, 12), revoked, freeKey, owner.email(), owner.id(),
                free.id(), calendarId, calendar.getString("feedToken"))) {
            assertFalse(text.contains(secret), "a key, email, id or token in /metrics: " + secret);
        }

        // the first use of a key is written in the background at once (LastUsedRecorder)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (delta(before, scrape(), "calendarpipe_last_used_writes_total", Map.of()) < 1) {
            assertTrue(System.nanoTime() < deadline, "no last-used write was counted");
            Thread.sleep(200);
        }
    }

    @Test
    void eachRequestIsOneAccessLogLineWithItsRouteTemplateAndNoKey() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount owner = api.signUp();
        String key = api.createKey(api.signIn(owner), "logged");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Logged\"}");
        String event = api.createEvent(key, calendar.getString("id"),
                "{\"title\":\"Once\",\"start\":{\"dateTime\":\"2026-03-01T09:00:00Z\"}}").getString("id");
        assertEquals(200, api.get("/api/v1/events/" + event, bearer(key)).status());
        String collection = "/dav/calendars/" + owner.id() + "/" + calendar.getString("id") + "/";
        DavClient dav = new DavClient(api, owner.email(), key);
        assertEquals(201, dav.put(collection + "logged.ics", fixture("recurring.ics", "uid", "logged-" + event,
                "start", "20260301T090000Z", "rule", "RRULE:FREQ=WEEKLY;COUNT=2")).status());
        assertEquals(200, api.get("/feed/" + calendar.getString("feedToken")).status());
        assertEquals(401, api.get("/api/v1/events/" + event, bearer(KeyFormat.generate())).status());
        assertEquals(404, api.send("DELETE", "/api/v1/api-keys/" + key, null, bearer(key)).status());

        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        String access = "access method=";
        String owned = " account=" + owner.id() + " key_id=";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> lines;
        do {   // a line is written when its exchange completes, just after the answer went out
            lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(access)).toList();
        } while (!String.join("\n", lines).contains("route=/api/v1/api-keys/{id} status=404")
                && System.nanoTime() < deadline && sleep());
        String all = String.join("\n", lines);
        for (String expected : List.of(
                "method=GET route=/api/v1/events/{eventId} status=200 ms=",
                "method=PUT route=/dav/calendars/{account}/{collection}/{object} status=201 ms=",
                "method=GET route=/feed/{feedToken} status=200 ms=",
                "method=GET route=/api/v1/events/{eventId} status=401 ms=",
                "method=DELETE route=/api/v1/api-keys/{id} status=404 ms=")) {
            assertTrue(all.contains(expected), "no access line with " + expected);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("route=/api/v1/events/{eventId} status=200") && l.contains(owned)),
                "the caller's account on its lines");
        assertTrue(lines.stream().anyMatch(l -> l.contains("status=401") && l.endsWith("account=- key_id=-")),
                "a refused request has no caller");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(text.contains(key.substring(3)), "the key's secret part is in " + log);
        assertFalse(all.contains(calendar.getString("feedToken")), "a feed token (the feed's credential) in an access line");
        assertFalse(all.contains(event), "an event id in an access line instead of its template");
    }

    /**
     * The label set's latency buckets count cumulatively up to {@code le="+Inf"}, which equals the
     * timer's count: what {@code histogram_quantile()} needs.
     */
    private static void assertLatencyHistogram(PrometheusText metrics, Map<String, String> labels) {
        List<PrometheusText.Sample> buckets = metrics.samples().stream()
                .filter(s -> s.name().equals("calendarpipe_request_latency_total")
                        && s.labels().entrySet().containsAll(labels.entrySet()))
                .sorted(java.util.Comparator.comparingDouble(s -> s.labels().get("le").equals("+Inf")
                        ? Double.POSITIVE_INFINITY : Double.parseDouble(s.labels().get("le"))))
                .toList();
        assertEquals(12, buckets.size(), () -> "11 bounds and +Inf for " + labels + ": " + buckets);
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i).value() >= buckets.get(i - 1).value(), () -> "not cumulative: " + buckets);
        }
        assertEquals(metrics.sum("calendarpipe_requests_seconds_count", labels), buckets.get(11).value(),
                "+Inf is every request");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> metrics = managementGet("/metrics");
        assertEquals(200, metrics.statusCode(), metrics::body);
        // WildFly 39's registry sends no Content-Type at all: Prometheus 2 then reads the text
        // format; Prometheus 3 needs fallback_scrape_protocol (README "Operating")
        String type = metrics.headers().firstValue("Content-Type").orElse("text/plain");
        assertTrue(type.startsWith("text/plain"), () -> "Prometheus text: " + metrics.headers().map());
        // kept for a look at the whole scrape, as the console tests keep their screenshots
        Files.writeString(Path.of("target", "metrics-scrape.txt"), metrics.body(), StandardCharsets.UTF_8);
        return PrometheusText.parse(metrics.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    /**
     * On a machine of 4 cores or fewer (this one, in CI), every thread of the server runs under
     * Linux's batch policy (ops/BatchScheduling), the ones the server made after the start too;
     * on a larger one none does. The server's threads are read from /proc: it runs on this machine.
     */
    @Test
    void onASmallMachineEveryThreadOfTheServerRunsUnderBatchScheduling() throws Exception {
        String pid = serverPid();
        // a request first, so that the threads that serve requests exist
        assertEquals(200, api().get("/api/v1/status").status());
        Map<String, Integer> policies = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue; // a thread that ended since the listing
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                // the fields after the name start at the third (state); the policy is the 41st
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                policies.put(name + " " + task.getFileName(), Integer.parseInt(fields[41 - 3]));
            }
        }
        int expected = BatchScheduling.wanted("auto", Runtime.getRuntime().availableProcessors()) ? 3 : 0;
        assertTrue(policies.size() > 20, () -> "the server's threads: " + policies);
        assertTrue(policies.values().stream().allMatch(policy -> policy == expected),
                () -> "every thread's policy should be " + expected + " (3 is SCHED_BATCH): " + policies);
    }

    /**
     * The server started from the class-data archive the build made (src/build/class-archive.sh,
     * passed by arquillian.xml as wildfly:run and standalone.conf pass it): the JVM maps an archive
     * only once it accepted it (the same JDK build, the same server path); one it refused is not
     * in its memory map.
     */
    @Test
    void theServerStartedFromTheClassDataArchiveTheBuildMade() throws Exception {
        Path archive = Path.of(System.getProperty("jboss.home"), "calendarpipe.jsa");
        assertTrue(Files.isRegularFile(archive), () -> "the build made no " + archive);
        String mapped = " " + archive.toRealPath();
        List<String> maps = Files.readAllLines(Path.of("/proc", serverPid(), "maps"));
        assertTrue(maps.stream().anyMatch(line -> line.endsWith(mapped)),
                () -> "the server's JVM did not map " + archive + ": " + maps.stream().filter(line -> line.endsWith(".jsa")).toList());
    }

    /** The server's process id, as its JVM gives it (pid@host); it runs on this machine. */
    private String serverPid() throws Exception {
        ModelNode read = new ModelNode();
        read.get("operation").set("read-attribute");
        read.get("address").add("core-service", "platform-mbean").add("type", "runtime");
        read.get("name").set("name");
        ModelNode result = management.getControllerClient().execute(read);
        assertEquals("success", result.get("outcome").asString(), result::toString);
        return result.get("result").asString().split("@")[0];
    }

    private HttpResponse<String> managementGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(managementUri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI managementUri(String path) {
        return URI.create("http://" + management.getMgmtAddress() + ":" + management.getMgmtPort() + path);
    }
}
