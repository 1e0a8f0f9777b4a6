package com.calendarpipe.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The OpenAPI document's {@code webhooks} (OpenAPI 3.1): what a receiver gets for each event
 * type, with an example, and the three Standard Webhooks headers that sign it. Read by the
 * build's generator (the smallrye-open-api plugin's {@code modelReader}, see the pom) and merged
 * with what the resources' annotations say; JAX-RS has no annotation for a request the server
 * sends.
 */
public class WebhookDocs implements OASModelReader {

    private static final String EVENT_ID = "c1a0e7f2-6c55-4a3b-8d1e-2f0b9a7c4d10";
    private static final String CALENDAR_ID = "0b8f6f64-52b4-4a5e-9f53-3f4f2c1d7e21";

    @Override
    public OpenAPI buildModel() {
        OpenAPI api = OASFactory.createOpenAPI();
        Map<String, Object> event = event();
        add(api, WebhookTypes.EVENT_CREATED, "An event was created (REST, CalDAV, MCP, scheduling, an invitation received)",
                payload(WebhookTypes.EVENT_CREATED, Map.of("event", event)));
        add(api, WebhookTypes.EVENT_UPDATED, "An event was changed, whoever changed it",
                payload(WebhookTypes.EVENT_UPDATED, Map.of("event", event)));
        add(api, WebhookTypes.EVENT_DELETED, "An event was deleted: its id and UID only",
                payload(WebhookTypes.EVENT_DELETED, Map.of("event", Map.of("id", EVENT_ID, "uid", "standup-42@example.com",
                        "component", "VEVENT"))));
        for (String type : List.of(WebhookTypes.INVITATION_RECEIVED, WebhookTypes.INVITATION_UPDATED,
                WebhookTypes.INVITATION_CANCELLED)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("invitationId", "5b0e4a1c-2f7d-4c41-9a43-0d6c1f0e9b11");
            fields.put("organizerEmail", "alice@example.com");
            fields.put("organizerName", "Alice Example");
            fields.put("status", type.equals(WebhookTypes.INVITATION_CANCELLED) ? "cancelled" : "pending");
            fields.put("respondUrl", "https://calendarpipe.example.com/api/v1/hosted-calendars/" + CALENDAR_ID
                    + "/invitations/standup-42%40example.com/respond");
            fields.put("event", event);
            add(api, type, switch (type) {
                case WebhookTypes.INVITATION_RECEIVED -> "An invitation arrived by mail at the calendar's address; "
                        + "answer it with a POST to `respondUrl` (the account's key, as for any API call)";
                case WebhookTypes.INVITATION_UPDATED -> "The organizer changed the invitation's event";
                default -> "The organizer cancelled the event";
            }, payload(type, fields));
        }
        Map<String, Object> answered = new LinkedHashMap<>();
        answered.put("attendee", "bob@example.org");
        answered.put("status", "accepted");
        answered.put("event", event);
        add(api, WebhookTypes.ATTENDEE_RESPONDED, "An attendee answered an event the calendar organizes",
                payload(WebhookTypes.ATTENDEE_RESPONDED, answered));
        add(api, WebhookTypes.TEST, "A test ping (`POST …/webhook/test`)", payload(WebhookTypes.TEST, Map.of()));
        return api;
    }

    private static Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", EVENT_ID);
        event.put("uid", "standup-42@example.com");
        event.put("component", "VEVENT");
        event.put("title", "Stand-up");
        event.put("start_at", "2026-03-10T09:00:00+01:00");
        event.put("end_at", "2026-03-10T09:15:00+01:00");
        event.put("timezone", "Europe/Berlin");
        event.put("attendees", List.of(Map.of("email", "bob@example.org", "name", "Bob", "status", "needsAction")));
        return event;
    }

    private static Map<String, Object> payload(String type, Map<String, Object> fields) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("timestamp", "2026-03-01T08:12:03.512Z");
        payload.put("calendarId", CALENDAR_ID);
        payload.putAll(fields);
        return payload;
    }

    private static void add(OpenAPI api, String type, String summary, Map<String, Object> example) {
        api.addWebhook(type, OASFactory.createPathItem().POST(OASFactory.createOperation()
                .summary(summary)
                .description("Sent as a POST of JSON to the webhook's URL, signed the Standard Webhooks way: HMAC-SHA256 "
                        + "with the secret's bytes (the base64 after `whsec_`) over `webhook-id.webhook-timestamp.body`. "
                        + "Retried with the same `webhook-id` until a 2xx answer; 410 Gone disables the webhook.")
                .tags(List.of("Webhooks"))
                .parameters(List.of(
                        header("webhook-id", "The delivery's id, the same on every attempt: drop repeats by it", "msg_2Lq0pW3xq8Zs1Gm5cVbQeT1k"),
                        header("webhook-timestamp", "The attempt's time in Unix seconds: refuse old ones", "1772352723"),
                        header("webhook-signature", "`v1,` and the base64 signature; during a secret rotation two, "
                                + "space-separated: accept either", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=")))
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT))
                                .addExample(type, OASFactory.createExample().value(example)))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("Any 2xx: delivered"))
                        .addAPIResponse("410", OASFactory.createAPIResponse().description("Gone: the webhook is disabled")))));
    }

    private static Parameter header(String name, String description, String example) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(true).description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .example(example);
    }
}
