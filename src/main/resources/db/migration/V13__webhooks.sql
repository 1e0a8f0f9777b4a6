-- Webhooks (issue 21): one per hosted calendar, and the outbox of its deliveries. Portable SQL,
-- as V1 to V12: the same file runs on H2 and PostgreSQL.

-- A calendar's webhook (webhook/Webhook): deleted with its calendar.
CREATE TABLE webhooks (
    calendar_id     VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES hosted_calendars (id) ON DELETE CASCADE,
    account_id      VARCHAR(36)   NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    -- the signing secret sealed with AES-256-GCM (SecretBox): the server must read it back to sign
    secret          VARCHAR(500)  NOT NULL,
    -- its first characters, shown by GET (whsec_ and four more)
    secret_hint     VARCHAR(16)   NOT NULL,
    -- after a rotation, the former secret (sealed), which still signs every delivery until previous_until
    previous_secret VARCHAR(500),
    previous_until  TIMESTAMP WITH TIME ZONE,
    -- the event types delivered, comma-separated; null: every type
    types           VARCHAR(1000),
    enabled         BOOLEAN       NOT NULL,
    disabled_reason VARCHAR(200),
    -- since when every delivery has failed (null: the last one was delivered, or none failed)
    failing_since   TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The deliveries (webhook/WebhookDelivery), written in the transaction of the change they tell
-- of, and kept once sent or failed, for the deliveries list. The iMIP outbox's design (V7): a
-- node claims a row by raising attempts from the value it read (a conditional UPDATE), and owns
-- it until next_attempt_at, its lease.
CREATE TABLE webhook_deliveries (
    -- the webhook-id header, the same on every attempt
    id               VARCHAR(40)     NOT NULL PRIMARY KEY,
    calendar_id      VARCHAR(36)     NOT NULL REFERENCES hosted_calendars (id) ON DELETE CASCADE,
    event_type       VARCHAR(40)     NOT NULL,
    payload          VARCHAR(200000) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- pending, delivered or failed
    status           VARCHAR(16)     NOT NULL,
    attempts         INTEGER         NOT NULL,
    -- when a pending row is next due; while a node sends it, the end of that node's lease
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_status      INTEGER,
    last_duration_ms INTEGER,
    last_error       VARCHAR(200)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_calendar_idx ON webhook_deliveries (calendar_id, created_at);
