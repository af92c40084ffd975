-- 0016: each audit entry names the account its subject was on, so what others did with
-- a person's data on one account (their company admin, support on a request filed
-- there) is shown on that account only. The account is part of the entry's hash when it
-- is set; entries from before have none and hash as they did.
ALTER TABLE audit_log ADD COLUMN subject_account TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_subject_account ON audit_log (subject_id, subject_account, seq);
