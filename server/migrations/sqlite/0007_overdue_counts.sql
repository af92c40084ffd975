-- 0007: the support queue's overdue count without counting. Open requests per current due
-- date, kept by triggers in the same transaction as every insert, status change, due-date
-- change (an extension) and delete. A request is overdue once today is past its due date,
-- so the count moves as days pass without any write: it is the sum of the rows for the
-- dates before today, a range of at most one row per day that open requests fall due,
-- instead of a count over every open request. A date with no open request left has no row.
CREATE TABLE request_open_due_counts (
    due_on   TEXT PRIMARY KEY,
    requests BIGINT NOT NULL
);
INSERT INTO request_open_due_counts (due_on, requests)
    SELECT COALESCE(extended_due_on, due_on), COUNT(*) FROM privacy_requests
    WHERE status IN ('submitted', 'in_progress', 'awaiting_subject')
    GROUP BY COALESCE(extended_due_on, due_on);
CREATE TRIGGER privacy_requests_due_counted_insert AFTER INSERT ON privacy_requests
    WHEN NEW.status IN ('submitted', 'in_progress', 'awaiting_subject')
BEGIN
    INSERT INTO request_open_due_counts (due_on, requests)
        VALUES (COALESCE(NEW.extended_due_on, NEW.due_on), 1)
        ON CONFLICT (due_on) DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER privacy_requests_due_counted_update
    AFTER UPDATE OF status, due_on, extended_due_on ON privacy_requests
    WHEN (OLD.status IN ('submitted', 'in_progress', 'awaiting_subject'))
            <> (NEW.status IN ('submitted', 'in_progress', 'awaiting_subject'))
        OR COALESCE(OLD.extended_due_on, OLD.due_on) <> COALESCE(NEW.extended_due_on, NEW.due_on)
BEGIN
    UPDATE request_open_due_counts SET requests = requests - 1
        WHERE due_on = COALESCE(OLD.extended_due_on, OLD.due_on)
        AND OLD.status IN ('submitted', 'in_progress', 'awaiting_subject');
    DELETE FROM request_open_due_counts
        WHERE due_on = COALESCE(OLD.extended_due_on, OLD.due_on) AND requests = 0;
    INSERT INTO request_open_due_counts (due_on, requests)
        SELECT COALESCE(NEW.extended_due_on, NEW.due_on), 1
        WHERE NEW.status IN ('submitted', 'in_progress', 'awaiting_subject')
        ON CONFLICT (due_on) DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER privacy_requests_due_counted_delete AFTER DELETE ON privacy_requests
    WHEN OLD.status IN ('submitted', 'in_progress', 'awaiting_subject')
BEGIN
    UPDATE request_open_due_counts SET requests = requests - 1
        WHERE due_on = COALESCE(OLD.extended_due_on, OLD.due_on);
    DELETE FROM request_open_due_counts
        WHERE due_on = COALESCE(OLD.extended_due_on, OLD.due_on) AND requests = 0;
END;
