package com.calendarpipe.webhook;

/**
 * A CDI event fired in the transaction that disabled a calendar's webhook (its receiver answered
 * 410 Gone, or every attempt failed for five days), for the audit trail.
 */
public record WebhookDisabled(String accountId, String calendarId, String reason) {
}
