-- 0005: leads in the billing stand-in. A lead is someone who asked about the host's
-- services without becoming a customer. One marked "not relevant" is anonymised by the
-- retention sweep once the operator's `lead_months` have passed since its status changed
-- (seed 003); the row stays, with the time it was anonymised.

CREATE TABLE billing_leads (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    company           TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('open', 'not_relevant', 'converted')),
    status_changed_on TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    anonymised_at     BIGINT
);
-- What the sweep looks for; partial, so it holds only the leads still waiting for it. The
-- condition must be written exactly so in queries for the planner to use it.
CREATE INDEX billing_leads_due
    ON billing_leads (status_changed_on)
    WHERE status = 'not_relevant' AND anonymised_at IS NULL;
