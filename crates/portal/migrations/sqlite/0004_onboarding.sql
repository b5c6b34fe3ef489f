-- Onboarding by the provider: a dealership's address, phone and when it was closed (a
-- closed dealership keeps its history; its people cannot sign in), and enrollment codes
-- that come from an invitation rather than a request (no request_id).

ALTER TABLE dealers ADD COLUMN address TEXT;
ALTER TABLE dealers ADD COLUMN phone TEXT;
ALTER TABLE dealers ADD COLUMN closed_at INTEGER;

-- SQLite cannot drop a NOT NULL: the table is rebuilt with the same rows.
CREATE TABLE enrollments_new (
    code_hash   TEXT PRIMARY KEY,         -- SHA-256 of the code
    user_pk     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_id  INTEGER REFERENCES requests (id), -- NULL: invited by a provider admin
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
INSERT INTO enrollments_new (code_hash, user_pk, request_id, created_at, expires_at, used_at)
    SELECT code_hash, user_pk, request_id, created_at, expires_at, used_at FROM enrollments;
DROP TABLE enrollments;
ALTER TABLE enrollments_new RENAME TO enrollments;
CREATE INDEX enrollments_user ON enrollments (user_pk);

CREATE INDEX dealers_name ON dealers (name);
