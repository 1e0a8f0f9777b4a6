package com.calendarpipe.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpHeaders;

/** One HTTP answer, with its body kept as text so that failure messages can show it. */
public record Reply(int status, HttpHeaders headers, String body) {

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    public JsonObject data() {
        return json().getJsonObject("data");
    }

    public JsonArray dataArray() {
        return json().getJsonArray("data");
    }

    @Override
    public String toString() {
        return status + " " + headers.map() + "\n" + body;
    }
}
