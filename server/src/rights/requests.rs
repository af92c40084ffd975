//! Erasure and restriction requests as their subject files, follows, answers and
//! withdraws them.
//! Each gets its legal due date on receipt; at most one of each kind is pending per
//! person, which the database itself enforces.

use portal_domain::api::{
    Actor, ErasureGround, NewErasureRequest, NewRestrictionRequest, RequestKind, RequestStatus,
    RequestView, Role,
};
use portal_domain::support::{RequestEventKind, SubjectAnswer};
use portal_domain::{due_date, format_iso_date, parse_iso_date};
use sqlx::{AnyConnection, FromRow};
use time::Date;

use crate::changes::Change;
use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::notices::outbox::Notice;
use crate::rights::subject::Subject;
use crate::state::AppState;

#[derive(FromRow)]
struct RequestRow {
    id: String,
    kind: String,
    status: String,
    received_at: i64,
    due_on: String,
    grounds: String,
    details: String,
    contested: String,
    reason: String,
    decision_note: Option<String>,
    filed_by_id: String,
    filed_by_role: String,
    updated_at: i64,
    extended_due_on: Option<String>,
    extension_reason: Option<String>,
    question: Option<String>,
    result_report: Option<String>,
}

const COLUMNS: &str = "id, kind, status, received_at, due_on, grounds, details, contested, reason, decision_note, \
                       filed_by_id, filed_by_role, updated_at, extended_due_on, extension_reason, question, result_report";

/// A date read back from the database; one that does not parse is a fault of ours.
fn stored_date(s: &str) -> Result<Date, ApiError> {
    parse_iso_date(s)
        .ok_or_else(|| ApiError::Internal(format!("stored date {s:?} is not YYYY-MM-DD")))
}

impl RequestRow {
    fn into_view(self) -> ApiResult<RequestView> {
        let bad =
            || ApiError::Internal("stored request has an unknown kind, status or role".into());
        Ok(RequestView {
            kind: RequestKind::parse(&self.kind).ok_or_else(bad)?,
            status: RequestStatus::parse(&self.status).ok_or_else(bad)?,
            received_at: from_unix(self.received_at),
            due_on: stored_date(&self.due_on)?,
            grounds: self
                .grounds
                .split(',')
                .filter_map(ErasureGround::parse)
                .collect(),
            details: self.details,
            contested: self.contested,
            reason: self.reason,
            decision_note: self.decision_note,
            updated_at: from_unix(self.updated_at),
            filed_by: Actor {
                person_id: self.filed_by_id,
                role: Role::parse(&self.filed_by_role).ok_or_else(bad)?,
            },
            extended_due_on: self
                .extended_due_on
                .as_deref()
                .map(stored_date)
                .transpose()?,
            extension_reason: self.extension_reason,
            question: self.question,
            erasure_result: self
                .result_report
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| ApiError::Internal(format!("stored result report: {e}")))?,
            id: self.id,
        })
    }
}

/// The person's requests on `account_id`, newest first: a request filed on another
/// account of the same login is that account's.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> ApiResult<Vec<RequestView>> {
    let rows: Vec<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM privacy_requests WHERE person_id = $1 AND account_id = $2 \
         ORDER BY received_at DESC, id"
    )))
    .bind(person_id)
    .bind(account_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(RequestRow::into_view).collect()
}

/// Whom a request is about, and whether its execution has begun.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Owner {
    pub person_id: String,
    pub account_id: String,
    /// Support executed it and the billing system has not yet done its part; nothing
    /// else may be decided meanwhile.
    #[sqlx(try_from = "Option<i64>")]
    pub executing: Executing,
    /// The member of staff handling it.
    pub assignee_id: Option<String>,
}

/// Whether an execution has begun, from `execution_started_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Executing(pub bool);

impl From<Option<i64>> for Executing {
    fn from(v: Option<i64>) -> Self {
        Executing(v.is_some())
    }
}

impl Owner {
    /// Whether the request is about the subject on the subject's account: the same
    /// person's request on another account is not theirs here.
    pub fn is_of(&self, subject: &Subject) -> bool {
        self.person_id == subject.person.id && self.account_id == subject.account.id
    }

    /// Refuses a decision while an execution is under way.
    pub fn require_not_executing(&self) -> ApiResult<()> {
        if self.executing.0 {
            Err(ApiError::InvalidState(
                "the request is being executed; it completes as soon as the billing system has done its part",
            ))
        } else {
            Ok(())
        }
    }
}

/// A request and whom it is about.
pub async fn get(conn: &mut AnyConnection, id: &str) -> ApiResult<Option<(Owner, RequestView)>> {
    let Some(owner): Option<Owner> = sqlx::query_as(
        "SELECT person_id, account_id, execution_started_at AS executing, assignee_id FROM privacy_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let row: RequestRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM privacy_requests WHERE id = $1"
    )))
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(Some((owner, row.into_view()?)))
}

struct NewRequest {
    kind: RequestKind,
    grounds: String,
    details: String,
    contested: String,
    reason: String,
}

async fn file(state: &AppState, subject: &Subject, new: NewRequest) -> ApiResult<RequestView> {
    let due = due_date(state.clock.today());
    let id = uuid::Uuid::new_v4().to_string();
    let mut change = Change::about(state, &subject.person.id).await?;
    let now = change.now();
    let inserted = sqlx::query(
        "INSERT INTO privacy_requests (id, person_id, account_id, kind, status, received_at, due_on, grounds, details, \
         contested, reason, filed_by_id, filed_by_role, updated_at) \
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $11, $12, $5)",
    )
    .bind(&id)
    .bind(&subject.person.id)
    .bind(&subject.account.id)
    .bind(new.kind.as_str())
    .bind(now)
    .bind(format_iso_date(due))
    .bind(&new.grounds)
    .bind(&new.details)
    .bind(&new.contested)
    .bind(&new.reason)
    .bind(&subject.actor.person_id)
    .bind(subject.actor.role.as_str())
    .execute(change.conn())
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e) {
            change.rollback().await?;
            let existing: String = sqlx::query_scalar(
                "SELECT id FROM privacy_requests WHERE person_id = $1 AND account_id = $2 AND kind = $3 \
                 AND status IN ('submitted', 'in_progress', 'awaiting_subject')",
            )
            .bind(&subject.person.id)
            .bind(&subject.account.id)
            .bind(new.kind.as_str())
            .fetch_one(&state.db)
            .await?;
            return Err(ApiError::DuplicateRequest {
                existing_id: existing,
            });
        }
        return Err(e.into());
    }
    let kind = new.kind.as_str();
    change
        .event(&id, &subject.actor, RequestEventKind::Received, None)
        .await?;
    change
        .audit(
            &subject.actor,
            "request.filed",
            &subject.account.id,
            &subject.person.id,
            &id,
            &[kind],
        )
        .await?;
    subject
        .notify_acted_for(&mut change, "request.filed", &[kind])
        .await?;
    change
        .notify(
            &subject.addressee(),
            Notice::RequestReceived {
                request_id: id.clone(),
                kind: new.kind,
                due_on: due,
            },
        )
        .await?;
    let (_, view) = get(change.conn(), &id).await?.ok_or(ApiError::NotFound)?;
    change.commit().await?;
    tracing::info!(request = %id, person = %subject.person.id, kind, due = %format_iso_date(due), "request received");
    Ok(view)
}

pub async fn file_erasure(
    state: &AppState,
    subject: &Subject,
    body: NewErasureRequest,
) -> ApiResult<RequestView> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let grounds = body
        .grounds
        .iter()
        .map(|g| g.key())
        .collect::<Vec<_>>()
        .join(",");
    file(
        state,
        subject,
        NewRequest {
            kind: RequestKind::Erasure,
            grounds,
            details: body.details,
            contested: String::new(),
            reason: String::new(),
        },
    )
    .await
}

pub async fn file_restriction(
    state: &AppState,
    subject: &Subject,
    body: NewRestrictionRequest,
) -> ApiResult<RequestView> {
    let body = body.validate().map_err(ApiError::Validation)?;
    file(
        state,
        subject,
        NewRequest {
            kind: RequestKind::Restriction,
            grounds: String::new(),
            details: String::new(),
            contested: body.contested,
            reason: body.reason,
        },
    )
    .await
}

/// Withdraws a pending request of the subject's. Another person's request is "not found":
/// its existence is not the caller's business.
pub async fn withdraw(state: &AppState, subject: &Subject, id: &str) -> ApiResult<RequestView> {
    let mut change = Change::about(state, &subject.person.id).await?;
    let now = change.now();
    let (owner, view) = get(change.conn(), id).await?.ok_or(ApiError::NotFound)?;
    if !owner.is_of(subject) {
        return Err(ApiError::NotFound);
    }
    owner.require_not_executing()?;
    if !view.status.is_pending() {
        return Err(ApiError::InvalidState(
            "only a pending request can be withdrawn",
        ));
    }
    let done = sqlx::query(
        "UPDATE privacy_requests SET status = 'withdrawn', updated_at = $1 WHERE id = $2 \
         AND status IN ('submitted', 'in_progress', 'awaiting_subject')",
    )
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "only a pending request can be withdrawn",
        ));
    }
    change
        .event(id, &subject.actor, RequestEventKind::Withdrawn, None)
        .await?;
    change
        .audit(
            &subject.actor,
            "request.withdrawn",
            &subject.account.id,
            &subject.person.id,
            id,
            &[],
        )
        .await?;
    subject
        .notify_acted_for(&mut change, "request.withdrawn", &[])
        .await?;
    let (_, view) = get(change.conn(), id).await?.ok_or(ApiError::NotFound)?;
    change.commit().await?;
    tracing::info!(request = %id, "request withdrawn");
    Ok(view)
}

/// The subject answers support's question; the request is back in progress. Someone
/// else's request is "not found".
pub async fn answer(
    state: &AppState,
    subject: &Subject,
    id: &str,
    body: SubjectAnswer,
) -> ApiResult<RequestView> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let mut change = Change::about(state, &subject.person.id).await?;
    let now = change.now();
    let (owner, view) = get(change.conn(), id).await?.ok_or(ApiError::NotFound)?;
    if !owner.is_of(subject) {
        return Err(ApiError::NotFound);
    }
    if view.status != RequestStatus::AwaitingSubject {
        return Err(ApiError::InvalidState(
            "support has not asked anything that awaits an answer",
        ));
    }
    let done = sqlx::query(
        "UPDATE privacy_requests SET status = 'in_progress', updated_at = $1 WHERE id = $2 AND status = 'awaiting_subject'",
    )
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "support has not asked anything that awaits an answer",
        ));
    }
    change
        .event(
            id,
            &subject.actor,
            RequestEventKind::Answered,
            Some(&body.answer),
        )
        .await?;
    change
        .audit(
            &subject.actor,
            "request.answered",
            &owner.account_id,
            &owner.person_id,
            id,
            &["answer"],
        )
        .await?;
    // An admin answering for an employee: the employee is told.
    subject
        .notify_acted_for(&mut change, "request.answered", &["answer"])
        .await?;
    let (_, view) = get(change.conn(), id).await?.ok_or(ApiError::NotFound)?;
    change.commit().await?;
    Ok(view)
}
