package com.calendarpipe.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error envelope of the REST API: {@code {"error", "message", "details"?}}.
 * {@code error} is the status text, {@code message} a sentence for a person, {@code details}
 * one entry per invalid field. Built only from fixed texts: never from an exception's message
 * other than a {@code Refused}'s, which is one of ours.
 */
@Schema(name = "ErrorBody", description = "The envelope of every error answer", requiredProperties = {"error", "message"})
@JsonbPropertyOrder({"error", "message", "details"})
public record ErrorBody(
        @Schema(description = "The HTTP status text, e.g. `Not Found`") String error,
        @Schema(description = "A sentence for a person") String message,
        @Schema(description = "One entry per invalid field; left out when there is none") List<Detail> details) {

    /** One problem with one input field. */
    @Schema(name = "ErrorDetail", requiredProperties = {"field", "message"})
    public record Detail(
            @Schema(description = "The field or query parameter, e.g. `name` or `attendees[0].email`") String field,
            @Schema(examples = "is required") String message) {
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
