-- Invitations in (issue 20): mail received by the SMTP listener for a calendar's address, and the
-- invitations it brought. Portable SQL, as V1 to V10: the same file runs on H2 and PostgreSQL.

-- A message the listener accepted (inbound/InboundMessage), one row per calendar it was sent to:
-- written and committed before the listener answers 250, deleted once applied (or given up), so
-- every row is still to be applied, and a crash between the 250 and the applying loses nothing.
CREATE TABLE inbound_mail (
    id              VARCHAR(36)      NOT NULL PRIMARY KEY,
    -- no foreign key: a calendar deleted meanwhile leaves the row to be dropped when applied
    calendar_id     VARCHAR(36)      NOT NULL,
    -- the envelope's MAIL FROM ('' for the null sender) and the From addresses, bare and
    -- lower-cased: who may have sent it (scheduling/Received)
    envelope_sender VARCHAR(254)     NOT NULL,
    from_addresses  VARCHAR(1000)    NOT NULL,
    message_id      VARCHAR(255),
    -- the text/calendar part, decoded
    icalendar       VARCHAR(1000000) NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER          NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(200)
);
CREATE INDEX inbound_mail_due_idx ON inbound_mail (next_attempt_at);

-- An invitation a calendar received (invitations/Invitation): one per calendar and event UID,
-- following the organizer's updates and cancellation and the calendar's answer.
CREATE TABLE invitations (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    account_id      VARCHAR(36)   NOT NULL,
    calendar_id     VARCHAR(36)   NOT NULL REFERENCES hosted_calendars (id),
    event_uid       VARCHAR(255)  NOT NULL,
    organizer_email VARCHAR(254)  NOT NULL,
    organizer_name  VARCHAR(255),
    method          VARCHAR(16)   NOT NULL,
    sequence_number INTEGER       NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    responded_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX invitations_uid_idx ON invitations (calendar_id, event_uid);
CREATE INDEX invitations_listing_idx ON invitations (calendar_id, created_at, id);
