//! Erasure and restriction requests as their subject files, follows and withdraws them.
//! Each gets its legal due date on receipt; at most one of each kind is pending per
//! person, which the database itself enforces.

use portal_domain::api::{
    Actor, ErasureGround, NewErasureRequest, NewRestrictionRequest, RequestKind, RequestStatus,
    RequestView, Role,
};
use portal_domain::support::RequestEventKind;
use portal_domain::{due_date, format_iso_date, parse_iso_date};
use sqlx::{AnyConnection, FromRow};
use time::Date;

use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::rights::subject::Subject;
use crate::state::AppState;
use crate::store::{audit, db};

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

/// The person's requests, newest first.
pub async fn list(conn: &mut AnyConnection, person_id: &str) -> ApiResult<Vec<RequestView>> {
    let rows: Vec<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM privacy_requests WHERE person_id = $1 ORDER BY received_at DESC, id"
    )))
    .bind(person_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(RequestRow::into_view).collect()
}

/// A request and the id of the person it is about.
pub async fn get(conn: &mut AnyConnection, id: &str) -> ApiResult<Option<(String, RequestView)>> {
    #[derive(FromRow)]
    struct Owner {
        person_id: String,
    }
    let Some(owner): Option<Owner> =
        sqlx::query_as("SELECT person_id FROM privacy_requests WHERE id = $1")
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
    Ok(Some((owner.person_id, row.into_view()?)))
}

struct NewRequest {
    kind: RequestKind,
    grounds: String,
    details: String,
    contested: String,
    reason: String,
}

async fn file(state: &AppState, subject: &Subject, new: NewRequest) -> ApiResult<RequestView> {
    let now = state.clock.unix();
    let due = due_date(state.clock.today());
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = crate::store::db::begin_for_person(&state.db, &subject.person.id).await?;
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
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e) {
            drop(tx);
            let existing: String = sqlx::query_scalar(
                "SELECT id FROM privacy_requests WHERE person_id = $1 AND kind = $2 \
                 AND status IN ('submitted', 'in_progress', 'awaiting_subject')",
            )
            .bind(&subject.person.id)
            .bind(new.kind.as_str())
            .fetch_one(&state.db)
            .await?;
            return Err(ApiError::DuplicateRequest {
                existing_id: existing,
            });
        }
        return Err(e.into());
    }
    add_event(
        &mut tx,
        &id,
        now,
        &subject.actor,
        RequestEventKind::Received,
        None,
    )
    .await?;
    let event = audit::Event {
        action: "request.filed",
        subject_id: &subject.person.id,
        target: &id,
        fields: &[new.kind.as_str()],
    };
    audit::append(&mut tx, db::backend(&state.db), now, &subject.actor, event).await?;
    crate::rights::company::notify_acted_for(
        &mut tx,
        subject,
        "request.filed",
        &[new.kind.as_str()],
        now,
    )
    .await?;
    // The receipt, with the reference and the day the answer is due.
    if !subject.person.email.trim().is_empty() {
        crate::notices::outbox::enqueue(
            &mut tx,
            &subject.person.id,
            &subject.person.email,
            subject.person.locale(),
            crate::notices::outbox::NoticeKind::RequestReceived,
            &serde_json::json!({
                "request_id": id,
                "request_kind": new.kind.as_str(),
                "due_on": format_iso_date(due),
            }),
            now,
        )
        .await?;
    }
    let (_, view) = get(&mut tx, &id).await?.ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(request = %id, person = %subject.person.id, kind = new.kind.as_str(), due = %format_iso_date(due), "request received");
    Ok(view)
}

pub async fn add_event(
    conn: &mut AnyConnection,
    request: &str,
    at: i64,
    actor: &Actor,
    event: RequestEventKind,
    note: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO request_events (request_id, at, actor_id, actor_role, event, note) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(request)
        .bind(at)
        .bind(&actor.person_id)
        .bind(actor.role.as_str())
        .bind(event.as_str())
        .bind(note)
        .execute(conn)
        .await?;
    Ok(())
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
    let now = state.clock.unix();
    let mut tx = crate::store::db::begin_for_person(&state.db, &subject.person.id).await?;
    let (owner, view) = get(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
    if owner != subject.person.id {
        return Err(ApiError::NotFound);
    }
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
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "only a pending request can be withdrawn",
        ));
    }
    add_event(
        &mut tx,
        id,
        now,
        &subject.actor,
        RequestEventKind::Withdrawn,
        None,
    )
    .await?;
    let event = audit::Event {
        action: "request.withdrawn",
        subject_id: &subject.person.id,
        target: id,
        fields: &[],
    };
    audit::append(&mut tx, db::backend(&state.db), now, &subject.actor, event).await?;
    crate::rights::company::notify_acted_for(&mut tx, subject, "request.withdrawn", &[], now)
        .await?;
    let (_, view) = get(&mut tx, id).await?.ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(request = %id, "request withdrawn");
    Ok(view)
}
