-- Computers that skip the second step (issue 16): after a right code, a person on their own
-- computer may have it remembered for 30 days. The app keeps the random token in the OS
-- keychain; here only its SHA-256, with a public id to list and forget it by. A reset of
-- two-step sign-in forgets them all; a shared PC never asks.
CREATE TABLE remembered_devices (
    id            TEXT PRIMARY KEY,
    user_pk       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    last_used_at  BIGINT NOT NULL,
    client_addr   TEXT,
    user_agent    TEXT
);
CREATE INDEX remembered_devices_user ON remembered_devices (user_pk);

-- Row-level security as for every table of a dealership's people (0007).
ALTER TABLE remembered_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE remembered_devices FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON remembered_devices
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON remembered_devices
    USING (EXISTS (SELECT 1 FROM users u WHERE u.id = remembered_devices.user_pk));
