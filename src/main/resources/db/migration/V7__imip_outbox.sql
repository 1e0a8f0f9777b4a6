-- The iMIP outbox (imip/OutboxMessage): iTIP messages for attendees outside this server, written
-- in the transaction that writes the event and deleted once sent or given up. Portable SQL, as
-- V1 to V6: the same file runs on H2 and PostgreSQL.

CREATE TABLE imip_outbox (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    -- the sender's stored event, for the outcome (scheduling/DeliveryOutcome); no foreign key:
    -- deleting the calendar must not wait on, nor silently drop, a CANCEL on its way out
    calendar_id     VARCHAR(36)   NOT NULL,
    uid             VARCHAR(255)  NOT NULL,
    sender          VARCHAR(254)  NOT NULL,
    recipient       VARCHAR(254)  NOT NULL,
    method          VARCHAR(7)    NOT NULL,
    summary         VARCHAR(1000),
    icalendar       VARCHAR(1000000) NOT NULL,
    queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- attempts so far; a node claims a row by raising it from the value it read (a conditional
    -- UPDATE), so that two nodes never send one message
    attempts        INTEGER       NOT NULL,
    -- when the row is next due; while a node sends it, the end of that node's lease
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(200)
);
CREATE INDEX imip_outbox_due_idx ON imip_outbox (next_attempt_at);
