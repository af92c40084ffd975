-- 0010: "assigned to me" among the open requests. The assignee index of 0003 holds every
-- request ever assigned; a member of staff who has closed thousands walked all of them in
-- due order to find the few still open (at a million requests, "mine, open, restriction"
-- took 0.7 s). This one holds only the open requests, like `queue_open`, and is as small
-- as the live workload. The open-status condition must be written exactly so in queries.
CREATE INDEX privacy_requests_queue_assignee_open
    ON privacy_requests (assignee_id, (COALESCE(extended_due_on, due_on)), id)
    WHERE status IN ('submitted', 'in_progress', 'awaiting_subject');
