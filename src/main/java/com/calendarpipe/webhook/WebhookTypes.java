package com.calendarpipe.webhook;

import java.util.List;

/** The event types a webhook is told of, by the names its payloads' {@code type} carries. */
final class WebhookTypes {

    static final String EVENT_CREATED = "event.created";
    static final String EVENT_UPDATED = "event.updated";
    static final String EVENT_DELETED = "event.deleted";
    static final String INVITATION_RECEIVED = "invitation.received";
    static final String INVITATION_UPDATED = "invitation.updated";
    static final String INVITATION_CANCELLED = "invitation.cancelled";
    static final String ATTENDEE_RESPONDED = "attendee.responded";
    static final String TEST = "webhook.test";

    static final List<String> ALL = List.of(EVENT_CREATED, EVENT_UPDATED, EVENT_DELETED, INVITATION_RECEIVED,
            INVITATION_UPDATED, INVITATION_CANCELLED, ATTENDEE_RESPONDED, TEST);

    private WebhookTypes() {
    }
}
