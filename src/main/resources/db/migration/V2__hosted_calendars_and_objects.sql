-- Hosted calendars and the iCalendar objects (events, to-dos) they hold: one store for the
-- REST view, the ICS feed and CalDAV. Portable SQL, as V1.

CREATE TABLE hosted_calendars (
    id                     VARCHAR(36)  NOT NULL PRIMARY KEY,
    account_id             VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    name                   VARCHAR(100) NOT NULL,
    description            VARCHAR(500),
    color                  VARCHAR(7),
    timezone               VARCHAR(64)  NOT NULL,
    organizer_display_name VARCHAR(100),
    -- the secret in the feed URL, the CalDAV collection name and the calendar's email address
    feed_token             VARCHAR(40)  NOT NULL,
    -- +1 on every change to the calendar or its objects, from any channel; it is also the
    -- calendar's revision: objects and tombstones record the ctag of their last change
    ctag                   BIGINT       NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX hosted_calendars_feed_token_uk ON hosted_calendars (feed_token);
CREATE INDEX hosted_calendars_account_idx ON hosted_calendars (account_id, created_at);

CREATE TABLE calendar_objects (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    calendar_id  VARCHAR(36)  NOT NULL REFERENCES hosted_calendars (id) ON DELETE CASCADE,
    -- the resource name under the CalDAV collection, e.g. "{uid}.ics"
    name         VARCHAR(255) NOT NULL,
    uid          VARCHAR(255) NOT NULL,
    component    VARCHAR(9)   NOT NULL,
    -- the time span covered by every instance, for the window query; last_end is NULL when a
    -- recurrence never ends. long_span marks spans over a week (recurring or long events), so
    -- that the short ones can be found by a bounded range of first_start alone
    first_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_end     TIMESTAMP WITH TIME ZONE,
    long_span    BOOLEAN      NOT NULL,
    recurring    BOOLEAN      NOT NULL,
    etag         VARCHAR(64)  NOT NULL,
    size_bytes   INTEGER      NOT NULL,
    -- the iCalendar text exactly as written
    icalendar    VARCHAR(1000000) NOT NULL,
    revision     BIGINT       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      BIGINT       NOT NULL
);
CREATE UNIQUE INDEX calendar_objects_name_uk ON calendar_objects (calendar_id, name);
CREATE UNIQUE INDEX calendar_objects_uid_uk ON calendar_objects (calendar_id, uid);
CREATE INDEX calendar_objects_window_idx ON calendar_objects (calendar_id, long_span, first_start);
CREATE INDEX calendar_objects_revision_idx ON calendar_objects (calendar_id, revision);

-- Deleted object names and the revision of their deletion, so that a sync from an older
-- revision reports each deletion once. An initial sync never lists them.
CREATE TABLE calendar_tombstones (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    calendar_id  VARCHAR(36)  NOT NULL REFERENCES hosted_calendars (id) ON DELETE CASCADE,
    name         VARCHAR(255) NOT NULL,
    revision     BIGINT       NOT NULL
);
CREATE UNIQUE INDEX calendar_tombstones_name_uk ON calendar_tombstones (calendar_id, name);
CREATE INDEX calendar_tombstones_revision_idx ON calendar_tombstones (calendar_id, revision);
