package com.calendarpipe.privacy;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ApiClient.Session;
import com.calendarpipe.testing.ApiClient.TestAccount;
import com.calendarpipe.testing.Deployments;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Taking one's data away and ending the account: the export read back (every event there, no key,
 * password or secret), and a deletion after which no table of the server's database (H2 here, or
 * PostgreSQL in CI's second pass) holds a row of the account, found by a query per table
 * ({@link RowsProbe}), and its keys are refused at once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeletionIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war().addClass(RowsProbe.class);
    }

    @ArquillianResource
    URL base;

    @ArquillianResource
    ManagementClient management;

    /** An account with two keys and a calendar of three events. */
    record Filled(TestAccount account, Session session, String key, String otherKey, String calendarId,
                  String feedToken, List<String> summaries) {
    }

    @Test
    void theExportHoldsEveryEventAndNoSecret() throws IOException {
        Filled filled = fill();
        Reply withKey = api().get("/api/v1/account/export", bearer(filled.key()));
        assertEquals(200, withKey.status(), "an export is a read, as the API's reads are");

        HttpResponse<byte[]> response = download(filled.session());
        assertEquals(200, response.statusCode());
        assertEquals("application/zip", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        Map<String, String> files = unzip(response.body());
        assertTrue(files.keySet().containsAll(List.of("account.json", "api-keys.json", "audit-events.json")), files.keySet()::toString);

        JsonObject account = Json.createReader(new StringReader(files.get("account.json"))).readObject();
        assertEquals(filled.account().email(), account.getString("email"));
        String ics = files.entrySet().stream().filter(e -> e.getKey().startsWith("calendars/") && e.getKey().endsWith(".ics"))
                .map(Map.Entry::getValue).reduce("", String::concat);
        for (String summary : filled.summaries()) {
            assertTrue(ics.contains(summary), summary + " is in the export");
        }
        JsonArray keys = Json.createReader(new StringReader(files.get("api-keys.json"))).readArray();
        assertEquals(2, keys.size(), keys::toString);
        keys.forEach(k -> assertTrue(filled.key().startsWith(k.asJsonObject().getString("prefix"))
                || filled.otherKey().startsWith(k.asJsonObject().getString("prefix")), k::toString));
        assertTrue(files.get("audit-events.json").contains("key_created"));

        String everything = String.join("\n", files.values());
        for (String secret : List.of(filled.key(), filled.otherKey(), filled.key().substring(12),
                filled.account().password(), filled.feedToken(), "PBKDF2", "sb1:")) {
            assertFalse(everything.contains(secret), "no secret in the export: " + secret);
        }
        Reply trail = api().get("/api/v1/audit-events?type=account_exported", filled.session().headers());
        assertEquals(2, trail.dataArray().size(), "each export is recorded, by key or session: " + trail);
    }

    @Test
    void deletionLeavesNoRowOfTheAccountAndItsKeysAreRefusedAtOnce() {
        Filled filled = fill();
        // a webhook with a delivery of its own (nothing listens there: the delivery stays pending)
        try (ServerSettings http = ServerSettings.set(management, "webhook-allow-http", "true");
             ServerSettings loopback = ServerSettings.set(management, "webhook-allow-private", "127.0.0.0/8")) {
            Reply hook = api().send("PUT", "/api/v1/hosted-calendars/" + filled.calendarId() + "/webhook",
                    "{\"url\":\"http://127.0.0.1:9/hook\"}", bearer(filled.key()));
            assertEquals(200, hook.status(), hook::toString);
        }
        api().createEvent(filled.key(), filled.calendarId(), "{\"title\":\"Told to the webhook\",\"start\":{\"dateTime\":\"2026-03-09T09:00:00Z\"}}");
        String accountId = filled.account().id();
        List<String> keyIds = new ArrayList<>();
        api().get("/api/v1/api-keys", bearer(filled.key())).dataArray().forEach(k -> keyIds.add(k.asJsonObject().getString("id")));
        String watcher = api().newKey();
        List<String> ids = new ArrayList<>(List.of(accountId, filled.calendarId()));
        ids.addAll(keyIds);
        List<String> words = new ArrayList<>(List.of(filled.account().email(), filled.feedToken()));
        words.addAll(filled.summaries());
        assertFalse(rowsLeft(watcher, ids, words).isEmpty(), "the probe finds the account while it exists");

        Reply byKey = api().send("DELETE", "/api/v1/account", null, bearer(filled.key()));
        assertEquals(403, byKey.status(), "a key never deletes its account: " + byKey);
        Reply noCsrf = api().send("DELETE", "/api/v1/account", null, "Cookie", filled.session().cookie());
        assertEquals(403, noCsrf.status(), noCsrf::toString);
        assertEquals(200, api().get("/api/v1/account", bearer(filled.key())).status(), "nothing deleted so far");

        Reply deleted = api().send("DELETE", "/api/v1/account", null, filled.session().headers());
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(401, api().get("/api/v1/account", bearer(filled.key())).status(), "the key at once");
        assertEquals(401, api().get("/api/v1/hosted-calendars", bearer(filled.otherKey())).status(), "every key");
        assertEquals(401, api().get("/api/v1/account", filled.session().headers()).status(), "the session");
        assertEquals(401, api().signInReply(filled.account()).status(), "and the password");
        assertEquals(404, api().get("/feed/" + filled.feedToken() + ".ics").status(), "the feed");

        assertEquals("", rowsLeft(watcher, ids, words), "no row of the account in any table");
        TestAccount again = api().signUp(filled.account().email());
        assertEquals(200, api().get("/api/v1/account", api().signIn(again).headers()).status(), "the address is free again");
    }

    private String rowsLeft(String key, List<String> ids, List<String> words) {
        StringBuilder query = new StringBuilder("/api/v1/test-only/rows?x=1");
        ids.forEach(id -> query.append("&id=").append(URLEncoder.encode(id, StandardCharsets.UTF_8)));
        words.forEach(word -> query.append("&word=").append(URLEncoder.encode(word, StandardCharsets.UTF_8)));
        Reply reply = api().get(query.toString(), bearer(key));
        assertEquals(200, reply.status(), reply::toString);
        return reply.body().strip();
    }

    private Filled fill() {
        TestAccount person = api().signUp();
        Session session = api().signIn(person);
        String key = api().createKey(session, "first");
        String otherKey = api().createKey(session, "second");
        JsonObject calendar = api().createCalendar(key, "{\"name\":\"Life / work: ../plans\",\"timezone\":\"Europe/Berlin\"}");
        String calendarId = calendar.getString("id");
        List<String> summaries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String summary = "Export check " + UUID.randomUUID();
            summaries.add(summary);
            api().createEvent(key, calendarId, "{\"title\":\"" + summary + "\",\"start\":{\"dateTime\":\"2026-03-0" + (i + 1)
                    + "T09:00:00\",\"timeZone\":\"Europe/Berlin\"}}");
        }
        return new Filled(person, session, key, otherKey, calendarId, calendar.getString("feedToken"), summaries);
    }

    private HttpResponse<byte[]> download(Session session) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toExternalForm().replaceAll("/+$", "")
                    + "/api/v1/account/export")).header("Cookie", session.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                assertFalse(entry.getName().contains("..") || entry.getName().startsWith("/"), entry.getName());
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private ApiClient api() {
        return new ApiClient(base);
    }
}
