-- A signed-in person changing their email (issue 15): a 6-digit code goes to the new
-- address and the change takes effect only when it comes back (10 minutes, 5 tries). One
-- change waits per person; a new one replaces it. Only a keyed hash of the code is kept.
CREATE TABLE email_changes (
    user_pk     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Trimmed and lowercased.
    email       TEXT NOT NULL,
    -- HMAC-SHA256 under a server secret of the user's key and the code: never the code.
    code_hash   TEXT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Row-level security as for every table of a dealership's people (0007).
ALTER TABLE email_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON email_changes
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON email_changes
    USING (EXISTS (SELECT 1 FROM users u WHERE u.id = email_changes.user_pk));
