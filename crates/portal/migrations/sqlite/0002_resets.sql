-- Online password reset: per-deployment server secrets, and a lookup index for reset
-- tokens. The PostgreSQL migration of the same number creates the same objects.

-- Random secrets the portal makes for itself on first use (INSERT … ON CONFLICT DO
-- NOTHING, then SELECT, so every replica ends up with the one value). `reset_decoy` keys
-- the HMAC that picks stable decoy questions for unknown user IDs. Hex text.
CREATE TABLE server_secrets (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE INDEX password_resets_user ON password_resets (user_pk, used_at);
