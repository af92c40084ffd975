-- 0015: in the built-in store, as in WHMCS 8, one person may belong to several accounts:
-- as owner of one and invited to another. `billing_persons.account_id` stays the account
-- a person was first registered under (with `is_account_admin`, whether they own it);
-- `billing_person_accounts` holds each further account, owner or not. Tickets and logins
-- belong to the account they were made on: a row written without one takes the person's
-- first account.
CREATE TABLE billing_person_accounts (
    person_id  TEXT NOT NULL REFERENCES billing_persons (id),
    account_id TEXT NOT NULL REFERENCES billing_accounts (id),
    is_owner   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, account_id)
);
CREATE INDEX billing_person_accounts_account ON billing_person_accounts (account_id, person_id);

ALTER TABLE billing_tickets ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE billing_tickets
SET account_id = COALESCE((SELECT p.account_id FROM billing_persons p WHERE p.id = billing_tickets.person_id), '');
CREATE TRIGGER billing_tickets_first_account AFTER INSERT ON billing_tickets
WHEN NEW.account_id = ''
BEGIN
    UPDATE billing_tickets
    SET account_id = COALESCE((SELECT p.account_id FROM billing_persons p WHERE p.id = NEW.person_id), '')
    WHERE id = NEW.id;
END;

ALTER TABLE billing_login_history ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE billing_login_history
SET account_id = COALESCE((SELECT p.account_id FROM billing_persons p WHERE p.id = billing_login_history.person_id), '');
CREATE TRIGGER billing_login_history_first_account AFTER INSERT ON billing_login_history
WHEN NEW.account_id = ''
BEGIN
    UPDATE billing_login_history
    SET account_id = COALESCE((SELECT p.account_id FROM billing_persons p WHERE p.id = NEW.person_id), '')
    WHERE id = NEW.id;
END;
DROP INDEX billing_login_history_person;
CREATE INDEX billing_login_history_person ON billing_login_history (person_id, account_id, id);
