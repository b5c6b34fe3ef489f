-- Identity: dealerships, users, their questions, sessions, password resets, help-desk
-- verifications, the audit log and the mail outbox. Times are UTC epoch milliseconds.
-- The PostgreSQL migration of the same number creates the same tables.

CREATE TABLE dealers (
    pdn         TEXT PRIMARY KEY CHECK (length(pdn) = 5),
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
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
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_at            INTEGER,
    lock_kind            TEXT,                       -- password, challenge_answer, help_desk_verification
    verify_failures      INTEGER NOT NULL DEFAULT 0, -- help-desk misses in a row
    last_sign_in_at      INTEGER,
    activity_since       INTEGER NOT NULL,           -- start of the inactivity clock
    inactive_at          INTEGER,
    reminder_sent_at     INTEGER,
    created_at           INTEGER NOT NULL,
    CHECK ((role IN ('staff', 'office_manager')) = (pdn IS NOT NULL))
);
CREATE INDEX users_pdn ON users (pdn, user_id);
CREATE INDEX users_activity ON users (state, activity_since);

CREATE TABLE user_questions (
    user_pk      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slot         INTEGER NOT NULL CHECK (slot IN (1, 2, 3)), -- 1, 2 challenge; 3 help-desk secret
    question_id  TEXT NOT NULL,
    answer_hash  TEXT NOT NULL,
    PRIMARY KEY (user_pk, slot)
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,                 -- public id, for listing and revoking
    token_hash    TEXT NOT NULL UNIQUE,             -- SHA-256 of the bearer token
    user_pk       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,                 -- absolute timeout
    revoked_at    INTEGER,
    client_addr   TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_pk, revoked_at);

CREATE TABLE password_resets (
    token_hash   TEXT PRIMARY KEY,
    user_pk      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
);

CREATE TABLE help_desk_verifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_pk    INTEGER NOT NULL REFERENCES users (id),
    user_pk     INTEGER NOT NULL REFERENCES users (id),
    at          INTEGER NOT NULL,
    matched     INTEGER NOT NULL,
    used_at     INTEGER                              -- an unlock consumed it
);
CREATE INDEX help_desk_verifications_lookup ON help_desk_verifications (user_pk, agent_pk, at);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
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
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at       INTEGER NOT NULL,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER,
    sent_at          INTEGER,
    failed_at        INTEGER,
    last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
