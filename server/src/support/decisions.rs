//! Support's work on one request: opening it (audited), assigning it, internal notes, the
//! clock (one extension, by one or two months, before the original due date, with a reason
//! the subject is told at once), asking the subject for information and their answer, and
//! rejecting with a reason. Every change is one transaction with its history entry, its
//! audit entry and, where the subject must be told, its notice.

use portal_domain::api::{Actor, RequestKind, RequestStatus, RequestView, Role};
use portal_domain::deadline::days_left;
use portal_domain::extended_due_date;
use portal_domain::support::{
    AskForInformation, ExtendDeadline, InternalNote, NewInternalNote, RejectRequest, RequestDetail,
    RequestEvent, RequestEventKind, SubjectAnswer, SubjectSummary,
};
use serde_json::json;
use sqlx::{AnyConnection, FromRow};
use time::Date;

use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::{self, NoticeKind};
use crate::rights::requests;
use crate::rights::subject::Subject;
use crate::rights::{recipients, restriction};
use crate::state::AppState;
use crate::store::{audit, db};
use portal_domain::format_iso_date;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A request inside a transaction that holds its subject's lock, with the subject's id.
async fn open_request(state: &AppState, id: &str) -> ApiResult<(Tx, String, RequestView)> {
    let owner = {
        let mut conn = state.db.acquire().await?;
        requests::get(&mut conn, id)
            .await?
            .ok_or(ApiError::NotFound)?
            .0
    };
    let mut tx = db::begin_for_person(&state.db, &owner).await?;
    let (owner, view) = requests::get(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((tx, owner, view))
}

fn require_open(view: &RequestView) -> ApiResult<()> {
    if view.status.is_pending() {
        Ok(())
    } else {
        Err(ApiError::InvalidState("the request is no longer open"))
    }
}

async fn audit_event(
    conn: &mut AnyConnection,
    state: &AppState,
    actor: &Actor,
    action: &str,
    subject_id: &str,
    request_id: &str,
    fields: &[&str],
) -> sqlx::Result<()> {
    let event = audit::Event {
        action,
        subject_id,
        target: request_id,
        fields,
    };
    audit::append(
        conn,
        db::backend(&state.db),
        state.clock.unix(),
        actor,
        event,
    )
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct DetailExtra {
    account_id: String,
    assignee_id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    account_name: Option<String>,
}

/// Everything support sees about a request.
async fn load_detail(conn: &mut AnyConnection, today: Date, id: &str) -> ApiResult<RequestDetail> {
    let (owner, request) = requests::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let extra: DetailExtra = sqlx::query_as(
        "SELECT r.account_id, r.assignee_id, p.name, p.email, a.name AS account_name FROM privacy_requests r \
         LEFT JOIN billing_persons p ON p.id = r.person_id \
         LEFT JOIN billing_accounts a ON a.id = r.account_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let events: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT at, actor_id, actor_role, event, note FROM request_events WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let notes: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT at, author_id, body FROM request_notes WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let due_on = request.extended_due_on.unwrap_or(request.due_on);
    let left = days_left(today, due_on);
    let pending = request.status.is_pending();
    Ok(RequestDetail {
        subject: SubjectSummary {
            id: owner,
            name: extra.name.unwrap_or_default(),
            email: extra.email.unwrap_or_default(),
            account_id: extra.account_id,
            account_name: extra.account_name.unwrap_or_default(),
        },
        events: events
            .into_iter()
            .map(|(at, actor_id, role, event, note)| RequestEvent {
                at: from_unix(at),
                actor: Actor {
                    person_id: actor_id,
                    role: Role::parse(&role).unwrap_or(Role::Support),
                },
                event,
                note,
            })
            .collect(),
        notes: notes
            .into_iter()
            .map(|(at, author_id, text)| InternalNote {
                at: from_unix(at),
                author_id,
                text,
            })
            .collect(),
        assignee_id: extra.assignee_id,
        due_on,
        days_left: left,
        overdue: pending && left < 0,
        may_extend: pending && request.extended_due_on.is_none() && today <= request.due_on,
        recipient_tasks: recipients::for_request(conn, id).await?,
        restriction: if request.kind == RequestKind::Restriction {
            restriction::for_request(conn, id).await?
        } else {
            None
        },
        request,
    })
}

/// Opens a request: the opening is audited before the data is returned.
pub async fn detail(state: &AppState, staff: &Actor, id: &str) -> ApiResult<RequestDetail> {
    let mut tx = db::begin_write(&state.db).await?;
    let detail = load_detail(&mut tx, state.clock.today(), id).await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "support.request_opened",
        &detail.subject.id,
        id,
        &[],
    )
    .await?;
    tx.commit().await?;
    Ok(detail)
}

async fn finish(state: &AppState, mut tx: Tx, id: &str) -> ApiResult<RequestDetail> {
    let detail = load_detail(&mut tx, state.clock.today(), id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Assigns an open request to the caller; a submitted one is now in progress.
pub async fn assign_to_me(state: &AppState, staff: &Actor, id: &str) -> ApiResult<RequestDetail> {
    let now = state.clock.unix();
    let (mut tx, owner, view) = open_request(state, id).await?;
    require_open(&view)?;
    sqlx::query(
        "UPDATE privacy_requests SET assignee_id = $1, updated_at = $2, \
         status = CASE WHEN status = 'submitted' THEN 'in_progress' ELSE status END WHERE id = $3",
    )
    .bind(&staff.person_id)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    requests::add_event(&mut tx, id, now, staff, RequestEventKind::Assigned, None).await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "request.assigned",
        &owner,
        id,
        &["assignee"],
    )
    .await?;
    finish(state, tx, id).await
}

/// Adds an internal note. Notes are for support only; the audit trail records that one
/// was written, never what it says.
pub async fn add_note(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: NewInternalNote,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let now = state.clock.unix();
    let (mut tx, owner, _) = open_request(state, id).await?;
    sqlx::query(
        "INSERT INTO request_notes (request_id, at, author_id, body) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(now)
    .bind(&staff.person_id)
    .bind(&body.text)
    .execute(&mut *tx)
    .await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "request.noted",
        &owner,
        id,
        &["note"],
    )
    .await?;
    finish(state, tx, id).await
}

/// Extends the deadline (GDPR art. 12(3)): once, by one or two months, while the original
/// due date has not passed (it may be extended on the due date itself), with a reason
/// the subject is told at once.
pub async fn extend(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: ExtendDeadline,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let now = state.clock.unix();
    let today = state.clock.today();
    let (mut tx, owner, view) = open_request(state, id).await?;
    require_open(&view)?;
    if view.extended_due_on.is_some() {
        return Err(ApiError::InvalidState(
            "the deadline has already been extended once",
        ));
    }
    if today > view.due_on {
        return Err(ApiError::InvalidState(
            "the original due date has passed; it can no longer be extended",
        ));
    }
    let new_due = extended_due_date(view.due_on, body.months)
        .ok_or(ApiError::InvalidState("an extension is one or two months"))?;
    let done = sqlx::query(
        "UPDATE privacy_requests SET extended_due_on = $1, extension_reason = $2, extended_at = $3, updated_at = $3 \
         WHERE id = $4 AND extended_due_on IS NULL",
    )
    .bind(format_iso_date(new_due))
    .bind(&body.reason)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "the deadline has already been extended once",
        ));
    }
    requests::add_event(
        &mut tx,
        id,
        now,
        staff,
        RequestEventKind::Extended,
        Some(&body.reason),
    )
    .await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "request.extended",
        &owner,
        id,
        &["extended_due_on", "extension_reason"],
    )
    .await?;
    outbox::notify_person(
        &mut tx,
        &owner,
        NoticeKind::RequestExtended,
        &json!({
            "request_id": id,
            "due_on": format_iso_date(new_due),
            "months": body.months,
            "reason": body.reason,
        }),
        now,
    )
    .await?;
    tracing::info!(request = %id, due = %format_iso_date(new_due), "deadline extended");
    finish(state, tx, id).await
}

/// Asks the subject for information; the request waits for their answer.
pub async fn ask(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: AskForInformation,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let now = state.clock.unix();
    let (mut tx, owner, view) = open_request(state, id).await?;
    require_open(&view)?;
    // `decision_note` has always carried "what support asked for" to the subject.
    sqlx::query(
        "UPDATE privacy_requests SET status = 'awaiting_subject', question = $1, decision_note = $1, updated_at = $2 \
         WHERE id = $3",
    )
    .bind(&body.question)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    requests::add_event(
        &mut tx,
        id,
        now,
        staff,
        RequestEventKind::InformationRequested,
        Some(&body.question),
    )
    .await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "request.information_requested",
        &owner,
        id,
        &["question"],
    )
    .await?;
    outbox::notify_person(
        &mut tx,
        &owner,
        NoticeKind::InformationNeeded,
        &json!({ "request_id": id, "question": body.question }),
        now,
    )
    .await?;
    finish(state, tx, id).await
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
    let now = state.clock.unix();
    let mut tx = db::begin_for_person(&state.db, &subject.person.id).await?;
    let (owner, view) = requests::get(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if owner != subject.person.id {
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
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "support has not asked anything that awaits an answer",
        ));
    }
    requests::add_event(
        &mut tx,
        id,
        now,
        &subject.actor,
        RequestEventKind::Answered,
        Some(&body.answer),
    )
    .await?;
    audit_event(
        &mut tx,
        state,
        &subject.actor,
        "request.answered",
        &owner,
        id,
        &["answer"],
    )
    .await?;
    // An admin answering for an employee: the employee is told.
    crate::rights::company::notify_acted_for(
        &mut tx,
        subject,
        "request.answered",
        &["answer"],
        now,
    )
    .await?;
    let (_, view) = requests::get(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(view)
}

/// Rejects a request with a reason; the subject is told it and where to complain.
pub async fn reject(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: RejectRequest,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let now = state.clock.unix();
    let (mut tx, owner, view) = open_request(state, id).await?;
    require_open(&view)?;
    sqlx::query(
        "UPDATE privacy_requests SET status = 'rejected', decision_note = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(&body.reason)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    requests::add_event(
        &mut tx,
        id,
        now,
        staff,
        RequestEventKind::Rejected,
        Some(&body.reason),
    )
    .await?;
    audit_event(
        &mut tx,
        state,
        staff,
        "request.rejected",
        &owner,
        id,
        &["decision_note"],
    )
    .await?;
    let authority = state.operator.authority();
    outbox::notify_person(
        &mut tx,
        &owner,
        NoticeKind::RequestRejected,
        &json!({
            "request_id": id,
            "reason": body.reason,
            "complaint_authority": authority.name,
            "complaint_url": authority.url,
        }),
        now,
    )
    .await?;
    tracing::info!(request = %id, "request rejected");
    finish(state, tx, id).await
}
