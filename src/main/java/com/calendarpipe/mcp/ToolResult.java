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
 * whose structured content is REST's error envelope for the same refusal and whose text is its
 * message and details.
 */
record ToolResult(String json) {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    static ToolResult of(Object structured, String text) {
        return new ToolResult(render(JSONB.toJson(structured), text, false));
    }

    static ToolResult refused(Refused refusal) {
        ErrorBody envelope = ErrorMappers.Refusals.envelope(refusal);
        StringBuilder text = new StringBuilder(envelope.error()).append(": ").append(envelope.message());
        if (envelope.details() != null) {
            envelope.details().forEach(d -> text.append("\n- ").append(d.field()).append(": ").append(d.message()));
        }
        return new ToolResult(render(envelope.toJson(), text.toString(), true));
    }

    private static String render(String structured, String text, boolean error) {
        return "{\"content\":[{\"type\":\"text\",\"text\":" + Json.createValue(text) + "}],\"structuredContent\":"
                + structured + ",\"isError\":" + error + "}";
    }
}
