-- 0002: the audit trail and the notice outbox.

-- Append-only audit trail. Each entry carries the hash of the one before it, so editing,
-- deleting or reordering an entry breaks the chain at that entry. Entries hold ids,
-- actions and field names, never personal values, so erasure and the log never conflict.
CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject_id TEXT NOT NULL DEFAULT '',
    target     TEXT NOT NULL DEFAULT '',
    fields     TEXT NOT NULL DEFAULT '',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, seq);

-- Notices to people, written in the same transaction as the event they report and
-- delivered later by the sender. The address is taken when the notice is written (an
-- erasure's own notice must still reach the person) and blanked once it is sent.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    locale       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    params       TEXT NOT NULL DEFAULT '{}',
    created_at   BIGINT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    locked_by    TEXT,
    locked_until BIGINT NOT NULL DEFAULT 0,
    sent_at      BIGINT,
    last_error   TEXT
);
CREATE INDEX outbox_pending ON outbox (status, locked_until, created_at);
CREATE INDEX outbox_person ON outbox (person_id, created_at);
