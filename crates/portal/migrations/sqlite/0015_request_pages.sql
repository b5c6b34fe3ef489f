-- The reviewer queue at scale (issue 18): its pages walk an index in the queue's own
-- order and stop at the page's end, instead of sorting every open request. The PostgreSQL
-- migration of the same number creates the same indexes (and rewrites its row-security
-- policies, which SQLite does not have).
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
