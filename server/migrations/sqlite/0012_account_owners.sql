-- 0012: every account has an owner, its holder. Until now a private account's customer
-- counted as its holder whoever they were, so a second person registered under someone's
-- private account (an invited user) was handed the holder's records. The holder is now
-- only the person marked as the owner; a private account without one gets its first
-- registered person, who was its customer.
UPDATE billing_persons SET is_account_admin = 1
WHERE is_account_admin = 0
  AND account_id IN (SELECT id FROM billing_accounts WHERE kind = 'private')
  AND NOT EXISTS (
      SELECT 1 FROM billing_persons o
      WHERE o.account_id = billing_persons.account_id AND o.is_account_admin = 1)
  AND id = (
      SELECT MIN(f.id) FROM billing_persons f WHERE f.account_id = billing_persons.account_id);
