-- 0017: whether this database belongs to a demo or to a production server, written by
-- the first server that serves it. Demo mode opens sessions for anyone through its demo
-- page, so a demo server refuses a production database. Databases from before: the
-- demo's have its dataset; one with sessions or requests and without it is production's.
CREATE TABLE portal_mode (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    mode   TEXT NOT NULL CHECK (mode IN ('demo', 'production')),
    set_at BIGINT NOT NULL
);
INSERT INTO portal_mode (id, mode, set_at)
SELECT 1, 'demo', 0 WHERE EXISTS (SELECT 1 FROM seeded_datasets WHERE name = 'demo');
INSERT INTO portal_mode (id, mode, set_at)
SELECT 1, 'production', 0
WHERE NOT EXISTS (SELECT 1 FROM portal_mode)
  AND (EXISTS (SELECT 1 FROM sessions) OR EXISTS (SELECT 1 FROM privacy_requests));
