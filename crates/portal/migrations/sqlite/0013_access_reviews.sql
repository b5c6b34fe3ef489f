-- Access reviews (issue 17): every quarter each dealership's office manager confirms who
-- still needs what. A review lists the dealership's people as they stood when it opened,
-- with each person's decision as it is made; finishing files the resulting User ID
-- Requests. Times are UTC epoch milliseconds. The PostgreSQL migration of the same number
-- creates the same objects.
CREATE TABLE access_reviews (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    pdn          TEXT NOT NULL REFERENCES dealers (pdn),
    opened_at    INTEGER NOT NULL,
    opened_by    TEXT,              -- the provider admin who opened it; NULL when the schedule did
    deadline     INTEGER NOT NULL,
    reminded     INTEGER NOT NULL DEFAULT 0, -- the last reminder sent (dealer-core Reminder::ordinal; 0 none)
    escalated_at INTEGER,           -- when the deadline passed with people undecided
    finished_at  INTEGER,
    finished_by  TEXT
);
-- One open review per dealership: replicas opening at once make one.
CREATE UNIQUE INDEX access_reviews_open ON access_reviews (pdn) WHERE finished_at IS NULL;
CREATE INDEX access_reviews_dealer ON access_reviews (pdn, opened_at);

CREATE TABLE access_review_people (
    review_id        INTEGER NOT NULL REFERENCES access_reviews (id) ON DELETE CASCADE,
    user_pk          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_id          TEXT NOT NULL,
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    role             TEXT NOT NULL,  -- staff or office_manager, when the review opened
    state            TEXT NOT NULL,  -- active, locked or inactive, when the review opened
    applications     TEXT NOT NULL DEFAULT '', -- held when the review opened, comma separated
    last_sign_in_at  INTEGER,
    decision         TEXT,           -- keep, remove, deactivate; NULL until decided
    remove           TEXT,           -- decision remove: the applications, comma separated
    reason           TEXT,           -- decision deactivate: why
    decided_by       TEXT,
    decided_at       INTEGER,
    request_id       INTEGER REFERENCES requests (id), -- what finishing filed for this person
    PRIMARY KEY (review_id, user_id)
);
