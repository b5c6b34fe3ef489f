-- A help desk's temporary password works for one sign-in within a limited time
-- (DEALER_TEMPORARY_PASSWORD_HOURS): until when, in ms; a sign-in with it spends it (sets
-- it to the sign-in's time). NULL when the password is not a temporary one.
ALTER TABLE users ADD COLUMN temporary_password_expires_at INTEGER;

-- Temporary passwords issued before this version: 24 hours from the upgrade.
UPDATE users SET temporary_password_expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 86400000
 WHERE must_change_password = 1;

-- Wrong challenge answers lock on their own count (DEALER_RESET_ANSWER_ATTEMPTS, 1 by
-- default), apart from wrong passwords (failed_attempts).
ALTER TABLE users ADD COLUMN answer_failures INTEGER NOT NULL DEFAULT 0;

-- Unlocking one of the provider's own people (reviewer, help desk, provider admin) needs a
-- second provider admin: the help desk asks, an admin who is neither the asker nor the
-- person approves, and the asker's next unlock (within an hour) uses the approval up.
CREATE TABLE unlock_approvals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_pk       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_by  INTEGER NOT NULL REFERENCES users (id),
    requested_at  INTEGER NOT NULL,
    approved_by   INTEGER REFERENCES users (id),
    approved_at   INTEGER,
    used_at       INTEGER
);
CREATE INDEX unlock_approvals_user ON unlock_approvals (user_pk, requested_by);
