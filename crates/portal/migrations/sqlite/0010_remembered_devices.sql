-- Computers that skip the second step (issue 16): after a right code, a person on their own
-- computer may have it remembered for 30 days. The app keeps the random token in the OS
-- keychain; here only its SHA-256, with a public id to list and forget it by. A reset of
-- two-step sign-in forgets them all; a shared PC never asks.
CREATE TABLE remembered_devices (
    id            TEXT PRIMARY KEY,
    user_pk       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL,
    client_addr   TEXT,
    user_agent    TEXT
);
CREATE INDEX remembered_devices_user ON remembered_devices (user_pk);
