-- The audit trail: every security event of an account (audit/AuditEvent), newest first per
-- account. Portable SQL, as V1 to V5: the same file runs on H2 and PostgreSQL.
-- Never a full key or a password: keys are named by id and prefix, the user agent is tamed as
-- last-used's is (apikey/LastUse), details are a JSON object of strings.

CREATE TABLE audit_events (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    account_id  VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    type        VARCHAR(32)  NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ip          VARCHAR(45),
    user_agent  VARCHAR(256),
    -- no foreign key to api_keys: an event names a key (id and prefix) as it was, and never blocks that row
    key_id      VARCHAR(36),
    key_prefix  VARCHAR(9),
    details     VARCHAR(2000) NOT NULL
);
-- the listing: an account's events newest first (ties by id), and the purge by time
CREATE INDEX audit_events_account_idx ON audit_events (account_id, at, id);
CREATE INDEX audit_events_at_idx ON audit_events (at);
