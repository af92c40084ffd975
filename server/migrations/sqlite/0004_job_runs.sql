-- 0004: background work shared by several servers.

-- One row per periodic job and period (e.g. the retention sweep and the day it is for).
-- The primary key lets exactly one server start a period's run; a run whose server died
-- (`finished_at` still empty after `locked_until`) may be taken over by another, which is
-- safe because every periodic job is idempotent.
CREATE TABLE job_runs (
    job          TEXT NOT NULL,
    period       TEXT NOT NULL,
    locked_by    TEXT NOT NULL,
    locked_until BIGINT NOT NULL,
    started_at   BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 1,
    finished_at  BIGINT,
    outcome      TEXT,
    PRIMARY KEY (job, period)
);
