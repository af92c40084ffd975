-- 0018: an account's own details, apart from anyone's login. As in WHMCS (a client beside
-- its users), an account has the name and company its invoices are addressed to, a billing
-- e-mail, an address (with a second line and a state) and a phone, which only its holder
-- sees and corrects; a person's own name, e-mail and language stay theirs. Existing
-- accounts start from their owner's details, which is what their invoices showed.
ALTER TABLE billing_accounts ADD COLUMN holder_name TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN company TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN address2 TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_accounts ADD COLUMN state TEXT NOT NULL DEFAULT '';
-- Optimistic concurrency, as for a person: every write bumps it.
ALTER TABLE billing_accounts ADD COLUMN details_version BIGINT NOT NULL DEFAULT 1;
UPDATE billing_accounts SET
    holder_name = COALESCE((SELECT p.name FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), name),
    company = CASE WHEN kind = 'company' THEN name ELSE '' END,
    email = COALESCE((SELECT p.email FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''),
    phone = COALESCE((SELECT p.phone FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''),
    street = COALESCE((SELECT p.street FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''),
    postal_code = COALESCE((SELECT p.postal_code FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''),
    city = COALESCE((SELECT p.city FROM billing_persons p
        WHERE p.account_id = billing_accounts.id AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), '');
