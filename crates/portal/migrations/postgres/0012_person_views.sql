-- One person at a time (issue 15): the office manager's staff panel lists a person's
-- requests and recent events, and the help desk's caller card their recent events.
-- Without these each read would scan the dealership's (or the whole) table.
CREATE INDEX audit_log_target ON audit_log (target, id);
CREATE INDEX requests_person ON requests (pdn, user_id, submitted_at);
