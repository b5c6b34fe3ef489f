-- A help-desk reset of two-step sign-in (a lost phone) for one of the provider's own
-- people needs a second provider admin, like an unlock of them: the same approvals, each
-- for one action, so an approval to unlock never resets two-step sign-in or the reverse.
ALTER TABLE unlock_approvals ADD COLUMN action TEXT NOT NULL DEFAULT 'unlock';
