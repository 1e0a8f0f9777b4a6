-- Each restore of a backup the server started on (backup/Restores): its generation names the
-- history the server serves since. Sync tokens carry it, so a token issued by a server whose
-- later writes the restore threw away is refused (RFC 6578 §3.2 valid-sync-token) and the client
-- syncs afresh instead of missing what it holds and the restored database lacks. No row: the
-- server was never restored, generation 0, and its tokens are those it always issued.
-- Portable SQL, as V1 to V14: the same file runs on H2 and PostgreSQL.
CREATE TABLE restores (
    generation   BIGINT       NOT NULL PRIMARY KEY,
    restored_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    source       VARCHAR(300) NOT NULL
);
