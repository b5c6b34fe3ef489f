-- Onboarding by the provider: a dealership's address, phone and when it was closed (a
-- closed dealership keeps its history; its people cannot sign in), and enrollment codes
-- that come from an invitation rather than a request (no request_id).

ALTER TABLE dealers ADD COLUMN address TEXT;
ALTER TABLE dealers ADD COLUMN phone TEXT;
ALTER TABLE dealers ADD COLUMN closed_at BIGINT;

ALTER TABLE enrollments ALTER COLUMN request_id DROP NOT NULL;

CREATE INDEX dealers_name ON dealers (name);
