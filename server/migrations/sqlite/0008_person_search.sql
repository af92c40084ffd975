-- 0008: the support queue's search by any part of a name or e-mail without reading every
-- person. Postgres indexes lower(name) and lower(email) by trigram (pg_trgm); SQLite has
-- no such index, so it keeps a trigram full-text index (FTS5) of the same two fields,
-- case-insensitive, diacritics kept as they are, filled by triggers in the same
-- transaction as every insert, change and delete of a person. The index's rows are
-- numbered by `billing_persons_search_keys` (a person's rowid may change on VACUUM).
-- Searches shorter than three characters, which a trigram cannot narrow, read the
-- persons in id order as before.
CREATE TABLE billing_persons_search_keys (
    n         INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE billing_persons_search USING fts5 (name, email, tokenize = 'trigram');
INSERT INTO billing_persons_search_keys (person_id) SELECT id FROM billing_persons ORDER BY id;
INSERT INTO billing_persons_search (rowid, name, email)
    SELECT k.n, p.name, p.email
    FROM billing_persons p JOIN billing_persons_search_keys k ON k.person_id = p.id;
CREATE TRIGGER billing_persons_searched_insert AFTER INSERT ON billing_persons
BEGIN
    INSERT INTO billing_persons_search_keys (person_id) VALUES (NEW.id);
    INSERT INTO billing_persons_search (rowid, name, email)
        SELECT n, NEW.name, NEW.email FROM billing_persons_search_keys WHERE person_id = NEW.id;
END;
CREATE TRIGGER billing_persons_searched_update AFTER UPDATE OF id, name, email ON billing_persons
BEGIN
    UPDATE billing_persons_search_keys SET person_id = NEW.id WHERE person_id = OLD.id;
    UPDATE billing_persons_search SET name = NEW.name, email = NEW.email
        WHERE rowid = (SELECT n FROM billing_persons_search_keys WHERE person_id = NEW.id);
END;
CREATE TRIGGER billing_persons_searched_delete AFTER DELETE ON billing_persons
BEGIN
    DELETE FROM billing_persons_search
        WHERE rowid = (SELECT n FROM billing_persons_search_keys WHERE person_id = OLD.id);
    DELETE FROM billing_persons_search_keys WHERE person_id = OLD.id;
END;
