-- A help desk's temporary password works for one sign-in within a limited time
-- (DEALER_TEMPORARY_PASSWORD_HOURS): until when, in ms; a sign-in with it spends it (sets
-- it to the sign-in's time). NULL when the password is not a temporary one.
ALTER TABLE users ADD COLUMN temporary_password_expires_at BIGINT;

-- Temporary passwords issued before this version: 24 hours from the upgrade.
UPDATE users SET temporary_password_expires_at = (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT + 86400000
 WHERE must_change_password = 1;

-- Wrong challenge answers lock on their own count (DEALER_RESET_ANSWER_ATTEMPTS, 1 by
-- default), apart from wrong passwords (failed_attempts).
ALTER TABLE users ADD COLUMN answer_failures INTEGER NOT NULL DEFAULT 0;
