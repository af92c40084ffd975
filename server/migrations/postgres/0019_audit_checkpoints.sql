-- 0019: the audit trail sealed with a key, and checkpoints of its chains' ends.
-- Entries are now written in form 3: chained per subject like form 2, their hash an
-- HMAC-SHA-256 under the audit key (PORTAL_AUDIT_KEY_FILE, never in the database). A
-- chain goes on from its form-2 entries, so the chains' index covers both forms.
-- A checkpoint is the head of every chain (subject, place, entry, hash) as one text
-- (`body`, JSON) with its MAC under the same key; the first is written on the first
-- start with a key, from the trail as it is. Only the newest few are kept here: each is
-- also a file of its own in PORTAL_AUDIT_CHECKPOINT_DIR and a line of the log.
DROP INDEX audit_log_chain;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (subject_id, chain_seq) WHERE form >= 2;
CREATE TABLE audit_checkpoints (
    id      BIGINT PRIMARY KEY,
    at      BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    chains  BIGINT NOT NULL,
    body    TEXT NOT NULL,
    mac     TEXT NOT NULL
);
