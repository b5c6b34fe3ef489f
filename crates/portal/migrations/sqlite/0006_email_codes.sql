-- A registrant proves their email before the portal says anything about user IDs: a
-- 6-digit code by mail (10 minutes, 5 tries), asked for with a random token whose SHA-256
-- is kept here. Once the code is right the same token is the proof (for an hour) that
-- lets them check user IDs (a limited number of times) and register with that email.
CREATE TABLE email_verifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    -- Trimmed and lowercased.
    email        TEXT NOT NULL,
    pdn          TEXT NOT NULL,
    -- SHA-256 of a server secret, the token hash and the code: never the code.
    code_hash    TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    checks       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    -- The code's deadline until it is confirmed, then the proof's.
    expires_at   INTEGER NOT NULL,
    verified_at  INTEGER
);
CREATE INDEX email_verifications_expiry ON email_verifications (expires_at);
