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
-- A due-date change locks two counter rows; taking them in date order means two changes
-- in opposite directions cannot deadlock.
CREATE FUNCTION privacy_requests_due_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was TEXT;
    is_now TEXT;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status IN ('submitted', 'in_progress', 'awaiting_subject') THEN
        was := COALESCE(OLD.extended_due_on, OLD.due_on);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN ('submitted', 'in_progress', 'awaiting_subject') THEN
        is_now := COALESCE(NEW.extended_due_on, NEW.due_on);
    END IF;
    IF was IS NOT DISTINCT FROM is_now THEN
        RETURN NULL;
    END IF;
    IF is_now IS NOT NULL AND (was IS NULL OR is_now < was) THEN
        INSERT INTO request_open_due_counts (due_on, requests) VALUES (is_now, 1)
            ON CONFLICT (due_on) DO UPDATE SET requests = request_open_due_counts.requests + 1;
        is_now := NULL;
    END IF;
    IF was IS NOT NULL THEN
        UPDATE request_open_due_counts SET requests = requests - 1 WHERE due_on = was;
        DELETE FROM request_open_due_counts WHERE due_on = was AND requests = 0;
    END IF;
    IF is_now IS NOT NULL THEN
        INSERT INTO request_open_due_counts (due_on, requests) VALUES (is_now, 1)
            ON CONFLICT (due_on) DO UPDATE SET requests = request_open_due_counts.requests + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER privacy_requests_due_counted
    AFTER INSERT OR DELETE OR UPDATE OF status, due_on, extended_due_on ON privacy_requests
    FOR EACH ROW EXECUTE FUNCTION privacy_requests_due_counted();
