package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.FromAddress;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Where each key was last used from, as the list shows it: the client address, the user agent and
 * the channel, over REST and over CalDAV, and the last distinct addresses. Each client sends from
 * a loopback address of its own ({@link FromAddress}); the test server trusts 127.0.0.9 as a
 * reverse proxy (pom.xml, {@code CALENDARPIPE_TRUSTED_PROXIES}) and no other address.
 */
class KeyUsedFromIT extends ClientIT {

    private static final String PROXY = "127.0.0.9";

    @Test
    void aRestUseRecordsItsAddressUserAgentAndChannel() {
        ApiClient.Session session = api().signIn(api().signUp());
        String key = api().createKey(session, "rest");
        FromAddress client = FromAddress.fresh(base);
        String longAgent = "KeyUsedFromIT/1.0 " + "x".repeat(400);
        assertEquals(200, client.get("/api/v1/account", "Authorization", "Bearer " + key, "User-Agent", longAgent).status());

        JsonObject listed = awaitKey(session, "rest", k -> client.address().equals(string(k, "lastUsedIp")));
        assertEquals("rest", listed.getString("lastUsedVia"));
        assertEquals(longAgent.substring(0, LastUse.MAX_USER_AGENT), listed.getString("lastUsedUserAgent"),
                "the user agent, cut to 256 characters");
        assertEquals(List.of(client.address()), ips(listed));
    }

    @Test
    void aCalDavUseRecordsItsAddressUserAgentAndChannel() {
        ApiClient.TestAccount account = api().signUp();
        ApiClient.Session session = api().signIn(account);
        String key = api().createKey(session, "phone");
        FromAddress phone = FromAddress.fresh(base);
        Reply propfind = phone.send("PROPFIND", "/dav/", "<propfind xmlns=\"DAV:\"><prop><current-user-principal/></prop></propfind>",
                "Authorization", ApiClient.basic(account.email(), key)[1], "Content-Type", "application/xml",
                "Depth", "0", "User-Agent", "DAVx5/4.4.3-ose (2024/10/01; dav4jvm; okhttp/4.12.0) Android/14");
        assertEquals(207, propfind.status(), propfind::toString);

        JsonObject listed = awaitKey(session, "phone", k -> phone.address().equals(string(k, "lastUsedIp")));
        assertEquals("caldav", listed.getString("lastUsedVia"));
        assertEquals("DAVx5/4.4.3-ose (2024/10/01; dav4jvm; okhttp/4.12.0) Android/14", listed.getString("lastUsedUserAgent"));
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeerAndHonouredFromATrustedProxy() {
        ApiClient.Session session = api().signIn(api().signUp());
        String direct = api().createKey(session, "direct");
        String proxied = api().createKey(session, "proxied");
        String hostile = api().createKey(session, "hostile");

        FromAddress stranger = FromAddress.fresh(base);
        assertEquals(200, stranger.get("/api/v1/account", "Authorization", "Bearer " + direct,
                "X-Forwarded-For", "203.0.113.66").status());
        FromAddress proxy = FromAddress.at(base, PROXY);
        // the client wrote 198.51.100.1 itself; the proxy appended the address it saw, then a trusted hop
        assertEquals(200, proxy.get("/api/v1/account", "Authorization", "Bearer " + proxied,
                "X-Forwarded-For", "198.51.100.1, 203.0.113.7", "X-Forwarded-For", PROXY).status());
        // garbage where the proxy's entry should be: the request works, and the proxy is the client
        Reply garbage = proxy.get("/api/v1/account", "Authorization", "Bearer " + hostile,
                "X-Forwarded-For", "203.0.113.8, <script>, " + "9".repeat(3000), "User-Agent", "");
        assertEquals(200, garbage.status(), garbage::toString);

        JsonObject ignored = awaitKey(session, "direct", k -> !k.isNull("lastUsedIp"));
        assertEquals(stranger.address(), ignored.getString("lastUsedIp"), "X-Forwarded-For from anyone is ignored");
        JsonObject honoured = awaitKey(session, "proxied", k -> !k.isNull("lastUsedIp"));
        assertEquals("203.0.113.7", honoured.getString("lastUsedIp"),
                "from the trusted proxy: the right-most address that is not a trusted proxy");
        JsonObject fallback = awaitKey(session, "hostile", k -> !k.isNull("lastUsedIp"));
        assertEquals(PROXY, fallback.getString("lastUsedIp"));
        assertTrue(fallback.isNull("lastUsedUserAgent"), "an empty user agent is none: " + fallback);
    }

    /**
     * The first use is written at once; later uses within the minute wait for its end, and their
     * distinct addresses go in that one write, newest first, after the addresses already stored.
     */
    @Test
    void recentIpsKeepsTheDistinctAddressesNewestFirstWithinTheWriteBudget() {
        ApiClient.Session session = api().signIn(api().signUp());
        String key = api().createKey(session, "roaming");
        FromAddress home = FromAddress.fresh(base);
        FromAddress office = FromAddress.fresh(base);
        FromAddress train = FromAddress.fresh(base);
        assertEquals(200, home.get("/api/v1/account", "Authorization", "Bearer " + key).status());
        JsonObject first = awaitKey(session, "roaming", k -> !k.isNull("lastUsedAt"));
        assertEquals(List.of(home.address()), ips(first));

        for (FromAddress client : List.of(office, train, office, home, office)) {
            assertEquals(200, client.get("/api/v1/account", "Authorization", "Bearer " + key,
                    "User-Agent", "roamer from " + client.address()).status());
        }
        JsonObject later = awaitKey(session, "roaming", k -> office.address().equals(string(k, "lastUsedIp")),
                Duration.ofSeconds(75));
        assertEquals(List.of(office.address(), home.address(), train.address()), ips(later),
                "distinct, newest first: " + later);
        assertEquals("roamer from " + office.address(), later.getString("lastUsedUserAgent"));
        assertNotEquals(first.getString("lastUsedAt"), later.getString("lastUsedAt"));
    }

    private JsonObject awaitKey(ApiClient.Session session, String name, Predicate<JsonObject> done) {
        return awaitKey(session, name, done, Duration.ofSeconds(15));
    }

    /** Polls the list until the named key satisfies {@code done}; fails with the last listing after {@code patience}. */
    private JsonObject awaitKey(ApiClient.Session session, String name, Predicate<JsonObject> done, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Reply list = api().get("/api/v1/api-keys", session.headers());
            assertEquals(200, list.status(), list::toString);
            JsonObject key = list.dataArray().getValuesAs(JsonObject.class).stream()
                    .filter(k -> name.equals(k.getString("name"))).findFirst().orElseThrow();
            if (done.test(key)) {
                return key;
            }
            assertTrue(Instant.now().isBefore(deadline), "the key never got there within " + patience + ": " + key);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String string(JsonObject object, String name) {
        return object.isNull(name) ? null : object.getString(name);
    }

    private static List<String> ips(JsonObject key) {
        return key.getJsonArray("recentIps").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
