-- 0014: the portal's own state is kept per (account, person). A WHMCS login belongs to
-- several accounts; what a person chose, changed or asked on one account (purpose
-- choices, the newsletter, consent history, contact changes, restrictions, recipient
-- tasks, held records) is that account's, and a company admin reading an employee on the
-- company account never reaches what the same person did on their own private account.
-- Existing rows take the account the person is registered under in the built-in store,
-- else that of their request or their latest session, else '' (unknown).

ALTER TABLE newsletter_subscriptions ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE newsletter_subscriptions SET account_id = COALESCE(
    (SELECT b.account_id FROM billing_persons b WHERE b.id = newsletter_subscriptions.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = newsletter_subscriptions.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = newsletter_subscriptions.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');
ALTER TABLE newsletter_subscriptions DROP CONSTRAINT newsletter_subscriptions_pkey;
ALTER TABLE newsletter_subscriptions ADD PRIMARY KEY (account_id, person_id);

ALTER TABLE purpose_choices ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE purpose_choices SET account_id = COALESCE(
    (SELECT b.account_id FROM billing_persons b WHERE b.id = purpose_choices.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = purpose_choices.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = purpose_choices.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');
ALTER TABLE purpose_choices DROP CONSTRAINT purpose_choices_pkey;
ALTER TABLE purpose_choices ADD PRIMARY KEY (account_id, person_id, purpose_key);

ALTER TABLE consent_history ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE consent_history SET account_id = COALESCE(
    (SELECT b.account_id FROM billing_persons b WHERE b.id = consent_history.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = consent_history.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = consent_history.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');

ALTER TABLE contact_changes ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE contact_changes SET account_id = COALESCE(
    (SELECT b.account_id FROM billing_persons b WHERE b.id = contact_changes.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = contact_changes.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = contact_changes.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');

ALTER TABLE recipient_tasks ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE recipient_tasks SET account_id = COALESCE(
    (SELECT r.account_id FROM privacy_requests r WHERE r.id = recipient_tasks.request_id),
    (SELECT b.account_id FROM billing_persons b WHERE b.id = recipient_tasks.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = recipient_tasks.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = recipient_tasks.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');

ALTER TABLE restrictions ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE restrictions SET account_id = COALESCE(
    (SELECT r.account_id FROM privacy_requests r WHERE r.id = restrictions.request_id),
    (SELECT b.account_id FROM billing_persons b WHERE b.id = restrictions.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = restrictions.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = restrictions.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');

ALTER TABLE retention_ledger ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE retention_ledger SET account_id = COALESCE(
    (SELECT r.account_id FROM privacy_requests r WHERE r.id = retention_ledger.request_id),
    (SELECT b.account_id FROM billing_persons b WHERE b.id = retention_ledger.person_id),
    (SELECT r.account_id FROM privacy_requests r WHERE r.person_id = retention_ledger.person_id ORDER BY r.received_at DESC LIMIT 1),
    (SELECT s.account_id FROM sessions s WHERE s.person_id = retention_ledger.person_id AND s.role <> 'support' ORDER BY s.created_at DESC LIMIT 1),
    '');

DROP INDEX consent_history_person;
CREATE INDEX consent_history_person ON consent_history (person_id, account_id, id);
DROP INDEX contact_changes_person;
CREATE INDEX contact_changes_person ON contact_changes (person_id, account_id, id);
DROP INDEX recipient_tasks_person;
CREATE INDEX recipient_tasks_person ON recipient_tasks (person_id, account_id, created_at);
DROP INDEX restrictions_in_force;
CREATE UNIQUE INDEX restrictions_in_force ON restrictions (account_id, person_id) WHERE lifted_at IS NULL;
DROP INDEX privacy_requests_person;
CREATE INDEX privacy_requests_person ON privacy_requests (person_id, account_id, received_at);
-- At most one pending request of each kind per person and account: a request pending on
-- another account neither blocks nor reveals anything here.
DROP INDEX privacy_requests_one_pending;
CREATE UNIQUE INDEX privacy_requests_one_pending
    ON privacy_requests (account_id, person_id, kind)
    WHERE status IN ('submitted', 'in_progress', 'awaiting_subject');
