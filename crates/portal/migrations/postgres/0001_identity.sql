-- Identity: dealerships, users, their questions, sessions, password resets, help-desk
-- verifications, the audit log and the mail outbox. Times are UTC epoch milliseconds.
-- The SQLite migration of the same number creates the same tables.

CREATE TABLE dealers (
    pdn         TEXT PRIMARY KEY CHECK (char_length(pdn) = 5),
    name        TEXT NOT NULL,
    active      BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              TEXT NOT NULL UNIQUE,       -- canonical lower case
    pdn                  TEXT REFERENCES dealers (pdn),
    role                 TEXT NOT NULL,              -- staff, office_manager, reviewer, help_desk
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    email                TEXT NOT NULL,
    phone                TEXT,
    job_role             TEXT,
    state                TEXT NOT NULL,              -- pending, active, inactive, deactivated
    password_hash        TEXT,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    failed_attempts      BIGINT NOT NULL DEFAULT 0,
    locked_at            BIGINT,
    lock_kind            TEXT,                       -- password, challenge_answer, help_desk_verification
    verify_failures      BIGINT NOT NULL DEFAULT 0, -- help-desk misses in a row
    last_sign_in_at      BIGINT,
    activity_since       BIGINT NOT NULL,           -- start of the inactivity clock
    inactive_at          BIGINT,
    reminder_sent_at     BIGINT,
    created_at           BIGINT NOT NULL,
    CHECK ((role IN ('staff', 'office_manager')) = (pdn IS NOT NULL))
);
CREATE INDEX users_pdn ON users (pdn, user_id);
CREATE INDEX users_activity ON users (state, activity_since);

CREATE TABLE user_questions (
    user_pk      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slot         BIGINT NOT NULL CHECK (slot IN (1, 2, 3)), -- 1, 2 challenge; 3 help-desk secret
    question_id  TEXT NOT NULL,
    answer_hash  TEXT NOT NULL,
    PRIMARY KEY (user_pk, slot)
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,                 -- public id, for listing and revoking
    token_hash    TEXT NOT NULL UNIQUE,             -- SHA-256 of the bearer token
    user_pk       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,                 -- absolute timeout
    revoked_at    BIGINT,
    client_addr   TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_pk, revoked_at);

CREATE TABLE password_resets (
    token_hash   TEXT PRIMARY KEY,
    user_pk      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

CREATE TABLE help_desk_verifications (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_pk    BIGINT NOT NULL REFERENCES users (id),
    user_pk     BIGINT NOT NULL REFERENCES users (id),
    at          BIGINT NOT NULL,
    matched     BIGINT NOT NULL,
    used_at     BIGINT                              -- an unlock consumed it
);
CREATE INDEX help_desk_verifications_lookup ON help_desk_verifications (user_pk, agent_pk, at);

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           BIGINT NOT NULL,
    event        TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    actor        TEXT,                               -- user ID of who acted, if known
    target       TEXT,                               -- user ID acted upon
    pdn          TEXT,
    client_addr  TEXT,
    detail       TEXT
);
CREATE INDEX audit_log_pdn ON audit_log (pdn, at);

CREATE TABLE outbox (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at       BIGINT NOT NULL,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    claimed_until    BIGINT,
    sent_at          BIGINT,
    failed_at        BIGINT,
    last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
