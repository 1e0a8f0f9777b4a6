package com.calendarpipe.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.NodeClients;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SmtpClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real MCP clients against the test server: the official TypeScript SDK client holds a whole
 * conversation ({@code src/test/resources/mcp/conversation.mjs}: every tool, the SDK checking each
 * answer against the tool's output schema, a resource read), whose end state is then read back
 * over REST and CalDAV; the MCP Inspector's command line lists the tools (its strict schema
 * check) and calls one. Each run is a new account with its own key, given in the environment or a
 * file only its owner can read, never on a command line.
 */
class McpClientsIT extends ClientIT {

    private static final long TIMEOUT_SECONDS = 180;

    @BeforeAll
    static void clients() throws Exception {
        NodeClients.require();
    }

    @Test
    void theTypeScriptSdkHoldsAConversationWhoseResultRestAndCalDavSee() throws Exception {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "mcp sdk");
        NodeClients.Run run = NodeClients.run(List.of(NodeClients.script("conversation.mjs").toString(), base.toExternalForm()),
                Map.of("CALENDARPIPE_KEY", key, "CALENDARPIPE_SMTP_PORT", Integer.toString(SmtpClient.testServerPort())), TIMEOUT_SECONDS);
        assertEquals(0, run.exit(), () -> "conversation.mjs failed:\n" + run.output());
        String[] lines = run.output().strip().split("\n");
        JsonObject state = Json.createReader(new StringReader(lines[lines.length - 1])).readObject();
        String calendarId = state.getString("calendarId");

        // REST: the dentist stays, the series is gone
        Reply events = api.get("/api/v1/calendars/" + calendarId + "/events", ApiClient.bearer(key));
        assertEquals(200, events.status(), events::toString);
        JsonArray listed = events.json().getJsonArray("data");
        assertEquals(1, listed.size(), events::toString);
        assertEquals(state.getString("dentistId"), listed.getJsonObject(0).getString("id"));
        assertEquals("Made by an agent", api.get("/api/v1/hosted-calendars/" + calendarId.substring("hosted:".length()),
                ApiClient.bearer(key)).data().getString("description"));
        assertEquals(404, api.get("/api/v1/events/" + state.getString("seriesId"), ApiClient.bearer(key)).status());

        // CalDAV: the same one object in the calendar's collection, found as a client finds it (by its name)
        DavClient dav = new DavClient(api, account.email(), key);
        Reply home = dav.propfind("/dav/calendars/" + account.id() + "/", 1,
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname/></d:prop></d:propfind>");
        String collection = DavClient.multistatus(home).values().stream()
                .filter(r -> "MCP team".equals(r.text("{DAV:}displayname"))).map(DavClient.Resource::href).findFirst()
                .orElseThrow(() -> new AssertionError("no collection MCP team: " + home));
        Reply listing = dav.propfind(collection, 1, "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>");
        assertEquals(207, listing.status(), listing::toString);
        long objects = DavClient.multistatus(listing).keySet().stream().filter(href -> href.endsWith(".ics")).count();
        assertEquals(1, objects, listing::toString);

        // the resource is named by the calendar's id, never by its feed token
        String feedToken = api.get("/api/v1/hosted-calendars/" + calendarId.substring("hosted:".length()), ApiClient.bearer(key))
                .data().getString("feedToken");
        assertFalse(state.getString("resourceUri").contains(feedToken), state::toString);
        assertFalse(run.output().contains(key), "the key was never printed");
    }

    @Test
    void theInspectorListsTheToolsStrictlyAndCallsOne() throws Exception {
        ApiClient api = api();
        String key = api.newKey();
        Path config = Files.createTempFile("inspector-", ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // the header in a config file of the owner's, as Claude Desktop and others keep it
            Files.writeString(config, Json.createObjectBuilder().add("mcpServers", Json.createObjectBuilder()
                    .add("calendarpipe", Json.createObjectBuilder()
                            .add("type", "streamable-http")
                            .add("url", base.toExternalForm() + "mcp")
                            .add("headers", Json.createObjectBuilder().add("Authorization", "Bearer " + key))))
                    .build().toString());
            Map<String, String> env = Map.of("MCP_INSPECTOR_SECRET_STORE", "memory");
            List<String> inspector = List.of(NodeClients.inspector().toString(), "--cli", "--config", config.toString(),
                    "--server", "calendarpipe");

            NodeClients.Run tools = NodeClients.run(concat(inspector, "--method", "tools/list", "--strict"), env, TIMEOUT_SECONDS);
            assertEquals(0, tools.exit(), () -> "inspector tools/list --strict:\n" + tools.output());
            for (String name : List.of("list_calendars", "create_event", "find_free_time", "get_current_time")) {
                assertTrue(tools.output().contains("\"name\": \"" + name + "\""), () -> name + " missing:\n" + tools.output());
            }

            NodeClients.Run time = NodeClients.run(concat(inspector, "--method", "tools/call", "--tool-name", "get_current_time",
                    "--tool-arg", "timeZone=Asia/Tokyo"), env, TIMEOUT_SECONDS);
            assertEquals(0, time.exit(), () -> "inspector tools/call:\n" + time.output());
            assertTrue(time.output().contains("\"timeZone\": \"Asia/Tokyo\"") && time.output().contains("+09:00"), time::output);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
