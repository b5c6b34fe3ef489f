-- Two-step sign-in: each person's authenticator secret and their recovery codes.
--
-- The secret is sealed (ChaCha20-Poly1305 under the portal's sealing key, the one that
-- seals secret-bearing mail), never stored in clear. It is unconfirmed until the first
-- code from the authenticator app proves it was copied; only then does sign-in ask for a
-- code. last_step is the RFC 6238 step of the last code accepted: a code of that step or
-- an earlier one is refused, so no code works twice.
CREATE TABLE two_step (
    user_pk       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT
);

-- Ten single-use codes for a lost phone, issued when two-step sign-in is confirmed:
-- HMAC-SHA256 under a server secret of the user's key and the code, never the code.
CREATE TABLE recovery_codes (
    user_pk    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_pk, code_hash)
);


-- Between the two steps of a sign-in: a random token (its SHA-256 here) that stands for
-- "this person's password was right" for 5 minutes, with the password hash it was checked
-- against (the session is created only while that is still the stored hash). Used up by
-- the right code; a wrong code counts toward the account's lockout like a wrong password.
CREATE TABLE two_step_pending (
    token_hash    TEXT PRIMARY KEY,
    user_pk       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    used_at       BIGINT
);
CREATE INDEX two_step_pending_expiry ON two_step_pending (expires_at);

-- Row-level security as for every table of a dealership's people (0007).
DO $$
DECLARE
    t TEXT;
    provider TEXT := 'COALESCE(current_setting(''dealer.pdn'', true), '''') = ''''';
BEGIN
    FOREACH t IN ARRAY ARRAY['two_step', 'recovery_codes', 'two_step_pending'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY provider ON %I USING (%s)', t, provider);
        EXECUTE format(
            'CREATE POLICY dealership ON %I USING (EXISTS (SELECT 1 FROM users u WHERE u.id = %I.user_pk))',
            t, t);
    END LOOP;
END
$$;
