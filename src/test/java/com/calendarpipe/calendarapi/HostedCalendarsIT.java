package com.calendarpipe.calendarapi;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/hosted-calendars}: every field, default, rule and answer of product.md §4. */
class HostedCalendarsIT extends ClientIT {

    @ArquillianResource
    ManagementClient management;

    @Test
    void aNewCalendarHasItsDefaultsAndServerMadeFields() {
        String key = api().newKey();
        Reply reply = api().send("POST", "/api/v1/hosted-calendars", "{\"name\":\"  Team  \"}", bearer(key));
        assertEquals(201, reply.status(), reply::toString);
        JsonObject c = reply.data();
        assertTrue(c.getString("id").matches("[0-9a-f-]{36}"));
        assertTrue(reply.header("Location").endsWith("/api/v1/hosted-calendars/" + c.getString("id")));
        assertEquals("Team", c.getString("name"));
        assertEquals(JsonValue.NULL, c.get("description"));
        assertEquals(JsonValue.NULL, c.get("color"));
        assertEquals("UTC", c.getString("timezone"));
        assertEquals(JsonValue.NULL, c.get("organizerDisplayName"));
        assertEquals(List.of("VEVENT", "VTODO", "VJOURNAL"), c.getJsonArray("components").getValuesAs(JsonString::getString));
        assertTrue(c.getString("feedToken").matches("[0-9a-f]{40}"), "160 random bits, URL-safe");
        assertTrue(c.getString("calendarEmail").matches("cal-[0-9a-f]{24}@calendarpipe\\.localhost"), c::toString);
        assertFalse(c.getString("calendarEmail").contains(c.getString("feedToken")), "the public address holds no feed token");
        assertEquals(1, c.getInt("ctag"));
        assertEquals(c.getString("createdAt"), c.getString("updatedAt"));
        assertEquals(List.of("id", "name", "description", "color", "timezone", "components", "organizerDisplayName",
                "feedToken", "calendarEmail", "ctag", "createdAt", "updatedAt"), List.copyOf(c.keySet()));
    }

    @Test
    void everyWritableFieldIsKeptAndAPatchChangesOnlyWhatItNames() {
        String key = api().newKey();
        JsonObject c = api().send("POST", "/api/v1/hosted-calendars", """
                {"name":"Ops","description":"On call","color":"#a1b2c3","timezone":"Europe/Berlin",
                 "organizerDisplayName":"Ops Team"}""", bearer(key)).data();
        assertEquals("On call", c.getString("description"));
        assertEquals("#A1B2C3", c.getString("color"));
        assertEquals("Europe/Berlin", c.getString("timezone"));
        assertEquals("Ops Team", c.getString("organizerDisplayName"));
        String path = "/api/v1/hosted-calendars/" + c.getString("id");

        Reply patched = api().send("PATCH", path, "{\"description\":null,\"timezone\":\"America/New_York\"}", bearer(key));
        assertEquals(200, patched.status(), patched::toString);
        JsonObject p = patched.data();
        assertEquals("Ops", p.getString("name"));
        assertEquals(JsonValue.NULL, p.get("description"));
        assertEquals("#A1B2C3", p.getString("color"));
        assertEquals("America/New_York", p.getString("timezone"));
        assertEquals(2, p.getInt("ctag"));
        assertEquals(c.getString("feedToken"), p.getString("feedToken"));

        // what a client read may be sent back: server-owned fields are ignored
        Reply echoed = api().send("PATCH", path, p.toString().replace("\"Ops\"", "\"Ops 2\""), bearer(key));
        assertEquals(200, echoed.status(), echoed::toString);
        assertEquals("Ops 2", echoed.data().getString("name"));
        assertEquals(3, echoed.data().getInt("ctag"));
        assertEquals(p.getString("id"), echoed.data().getString("id"));

        JsonObject read = api().get(path, bearer(key)).data();
        assertEquals(echoed.data(), read);
    }

    @Test
    void eachValidationRuleIsA400NamingItsField() {
        String key = api().newKey();
        Map<String, String> bodies = Map.ofEntries(
                Map.entry("{}", "name"),
                Map.entry("{\"name\":null}", "name"),
                Map.entry("{\"name\":\"   \"}", "name"),
                Map.entry("{\"name\":\"" + "n".repeat(101) + "\"}", "name"),
                Map.entry("{\"name\":5}", "name"),
                Map.entry("{\"name\":\"x\",\"description\":\"" + "d".repeat(501) + "\"}", "description"),
                Map.entry("{\"name\":\"x\",\"color\":\"red\"}", "color"),
                Map.entry("{\"name\":\"x\",\"color\":\"#12345\"}", "color"),
                Map.entry("{\"name\":\"x\",\"timezone\":\"Mars/Olympus_Mons\"}", "timezone"),
                Map.entry("{\"name\":\"x\",\"timezone\":\"+02:00\"}", "timezone"),
                Map.entry("{\"name\":\"x\",\"timezone\":null}", "timezone"),
                Map.entry("{\"name\":\"x\",\"organizerDisplayName\":\"" + "o".repeat(101) + "\"}", "organizerDisplayName"),
                Map.entry("{\"name\":\"x\",\"colour\":\"#FFFFFF\"}", "colour"),
                Map.entry("{\"name\":\"x\",\"components\":[]}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":[\"VFREEBUSY\"]}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":[\"VTODO\",\"VTODO\"]}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":[\"vtodo\"]}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":[5]}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":\"VTODO\"}", "components"),
                Map.entry("{\"name\":\"x\",\"components\":null}", "components"));
        for (var body : bodies.entrySet()) {
            Reply reply = api().send("POST", "/api/v1/hosted-calendars", body.getKey(), bearer(key));
            assertEquals(400, reply.status(), () -> body.getKey() + " → " + reply);
            assertEquals(List.of(body.getValue()), fields(reply), () -> body.getKey() + " → " + reply);
        }
        assertEquals(List.of("Calendar"), names(key), "nothing was created beside the account's default calendar");

        String id = api().send("POST", "/api/v1/hosted-calendars", "{\"name\":\"Keep\"}", bearer(key)).data().getString("id");
        Reply bad = api().send("PATCH", "/api/v1/hosted-calendars/" + id, "{\"name\":null,\"color\":\"blue\"}", bearer(key));
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(List.of("color", "name"), fields(bad));
        JsonObject kept = api().get("/api/v1/hosted-calendars/" + id, bearer(key)).data();
        assertEquals("Keep", kept.getString("name"));
        assertEquals(1, kept.getInt("ctag"), "a refused change changes nothing");

        assertEquals(400, api().send("POST", "/api/v1/hosted-calendars", "{\"name\":", bearer(key)).status());
        assertEquals(400, api().send("POST", "/api/v1/hosted-calendars", "[1]", bearer(key)).status());
        assertEquals(415, api().send("POST", "/api/v1/hosted-calendars", "name=x",
                "Authorization", "Bearer " + key, "Content-Type", "application/x-www-form-urlencoded").status());
    }

    /**
     * A calendar holds the components it names (RFC 4791 §5.2.3, as CalDAV clients make task lists):
     * REST events go only where VEVENT is held (409), and a component is left out only when the
     * calendar holds none of its objects (409, nothing changed); it may always be added.
     */
    @Test
    void componentsSayWhatACalendarHoldsAndAreLeftOutOnlyWhenEmpty() {
        String key = api().newKey();
        JsonObject tasks = api().send("POST", "/api/v1/hosted-calendars", "{\"name\":\"Tasks\",\"components\":[\"VTODO\"]}",
                bearer(key)).data();
        assertEquals(List.of("VTODO"), tasks.getJsonArray("components").getValuesAs(JsonString::getString));
        String path = "/api/v1/hosted-calendars/" + tasks.getString("id");
        String events = "/api/v1/calendars/hosted:" + tasks.getString("id") + "/events";
        String lunch = "{\"title\":\"Lunch\",\"start_at\":\"2026-03-10T12:00:00Z\"}";
        Reply refused = api().send("POST", events, lunch, bearer(key));
        assertEquals(409, refused.status(), refused::toString);
        assertEquals(1, api().get(path, bearer(key)).data().getInt("ctag"), "nothing written");

        Reply widened = api().send("PATCH", path, "{\"components\":[\"VJOURNAL\",\"VEVENT\",\"VTODO\"]}", bearer(key));
        assertEquals(200, widened.status(), widened::toString);
        assertEquals(List.of("VEVENT", "VTODO", "VJOURNAL"), widened.data().getJsonArray("components")
                .getValuesAs(JsonString::getString), "kept in the order every calendar lists them");
        assertEquals(201, api().send("POST", events, lunch, bearer(key)).status());
        Reply narrowed = api().send("PATCH", path, "{\"components\":[\"VTODO\"],\"name\":\"Not renamed\"}", bearer(key));
        assertEquals(409, narrowed.status(), narrowed::toString);
        assertEquals("Tasks", api().get(path, bearer(key)).data().getString("name"), "a refused change changes nothing");
        assertEquals(200, api().send("PATCH", path, "{\"components\":[\"VEVENT\"]}", bearer(key)).status(),
                "no to-dos or journals to leave out");
    }

    @Test
    void listDeleteAndRegenerate() {
        String key = api().newKey();
        String first = create(key, "First");
        String second = create(key, "Second");
        assertEquals(List.of("Calendar", "First", "Second"), names(key), "oldest first, the default calendar of sign-up first");

        JsonObject before = api().get("/api/v1/hosted-calendars/" + first, bearer(key)).data();
        Reply regenerated = api().send("POST", "/api/v1/hosted-calendars/" + first + "/regenerate-token", null, bearer(key));
        assertEquals(200, regenerated.status(), regenerated::toString);
        JsonObject after = regenerated.data();
        assertNotEquals(before.getString("feedToken"), after.getString("feedToken"));
        assertEquals(before.getString("calendarEmail"), after.getString("calendarEmail"), "the address stays: it is not the token");
        assertEquals(before.getInt("ctag") + 1, after.getInt("ctag"));

        String event = api().send("POST", "/api/v1/calendars/hosted:" + second + "/events",
                "{\"title\":\"Goes with it\",\"start_at\":\"2026-05-01T10:00:00Z\"}", bearer(key)).data().getString("id");
        assertEquals(204, api().send("DELETE", "/api/v1/hosted-calendars/" + second, null, bearer(key)).status());
        assertEquals(404, api().get("/api/v1/hosted-calendars/" + second, bearer(key)).status());
        assertEquals(404, api().get("/api/v1/events/" + event, bearer(key)).status(), "its events are deleted with it");
        assertEquals(404, api().send("DELETE", "/api/v1/hosted-calendars/" + second, null, bearer(key)).status());
        assertEquals(List.of("Calendar", "First"), names(key));
    }

    @Test
    void anotherAccountsCalendarIsNotFound() {
        String owner = api().newKey();
        String stranger = api().newKey();
        String id = create(owner, "Mine");
        String path = "/api/v1/hosted-calendars/" + id;
        assertEquals(404, api().get(path, bearer(stranger)).status());
        assertEquals(404, api().send("PATCH", path, "{\"name\":\"Taken\"}", bearer(stranger)).status());
        assertEquals(404, api().send("POST", path + "/regenerate-token", null, bearer(stranger)).status());
        assertEquals(404, api().send("DELETE", path, null, bearer(stranger)).status());
        assertEquals(404, api().get("/api/v1/hosted-calendars/not-a-uuid", bearer(stranger)).status());
        assertEquals(List.of("Calendar"), names(stranger), "the stranger's own default calendar only");
        JsonObject still = api().get(path, bearer(owner)).data();
        assertEquals("Mine", still.getString("name"));
        assertEquals(1, still.getInt("ctag"));
    }

    @Test
    void theFreePlanGets402() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        ApiClient.Session session = api.signIn(account);
        String key = api.createKey(session, "soon free");
        String id = create(key, "Before the downgrade");
        Reply downgrade = api.send("PATCH", "/api/v1/admin/accounts/" + account.id(), "{\"plan\":\"FREE\"}",
                api.adminSession().headers());
        assertEquals(200, downgrade.status(), downgrade::toString);
        for (String[] credentials : List.of(bearer(key), session.headers())) {
            assertEquals(402, api.get("/api/v1/hosted-calendars", credentials).status());
            assertEquals(402, api.send("POST", "/api/v1/hosted-calendars", "{\"name\":\"x\"}", credentials).status());
            assertEquals(402, api.get("/api/v1/hosted-calendars/" + id, credentials).status());
            assertEquals(402, api.get("/api/v1/calendars", credentials).status());
            assertEquals(402, api.get("/api/v1/events", credentials).status());
        }
    }

    private String create(String key, String name) {
        return api().createCalendar(key, "{\"name\":\"" + name + "\"}").getString("id");
    }

    private static List<String> fields(Reply reply) {
        return reply.json().getJsonArray("details").stream()
                .map(d -> d.asJsonObject().getString("field"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** The names of the account's calendars, oldest first. */
    private List<String> names(String key) {
        return api().get("/api/v1/hosted-calendars", bearer(key)).dataArray().stream()
                .map(v -> v.asJsonObject().getString("name")).toList();
    }
}
