package com.calendarpipe.rest;

import com.calendarpipe.Refused;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a JSON request body field by field, for endpoints where "absent", "null" and a value
 * mean different things (PATCH). Every problem becomes one detail naming its field, and
 * {@link #check()} answers 400 with all of them at once. Unknown fields are refused so that a
 * misspelt field is never silently ignored; fields the server owns are tolerated, so that a
 * client may send back what it read.
 */
public final class JsonInput {

    private final JsonObject json;
    private final List<Refused.Detail> details = new ArrayList<>();

    private JsonInput(JsonObject json) {
        this.json = json;
    }

    /**
     * @param writable  the fields the client may set
     * @param serverOwned fields of the resource's JSON that are ignored on input
     */
    public static JsonInput of(JsonObject body, Set<String> writable, Set<String> serverOwned) {
        if (body == null) {
            throw Refused.invalid("A JSON object body is required", null);
        }
        JsonInput input = new JsonInput(body);
        for (String field : body.keySet()) {
            if (!writable.contains(field) && !serverOwned.contains(field)) {
                input.fail(field, "is not a field of this resource");
            }
        }
        return input;
    }

    public boolean has(String field) {
        return json.containsKey(field);
    }

    public boolean isNull(String field) {
        return has(field) && json.get(field).getValueType() == JsonValue.ValueType.NULL;
    }

    /** The string value; empty when absent, null, or not a string (then a detail is recorded). */
    public Optional<String> string(String field) {
        return typed(field, JsonValue.ValueType.STRING, "must be a string").map(v -> ((JsonString) v).getString());
    }

    public Optional<Boolean> bool(String field) {
        if (!has(field) || isNull(field)) {
            return Optional.empty();
        }
        JsonValue value = json.get(field);
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        fail(field, "must be true or false");
        return Optional.empty();
    }

    public Optional<JsonArray> array(String field) {
        return typed(field, JsonValue.ValueType.ARRAY, "must be an array").map(JsonValue::asJsonArray);
    }

    public Optional<JsonObject> object(String field) {
        return typed(field, JsonValue.ValueType.OBJECT, "must be an object").map(JsonValue::asJsonObject);
    }

    public Optional<JsonNumber> number(String field) {
        return typed(field, JsonValue.ValueType.NUMBER, "must be a number").map(v -> (JsonNumber) v);
    }

    private Optional<JsonValue> typed(String field, JsonValue.ValueType type, String message) {
        if (!has(field) || isNull(field)) {
            return Optional.empty();
        }
        JsonValue value = json.get(field);
        if (value.getValueType() != type) {
            fail(field, message);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public void fail(String field, String message) {
        details.add(new Refused.Detail(field, message));
    }

    /** True when a problem was found with the field or one of its parts ({@code start.timeZone}). */
    public boolean failed(String field) {
        return details.stream().anyMatch(d -> d.field().equals(field) || d.field().startsWith(field + "."));
    }

    /** 400 with one detail per problem found so far, if any. */
    public void check() {
        if (!details.isEmpty()) {
            throw Refused.invalid("Invalid request", details);
        }
    }
}
