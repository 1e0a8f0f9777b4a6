-- A calendar made by a CalDAV client (MKCALENDAR, extended MKCOL) keeps the collection name
-- the client chose, besides the feed token; regenerating the token clears it, so that the
-- collection moves like every other way in.
ALTER TABLE hosted_calendars ADD COLUMN dav_name VARCHAR(255);
CREATE UNIQUE INDEX hosted_calendars_dav_name_uk ON hosted_calendars (account_id, dav_name);
