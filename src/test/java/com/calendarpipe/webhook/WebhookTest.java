package com.calendarpipe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A webhook's own rules: which types it takes, when it has failed long enough to be disabled, what setting it again undoes. */
class WebhookTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration FIVE_DAYS = Duration.ofDays(5);

    @Test
    void fiveDaysOfFailuresWithNoSuccessBetweenDisableIt() {
        Webhook webhook = webhook(null);
        assertFalse(webhook.failed(T0, FIVE_DAYS));
        assertFalse(webhook.failed(T0.plus(Duration.ofDays(4)), FIVE_DAYS));
        webhook.delivered();
        assertNull(webhook.getFailingSince(), "a success starts over");
        assertFalse(webhook.failed(T0.plus(Duration.ofDays(6)), FIVE_DAYS), "counted from the first failure after it");
        assertTrue(webhook.failed(T0.plus(Duration.ofDays(11)), FIVE_DAYS));
    }

    @Test
    void typesFilterAllButTheTestPingAndADisabledWebhookTakesNothing() {
        Webhook some = webhook(List.of("invitation.received"));
        assertTrue(some.wants("invitation.received") && some.wants("webhook.test"));
        assertFalse(some.wants("event.created"));
        Webhook all = webhook(null);
        assertTrue(WebhookTypes.ALL.stream().allMatch(all::wants));
        all.disable("The receiver answered 410 Gone");
        assertFalse(all.wants("webhook.test") || all.wants("event.created"));
        assertEquals("The receiver answered 410 Gone", all.getDisabledReason());
        all.set("https://bot.example.com/", "sb1:k:new", "whsec_abcd", null);
        assertTrue(all.isEnabled() && all.getDisabledReason() == null, "set again, enabled again");
    }

    private static Webhook webhook(List<String> types) {
        Webhook webhook = new Webhook("calendar-1", "account-1");
        webhook.set("https://bot.example.com/", "sb1:k:secret", "whsec_abcd", types);
        return webhook;
    }
}
