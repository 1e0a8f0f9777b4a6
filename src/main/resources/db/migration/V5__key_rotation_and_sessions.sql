-- Key rotation and the end of console sessions. Portable SQL, as V1.

-- A rotated key's scheduled revocation: from this time on the key is refused exactly as a
-- revoked one, on every node, by the authentication check itself (no timer has to fire); NULL
-- when none is scheduled. revoked_at stays NULL until a manual revoke, and the API lists a key
-- whose time has passed as revoked at that time.
ALTER TABLE api_keys ADD COLUMN revokes_at TIMESTAMP WITH TIME ZONE;

-- Console sessions signed in before this time are over, on every node: a password change sets
-- it, so that every other session of the account ends (sessions live in a distributed cache,
-- which cannot be searched by account). NULL: no session has been ended this way.
ALTER TABLE accounts ADD COLUMN sessions_valid_from TIMESTAMP WITH TIME ZONE;
