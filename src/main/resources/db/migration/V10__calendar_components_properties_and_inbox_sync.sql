-- What CalDAV clients set on a calendar, kept; and a revision for each scheduling inbox, so that
-- it can be synchronised. Portable SQL, as V1 to V8: the same file runs on H2 and PostgreSQL.

-- The components a calendar holds (RFC 4791 §5.2.3), comma-separated in the order VEVENT, VTODO,
-- VJOURNAL: a task list made by a client with VTODO alone holds to-dos only. Every calendar made
-- before holds all three, as it did.
ALTER TABLE hosted_calendars ADD COLUMN components VARCHAR(32) DEFAULT 'VEVENT,VTODO,VJOURNAL' NOT NULL;

-- Properties a CalDAV client set on a calendar that are not its fields (dead properties, RFC 4918
-- §4: Apple's calendar-order, any namespace), and the form in which a client sent a field it
-- sets (calendar-color with its alpha, calendar-timezone's VTIMEZONE), each as the property's
-- XML element, read back as set. Bounded per property and per calendar by the application.
CREATE TABLE calendar_properties (
    id            VARCHAR(36)    NOT NULL PRIMARY KEY,
    calendar_id   VARCHAR(36)    NOT NULL REFERENCES hosted_calendars (id) ON DELETE CASCADE,
    namespace_uri VARCHAR(255)   NOT NULL,
    local_name    VARCHAR(255)   NOT NULL,
    xml_value     VARCHAR(16384) NOT NULL
);
CREATE UNIQUE INDEX calendar_properties_name_uk ON calendar_properties (calendar_id, namespace_uri, local_name);

-- Each account's inbox revision (RFC 6578 for the scheduling inbox, RFC 6638 §2.2): +1 on every
-- delivery and every deletion, which take this row's lock, so that a sync token never skips a
-- change committed after it. An account without a row is at revision 1.
CREATE TABLE schedule_inbox_state (
    account_id  VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES accounts (id),
    revision    BIGINT      NOT NULL
);
INSERT INTO schedule_inbox_state (account_id, revision) SELECT id, 1 FROM accounts;

-- the revision that delivered each message (those delivered before this migration: 1)
ALTER TABLE schedule_inbox ADD COLUMN revision BIGINT DEFAULT 1 NOT NULL;
CREATE INDEX schedule_inbox_revision_idx ON schedule_inbox (account_id, revision);

-- Deleted messages' names and the revision of their deletion, so that a sync reports each
-- deletion once; an initial sync never lists them. Message names are never reused.
CREATE TABLE schedule_inbox_tombstones (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    account_id  VARCHAR(36) NOT NULL REFERENCES accounts (id),
    name        VARCHAR(64) NOT NULL,
    revision    BIGINT      NOT NULL
);
CREATE INDEX schedule_inbox_tombstones_revision_idx ON schedule_inbox_tombstones (account_id, revision);
