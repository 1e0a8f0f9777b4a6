-- Where each key was last used from, written with last_used_at (at most once a minute per key
-- per node, apikey/LastUsedRecorder): the client address (behind a trusted proxy, the one it
-- saw), the user agent (control characters dropped, cut to 256 characters), the channel
-- ('rest' or 'caldav'), and the last 5 distinct client addresses, newest first, separated by
-- spaces (5 x 45 characters, an IPv6 address's longest text form, and the spaces).
-- Portable SQL, as V1 to V3: the same file runs on H2 and PostgreSQL.

ALTER TABLE api_keys ADD COLUMN last_used_ip VARCHAR(45);
ALTER TABLE api_keys ADD COLUMN last_used_user_agent VARCHAR(256);
ALTER TABLE api_keys ADD COLUMN last_used_via VARCHAR(8);
ALTER TABLE api_keys ADD COLUMN recent_ips VARCHAR(230);
