package com.calendarpipe.calendarapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An invitation's JSON: CalendarPipe's documented field names, in their order, nulls written. */
class InvitationViewTest {

    @Test
    void theFieldsAreTheDocumentedOnesInOrderWithNullsWritten() throws Exception {
        InvitationView view = new InvitationView("id-1", "uid-1", "alice@example.com", null, "REQUEST", 0, "pending", null,
                InvitationView.delivery("1.1"), Instant.parse("2026-03-01T08:12:03Z"), null);
        String json;
        try (var jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(true))) {
            json = jsonb.toJson(view);
        }
        JsonObject object = Json.createReader(new StringReader(json)).readObject();
        assertEquals(List.of("id", "event_uid", "organizer_email", "organizer_name", "method", "sequence", "status", "payload",
                "delivery_status", "created_at", "responded_at"), List.copyOf(object.keySet()), json);
        assertEquals("sent", object.getString("delivery_status"));
    }

    @Test
    void aReplysScheduleStatusIsOneWord() {
        assertEquals(null, InvitationView.delivery(null));
        assertEquals("pending", InvitationView.delivery("1.0"));
        assertEquals("delivered", InvitationView.delivery("2.0"));
        assertEquals("failed", InvitationView.delivery("5.1"));
        assertEquals("failed", InvitationView.delivery("3.7"));
    }
}
