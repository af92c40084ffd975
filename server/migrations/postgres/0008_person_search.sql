-- 0008: the support queue's search by any part of a name or e-mail without reading every
-- person: lower(name) and lower(email) indexed by trigram (pg_trgm, a trusted extension:
-- the database's owner may create it). SQLite keeps a trigram full-text index of the same
-- two fields instead (see its 0008). Searches shorter than three characters, which a
-- trigram cannot narrow, read the persons in id order as before.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX billing_persons_name_search ON billing_persons USING gin (lower(name) gin_trgm_ops);
CREATE INDEX billing_persons_email_search ON billing_persons USING gin (lower(email) gin_trgm_ops);
