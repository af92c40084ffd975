-- 0006: billing becomes a port. The portal writes to the billing system through commands
-- it records first in its own database and applies afterwards, exactly once; the retention
-- ledger names record kinds instead of billing tables; lead anonymisation is claimed on the
-- portal's side, like erasure and the account rule.

-- Commands to the billing system (see `changes::billing`). `action` is the command as
-- JSON, `then_records` what the portal records once it is applied. A command is pending
-- until applied, refused (the billing data changed under it) or abandoned. `locked_until`
-- is the lease of whoever is applying it: the change that recorded it first, then the
-- background worker.
CREATE TABLE billing_commands (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    person_id    TEXT NOT NULL DEFAULT '',
    request_id   TEXT,
    action       TEXT NOT NULL,
    then_records TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'applied', 'refused', 'abandoned')),
    created_at   BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    locked_by    TEXT,
    locked_until BIGINT NOT NULL DEFAULT 0,
    applied_at   BIGINT,
    last_error   TEXT
);
CREATE INDEX billing_commands_pending ON billing_commands (status, locked_until, created_at);
CREATE INDEX billing_commands_request ON billing_commands (request_id);

-- The built-in billing store's record of the commands it has applied (a WHMCS database
-- has `mod_privacyportal_commands` for the same purpose). An abandoned command is recorded
-- as kind 'abandoned', so it can never be applied after.
CREATE TABLE billing_applied_commands (
    command_id TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    applied_at BIGINT NOT NULL
);

-- The ledger holds records by kind (service, domain, invoice), whatever the backend.
ALTER TABLE retention_ledger RENAME COLUMN record_table TO record_kind;
UPDATE retention_ledger SET record_kind = CASE record_kind
    WHEN 'billing_services' THEN 'service'
    WHEN 'billing_domains' THEN 'domain'
    WHEN 'billing_invoices' THEN 'invoice'
    ELSE record_kind END;

-- Set when support executes a request, until the billing system has done its part and
-- the request is completed; no other decision is taken in between.
ALTER TABLE privacy_requests ADD COLUMN execution_started_at BIGINT;

-- Leads the retention sweep has anonymised (a lead that changes status again is a new
-- case for the rule).
CREATE TABLE anonymised_leads (
    lead_id           TEXT NOT NULL,
    status_changed_on TEXT NOT NULL,
    anonymised_at     BIGINT NOT NULL,
    PRIMARY KEY (lead_id, status_changed_on)
);
INSERT INTO anonymised_leads (lead_id, status_changed_on, anonymised_at)
    SELECT id, status_changed_on, anonymised_at FROM billing_leads WHERE anonymised_at IS NOT NULL;

-- Datasets seeded once (the demo's), so a restart does not seed them again.
CREATE TABLE seeded_datasets (
    name      TEXT PRIMARY KEY,
    seeded_at BIGINT NOT NULL
);
