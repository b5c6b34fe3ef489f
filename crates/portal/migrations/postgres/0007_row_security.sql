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

DO $$
DECLARE
    t TEXT;
    provider TEXT := 'COALESCE(current_setting(''dealer.pdn'', true), '''') = ''''';
BEGIN
    -- Every table of a dealership's own rows, and every table of rows that belong to one
    -- of its people or requests (the subqueries are filtered in turn).
    FOREACH t IN ARRAY ARRAY['users', 'requests', 'audit_log', 'email_verifications',
            'user_questions', 'sessions', 'password_resets', 'help_desk_verifications',
            'user_applications', 'enrollments', 'unlock_approvals', 'request_events'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY provider ON %I USING (%s)', t, provider);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['users', 'requests', 'audit_log', 'email_verifications'] LOOP
        EXECUTE format(
            'CREATE POLICY dealership ON %I USING (pdn = current_setting(''dealer.pdn'', true))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['user_questions', 'sessions', 'password_resets',
            'help_desk_verifications', 'user_applications', 'enrollments',
            'unlock_approvals'] LOOP
        EXECUTE format(
            'CREATE POLICY dealership ON %I USING (EXISTS (SELECT 1 FROM users u WHERE u.id = %I.user_pk))',
            t, t);
    END LOOP;
    CREATE POLICY dealership ON request_events
        USING (EXISTS (SELECT 1 FROM requests r WHERE r.id = request_events.request_id));
END
$$;
