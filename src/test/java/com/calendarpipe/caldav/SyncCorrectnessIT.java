package com.calendarpipe.caldav;

import static com.calendarpipe.testing.ApiClient.bearer;
import static com.calendarpipe.testing.DavClient.fixture;
import static com.calendarpipe.testing.DavClient.multistatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * 50 interleaved creates, updates and deletes from REST and CalDAV; a client that syncs by
 * token after every 7th change ends with exactly the server's members and ETags, and is told
 * of each deletion once.
 */
class SyncCorrectnessIT extends ClientIT {

    /** What the server holds, as the test knows it: REST id and UID by object name. */
    private record Member(String id, String uid) {
    }

    @Test
    void aClientSyncingEverySeventhChangeConverges() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "sync");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"Sync\"}");
        String calendarId = calendar.getString("id");
        String collection = "/dav/calendars/" + account.id() + "/" + calendar.getString("id") + "/";
        DavClient dav = new DavClient(api, account.email(), key);

        Map<String, Member> server = new HashMap<>();
        Map<String, String> client = new HashMap<>();   // name → ETag, as the syncing client knows it
        Set<String> deletedSinceSync = new HashSet<>();
        String token = sync(dav, collection, "", client, deletedSinceSync);
        Random random = new Random(4791);
        int davNames = 0;
        for (int change = 1; change <= 50; change++) {
            List<String> names = new ArrayList<>(server.keySet());
            names.sort(null);
            int kind = server.isEmpty() ? 0 : random.nextInt(names.size() < 4 ? 3 : 5);
            String uid = "sync-" + UUID.randomUUID();
            switch (kind) {
                case 0 -> {   // create over REST
                    JsonObject e = api.createEvent(key, calendarId, "{\"title\":\"REST " + change + "\",\"start_at\":\"2026-04-"
                            + String.format("%02d", change % 28 + 1) + "T10:00:00Z\"}");
                    server.put(e.getString("id") + ".ics", new Member(e.getString("id"), e.getString("providerEventId")));
                }
                case 1 -> {   // create over CalDAV
                    String name = "dav-" + (++davNames) + ".ics";
                    ok(dav.put(collection + name, fixture("simple.ics", "uid", uid, "start", "20260501T100000Z",
                            "end", "20260501T110000Z", "summary", "DAV " + change)));
                    server.put(name, new Member(restId(api, key, calendarId, uid), uid));
                }
                case 2 -> {   // update over REST
                    Member m = server.get(names.get(random.nextInt(names.size())));
                    ok(api.send("PATCH", "/api/v1/events/" + m.id(), "{\"title\":\"patched " + change + "\"}", bearer(key)));
                }
                case 3 -> {   // update over CalDAV
                    String name = names.get(random.nextInt(names.size()));
                    String text = dav.send("GET", collection + name, null).body();
                    ok(dav.put(collection + name, text.replaceFirst("SUMMARY:[^\\r\\n]*", "SUMMARY:rewritten " + change)));
                }
                default -> {  // delete, over REST or CalDAV in turn
                    String name = names.get(random.nextInt(names.size()));
                    Reply deleted = change % 2 == 0
                            ? api.send("DELETE", "/api/v1/events/" + server.get(name).id(), null, bearer(key))
                            : dav.send("DELETE", collection + name, null);
                    assertEquals(204, deleted.status(), deleted::toString);
                    server.remove(name);
                    deletedSinceSync.add(name);
                }
            }
            if (change % 7 == 0) {
                token = sync(dav, collection, token, client, deletedSinceSync);
            }
        }
        sync(dav, collection, token, client, deletedSinceSync);

        Map<String, DavClient.Resource> members = multistatus(dav.propfind(collection, 1, null));
        Map<String, String> truth = new HashMap<>();
        members.values().stream().filter(r -> !r.href().equals(collection))
                .forEach(r -> truth.put(r.href().substring(collection.length()), r.text("{DAV:}getetag")));
        assertEquals(server.keySet(), truth.keySet(), "the test's own record of the server");
        assertEquals(truth, client, "the client holds exactly the server's members and ETags");
    }

    /** One sync: applies the changes to the client and returns the new token. */
    private static String sync(DavClient dav, String collection, String token, Map<String, String> client,
                               Set<String> deletedSinceSync) {
        Reply reply = dav.report(collection, fixture("sync.xml", "token", token));
        for (DavClient.Resource r : multistatus(reply).values()) {
            String name = r.href().substring(collection.length());
            if (r.status() == 404) {
                // each deletion once: only for a name deleted since the last sync
                assertTrue(deletedSinceSync.remove(name), () -> "a 404 for " + name + " not deleted since the last sync: " + reply);
                client.remove(name);
            } else {
                client.put(name, r.text("{DAV:}getetag"));
            }
        }
        assertTrue(deletedSinceSync.isEmpty(), () -> "deletions not reported: " + deletedSinceSync);
        return DavClient.syncToken(reply);
    }

    private static String restId(ApiClient api, String key, String calendarId, String uid) {
        return api.get("/api/v1/calendars/" + calendarId + "/events?limit=100", bearer(key)).json().getJsonArray("data").stream()
                .map(v -> v.asJsonObject())
                .filter(e -> e.getString("providerEventId").equals(uid))
                .map(e -> e.getString("id"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no REST event for " + uid));
    }

    private static void ok(Reply reply) {
        assertTrue(reply.status() == 200 || reply.status() == 201 || reply.status() == 204, reply::toString);
    }
}
