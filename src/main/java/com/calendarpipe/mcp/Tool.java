package com.calendarpipe.mcp;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * One tool as {@code tools/list} describes it (MCP 2025-06-18 "Tools"): its name, a title and a
 * description written for a model, the JSON Schemas of its arguments and of its
 * {@code structuredContent}, the behaviour hints, and what runs it.
 */
record Tool(String name, String title, String description, JsonSchema input, JsonSchema output, Hints hints, Handler handler) {

    /** The annotations: whether the tool only reads, may destroy, may be repeated safely, reaches beyond this server. */
    record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
        static final Hints READ = new Hints(true, false, true, false);
    }

    /** Runs a call whose arguments passed the input schema, for the caller's account. */
    @FunctionalInterface
    interface Handler {
        ToolResult call(String accountId, JsonObject arguments);
    }

    /** The tool's entry in {@code tools/list}, with its input schema kept for checking calls. */
    record Described(Tool tool, JsonObject inputSchema, JsonObject listing) {
    }

    Described describe() {
        JsonObject inputSchema = input.json();
        JsonObject listing = Json.createObjectBuilder()
                .add("name", name)
                .add("title", title)
                .add("description", description)
                .add("inputSchema", inputSchema)
                .add("outputSchema", output.json())
                .add("annotations", Json.createObjectBuilder()
                        .add("title", title)
                        .add("readOnlyHint", hints.readOnly())
                        .add("destructiveHint", hints.destructive())
                        .add("idempotentHint", hints.idempotent())
                        .add("openWorldHint", hints.openWorld()))
                .build();
        return new Described(this, inputSchema, listing);
    }
}
