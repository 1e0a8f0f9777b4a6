package com.calendarpipe.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.Refused;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {

    private static final JsonObject SCHEMA = JsonSchema.object()
            .required("name", JsonSchema.string().length(1, 5))
            .property("count", JsonSchema.integer().range(1, 10))
            .property("note", JsonSchema.string().orNull())
            .property("kind", JsonSchema.string().oneOf("a", "b"))
            .property("tags", JsonSchema.array(JsonSchema.string().length(1, 3)).items(0, 2))
            .property("when", JsonSchema.object().required("at", JsonSchema.string()).closed())
            .closed()
            .json();

    private static List<String> problems(String json) {
        return JsonSchema.problems(SCHEMA, Json.createReader(new StringReader(json)).readValue()).stream()
                .map(d -> d.field() + " " + d.message()).toList();
    }

    @Test
    void aValidValuePasses() {
        assertEquals(List.of(), problems("{\"name\":\"ann\",\"count\":3,\"note\":null,\"kind\":\"a\",\"tags\":[\"x\"],\"when\":{\"at\":\"now\"}}"));
    }

    @Test
    void everyProblemIsNamedByItsPath() {
        assertEquals(List.of("name is required", "count must be from 1 to 10", "note must be a string or null",
                        "kind must be one of a, b", "tags[1] must be 1 to 3 characters", "when.at is required",
                        "when.extra is not an argument of this tool", "other is not an argument of this tool"),
                problems("{\"count\":11,\"note\":5,\"kind\":\"c\",\"tags\":[\"x\",\"long\"],\"when\":{\"extra\":1},\"other\":true}"));
        assertEquals(List.of("arguments must be an object"), problems("[1]"));
        assertEquals(List.of("count must be a whole number"), problems("{\"name\":\"a\",\"count\":1.5}"));
        assertEquals(List.of("tags must hold 0 to 2 items"), problems("{\"name\":\"a\",\"tags\":[\"a\",\"b\",\"c\"]}"));
    }

    @Test
    void theEventOutputSchemaIsAnObjectWithItsIdsRequired() {
        JsonObject event = Tools.eventSchema().json();
        assertEquals("object", event.getString("type"));
        assertEquals(List.of("id", "calendarId"), event.getJsonArray("required").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        List<Refused.Detail> none = JsonSchema.problems(event, Json.createReader(new StringReader(
                "{\"id\":\"evt_1\",\"calendarId\":\"hosted:x\",\"start\":{\"dateTime\":\"2030-03-07\",\"timeZone\":null},"
                        + "\"organizer\":null,\"attendees\":[],\"recurrence\":null}")).readValue());
        assertEquals(List.of(), none);
    }
}
