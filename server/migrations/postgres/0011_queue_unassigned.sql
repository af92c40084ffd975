-- 0011: the unassigned requests in due order. Postgres cannot take the order from the
-- assignee index of 0003 under `assignee_id IS NULL` (that is no equality), so it walked
-- the whole queue in due order, past every closed request, most of them assigned, to
-- the first unassigned one (at a million requests, 0.8–1 s a page). This index holds
-- the unassigned requests alone: in practice the open ones nobody has taken yet.
CREATE INDEX privacy_requests_queue_unassigned
    ON privacy_requests ((COALESCE(extended_due_on, due_on)), id)
    WHERE assignee_id IS NULL;
