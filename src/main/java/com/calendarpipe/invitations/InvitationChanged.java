package com.calendarpipe.invitations;

/**
 * A CDI event fired in the transaction that changed an invitation, for whoever wants to tell the
 * account (the webhooks): it was received (a new invitation), updated by the organizer (a later
 * REQUEST, or some instances changed or cancelled), or cancelled as a whole.
 */
public record InvitationChanged(Kind kind, String accountId, String calendarId, String invitationId, String eventUid) {

    public enum Kind {
        RECEIVED, UPDATED, CANCELLED
    }
}
