package com.calendarpipe.mcp;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.SmtpClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MCP endpoint over raw HTTP: the one mechanism in front of it (401 before any JSON-RPC, 402,
 * a foreign Origin 403, revocation from the next request on every channel, last used "mcp"),
 * protocol versions, and hostile JSON-RPC, which always gets a 4xx or a JSON-RPC error, never a
 * 5xx, never a hang, never an internal detail.
 */
class McpIT extends ClientIT {

    private static final String JSON = "application/json";

    private Reply post(String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", JSON, "Accept", JSON + ", text/event-stream"));
        all.addAll(List.of(headers));
        return api().send("POST", "/mcp", body, all.toArray(String[]::new));
    }

    private Reply rpc(String key, String method, String params) {
        return post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}", bearer(key));
    }

    /** A tools/call's result (the call must succeed as JSON-RPC). */
    private JsonObject call(String key, String tool, String arguments) {
        Reply reply = rpc(key, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
        assertEquals(200, reply.status(), reply::toString);
        JsonObject message = reply.json();
        assertTrue(message.containsKey("result"), reply::toString);
        return message.getJsonObject("result");
    }

    private static int errorCode(Reply reply) {
        return reply.json().getJsonObject("error").getInt("code");
    }

    private static void noInternals(Reply reply) {
        assertTrue(reply.status() < 500, reply::toString);
        assertFalse(reply.body().contains("Exception") || reply.body().contains("at com.") || reply.body().contains("org.hibernate"),
                reply::toString);
    }

    @Test
    void withoutAValidKeyIt401sBeforeReadingAnyJsonRpc() {
        for (String[] credential : List.of(new String[0], bearer("cp_0000"), new String[] {"Authorization", "Basic eDp5"})) {
            Reply reply = post("this is no JSON at all", credential);
            assertEquals(401, reply.status(), reply::toString);
            assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer realm=\"CalendarPipe\""), reply::toString);
            assertEquals("Unauthorized", reply.json().getString("error"));
        }
        // the console's session is no credential here: a page could otherwise act with it
        ApiClient api = api();
        ApiClient.Session session = api.signIn(api.signUp());
        Reply withSession = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", session.headers());
        assertEquals(401, withSession.status(), withSession::toString);
    }

    @Test
    void aFreeAccountsKeyIs402AndWorksAgainAfterAnUpgrade() {
        ApiClient api = api();
        ApiClient.TestAccount user = api.signUp();
        String key = api.createKey(api.signIn(user), "mcp plan");
        ApiClient.Session admin = api.adminSession();
        assertEquals(200, api.send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"FREE\"}", admin.headers()).status());
        Reply free = rpc(key, "ping", "{}");
        assertEquals(402, free.status(), free::toString);
        assertEquals("Pro plan required", free.json().getString("message"));
        assertEquals(200, api.send("PATCH", "/api/v1/admin/accounts/" + user.id(), "{\"plan\":\"PRO\"}", admin.headers()).status());
        assertEquals(200, rpc(key, "ping", "{}").status());
    }

    @Test
    void aBrowserOriginNotAllowedIs403AndAnAllowedOneWorks() {
        String key = api().newKey();
        for (String origin : List.of("http://evil.example", "null", "http://localhost:8080")) {
            Reply reply = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Origin", origin, "Authorization", "Bearer " + key);
            assertEquals(403, reply.status(), () -> origin + ": " + reply);
        }
        // CALENDARPIPE_MCP_ALLOWED_ORIGINS of the test server (pom.xml)
        Reply allowed = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Origin", "https://agent.calendarpipe.test", "Authorization", "Bearer " + key);
        assertEquals(200, allowed.status(), allowed::toString);
    }

    @Test
    void aKeyRevokedMidConversationIsRefusedFromTheNextRequestOnEveryChannel() {
        ApiClient api = api();
        ApiClient.TestAccount user = api.signUp();
        String key = api.createKey(api.signIn(user), "mcp revoke");
        assertEquals(false, call(key, "list_calendars", "{}").getBoolean("isError"));
        String keyId = api.get("/api/v1/api-keys", bearer(key)).dataArray().getJsonObject(0).getString("id");
        assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + keyId, null, bearer(key)).status());
        Reply next = rpc(key, "tools/call", "{\"name\":\"list_calendars\",\"arguments\":{}}");
        assertEquals(401, next.status(), next::toString);
        assertTrue(next.header("WWW-Authenticate").contains("error=\"invalid_token\""), next::toString);
        assertEquals(401, api.get("/api/v1/account", bearer(key)).status());
        assertEquals(401, new DavClient(api, user.email(), key).propfind("/dav/", 0, null).status());
    }

    @Test
    void aKeyUsedOverMcpIsLastUsedViaMcpAndItsFirstUseIsAudited() throws InterruptedException {
        ApiClient api = api();
        ApiClient.Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "mcp last used");
        assertEquals(200, post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Authorization", "Bearer " + key,
                "User-Agent", "claude-code/2.0").status());
        // the first use is written at once, in the background; the console's session records none
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonObject listed;
        do {
            Thread.sleep(200);
            listed = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0);
        } while (listed.isNull("lastUsedVia") && Instant.now().isBefore(deadline));
        assertEquals("mcp", listed.getString("lastUsedVia"), listed::toString);
        assertEquals("claude-code/2.0", listed.getString("lastUsedUserAgent"));
        JsonObject firstUse = api.get("/api/v1/audit-events?type=key_first_used", session.headers()).dataArray().getJsonObject(0);
        assertEquals("mcp", firstUse.getJsonObject("details").getString("via"), firstUse::toString);
    }

    @Test
    void itNegotiatesProtocolVersionsAndStaysStateless() {
        String key = api().newKey();
        for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
            Reply reply = rpc(key, "initialize", "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}");
            assertEquals(version, reply.json().getJsonObject("result").getString("protocolVersion"), reply::toString);
            assertEquals(null, reply.header("Mcp-Session-Id"), "stateless: no session is issued");
        }
        Reply unknown = rpc(key, "initialize", "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{}}");
        assertEquals("2025-06-18", unknown.json().getJsonObject("result").getString("protocolVersion"));
        Reply badHeader = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Authorization", "Bearer " + key,
                "MCP-Protocol-Version", "1999-01-01");
        assertEquals(400, badHeader.status(), badHeader::toString);
        Reply notification = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", bearer(key));
        assertEquals(202, notification.status(), notification::toString);
        Reply get = api().get("/mcp", bearer(key));
        assertEquals(405, get.status(), get::toString);
        assertEquals("POST", get.header("Allow"));
        assertEquals(405, api().send("DELETE", "/mcp", null, bearer(key)).status());
        Reply batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}]",
                bearer(key));
        assertEquals(200, batch.status(), batch::toString);
        assertEquals(2, Json.createReader(new StringReader(batch.body())).readArray().size());
    }

    @Test
    void refusalsAreToolErrorsInRestsWordsAndBadCallsJsonRpcErrors() {
        ApiClient api = api();
        String key = api.newKey();
        String other = api.newKey();
        String calendar = call(key, "create_calendar", "{\"name\":\"Mine\"}").getJsonObject("structuredContent").getString("id");

        JsonObject backwards = call(key, "create_event", "{\"calendarId\":\"" + calendar + "\",\"title\":\"x\","
                + "\"start\":{\"dateTime\":\"2030-01-02T10:00:00Z\"},\"end\":{\"dateTime\":\"2030-01-02T09:00:00Z\"}}");
        assertTrue(backwards.getBoolean("isError"), backwards::toString);
        JsonObject envelope = Json.createReader(new StringReader(backwards.getJsonArray("content").getJsonObject(1).getString("text")))
                .readObject();
        Reply rest = api.send("POST", "/api/v1/calendars/" + calendar + "/events", "{\"title\":\"x\","
                + "\"start\":{\"dateTime\":\"2030-01-02T10:00:00Z\"},\"end\":{\"dateTime\":\"2030-01-02T09:00:00Z\"}}", bearer(key));
        assertEquals(400, rest.status());
        assertEquals(rest.json(), envelope, "the same envelope as REST's");

        // another account's calendar is not found, as on REST
        JsonObject foreign = call(other, "list_events", "{\"calendarIds\":[\"" + calendar + "\"]}");
        assertTrue(foreign.getBoolean("isError"));
        assertTrue(foreign.getJsonArray("content").getJsonObject(0).getString("text").startsWith("Not Found"), foreign::toString);
        Reply foreignResource = rpc(other, "resources/read", "{\"uri\":\"calendarpipe://calendars/" + calendar.substring(7) + "\"}");
        assertEquals(-32002, errorCode(foreignResource), foreignResource::toString);

        Reply unknownTool = rpc(key, "tools/call", "{\"name\":\"drop_database\",\"arguments\":{}}");
        assertEquals(-32602, errorCode(unknownTool), unknownTool::toString);
        Reply wrongTypes = rpc(key, "tools/call", "{\"name\":\"list_events\",\"arguments\":{\"limit\":\"ten\",\"expand\":1,"
                + "\"calendarIds\":\"all\",\"colour\":\"red\"}}");
        assertEquals(-32602, errorCode(wrongTypes), wrongTypes::toString);
        List<String> fields = wrongTypes.json().getJsonObject("error").getJsonObject("data").getJsonArray("details")
                .getValuesAs(JsonObject.class).stream().map(d -> d.getString("field")).sorted().toList();
        assertEquals(List.of("calendarIds", "colour", "expand", "limit"), fields);
        Reply arrayParams = rpc(key, "tools/call", "[1,2]");
        assertEquals(-32602, errorCode(arrayParams), arrayParams::toString);
        Reply unknownMethod = rpc(key, "sampling/createMessage", "{}");
        assertEquals(-32601, errorCode(unknownMethod), unknownMethod::toString);
    }

    /** An invitation received by mail, listed and answered through the tools, as over REST. */
    @Test
    void invitationsAreListedAndAnsweredThroughTheTools() {
        ApiClient api = api();
        String key = api.newKey();
        String other = api.newKey();
        JsonObject calendar = call(key, "create_calendar", "{\"name\":\"Agent\"}").getJsonObject("structuredContent");
        String uid = "mcp-" + java.util.UUID.randomUUID() + "@example.com";
        String address = calendar.getString("calendarEmail");
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260301T090000Z\r\nDTSTART:20300310T120000Z\r\nDTEND:20300310T130000Z\r\nSUMMARY:Lunch\r\n"
                + "ORGANIZER;CN=Alice:mailto:alice@example.com\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + address
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        byte[] mail = ("From: alice@example.com\r\nTo: " + address + "\r\nSubject: Lunch\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n\r\n" + ics).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SmtpClient.Reply sent = SmtpClient.send(SmtpClient.testServerPort(), "alice@example.com", List.of(address), mail);
        assertEquals(250, sent.code(), sent::toString);

        JsonObject listed = call(key, "list_invitations", "{\"calendarId\":\"" + calendar.getString("id") + "\",\"status\":\"pending\"}");
        assertFalse(listed.getBoolean("isError"), listed::toString);
        JsonObject invitation = listed.getJsonObject("structuredContent").getJsonArray("invitations").getJsonObject(0);
        assertEquals(uid, invitation.getString("event_uid"));
        assertEquals("Lunch", invitation.getJsonObject("payload").getString("title"));
        assertTrue(listed.getJsonArray("content").getJsonObject(0).getString("text").contains("Lunch"), listed::toString);

        JsonObject foreign = call(other, "respond_to_invitation", "{\"calendarId\":\"" + calendar.getString("id")
                + "\",\"uid\":\"" + uid + "\",\"status\":\"ACCEPTED\"}");
        assertTrue(foreign.getBoolean("isError"), foreign::toString);
        assertTrue(foreign.getJsonArray("content").getJsonObject(0).getString("text").startsWith("Not Found"), foreign::toString);
        Reply maybe = rpc(key, "tools/call", "{\"name\":\"respond_to_invitation\",\"arguments\":{\"calendarId\":\""
                + calendar.getString("id") + "\",\"uid\":\"" + uid + "\",\"status\":\"MAYBE\"}}");
        assertEquals(-32602, errorCode(maybe), maybe::toString);

        JsonObject answered = call(key, "respond_to_invitation", "{\"calendarId\":\"" + calendar.getString("id")
                + "\",\"uid\":\"" + uid + "\",\"status\":\"ACCEPTED\"}");
        assertFalse(answered.getBoolean("isError"), answered::toString);
        assertEquals("accepted", answered.getJsonObject("structuredContent").getString("status"));
        Reply rest = api.get("/api/v1/hosted-calendars/" + calendar.getString("id").substring(7) + "/invitations?status=accepted", bearer(key));
        assertEquals(1, rest.dataArray().size(), "REST sees the same answer: " + rest);
    }

    @Test
    void hostileJsonRpcGetsA4xxOrAJsonRpcErrorNeverA5xxNorAHang() {
        String key = api().newKey();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        Reply batch = post("[" + String.join(",", java.util.Collections.nCopies(10_000, ping)) + "]", bearer(key));
        assertEquals(400, batch.status(), batch::toString);
        assertEquals(-32600, errorCode(batch));

        Reply deep = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + "[".repeat(500) + "]".repeat(500) + "}",
                bearer(key));
        assertEquals(400, deep.status(), deep::toString);
        assertEquals(-32700, errorCode(deep));

        Reply huge = rpc(key, "tools/call", "{\"name\":\"search_events\",\"arguments\":{\"query\":\"" + "x".repeat(70_000) + "\"}}");
        assertEquals(400, huge.status(), huge::toString);
        Reply long201 = rpc(key, "tools/call", "{\"name\":\"search_events\",\"arguments\":{\"query\":\"" + "x".repeat(201) + "\"}}");
        assertEquals(-32602, errorCode(long201), long201::toString);

        for (String body : List.of("", "{", "null", "42", "[]", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
                "\"\\u0000\\u0007\"")) {
            Reply reply = post(body, bearer(key));
            noInternals(reply);
            assertEquals(400, reply.status(), () -> body + ": " + reply);
        }
        Reply oddId = post("{\"jsonrpc\":\"2.0\",\"id\":1e400000,\"method\":\"ping\"}", bearer(key));
        assertEquals(200, oddId.status(), oddId::toString);
        Reply latin1 = api().send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"\u00e9\"}",
                "Content-Type", "application/json;charset=ISO-8859-1", "Authorization", "Bearer " + key);
        noInternals(latin1);
        Reply text = api().send("POST", "/mcp", ping, "Content-Type", "text/plain", "Authorization", "Bearer " + key);
        assertEquals(415, text.status(), text::toString);

        // an endless rule is stored (it recurs), and listing it over a wide window is refused within its budget
        String calendar = call(key, "create_calendar", "{\"name\":\"Endless\"}").getJsonObject("structuredContent").getString("id");
        JsonObject endless = call(key, "create_event", "{\"calendarId\":\"" + calendar + "\",\"title\":\"tick\","
                + "\"start\":{\"dateTime\":\"2030-01-01T00:00:00Z\"},\"end\":{\"dateTime\":\"2030-01-01T00:00:01Z\"},"
                + "\"recurrence\":[\"RRULE:FREQ=SECONDLY\"]}");
        assertFalse(endless.getBoolean("isError"), endless::toString);
        long start = System.nanoTime();
        JsonObject listed = call(key, "list_events", "{\"calendarIds\":[\"" + calendar + "\"],\"start\":\"2030-01-01\","
                + "\"end\":\"2040-01-01\",\"expand\":true}");
        assertTrue(listed.getBoolean("isError"), listed::toString);
        assertTrue(listed.getJsonArray("content").getJsonObject(0).getString("text").startsWith("Unprocessable Content"), listed::toString);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "refused within the budget, not after a walk");
        JsonObject free = call(key, "find_free_time", "{\"calendarIds\":[\"" + calendar + "\"],\"start\":\"2030-01-01\","
                + "\"end\":\"2030-03-01\",\"durationMinutes\":30}");
        assertTrue(free.getBoolean("isError"), free::toString);
        Reply stillThere = rpc(key, "ping", "{}");
        assertNotNull(stillThere.json().getJsonObject("result"), stillThere::toString);
        assertEquals(JsonValue.ValueType.OBJECT, stillThere.json().get("result").getValueType());
    }
}
