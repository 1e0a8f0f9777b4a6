-- Accounts as safe as the keys they hold (issue 27): two-factor sign-in, e-mail change, deletion.
-- Portable SQL, as V1 to V11: the same file runs on H2 and PostgreSQL.

-- TOTP (RFC 6238): the seed sealed at rest by the application's SecretBox (never plain), the seed
-- of an enrolment begun but not yet confirmed with a code, and the last time step a code was
-- accepted for: a code of that step or an earlier one is never accepted again (RFC 6238 §5.2).
ALTER TABLE accounts ADD COLUMN totp_secret VARCHAR(200);
ALTER TABLE accounts ADD COLUMN totp_pending VARCHAR(200);
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
-- the ten single-use recovery codes: the salted SHA-256 (hex) of each one not used yet, space-separated
ALTER TABLE accounts ADD COLUMN recovery_codes VARCHAR(700);

-- An e-mail change waiting for its link to be opened: the new address (nothing routes to it
-- until then), the SHA-256 (hex) of the link's token, and when the link expires.
ALTER TABLE accounts ADD COLUMN pending_email VARCHAR(254);
ALTER TABLE accounts ADD COLUMN pending_email_token_hash VARCHAR(64);
ALTER TABLE accounts ADD COLUMN pending_email_expires_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX accounts_pending_email_token_uk ON accounts (pending_email_token_hash);

-- What the audit trail keeps of a deleted account, until the retention purge: the kind and time of
-- each event, under a random id that names nothing else (no account id, address, agent or detail).
CREATE TABLE deleted_account_events (
    id                 VARCHAR(36) NOT NULL PRIMARY KEY,
    deleted_account    VARCHAR(36) NOT NULL,
    type               VARCHAR(32) NOT NULL,
    at                 TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX deleted_account_events_at_idx ON deleted_account_events (at);
