-- Row-level security per dealership, in depth behind the stores' own PDN filters.
--
-- A transaction that works for one dealership's office manager first runs
-- `SELECT set_config('dealer.pdn', '<pdn>', true)` (SET LOCAL: it ends with the
-- transaction). In it, the tables below show and accept only that dealership's rows, so a
-- query that forgot its PDN filter still returns nothing of another dealership. With no
-- dealership set (provider staff, sign-in, the jobs: they act across dealerships, and
-- check who may see what in code) the provider policy lets every row through.
--
-- FORCE applies the policies to the tables' owner too, which is the role the portal
-- connects as. A superuser bypasses row-level security whatever this says: connect the
-- portal as an ordinary role (docs/operating.md).

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON users
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON users
    USING (pdn = current_setting('dealer.pdn', true));

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE requests FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON requests
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON requests
    USING (pdn = current_setting('dealer.pdn', true));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON audit_log
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON audit_log
    USING (pdn = current_setting('dealer.pdn', true));

-- Rows that belong to a request or a user follow it: the subquery is itself filtered.
ALTER TABLE request_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE request_events FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON request_events
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON request_events
    USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_events.request_id));

ALTER TABLE user_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY provider ON user_applications
    USING (COALESCE(current_setting('dealer.pdn', true), '') = '');
CREATE POLICY dealership ON user_applications
    USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_applications.user_pk));
