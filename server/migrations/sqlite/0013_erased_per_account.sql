-- 0013: an erasure is the one filed on an account. A person who uses the same login on
-- several accounts (WHMCS users) is erased on the account they filed on, and stays
-- whole on the others, so the erased persons are kept per (account, person). Rows from
-- before take the account of their request; those without one (the retention sweep's)
-- get '', which counts as erased on every account.
CREATE TABLE erased_persons_by_account (
    account_id TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    erased_at  BIGINT NOT NULL,
    request_id TEXT,
    PRIMARY KEY (account_id, person_id)
);
INSERT INTO erased_persons_by_account (account_id, person_id, erased_at, request_id)
SELECT COALESCE((SELECT r.account_id FROM privacy_requests r WHERE r.id = e.request_id), ''),
       e.person_id, e.erased_at, e.request_id
FROM erased_persons e;
DROP TABLE erased_persons;
ALTER TABLE erased_persons_by_account RENAME TO erased_persons;
CREATE INDEX erased_persons_person ON erased_persons (person_id);
