-- Accounts and API keys. Portable SQL: the same file runs on H2 (embedded default) and
-- PostgreSQL. Ids are UUID strings so that every JPA provider maps them the same way.

CREATE TABLE accounts (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    email            VARCHAR(254) NOT NULL,
    -- lower-cased email: uniqueness and sign-in are case-insensitive
    email_normalized VARCHAR(254) NOT NULL,
    display_name     VARCHAR(100) NOT NULL,
    password_hash    VARCHAR(512) NOT NULL,
    plan             VARCHAR(8)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT       NOT NULL
);
CREATE UNIQUE INDEX accounts_email_uk ON accounts (email_normalized);

CREATE TABLE api_keys (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    account_id   VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    name         VARCHAR(100) NOT NULL,
    prefix       VARCHAR(9)   NOT NULL,
    -- SHA-256 of the whole key, hex; the key itself is never stored
    key_hash     VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
-- the authentication hot path: one lookup by hash
CREATE UNIQUE INDEX api_keys_hash_uk ON api_keys (key_hash);
CREATE INDEX api_keys_account_idx ON api_keys (account_id, created_at);
