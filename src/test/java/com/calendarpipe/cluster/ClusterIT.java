package com.calendarpipe.cluster;

import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.Browser;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Hammer;
import com.calendarpipe.testing.LocalCluster;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two nodes as one, on the real thing: src/cluster/cluster.sh's two WildFly nodes, haproxy in
 * front (round robin, no stickiness) and one PostgreSQL database. Any request may land on any
 * node and must get the same answer; a revoke or a plan change made through one node holds on
 * the other before its call returns; a console session outlives the node it was made on; no
 * acknowledged write is lost when a node is killed, nor is a revoked key accepted by a node cut off
 * from the other. The last tests kill node 1, bring it back and cut node 2 off, so the order matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final List<String> BOTH = List.of("node-1", "node-2");
    private static LocalCluster cluster;
    private static ApiClient balancer;
    private static ApiClient node1;
    private static ApiClient node2;

    @BeforeAll
    static void up() {
        cluster = LocalCluster.up();
        balancer = new ApiClient(cluster.balancer());
        node1 = new ApiClient(cluster.node(1));
        node2 = new ApiClient(cluster.node(2));
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesStartedAtOnceFormOneGroupAndMigratedOnce() throws Exception {
        cluster.awaitMembers(1, BOTH);
        cluster.awaitMembers(2, BOTH);
        // cluster.sh starts both nodes at the same moment on an empty database
        try (Connection db = cluster.database(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, count(*) FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL GROUP BY version HAVING count(*) > 1 OR bool_and(NOT success)")) {
            assertFalse(rows.next(), "every migration ran once, successfully");
        }
    }

    @Test
    @Order(2)
    void aRevokeThroughNode1IsImmediateOnNode2UnderLoad() throws Exception {
        ApiClient.TestAccount account = node1.signUp();
        ApiClient.Session session = node1.signIn(account);
        String key = node1.createKey(session, "hammered");
        String keyId = node1.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");
        DavClient dav = new DavClient(node2, account.email(), key);

        Hammer.during(
                () -> assertEquals(204, node1.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status()),
                () -> node2.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> dav.propfind("/dav/", 0, null).status()
        ).assertChangedFrom(Set.of(200, 207), 401);
    }

    @Test
    @Order(3)
    void aPlanChangeToFreeThroughNode1IsImmediateOnNode2UnderLoad() throws Exception {
        ApiClient.TestAccount account = node1.signUp();
        String key = node1.createKey(node1.signIn(account), "downgraded");
        ApiClient.Session admin = node1.adminSession(cluster.serverLog(1));
        DavClient dav = new DavClient(node2, account.email(), key);

        Hammer.during(
                () -> assertEquals(200, node1.send("PATCH", "/api/v1/admin/accounts/" + account.id(),
                        "{\"plan\":\"FREE\"}", admin.headers()).status()),
                () -> node2.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> dav.propfind("/dav/", 0, null).status()
        ).assertChangedFrom(Set.of(200, 207), 402);
    }

    @Test
    @Order(3)
    void anAccountDeletedThroughNode1HasNoLiveKeyOnNode2UnderLoad() throws Exception {
        ApiClient.TestAccount account = node1.signUp();
        ApiClient.Session session = node1.signIn(account);
        String key = node1.createKey(session, "deleted with its account");
        DavClient dav = new DavClient(node2, account.email(), key);

        // the deletion revokes every key through the revocation path: node 2 drops it before the 204
        Hammer.during(
                () -> assertEquals(204, node1.send("DELETE", "/api/v1/account", null, session.headers()).status()),
                () -> node2.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> dav.propfind("/dav/", 0, null).status()
        ).assertChangedFrom(Set.of(200, 207), 401);
        assertEquals(401, node1.get("/api/v1/account", ApiClient.bearer(key)).status(), "nor on node 1");
        assertEquals(401, node2.get("/api/v1/api-keys", session.headers()).status(), "the session is gone on node 2 too");
    }

    @Test
    @Order(4)
    void aSignOutThroughOneNodeEndsTheSessionOnTheOther() {
        ApiClient.Session session = node1.signIn(node1.signUp());
        assertEquals(200, node2.get("/api/v1/api-keys", session.headers()).status(), "node 2 knows the session");
        assertEquals(204, node1.send("DELETE", "/api/v1/session", null, session.headers()).status());
        assertEquals(401, node2.get("/api/v1/api-keys", session.headers()).status(), "and forgets it with node 1");
    }

    @Test
    @Order(5)
    void writesThroughBothNodesLeaveOneStateThatBothReportAndASyncingClientConverges() {
        ApiClient.TestAccount account = balancer.signUp();
        String key = balancer.createKey(balancer.signIn(account), "dav");
        var calendar = balancer.createCalendar(key, "{\"name\":\"Shared\"}");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
        DavClient[] nodes = {new DavClient(node1, account.email(), key), new DavClient(node2, account.email(), key)};
        DavClient viaBalancer = new DavClient(balancer, account.email(), key);

        Map<String, String> client = new TreeMap<>();   // href → ETag, as a client syncing through the balancer knows it
        String token = sync(viaBalancer, collection, "", client);
        for (int i = 0; i < 40; i++) {
            DavClient dav = nodes[i % 2];
            String name = collection + "e" + (i % 25) + ".ics";   // the last 15 rewrite earlier ones
            Reply put = dav.put(name, fixture("simple.ics", "uid", "shared-" + (i % 25), "start", "20260601T100000Z",
                    "end", "20260601T110000Z", "summary", "write " + i));
            assertTrue(put.status() == 201 || put.status() == 204, put::toString);
            if (i % 7 == 6) {
                token = sync(viaBalancer, collection, token, client);
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(204, nodes[i % 2].send("DELETE", collection + "e" + (i * 5) + ".ics", null).status());
        }
        token = sync(viaBalancer, collection, token, client);

        Map<String, String> one = state(nodes[0], collection);
        Map<String, String> two = state(nodes[1], collection);
        assertEquals(one, two, "ctag, sync token and every ETag agree on both nodes");
        assertEquals(token, one.get("sync-token"), "the client's last token is the current one");
        Map<String, String> members = new TreeMap<>(one);
        members.remove("ctag");
        members.remove("sync-token");
        assertEquals(20, members.size());
        assertEquals(members, client, "the client that synced through the balancer holds exactly the server's members");
    }

    @Test
    @Order(5)
    void anMcpConversationAlternatingNodesSeesOneStateThatRestAlsoShows() {
        ApiClient.TestAccount account = balancer.signUp();
        String key = balancer.createKey(balancer.signIn(account), "agent");
        ApiClient[] nodes = {node1, node2};
        int[] turn = {0};
        // each call goes to the other node: MCP is stateless, so nothing but the database joins the calls
        BiFunction<String, String, JsonObject> call = (tool, arguments) -> {
            ApiClient node = nodes[turn[0]++ % 2];
            Reply reply = node.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}",
                    "Content-Type", "application/json", "Accept", "application/json, text/event-stream",
                    "Authorization", "Bearer " + key);
            assertEquals(200, reply.status(), () -> tool + " on " + node.uri("/") + ": " + reply);
            JsonObject result = reply.json().getJsonObject("result");
            assertFalse(result.getBoolean("isError", false), () -> tool + ": " + reply);
            return result.getJsonObject("structuredContent");
        };
        String calendar = call.apply("create_calendar", "{\"name\":\"Agent\"}").getString("id");
        String series = call.apply("create_event", "{\"calendarId\":\"" + calendar + "\",\"title\":\"Standup\","
                + "\"start\":{\"dateTime\":\"2030-03-04T09:00:00Z\"},\"recurrence\":[\"RRULE:FREQ=WEEKLY;COUNT=4\"]}").getString("id");
        String once = call.apply("create_event", "{\"calendarId\":\"" + calendar + "\",\"title\":\"Review\","
                + "\"start\":{\"dateTime\":\"2030-03-05T14:00:00Z\"}}").getString("id");
        String week = "\"start\":\"2030-03-04T00:00:00Z\",\"end\":\"2030-03-11T00:00:00Z\"";
        List<JsonObject> listed = call.apply("list_events", "{\"calendarIds\":[\"" + calendar + "\"]," + week
                + ",\"expand\":true}").getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("Standup", "Review"), listed.stream().map(e -> e.getString("title")).toList());
        List<Instant> starts = call.apply("find_free_time", "{\"calendarIds\":[\"" + calendar + "\"]," + week
                        + ",\"durationMinutes\":60}").getJsonArray("slots").getValuesAs(JsonObject.class).stream()
                .map(slot -> OffsetDateTime.parse(slot.getString("start")).toInstant()).toList();
        assertTrue(starts.contains(Instant.parse("2030-03-04T10:00:00Z")), "a free hour right after the standup: " + starts);
        String monday = listed.get(0).getJsonObject("originalStart").getString("dateTime");
        call.apply("update_event", "{\"eventId\":\"" + series + "\",\"instance\":\"" + monday + "\","
                + "\"start\":{\"dateTime\":\"2030-03-06T11:00:00Z\"}}");
        List<JsonObject> moved = call.apply("list_events", "{\"calendarIds\":[\"" + calendar + "\"]," + week
                + ",\"expand\":true}").getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("Review", "Standup"), moved.stream().map(e -> e.getString("title")).toList(),
                "Monday's standup moved to Wednesday: " + moved);
        call.apply("delete_event", "{\"eventId\":\"" + series + "\"}");

        for (ApiClient node : List.of(node1, node2, balancer)) {
            List<String> ids = node.get("/api/v1/calendars/" + calendar + "/events", ApiClient.bearer(key)).dataArray()
                    .getValuesAs(JsonObject.class).stream().map(e -> e.getString("id")).toList();
            assertEquals(List.of(once), ids, "REST through " + node.uri("/") + " sees what the conversation left");
        }
    }

    @Test
    @Order(6)
    void aRevokeThatAHungNodeCannotConfirmIsRefusedWithNothingChanged() {
        ApiClient.TestAccount account = node1.signUp();
        String key = node1.createKey(node1.signIn(account), "held");
        String keyId = node1.get("/api/v1/api-keys", ApiClient.bearer(key)).dataArray().getJsonObject(0).getString("id");
        assertEquals(200, node2.get("/api/v1/account", ApiClient.bearer(key)).status(), "node 2 has the key cached");

        cluster.pause(2);
        try {
            // the key revokes itself: a session would need node 2's share of the session cache
            Reply refused = node1.send("DELETE", "/api/v1/api-keys/" + keyId, null, ApiClient.bearer(key));
            assertEquals(503, refused.status(), refused::toString);
            assertEquals(200, node1.get("/api/v1/account", ApiClient.bearer(key)).status(), "nothing was revoked");
        } finally {
            cluster.resume(2);
        }
        assertEquals(200, node2.get("/api/v1/account", ApiClient.bearer(key)).status(), "nor on node 2");
        assertEquals(204, node1.send("DELETE", "/api/v1/api-keys/" + keyId, null, ApiClient.bearer(key)).status(),
                "once node 2 answers again, the same revoke goes through");
        assertEquals(401, node2.get("/api/v1/account", ApiClient.bearer(key)).status());
    }

    @Test
    @Order(7)
    void aSessionAndEveryAcknowledgedWriteOutliveTheNodeThatIsKilled() throws Exception {
        ApiClient.TestAccount account = balancer.signUp();
        ApiClient.Session session = balancer.signIn(account);
        // and a console in a real browser, signed in through the balancer
        try (Browser browser = Browser.start(cluster.balancer())) {
            browser.signIn(account.email(), account.password());
            browser.follow("api", "API");
            killNode1UnderWrites(account, session, browser);
        }
    }

    private static void killNode1UnderWrites(ApiClient.TestAccount account, ApiClient.Session session, Browser browser)
            throws Exception {
        String key = balancer.createKey(session, "writer");
        var calendar = balancer.createCalendar(key, "{\"name\":\"Writes\"}");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
        DavClient dav = new DavClient(balancer, account.email(), key);

        // writes through the balancer while node 1 is killed: every one acknowledged must be kept
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> refused = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String name = collection + "w" + writer + "-" + i + ".ics";
                    try {
                        Reply put = dav.put(name, fixture("simple.ics", "uid", "w" + writer + "-" + i,
                                "start", "20260701T100000Z", "end", "20260701T110000Z", "summary", "kept?"));
                        if (put.status() == 201) {
                            acknowledged.add(name);
                        } else {
                            refused.merge(put.status(), 1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        refused.merge(0, 1, Integer::sum);   // the connection broke: not acknowledged
                    }
                }
            }));
        }
        TimeUnit.SECONDS.sleep(2);
        cluster.kill(1);
        TimeUnit.SECONDS.sleep(4);
        stop.set(true);
        for (Future<?> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        cluster.awaitMembers(2, List.of("node-2"));

        assertTrue(acknowledged.size() > 20, "writes went on: " + acknowledged.size() + ", refused " + refused);
        Map<String, String> kept = state(new DavClient(node2, account.email(), key), collection);
        List<String> lost = acknowledged.stream().filter(name -> !kept.containsKey(name)).sorted().toList();
        assertEquals(List.of(), lost, "acknowledged writes missing after node 1 was killed");

        // the same cookie and CSRF token, through the balancer, now on node 2 alone
        for (int i = 0; i < 6; i++) {
            assertEquals(200, balancer.get("/api/v1/api-keys", session.headers()).status());
        }
        Reply created = balancer.send("POST", "/api/v1/api-keys", "{\"name\":\"after the kill\"}", session.headers());
        assertEquals(201, created.status(), created::toString);
        Reply console = balancer.get("/");
        assertEquals(200, console.status());
        assertTrue(console.body().contains("<html") || console.body().contains("<!doctype"), "the console page");
        Reply reloaded = balancer.get("/api/v1/session", "Cookie", session.cookie());
        assertEquals(200, reloaded.status(), "the console's check on a reloaded page");
        assertEquals(session.csrf(), reloaded.data().getString("csrfToken"), "the same CSRF token");

        browser.reload("API");   // still signed in: not sent back to "Sign in"
        WebElement generate = browser.driver.findElement(By.cssSelector("form[aria-labelledby=generate-title]"));
        browser.type(generate, "name", "from the browser");
        generate.findElement(By.cssSelector("button[type=submit]")).click();
        String shown = browser.await(By.cssSelector(".new-key input[readonly]")).getDomProperty("value");
        assertEquals(200, balancer.get("/api/v1/account", ApiClient.bearer(shown)).status(), "the console made a working key");
    }

    @Test
    @Order(8)
    void aRestartedNodeRejoinsAndAnswersAsTheOther() throws Exception {
        cluster.start(1);
        cluster.awaitMembers(1, BOTH);
        cluster.awaitMembers(2, BOTH);

        ApiClient.TestAccount account = node2.signUp();
        ApiClient.Session session = node2.signIn(account);
        String key = node2.createKey(session, "rejoined");
        assertEquals(200, node1.get("/api/v1/api-keys", session.headers()).status(), "node 1 serves node 2's session");
        assertEquals(node2.get("/api/v1/api-keys", session.headers()).body(),
                node1.get("/api/v1/api-keys", session.headers()).body());

        // node 1 caches the key, node 2 revokes it: node 1 refuses it from the next request on
        assertEquals(200, node1.get("/api/v1/account", ApiClient.bearer(key)).status());
        assertEquals(200, node1.get("/api/v1/account", ApiClient.bearer(key)).status());
        String keyId = node2.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");
        assertEquals(204, node2.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status());
        assertEquals(401, node1.get("/api/v1/account", ApiClient.bearer(key)).status());
    }

    @Test
    @Order(9)
    void aRevokeWhileNode2IsCutOffIsImmediateThereAndTheNodesMergeAfterwards() throws Exception {
        cluster.awaitMembers(1, BOTH);
        cluster.awaitMembers(2, BOTH);
        ApiClient.TestAccount account = node1.signUp();
        ApiClient.Session session = node1.signIn(account);
        String key = node1.createKey(session, "hammered");
        String revoker = node1.createKey(session, "revoker");
        String keyId = keyId(node1, session, "hammered");
        DavClient dav = new DavClient(node2, account.email(), key);

        Partitions.Outcome outcome = Partitions.revokeWhileCut(cluster, 2, node1, keyId, revoker, session,
                List.of(node1, node2),
                () -> node2.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> dav.propfind("/dav/", 0, null).status());
        outcome.hammered().assertChangedFrom(Set.of(200, 207), 401);
        Partitions.assertAnsweredOnPurpose(outcome);

        cluster.awaitMembers(1, BOTH, Duration.ofSeconds(30));
        cluster.awaitMembers(2, BOTH, Duration.ofSeconds(30));
        assertEquals(401, node1.get("/api/v1/account", ApiClient.bearer(key)).status());
        assertEquals(401, node2.get("/api/v1/account", ApiClient.bearer(key)).status());
        assertEquals(200, node2.get("/api/v1/account", ApiClient.bearer(revoker)).status(), "the other key works on");
    }

    static String keyId(ApiClient node, ApiClient.Session session, String name) {
        return node.get("/api/v1/api-keys", session.headers()).dataArray().getValuesAs(JsonObject.class)
                .stream().filter(k -> k.getString("name").equals(name)).findFirst().orElseThrow().getString("id");
    }

    /** ctag, sync token and href → ETag of every member, as one node reports them. */
    private static Map<String, String> state(DavClient dav, String collection) {
        Map<String, String> state = new TreeMap<>();
        var self = multistatus(dav.propfind(collection, 0, fixture("propfind-collection.xml"))).get(collection);
        state.put("ctag", self.text("{http://calendarserver.org/ns/}getctag"));
        state.put("sync-token", self.text("{DAV:}sync-token"));
        multistatus(dav.propfind(collection, 1, "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/>"
                + "</d:prop></d:propfind>")).forEach((href, member) -> {
                    if (!href.equals(collection)) {
                        state.put(href, member.text("{DAV:}getetag"));
                    }
                });
        return state;
    }

    /** One sync-collection round: applies changes and removals to {@code client}, returns the new token. */
    private static String sync(DavClient dav, String collection, String token, Map<String, String> client) {
        Reply reply = dav.report(collection, fixture("sync.xml", "token", token));
        Map<String, DavClient.Resource> changes = multistatus(reply);
        Map<String, String> seen = new HashMap<>();
        changes.forEach((href, resource) -> {
            if (resource.status() == 404) {
                client.remove(href);
            } else {
                seen.put(href, resource.text("{DAV:}getetag"));
            }
        });
        client.putAll(seen);
        return DavClient.syncToken(reply);
    }
}
