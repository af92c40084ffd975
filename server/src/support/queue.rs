//! The support queue: every request, filtered, searched, sorted by current due date and
//! paged by keyset on (current due date, id). Each page is one index range scan (see the
//! `privacy_requests_queue*` indexes in migration 0003), so the thousandth page costs what
//! the first does, however many requests there are; the counts per status and of overdue
//! requests come from counter tables the database keeps.

use portal_domain::api::{RequestKind, RequestStatus};
use portal_domain::deadline::days_left;
use portal_domain::support::{
    AssigneeFilter, QUEUE_SEARCH_PERSONS_MAX, QueueCursor, QueueFilter, QueueItem, QueuePage,
    StatusCount, SubjectSummary,
};
use sqlx::{AnyConnection, FromRow};
use time::Date;

use crate::billing::PersonBrief;
use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use portal_domain::format_iso_date;
use portal_domain::parse_iso_date;

/// The current due date. Written exactly as in the indexes, or they are not used.
pub const DUE: &str = "COALESCE(r.extended_due_on, r.due_on)";
/// The statuses of an open request. Written exactly as in the partial index.
pub const OPEN: &str = "r.status IN ('submitted', 'in_progress', 'awaiting_subject')";

/// What a queue row reads of a request.
const COLUMNS: &str =
    "id, kind, status, received_at, due_on, extended_due_on, assignee_id, person_id, account_id";

#[derive(FromRow)]
struct QueueRow {
    id: String,
    kind: String,
    status: String,
    received_at: i64,
    due_on: String,
    extended_due_on: Option<String>,
    assignee_id: Option<String>,
    person_id: String,
    account_id: String,
}

/// A value bound to the query, in placeholder order.
enum Arg {
    Text(String),
    Int(i64),
}

/// Adds a value and returns its placeholder.
fn bind(args: &mut Vec<Arg>, a: Arg) -> String {
    args.push(a);
    format!("${}", args.len())
}

pub async fn page(
    state: &AppState,
    filter: &QueueFilter,
    staff_id: &str,
    today: Date,
) -> ApiResult<QueuePage> {
    let mut args: Vec<Arg> = Vec::new();
    let mut sql = String::new();
    let mut search_capped = false;
    let from = if let Some(q) = &filter.search {
        // Persons are found first, in the billing system (by exact id, or any part of name
        // or e-mail), then their requests through the person index; a request id matches
        // exactly. These requests (at most a few per person found) are set apart first
        // and only then filtered and sorted: the planner, left to itself, may prefer to
        // walk the whole queue in due order looking for them.
        // One more than are kept says whether there were more.
        let mut persons = state
            .billing
            .search_persons(q, QUEUE_SEARCH_PERSONS_MAX + 1)
            .await?;
        search_capped = persons.len() > QUEUE_SEARCH_PERSONS_MAX;
        persons.truncate(QUEUE_SEARCH_PERSONS_MAX);
        let exact = bind(&mut args, Arg::Text(q.clone()));
        let mut cond = format!("id = {exact}");
        if !persons.is_empty() {
            let ids: Vec<String> = persons
                .into_iter()
                .map(|p| bind(&mut args, Arg::Text(p)))
                .collect();
            cond += &format!(" OR person_id IN ({})", ids.join(", "));
        }
        sql += &format!(
            "WITH found AS MATERIALIZED (SELECT {COLUMNS} FROM privacy_requests WHERE {cond}) "
        );
        "found"
    } else {
        "privacy_requests"
    };
    sql += &format!(
        "SELECT r.id, r.kind, r.status, r.received_at, r.due_on, r.extended_due_on, r.assignee_id, \
         r.person_id, r.account_id FROM {from} r WHERE 1 = 1"
    );
    if let Some(kind) = filter.kind {
        let p = bind(&mut args, Arg::Text(kind.as_str().into()));
        sql += &format!(" AND r.kind = {p}");
    }
    if let Some(status) = filter.status {
        let p = bind(&mut args, Arg::Text(status.as_str().into()));
        sql += &format!(" AND r.status = {p}");
    }
    // Written for one open status too: it is what lets the planner use the small
    // open-requests index rather than the index over every request.
    if filter.open || filter.overdue || filter.status.is_some_and(|s| s.is_pending()) {
        sql += &format!(" AND {OPEN}");
    }
    if filter.overdue {
        let p = bind(&mut args, Arg::Text(format_iso_date(today)));
        sql += &format!(" AND {DUE} < {p}");
    }
    match &filter.assignee {
        None => {}
        Some(AssigneeFilter::Unassigned) => sql += " AND r.assignee_id IS NULL",
        Some(AssigneeFilter::Me) => {
            let p = bind(&mut args, Arg::Text(staff_id.into()));
            sql += &format!(" AND r.assignee_id = {p}");
        }
        Some(AssigneeFilter::Staff(id)) => {
            let p = bind(&mut args, Arg::Text(id.clone()));
            sql += &format!(" AND r.assignee_id = {p}");
        }
    }
    if let Some(QueueCursor { due_on, id }) = &filter.after {
        // The first condition is implied by the second; it is there so the planner seeks
        // into the index instead of scanning it from the start.
        let due = bind(&mut args, Arg::Text(format_iso_date(*due_on)));
        let after = bind(&mut args, Arg::Text(id.clone()));
        sql += &format!(" AND {DUE} >= {due} AND ({DUE}, r.id) > ({due}, {after})");
    }
    let limit = bind(&mut args, Arg::Int(i64::from(filter.limit) + 1));
    sql += &format!(" ORDER BY {DUE}, r.id LIMIT {limit}");

    let mut query = sqlx::query_as::<_, QueueRow>(sqlx::AssertSqlSafe(sql));
    for a in args {
        query = match a {
            Arg::Text(s) => query.bind(s),
            Arg::Int(n) => query.bind(n),
        };
    }
    let mut conn = state.db.acquire().await?;
    let mut rows = query.fetch_all(&mut *conn).await?;
    let more = rows.len() > filter.limit as usize;
    rows.truncate(filter.limit as usize);
    let names = Names::of(state, rows.iter().map(|r| (&r.person_id, &r.account_id))).await?;
    let items = rows
        .into_iter()
        .map(|r| item(r, &names, today))
        .collect::<ApiResult<Vec<_>>>()?;
    let next_cursor = if more {
        items.last().map(|i| {
            QueueCursor {
                due_on: i.due_on,
                id: i.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(QueuePage {
        items,
        next_cursor,
        counts: counts(&mut conn).await?,
        overdue: overdue_count(&mut conn, today).await?,
        search_capped,
        retention_sweep_off: !state.settings.retention_sweep,
        // The caller's own capability: the route fills it in.
        may_decide: false,
    })
}

/// Who the requests of a page are about, looked up in the billing system in one call per
/// kind of name.
pub struct Names {
    persons: Vec<PersonBrief>,
    accounts: Vec<(String, String)>,
}

impl Names {
    pub async fn of<'a>(
        state: &AppState,
        keys: impl Iterator<Item = (&'a String, &'a String)>,
    ) -> ApiResult<Names> {
        let mut person_ids: Vec<String> = Vec::new();
        let mut account_ids: Vec<String> = Vec::new();
        for (p, a) in keys {
            if !person_ids.contains(p) {
                person_ids.push(p.clone());
            }
            if !account_ids.contains(a) {
                account_ids.push(a.clone());
            }
        }
        Ok(Names {
            persons: state.billing.persons_by_id(&person_ids).await?,
            accounts: state.billing.account_names(&account_ids).await?,
        })
    }

    /// The subject as support sees them; blank where the billing system no longer knows
    /// them.
    pub fn subject(&self, person_id: String, account_id: String) -> SubjectSummary {
        let person = self.persons.iter().find(|p| p.id == person_id);
        SubjectSummary {
            name: person.map(|p| p.name.clone()).unwrap_or_default(),
            email: person.map(|p| p.email.clone()).unwrap_or_default(),
            account_name: self
                .accounts
                .iter()
                .find(|(id, _)| *id == account_id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            id: person_id,
            account_id,
        }
    }
}

fn item(r: QueueRow, names: &Names, today: Date) -> ApiResult<QueueItem> {
    let bad = || ApiError::Internal("stored request has an unknown kind, status or date".into());
    let status = RequestStatus::parse(&r.status).ok_or_else(bad)?;
    let original = parse_iso_date(&r.due_on).ok_or_else(bad)?;
    let extended = match r.extended_due_on.as_deref() {
        Some(d) => Some(parse_iso_date(d).ok_or_else(bad)?),
        None => None,
    };
    let due_on = extended.unwrap_or(original);
    let left = days_left(today, due_on);
    Ok(QueueItem {
        kind: RequestKind::parse(&r.kind).ok_or_else(bad)?,
        status,
        subject: names.subject(r.person_id, r.account_id),
        received_at: from_unix(r.received_at),
        due_on,
        extended: extended.is_some(),
        days_left: left,
        overdue: status.is_pending() && left < 0,
        assignee_id: r.assignee_id,
        id: r.id,
    })
}

/// Requests per status, every status listed.
pub async fn counts(conn: &mut AnyConnection) -> sqlx::Result<Vec<StatusCount>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, requests FROM request_status_counts")
            .fetch_all(conn)
            .await?;
    Ok(RequestStatus::ALL
        .iter()
        .map(|s| StatusCount {
            status: *s,
            requests: rows
                .iter()
                .find(|(k, _)| k == s.as_str())
                .map_or(0, |(_, n)| (*n).max(0) as u64),
        })
        .collect())
}

/// Open requests past their due date: the sum of the open requests per due date (a counter
/// table the database keeps, see migration 0007) over the dates before today, so the count
/// is right as days pass without any write, and costs a read of one row per past due date
/// rather than a count over every overdue request.
pub async fn overdue_count(conn: &mut AnyConnection, today: Date) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(requests), 0) AS BIGINT) FROM request_open_due_counts \
         WHERE due_on < $1",
    )
    .bind(format_iso_date(today))
    .fetch_one(conn)
    .await?;
    Ok(n.max(0) as u64)
}
