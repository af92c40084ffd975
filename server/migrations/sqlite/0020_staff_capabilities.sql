-- 0020: which staff may decide and execute (reject, execute, grant or lift a restriction), not
-- only triage (read, assign, note, ask, extend). Existing staff keep deciding.
ALTER TABLE billing_staff ADD COLUMN may_decide INTEGER NOT NULL DEFAULT 1;
