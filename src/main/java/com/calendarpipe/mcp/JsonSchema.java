package com.calendarpipe.mcp;

import com.calendarpipe.Refused;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas (draft 2020-12, the dialect MCP 2025-06-18 assumes) of the tools' inputs and
 * outputs, built in code, and the check of a tool's arguments against its input schema. The check
 * knows the keywords the schemas here use (type, properties, required, additionalProperties,
 * items, enum, minLength, maxLength, minimum, maximum, minItems, maxItems); a schema is what a
 * client shows the model and what the server holds the arguments to, from the same object.
 */
final class JsonSchema {

    private final JsonObjectBuilder json = Json.createObjectBuilder();
    private final JsonObjectBuilder properties = Json.createObjectBuilder();
    private final JsonArrayBuilder required = Json.createArrayBuilder();
    private boolean hasProperties;
    private boolean hasRequired;

    private JsonSchema(JsonValue type) {
        json.add("type", type);
    }

    static JsonSchema object() {
        return new JsonSchema(Json.createValue("object"));
    }

    static JsonSchema string() {
        return new JsonSchema(Json.createValue("string"));
    }

    static JsonSchema integer() {
        return new JsonSchema(Json.createValue("integer"));
    }

    static JsonSchema bool() {
        return new JsonSchema(Json.createValue("boolean"));
    }

    static JsonSchema array(JsonSchema items) {
        return new JsonSchema(Json.createValue("array")).with("items", items.json());
    }

    /** A value of the type or null (a field the caller may clear, or an answer's field that may be empty). */
    JsonSchema orNull() {
        JsonObject built = json.build();
        String type = ((JsonString) built.get("type")).getString();
        built.forEach((k, v) -> json.add(k, k.equals("type") ? Json.createArrayBuilder().add(type).add("null").build() : v));
        return this;
    }

    JsonSchema description(String text) {
        return with("description", Json.createValue(text));
    }

    JsonSchema title(String text) {
        return with("title", Json.createValue(text));
    }

    JsonSchema examples(String... values) {
        return with("examples", strings(values));
    }

    JsonSchema format(String format) {
        return with("format", Json.createValue(format));
    }

    JsonSchema oneOf(String... values) {
        return with("enum", strings(values));
    }

    private static JsonArray strings(String... values) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (String value : values) {
            list.add(value);
        }
        return list.build();
    }

    JsonSchema length(int min, int max) {
        return with("minLength", Json.createValue(min)).with("maxLength", Json.createValue(max));
    }

    JsonSchema range(long min, long max) {
        return with("minimum", Json.createValue(min)).with("maximum", Json.createValue(max));
    }

    JsonSchema items(int min, int max) {
        return with("minItems", Json.createValue(min)).with("maxItems", Json.createValue(max));
    }

    JsonSchema defaultValue(JsonValue value) {
        return with("default", value);
    }

    /** No properties but those declared: a misspelt argument is refused, never silently ignored. */
    JsonSchema closed() {
        return with("additionalProperties", JsonValue.FALSE);
    }

    JsonSchema property(String name, JsonSchema schema) {
        properties.add(name, schema.json());
        hasProperties = true;
        return this;
    }

    JsonSchema required(String name, JsonSchema schema) {
        required.add(name);
        hasRequired = true;
        return property(name, schema);
    }

    JsonSchema with(String keyword, JsonValue value) {
        json.add(keyword, value);
        return this;
    }

    JsonObject json() {
        if (hasProperties) {
            json.add("properties", properties);
            hasProperties = false;
        }
        if (hasRequired) {
            json.add("required", required);
            hasRequired = false;
        }
        return json.build();
    }

    // --- the check

    /** Every way {@code value} breaks {@code schema}, one detail per problem, named by its path ({@code start.dateTime}). */
    static List<Refused.Detail> problems(JsonObject schema, JsonValue value) {
        List<Refused.Detail> found = new ArrayList<>();
        check(schema, value, "", found);
        return found;
    }

    private static void check(JsonObject schema, JsonValue value, String path, List<Refused.Detail> found) {
        String field = path.isEmpty() ? "arguments" : path;
        if (!typeMatches(schema.get("type"), value)) {
            found.add(new Refused.Detail(field, "must be " + typeName(schema.get("type"))));
            return;
        }
        switch (value.getValueType()) {
            case OBJECT -> checkObject(schema, value.asJsonObject(), path, found);
            case ARRAY -> {
                JsonArray array = value.asJsonArray();
                if (schema.containsKey("minItems") && array.size() < schema.getInt("minItems")
                        || schema.containsKey("maxItems") && array.size() > schema.getInt("maxItems")) {
                    found.add(new Refused.Detail(field, "must hold " + schema.getInt("minItems", 0) + " to "
                            + schema.getInt("maxItems", Integer.MAX_VALUE) + " items"));
                    return;
                }
                JsonObject items = schema.getJsonObject("items");
                for (int i = 0; i < array.size() && items != null; i++) {
                    check(items, array.get(i), field + "[" + i + "]", found);
                }
            }
            case STRING -> {
                String text = ((JsonString) value).getString();
                JsonArray allowed = schema.getJsonArray("enum");
                if (allowed != null && !allowed.contains(value)) {
                    found.add(new Refused.Detail(field, "must be one of " + String.join(", ",
                            allowed.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList())));
                }
                int length = text.codePointCount(0, text.length());
                if (length < schema.getInt("minLength", 0) || length > schema.getInt("maxLength", Integer.MAX_VALUE)) {
                    found.add(new Refused.Detail(field, schema.getInt("minLength", 0) > 0
                            ? "must be " + schema.getInt("minLength") + " to " + schema.getInt("maxLength") + " characters"
                            : "must be at most " + schema.getInt("maxLength") + " characters"));
                }
            }
            case NUMBER -> {
                JsonNumber number = (JsonNumber) value;
                if (schema.containsKey("minimum") && number.bigDecimalValue().compareTo(schema.getJsonNumber("minimum").bigDecimalValue()) < 0
                        || schema.containsKey("maximum") && number.bigDecimalValue().compareTo(schema.getJsonNumber("maximum").bigDecimalValue()) > 0) {
                    found.add(new Refused.Detail(field, "must be from " + schema.get("minimum") + " to " + schema.get("maximum")));
                }
            }
            default -> { }
        }
    }

    private static void checkObject(JsonObject schema, JsonObject value, String path, List<Refused.Detail> found) {
        JsonObject declared = schema.containsKey("properties") ? schema.getJsonObject("properties") : JsonValue.EMPTY_JSON_OBJECT;
        String prefix = path.isEmpty() ? "" : path + ".";
        JsonArray required = schema.getJsonArray("required");
        if (required != null) {
            for (JsonString name : required.getValuesAs(JsonString.class)) {
                if (!value.containsKey(name.getString())) {
                    found.add(new Refused.Detail(prefix + name.getString(), "is required"));
                }
            }
        }
        for (Map.Entry<String, JsonValue> entry : value.entrySet()) {
            JsonObject property = declared.getJsonObject(entry.getKey());
            if (property != null) {
                check(property, entry.getValue(), prefix + entry.getKey(), found);
            } else if (JsonValue.FALSE.equals(schema.get("additionalProperties"))) {
                found.add(new Refused.Detail(prefix + entry.getKey(), "is not an argument of this tool"));
            }
        }
    }

    private static boolean typeMatches(JsonValue type, JsonValue value) {
        if (type == null) {
            return true;
        }
        if (type.getValueType() == JsonValue.ValueType.ARRAY) {
            return type.asJsonArray().stream().anyMatch(t -> typeMatches(t, value));
        }
        return switch (((JsonString) type).getString()) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "integer" -> value.getValueType() == JsonValue.ValueType.NUMBER && ((JsonNumber) value).isIntegral();
            default -> false;
        };
    }

    private static String typeName(JsonValue type) {
        if (type.getValueType() == JsonValue.ValueType.ARRAY) {
            return String.join(" or ", type.asJsonArray().getValuesAs(JsonString.class).stream()
                    .map(t -> typeName(t)).toList());
        }
        String name = ((JsonString) type).getString();
        return switch (name) {
            case "object" -> "an object";
            case "array" -> "an array";
            case "integer" -> "a whole number";
            case "boolean" -> "true or false";
            case "null" -> "null";
            default -> "a " + name;
        };
    }
}
