-- Access reviews past their deadline (issue 17): with DEALER_ACCESS_REVIEW_ON_DEADLINE=
-- suspend_unreviewed, the people nobody decided on are put on hold until a decision is
-- made; a hold ends by itself when the person is decided or the review finishes. The
-- PostgreSQL migration of the same number adds the same column.
ALTER TABLE access_review_people ADD COLUMN held_at INTEGER; -- when the deadline put this person on hold
-- Each sign-in asks whether its person is on hold: only held rows are indexed.
CREATE INDEX access_review_people_held ON access_review_people (user_pk) WHERE held_at IS NOT NULL;
