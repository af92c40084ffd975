-- 0003: the support console and the execution of requests: assignment, the extended
-- deadline, questions to the subject, internal notes, the erasure result, restrictions,
-- notification tasks for recipients (GDPR art. 19) and the retention ledger.

-- The request as support handles it. `due_on` stays the legal due date set on receipt;
-- an extension (once, by one or two months) sets `extended_due_on`.
ALTER TABLE privacy_requests ADD COLUMN assignee_id TEXT;
ALTER TABLE privacy_requests ADD COLUMN extended_due_on TEXT;
ALTER TABLE privacy_requests ADD COLUMN extension_reason TEXT;
ALTER TABLE privacy_requests ADD COLUMN extended_at BIGINT;
-- The last question support asked the subject.
ALTER TABLE privacy_requests ADD COLUMN question TEXT;
-- An executed erasure's result report (JSON, `portal_domain::support::ErasureResult`).
ALTER TABLE privacy_requests ADD COLUMN result_report TEXT;

-- The support queue is read in (current due date, id) order and paged by keyset on that
-- pair, so every page is an index range scan however many requests there are: a million
-- closed requests never have to be read past to reach the open ones.
--   queue:          all requests, and one closed status (most requests are closed, so a
--                   page of them is found after reading little more than the page);
--   queue_open:     the open requests, or one open status (the default view, and
--                   "overdue", which implies open); partial, so it stays as small as the
--                   live workload however many closed requests pile up;
--   queue_assignee: "assigned to me" / to someone / to no one.
-- The expression, and the open-status condition, must be written exactly so in queries
-- for the planner to use these. There is deliberately no (status, …) index: without
-- statistics the planner would prefer it for the open view and sort every open request.
CREATE INDEX privacy_requests_queue
    ON privacy_requests ((COALESCE(extended_due_on, due_on)), id);
CREATE INDEX privacy_requests_queue_open
    ON privacy_requests ((COALESCE(extended_due_on, due_on)), id)
    WHERE status IN ('submitted', 'in_progress', 'awaiting_subject');
CREATE INDEX privacy_requests_queue_assignee
    ON privacy_requests (assignee_id, (COALESCE(extended_due_on, due_on)), id);

-- Support's internal notes on a request; never shown to the subject.
CREATE TABLE request_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES privacy_requests (id),
    at         BIGINT NOT NULL,
    author_id  TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX request_notes_request ON request_notes (request_id, id);

-- Granted restrictions of processing (GDPR art. 18). At most one is in force per person.
-- Lifting is announced to the subject first (art. 18(3)), then done.
CREATE TABLE restrictions (
    id                   TEXT PRIMARY KEY,
    person_id            TEXT NOT NULL,
    request_id           TEXT NOT NULL REFERENCES privacy_requests (id),
    granted_at           BIGINT NOT NULL,
    granted_by           TEXT NOT NULL,
    lifting_announced_at BIGINT,
    lifted_at            BIGINT,
    lifted_by            TEXT
);
CREATE UNIQUE INDEX restrictions_in_force ON restrictions (person_id) WHERE lifted_at IS NULL;
CREATE INDEX restrictions_request ON restrictions (request_id);

-- One task per recipient that must be told of a rectification, erasure or restriction
-- (GDPR art. 19). The recipient's name is copied so a task outlives a configuration change.
CREATE TABLE recipient_tasks (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL,
    request_id     TEXT,
    reason         TEXT NOT NULL CHECK (reason IN ('rectification', 'erasure', 'restriction')),
    recipient_key  TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    categories     TEXT NOT NULL,
    fields         TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    done_at        BIGINT,
    done_by        TEXT
);
CREATE INDEX recipient_tasks_queue ON recipient_tasks (done_at, created_at, id);
CREATE INDEX recipient_tasks_person ON recipient_tasks (person_id, created_at);
CREATE INDEX recipient_tasks_request ON recipient_tasks (request_id);

-- Records an erasure (or the account rule) had to keep under a legal hold: which record,
-- under which rule, until which day (NULL: while a contract runs). The retention sweep
-- purges a record once its day has passed and marks the row purged. A record is held once.
CREATE TABLE retention_ledger (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    request_id   TEXT,
    record_table TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    rule         TEXT NOT NULL CHECK (rule IN ('invoice', 'domain', 'contract')),
    until_on     TEXT,
    status       TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'purged')),
    created_at   BIGINT NOT NULL,
    purged_at    BIGINT
);
CREATE UNIQUE INDEX retention_ledger_record ON retention_ledger (record_table, record_id);
CREATE INDEX retention_ledger_due ON retention_ledger (status, until_on);
CREATE INDEX retention_ledger_person ON retention_ledger (person_id);

-- Addresses that must never get marketing again, kept as a SHA-256 of the normalised
-- address only: enough to honour an objection after the person's data is erased.
CREATE TABLE marketing_suppressions (
    email_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);

-- Persons whose personal data has been erased (by request or by the account rule).
CREATE TABLE erased_persons (
    person_id  TEXT PRIMARY KEY,
    erased_at  BIGINT NOT NULL,
    request_id TEXT
);

-- Accounts the retention sweep anonymised under the customer-relationship rule.
CREATE TABLE anonymised_accounts (
    account_id    TEXT PRIMARY KEY,
    anonymised_at BIGINT NOT NULL
);

-- Requests per status, kept by triggers in the same transaction as every insert, status
-- change and delete, so the console's counts cost one small read instead of a count over
-- every request ever received.
CREATE TABLE request_status_counts (
    status   TEXT PRIMARY KEY,
    requests BIGINT NOT NULL
);
INSERT INTO request_status_counts (status, requests)
    SELECT status, COUNT(*) FROM privacy_requests GROUP BY status;
CREATE TRIGGER privacy_requests_counted_insert AFTER INSERT ON privacy_requests
BEGIN
    INSERT INTO request_status_counts (status, requests) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER privacy_requests_counted_update AFTER UPDATE OF status ON privacy_requests
    WHEN OLD.status <> NEW.status
BEGIN
    UPDATE request_status_counts SET requests = requests - 1 WHERE status = OLD.status;
    INSERT INTO request_status_counts (status, requests) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER privacy_requests_counted_delete AFTER DELETE ON privacy_requests
BEGIN
    UPDATE request_status_counts SET requests = requests - 1 WHERE status = OLD.status;
END;
