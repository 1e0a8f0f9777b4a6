-- Secrets stay secret (issue 26). Portable SQL, as V1.

-- A calendar's e-mail address gets an id of its own, stable for the calendar's life and unrelated
-- to the feed token (before, the address was cal-{feedToken}@…, so every invitee received the
-- feed's only credential). NULL for the calendars made before this version: the application
-- gives each one an address at start-up (scheduling/CalendarAddresses), moving the events it
-- organizes to it and regenerating the feed token of those whose old address went out.
ALTER TABLE hosted_calendars ADD COLUMN mail_id VARCHAR(24);
CREATE UNIQUE INDEX hosted_calendars_mail_id_uk ON hosted_calendars (mail_id);

-- An account's e-mail is proved before it is trusted (a link sent to it, or the operator's
-- one-time setup token): until then it routes no invitations of local organizers (when the
-- server can send mail) and CALENDARPIPE_ADMINS grants it nothing. NULL: not proved.
ALTER TABLE accounts ADD COLUMN email_verified_at TIMESTAMP WITH TIME ZONE;
-- the pending verification: SHA-256 (hex) of the token in the link, and when it expires
ALTER TABLE accounts ADD COLUMN email_token_hash VARCHAR(64);
ALTER TABLE accounts ADD COLUMN email_token_expires_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX accounts_email_token_uk ON accounts (email_token_hash);

-- The e-mail as people read it (UTS #39 skeleton of its normalised form): two accounts can never
-- differ by a lookalike character. NULL for accounts made before this version until the
-- application computes it at start-up (account/AccountSkeletons).
ALTER TABLE accounts ADD COLUMN email_skeleton VARCHAR(1024);
CREATE UNIQUE INDEX accounts_email_skeleton_uk ON accounts (email_skeleton);

-- Whether other accounts of this server may see the account's busy times (a free-busy request to
-- its scheduling outbox); off unless the account turns it on.
ALTER TABLE accounts ADD COLUMN free_busy_shared BOOLEAN DEFAULT FALSE NOT NULL;

-- One-time admin setup tokens, written to the server log when no listed admin's e-mail can be
-- proved by mail (no SMTP server): only their SHA-256 (hex) is kept.
CREATE TABLE admin_setup_tokens (
    token_hash  VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);
