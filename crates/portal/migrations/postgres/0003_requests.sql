-- User ID Requests and registrations: the requests, every transition they went through,
-- the applications a user holds, and single-use enrollment codes. Times are UTC epoch
-- milliseconds. The SQLite migration of the same number creates the same objects.

-- The applications a user has access to (keys of the configured catalogue).
CREATE TABLE user_applications (
    user_pk      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application  TEXT NOT NULL,
    granted_at   BIGINT NOT NULL,
    PRIMARY KEY (user_pk, application)
);

CREATE TABLE requests (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pdn               TEXT NOT NULL REFERENCES dealers (pdn),
    kind              TEXT NOT NULL,      -- self_registration, new_user, remove_application_access, reactivation, deactivation
    state             TEXT NOT NULL,      -- submitted, in_review, needs_info, approved, completed, rejected, cancelled
    user_id           TEXT NOT NULL,      -- the user ID the request is about (canonical lower case)
    user_pk           BIGINT REFERENCES users (id) ON DELETE SET NULL,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT,
    job_role          TEXT,
    applications      TEXT NOT NULL DEFAULT '',  -- application keys, comma separated
    reason            TEXT,
    needs_steps       BIGINT NOT NULL DEFAULT 0, -- an application needing additional steps was requested
    prior_state       TEXT,               -- deactivation: the account state access was suspended from
    submitted_by      TEXT,               -- user ID of the office manager; NULL for a registrant
    status_token_hash TEXT,               -- a registrant's status token (SHA-256)
    import_key        TEXT,               -- CSV import: the row's fingerprint, so a re-upload creates nothing twice
    submitted_at      BIGINT NOT NULL,
    due_at            BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX requests_dealer ON requests (pdn, submitted_at);
CREATE INDEX requests_queue ON requests (state, due_at);
CREATE UNIQUE INDEX requests_import ON requests (pdn, import_key);
-- One open new-user request per user ID (an account does not exist yet to hold it).
CREATE UNIQUE INDEX requests_open_new_user ON requests (user_id)
    WHERE kind = 'new_user' AND state NOT IN ('completed', 'rejected', 'cancelled');

CREATE TABLE request_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    actor       TEXT,                     -- user ID; NULL for the registrant
    action      TEXT NOT NULL,            -- submit, or an action of the state machine
    from_state  TEXT,                     -- NULL on submit
    to_state    TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX request_events_request ON request_events (request_id, id);

CREATE TABLE enrollments (
    code_hash   TEXT PRIMARY KEY,         -- SHA-256 of the code
    user_pk     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_id  BIGINT NOT NULL REFERENCES requests (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX enrollments_user ON enrollments (user_pk);
