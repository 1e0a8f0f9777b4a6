package com.calendarpipe.mcp;

import com.calendarpipe.Refused;
import com.calendarpipe.account.Caller;
import com.calendarpipe.Utf8;
import com.calendarpipe.ops.Counters;
import com.calendarpipe.cluster.Unavailable;
import com.calendarpipe.persistence.LockWaits;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.JsonLimits;
import com.calendarpipe.rest.StatusResource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /mcp}: the Model Context Protocol over Streamable HTTP (MCP 2025-06-18 "Transports"),
 * stateless. Every POST carries one JSON-RPC message (or a small batch, which 2025-03-26 clients
 * may send) and gets its answer as one JSON body; no session id is issued and no stream is
 * opened, so any node answers any request and a node's death loses nothing. {@code GET} (the
 * server-initiated stream) and {@code DELETE} (ending a session) answer 405.
 * <p>
 * The authentication mechanism has already refused a request without a valid key of a Pro
 * account (401 with {@code WWW-Authenticate: Bearer}, 402), a foreign browser {@code Origin}
 * (403) and a body over the request limit (413) before a byte of JSON-RPC is read. Here the body
 * passes the REST API's JSON limits ({@link JsonLimits}) before it is parsed, and every failure is
 * a JSON-RPC error of fixed text (JSON-RPC 2.0 §5.1): -32700 for a body that is no JSON, -32600
 * for a message that is no request, -32601 for an unknown method, -32602 for unknown tools and
 * arguments that break the tool's input schema (with one detail per field). A call that the
 * application refuses (invalid values, another account's ids, a recurrence past its budget) is a
 * tool result with {@code isError} carrying REST's error envelope, so the model can correct it.
 */
@WebServlet("/mcp")
public class McpServlet extends HttpServlet {

    /** The version this server speaks first (answered to clients asking for one it does not know). */
    static final String LATEST = "2025-06-18";
    /** Every version negotiated (MCP "Lifecycle": the client's, when supported, is answered as it is). */
    static final Set<String> VERSIONS = Set.of("2025-11-25", LATEST, "2025-03-26");
    /** The most messages of one batch; a larger one is refused whole. */
    static final int MAX_BATCH = 20;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** MCP "Resources": a URI that names no resource of the caller's. */
    static final int RESOURCE_NOT_FOUND = -32002;

    private static final Logger LOG = Logger.getLogger(McpServlet.class.getName());
    private static final String INSTRUCTIONS = "CalendarPipe hosts calendars. Call list_calendars first for the "
            + "calendar ids, and get_current_time before working out relative dates such as tomorrow. Times are "
            + "ISO-8601; recurring events are series whose single occurrences are named by their originalStart "
            + "(list_events with expand=true).";

    @Inject
    Tools tools;

    @Inject
    McpResources resources;

    /** One answer: its JSON, and whether the message was so malformed that HTTP says 400. */
    private record Reply(String json, boolean malformed) {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            // no server-initiated stream (GET) and no session to end (DELETE): stateless
            response.setHeader("Allow", "POST");
            envelope(response, 405, "Method Not Allowed", "The MCP endpoint takes JSON-RPC messages by POST only");
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            envelope(response, 415, "Unsupported Media Type", "Send JSON-RPC messages as application/json");
            return;
        }
        String version = request.getHeader("MCP-Protocol-Version");
        if (version != null && !VERSIONS.contains(version.strip())) {
            // MCP 2025-06-18 "Protocol Version Header": an unsupported version is a 400
            send(response, 400, error(JsonValue.NULL, INVALID_REQUEST, "Unsupported MCP-Protocol-Version; this server "
                    + "speaks 2025-03-26, 2025-06-18 and 2025-11-25", null));
            return;
        }
        JsonValue message;
        try {
            message = parse(request.getInputStream().readAllBytes());
        } catch (Refused limit) {
            send(response, 400, error(JsonValue.NULL, PARSE_ERROR, "Parse error: " + limit.getMessage(), null));
            return;
        } catch (JsonParsingException | CharacterCodingException notJson) {
            send(response, 400, error(JsonValue.NULL, PARSE_ERROR, "Parse error: the body is not JSON", null));
            return;
        }
        String accountId = Caller.of(request).account().getId();
        if (message.getValueType() != JsonValue.ValueType.ARRAY) {
            Reply reply = handle(accountId, message);
            if (reply == null) {
                response.setStatus(202);   // a notification or a response: accepted, nothing to answer
            } else {
                send(response, reply.malformed() ? 400 : 200, reply.json());
            }
            return;
        }
        JsonArray batch = message.asJsonArray();
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            send(response, 400, error(JsonValue.NULL, INVALID_REQUEST,
                    "Invalid Request: a batch holds 1 to " + MAX_BATCH + " messages", null));
            return;
        }
        List<String> answers = new ArrayList<>();
        for (JsonValue each : batch) {
            Reply reply = handle(accountId, each);
            if (reply != null) {
                answers.add(reply.json());
            }
        }
        if (answers.isEmpty()) {
            response.setStatus(202);
        } else {
            send(response, 200, "[" + String.join(",", answers) + "]");
        }
    }

    /** The body, within the REST API's JSON limits (UTF-8, depth, string and number lengths), parsed. */
    private static JsonValue parse(byte[] body) throws CharacterCodingException {
        if (body.length == 0) {
            throw new JsonParsingException("empty", null);
        }
        JsonLimits.check(body);
        try (JsonReader reader = Json.createReader(new StringReader(Utf8.decode(body)))) {
            return reader.readValue();
        }
    }

    /** The answer to one message; null for a notification or a response, which get none. */
    private Reply handle(String accountId, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return malformed(JsonValue.NULL, "Invalid Request: a JSON-RPC message is an object");
        }
        JsonObject message = value.asJsonObject();
        JsonValue id = message.get("id");
        boolean validId = id instanceof JsonString || id instanceof JsonNumber;
        if (!(message.get("jsonrpc") instanceof JsonString v) || !v.getString().equals("2.0")) {
            return malformed(validId ? id : JsonValue.NULL, "Invalid Request: jsonrpc must be \"2.0\"");
        }
        if (!message.containsKey("method")) {
            // a client's response to a request of ours: this server sends none, so there is nothing to match
            return message.containsKey("result") || message.containsKey("error") ? null
                    : malformed(validId ? id : JsonValue.NULL, "Invalid Request: no method");
        }
        if (!(message.get("method") instanceof JsonString method)) {
            return malformed(validId ? id : JsonValue.NULL, "Invalid Request: method must be a string");
        }
        if (id == null) {
            return null;   // a notification (notifications/initialized, cancelled, …): nothing to answer
        }
        if (!validId) {
            return malformed(JsonValue.NULL, "Invalid Request: id must be a string or a number");
        }
        JsonValue params = message.getOrDefault("params", JsonValue.EMPTY_JSON_OBJECT);
        if (params.getValueType() != JsonValue.ValueType.OBJECT) {
            return new Reply(error(id, INVALID_PARAMS, "Invalid params: params must be an object", null), false);
        }
        return new Reply(answer(accountId, id, method.getString(), params.asJsonObject()), false);
    }

    private String answer(String accountId, JsonValue id, String method, JsonObject params) {
        return switch (method) {
            case "initialize" -> result(id, initialize(params).toString());
            case "ping" -> result(id, "{}");
            case "tools/list" -> result(id, tools.listing());
            case "tools/call" -> call(accountId, id, params);
            case "resources/list" -> {
                JsonValue cursor = params.get("cursor");
                Optional<JsonObject> page = cursor == null || cursor == JsonValue.NULL ? resources.list(accountId, null)
                        : cursor instanceof JsonString c ? resources.list(accountId, c.getString()) : Optional.empty();
                yield page.map(p -> result(id, p.toString()))
                        .orElseGet(() -> error(id, INVALID_PARAMS, "Invalid params: cursor is not one this server gave", null));
            }
            case "resources/templates/list" -> result(id, resources.templates().toString());
            case "resources/read" -> {
                if (!(params.get("uri") instanceof JsonString uri)) {
                    yield error(id, INVALID_PARAMS, "Invalid params: uri must be a string", null);
                }
                yield resources.read(accountId, uri.getString()).map(r -> result(id, r.toString()))
                        .orElseGet(() -> error(id, RESOURCE_NOT_FOUND, "Resource not found", null));
            }
            default -> error(id, METHOD_NOT_FOUND, "Method not found", null);
        };
    }

    /** MCP "Lifecycle": the client's version when this server speaks it, else the latest it speaks. */
    private static JsonObject initialize(JsonObject params) {
        String requested = params.get("protocolVersion") instanceof JsonString v ? v.getString() : null;
        return Json.createObjectBuilder()
                .add("protocolVersion", requested != null && VERSIONS.contains(requested) ? requested : LATEST)
                .add("capabilities", Json.createObjectBuilder()
                        .add("tools", Json.createObjectBuilder().add("listChanged", false))
                        .add("resources", Json.createObjectBuilder().add("subscribe", false).add("listChanged", false)))
                .add("serverInfo", Json.createObjectBuilder()
                        .add("name", "calendarpipe")
                        .add("title", "CalendarPipe")
                        .add("version", StatusResource.version()))
                .add("instructions", INSTRUCTIONS)
                .build();
    }

    private String call(String accountId, JsonValue id, JsonObject params) {
        if (!(params.get("name") instanceof JsonString name)) {
            return error(id, INVALID_PARAMS, "Invalid params: name must name a tool", null);
        }
        Optional<Tool.Described> tool = tools.named(name.getString());
        if (tool.isEmpty()) {
            return error(id, INVALID_PARAMS, "Unknown tool: tools/list names them", null);
        }
        JsonValue arguments = params.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT);
        if (arguments == JsonValue.NULL) {
            arguments = JsonValue.EMPTY_JSON_OBJECT;
        }
        List<Refused.Detail> problems = JsonSchema.problems(tool.get().inputSchema(), arguments);
        if (!problems.isEmpty()) {
            return error(id, INVALID_PARAMS, "Invalid arguments for " + tool.get().tool().name(),
                    new ErrorBody("Bad Request", "Invalid arguments", problems.stream()
                            .map(d -> new ErrorBody.Detail(d.field(), d.message())).toList()).toJson());
        }
        try {
            return result(id, tool.get().tool().handler().call(accountId, arguments.asJsonObject()).json());
        } catch (Refused refused) {
            return result(id, refusal(refused));
        } catch (RuntimeException e) {
            Optional<Refused> busy = LockWaits.refusal(e, LockWaits.MESSAGE);
            if (busy.isPresent()) {
                LOG.warning("An MCP tool call gave up waiting for a database lock; answered as a tool error");
                return result(id, refusal(busy.get()));
            }
            Optional<Refused> divided = Unavailable.refusal(e);
            if (divided.isPresent()) {
                LOG.warning("An MCP tool call gave up waiting for another node of the cluster; answered as a tool error (" + e.getClass().getName() + ")");
                return result(id, refusal(divided.get()));
            }
            LOG.log(Level.SEVERE, "Unexpected failure answering an MCP tool call", e);
            return error(id, INTERNAL_ERROR, "Internal error: it has been logged", null);
        }
    }

    private static String refusal(Refused refused) {
        if (refused.kind() == Refused.Kind.TOO_COSTLY) {
            Counters.recurrenceBudgetRefusedMcp();
        }
        return ToolResult.refused(refused).json();
    }

    private static String result(JsonValue id, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    /** A JSON-RPC error of a fixed text; {@code data} (JSON, or null) only ever holds fixed texts and field names. */
    private static String error(JsonValue id, int code, String message, String data) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":"
                + Json.createValue(message) + (data == null ? "" : ",\"data\":" + data) + "}}";
    }

    private static Reply malformed(JsonValue id, String message) {
        return new Reply(error(id, INVALID_REQUEST, message, null), true);
    }

    private static void send(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void envelope(HttpServletResponse response, int status, String error, String message) throws IOException {
        send(response, status, ErrorBody.of(error, message).toJson());
    }
}
