-- The reviewer queue at scale (issue 18): its pages walk an index in the queue's own
-- order and stop at the page's end, instead of sorting every open request. The SQLite
-- migration of the same number creates the same indexes.
--
-- Open requests only; the predicate is word for word the queue's filter (store/requests.rs
-- writes `r.state NOT IN ('completed', 'rejected', 'cancelled')`), so both planners see
-- the index applies. `state` rides along so "overdue" (awaiting the provider and past due)
-- is decided inside the index.
CREATE INDEX requests_open_due ON requests (due_at, id, state)
    WHERE state NOT IN ('completed', 'rejected', 'cancelled');
-- "Waiting longest": the open requests by their last change.
CREATE INDEX requests_open_waiting ON requests (updated_at, id)
    WHERE state NOT IN ('completed', 'rejected', 'cancelled');
-- (state, due_at) sorted every open request by due time; the partial indexes replace it.
DROP INDEX requests_queue;

-- Row security as the planner can cost it. The policies of 0007 and later called
-- current_setting() in every row's filter, which the planner cannot estimate: it expected
-- a two-hundredth of the rows to pass, so counts and ordered pages that stop early looked
-- like whole-table work, and it chose bitmap scans and sorts of every open request (287 ms
-- for the queue's first page under a generic plan, measured; 1 ms after). Written as
-- scalar subqueries, the setting is read once per query (an InitPlan) and the policies
-- mean exactly what they meant: the provider's policy lets every row through when no
-- dealership is set, the dealership's shows that dealership's rows only.
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'requests', 'audit_log', 'email_verifications',
            'user_questions', 'sessions', 'password_resets', 'help_desk_verifications',
            'user_applications', 'enrollments', 'unlock_approvals', 'request_events',
            'two_step', 'recovery_codes', 'two_step_pending', 'remembered_devices',
            'email_changes', 'access_reviews', 'access_review_people'] LOOP
        EXECUTE format(
            'ALTER POLICY provider ON %I USING ((SELECT COALESCE(current_setting(''dealer.pdn'', true), '''') = ''''))',
            t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['users', 'requests', 'audit_log', 'email_verifications',
            'access_reviews'] LOOP
        EXECUTE format(
            'ALTER POLICY dealership ON %I USING (pdn = (SELECT current_setting(''dealer.pdn'', true)))',
            t);
    END LOOP;
END
$$;
