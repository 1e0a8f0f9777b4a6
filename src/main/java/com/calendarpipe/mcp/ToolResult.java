package com.calendarpipe.mcp;

import com.calendarpipe.Refused;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.ErrorMappers;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * What a tool call answers (MCP 2025-06-18 "Tool Result"): the result as {@code structuredContent}
 * (an object its tool's output schema describes, written as REST writes its bodies: nulls
 * included) with a short text rendering for the model to read, or a refusal, {@code isError},
 * carrying REST's error envelope for the same refusal: its message and details as text, and the
 * envelope's JSON as a second text. A refusal has no {@code structuredContent}: clients check
 * whatever structured content a result has against the tool's output schema, errors included
 * (the TypeScript SDK's Client.callTool does), and an envelope is no event.
 */
record ToolResult(String json) {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    static ToolResult of(Object structured, String text) {
        return new ToolResult("{\"content\":[" + text(text) + "],\"structuredContent\":" + JSONB.toJson(structured)
                + ",\"isError\":false}");
    }

    static ToolResult refused(Refused refusal) {
        ErrorBody envelope = ErrorMappers.Refusals.envelope(refusal);
        StringBuilder text = new StringBuilder(envelope.error()).append(": ").append(envelope.message());
        if (envelope.details() != null) {
            envelope.details().forEach(d -> text.append("\n- ").append(d.field()).append(": ").append(d.message()));
        }
        return new ToolResult("{\"content\":[" + text(text.toString()) + "," + text(envelope.toJson())
                + "],\"isError\":true}");
    }

    private static String text(String text) {
        return "{\"type\":\"text\",\"text\":" + Json.createValue(text) + "}";
    }
}
