-- 0007: a hash chain per subject. Until now every audit entry linked to the one before it
-- in the whole trail, so every audited change, whoever it was about, waited for the one
-- before it to commit. Now each subject (a person id, or '' for none) has a chain of its
-- own: `chain_seq` numbers the entries of a chain from 1, `prev_hash` links to the
-- chain's entry before. `form` says which: 1 for the entries written before this change,
-- which stay one chain over the whole trail in `seq` order (their hashes are unchanged),
-- 2 for entries chained per subject.
ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN form BIGINT NOT NULL DEFAULT 1;
UPDATE audit_log SET chain_seq = seq;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (subject_id, chain_seq) WHERE form = 2;
