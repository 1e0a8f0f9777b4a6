-- CalDAV scheduling (RFC 6638). Portable SQL, as V1 to V6: the same file runs on H2 and PostgreSQL.

-- the schedule tag of a scheduling object resource (§3.2.10); null for every other object
ALTER TABLE calendar_objects ADD COLUMN schedule_tag VARCHAR(32);

-- the scheduling inbox of each account (§2.2): the iTIP messages delivered to it, until it deletes them
CREATE TABLE schedule_inbox (
    id          VARCHAR(40)      NOT NULL PRIMARY KEY,
    account_id  VARCHAR(36)      NOT NULL REFERENCES accounts (id),
    name        VARCHAR(64)      NOT NULL,
    uid         VARCHAR(255)     NOT NULL,
    method      VARCHAR(16)      NOT NULL,
    etag        VARCHAR(64)      NOT NULL,
    icalendar   VARCHAR(1000000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX schedule_inbox_name_idx ON schedule_inbox (account_id, name);
