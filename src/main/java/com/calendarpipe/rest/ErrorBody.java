package com.calendarpipe.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The one error envelope of the REST API: {@code {"error", "message", "details"?}}.
 * {@code error} is the status text, {@code message} a sentence for a person, {@code details}
 * one entry per invalid field. Built only from fixed texts: never from an exception's message.
 */
@JsonbPropertyOrder({"error", "message", "details"})
public record ErrorBody(String error, String message, List<Detail> details) {

    /** One problem with one input field. */
    public record Detail(String field, String message) {
    }

    // null details are left out of the JSON
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    public static ErrorBody of(String error, String message) {
        return new ErrorBody(error, message, null);
    }

    /** The envelope as JSON text, for the places that answer outside JAX-RS (the auth mechanism). */
    public String toJson() {
        return JSON.toJson(this);
    }
}
