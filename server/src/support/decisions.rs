//! Support's work on one request: opening it (audited), assigning it, internal notes, the
//! clock (one extension, by one or two months, before the original due date, with a reason
//! the subject is told at once), asking the subject for information, and rejecting with a
//! reason. Every change is one `Change`: its history entry, its audit entry and, where the
//! subject must be told, its notice, with it.

use portal_domain::api::{Actor, RequestKind, RequestView, Role};
use portal_domain::deadline::days_left;
use portal_domain::extended_due_date;
use portal_domain::support::{
    AskForInformation, ExtendDeadline, InternalNote, NewInternalNote, RejectRequest, RequestDetail,
    RequestEvent, RequestEventKind,
};
use sqlx::AnyConnection;
use time::Date;

use crate::changes::Change;
use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::Notice;
use crate::rights::requests::{self, Owner};
use crate::rights::{recipients, restriction};
use crate::state::AppState;
use crate::support::queue::Names;
use portal_domain::format_iso_date;

/// A request inside a change that holds its subject's lock, with whom it is about.
async fn open_request<'a>(
    state: &'a AppState,
    id: &str,
) -> ApiResult<(Change<'a>, Owner, RequestView)> {
    let owner = {
        let mut conn = state.db.acquire().await?;
        requests::get(&mut conn, id)
            .await?
            .ok_or(ApiError::NotFound)?
            .0
    };
    let mut change = Change::about(state, &owner.person_id).await?;
    let (owner, view) = requests::get(change.conn(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((change, owner, view))
}

/// An open request, not being executed, can still be decided on.
fn require_open(owner: &Owner, view: &RequestView) -> ApiResult<()> {
    owner.require_not_executing()?;
    if view.status.is_pending() {
        Ok(())
    } else {
        Err(ApiError::InvalidState("the request is no longer open"))
    }
}

/// Everything support sees about a request.
async fn load_detail(
    state: &AppState,
    conn: &mut AnyConnection,
    today: Date,
    id: &str,
) -> ApiResult<RequestDetail> {
    let (owner, request) = requests::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let assignee_id: Option<String> =
        sqlx::query_scalar("SELECT assignee_id FROM privacy_requests WHERE id = $1")
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
    let approved_by = approvers(conn, id).await?;
    let names = Names::of(state, [(&owner.person_id, &owner.account_id)].into_iter()).await?;
    let due_on = request.extended_due_on.unwrap_or(request.due_on);
    let left = days_left(today, due_on);
    let pending = request.status.is_pending() && !owner.executing.0;
    Ok(RequestDetail {
        subject: names.subject(owner.person_id.clone(), owner.account_id.clone()),
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
        assignee_id,
        due_on,
        days_left: left,
        overdue: request.status.is_pending() && left < 0,
        may_extend: pending && request.extended_due_on.is_none() && today <= request.due_on,
        recipient_tasks: recipients::for_request(state, conn, id).await?,
        restriction: if request.kind == RequestKind::Restriction {
            restriction::for_request(conn, id).await?
        } else {
            None
        },
        approval_required: state.settings.erasure_approval && request.kind == RequestKind::Erasure,
        approved_by,
        request,
    })
}

/// The staff who approved the request for another to execute, oldest first.
pub async fn approvers(conn: &mut AnyConnection, id: &str) -> ApiResult<Vec<String>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT actor_id FROM request_events WHERE request_id = $1 AND event = $2 ORDER BY id",
    )
    .bind(id)
    .bind(RequestEventKind::SecondApproval.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids)
}

/// Opens a request: the opening is audited before the data is returned.
pub async fn detail(state: &AppState, staff: &Actor, id: &str) -> ApiResult<RequestDetail> {
    let mut change = Change::begin(state).await?;
    let detail = load_detail(state, change.conn(), state.clock.today(), id).await?;
    change
        .audit(
            staff,
            "support.request_opened",
            &detail.subject.account_id,
            &detail.subject.id,
            id,
            &[],
        )
        .await?;
    change.commit().await?;
    Ok(detail)
}

async fn finish(state: &AppState, mut change: Change<'_>, id: &str) -> ApiResult<RequestDetail> {
    let detail = load_detail(state, change.conn(), state.clock.today(), id).await?;
    change.commit().await?;
    Ok(detail)
}

/// Assigns an open request to the caller; a submitted one is now in progress.
pub async fn assign_to_me(state: &AppState, staff: &Actor, id: &str) -> ApiResult<RequestDetail> {
    let (mut change, owner, view) = open_request(state, id).await?;
    require_open(&owner, &view)?;
    let now = change.now();
    sqlx::query(
        "UPDATE privacy_requests SET assignee_id = $1, updated_at = $2, \
         status = CASE WHEN status = 'submitted' THEN 'in_progress' ELSE status END WHERE id = $3",
    )
    .bind(&staff.person_id)
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    change
        .event(id, staff, RequestEventKind::Assigned, None)
        .await?;
    change
        .audit(
            staff,
            "request.assigned",
            &owner.account_id,
            &owner.person_id,
            id,
            &["assignee"],
        )
        .await?;
    finish(state, change, id).await
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
    let (mut change, owner, _) = open_request(state, id).await?;
    let now = change.now();
    sqlx::query(
        "INSERT INTO request_notes (request_id, at, author_id, body) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(now)
    .bind(&staff.person_id)
    .bind(&body.text)
    .execute(change.conn())
    .await?;
    change
        .audit(
            staff,
            "request.noted",
            &owner.account_id,
            &owner.person_id,
            id,
            &["note"],
        )
        .await?;
    finish(state, change, id).await
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
    let today = state.clock.today();
    let (mut change, owner, view) = open_request(state, id).await?;
    require_open(&owner, &view)?;
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
    let now = change.now();
    let done = sqlx::query(
        "UPDATE privacy_requests SET extended_due_on = $1, extension_reason = $2, extended_at = $3, updated_at = $3 \
         WHERE id = $4 AND extended_due_on IS NULL",
    )
    .bind(format_iso_date(new_due))
    .bind(&body.reason)
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "the deadline has already been extended once",
        ));
    }
    change
        .event(id, staff, RequestEventKind::Extended, Some(&body.reason))
        .await?;
    change
        .audit(
            staff,
            "request.extended",
            &owner.account_id,
            &owner.person_id,
            id,
            &["extended_due_on", "extension_reason"],
        )
        .await?;
    change
        .notify_person(
            &owner.account_id,
            &owner.person_id,
            Notice::RequestExtended {
                request_id: id.into(),
                due_on: new_due,
                months: body.months,
                reason: body.reason.clone(),
            },
        )
        .await?;
    tracing::info!(request = %id, due = %format_iso_date(new_due), "deadline extended");
    finish(state, change, id).await
}

/// Asks the subject for information; the request waits for their answer.
pub async fn ask(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: AskForInformation,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let (mut change, owner, view) = open_request(state, id).await?;
    require_open(&owner, &view)?;
    let now = change.now();
    // `decision_note` has always carried "what support asked for" to the subject.
    sqlx::query(
        "UPDATE privacy_requests SET status = 'awaiting_subject', question = $1, decision_note = $1, updated_at = $2 \
         WHERE id = $3",
    )
    .bind(&body.question)
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    change
        .event(
            id,
            staff,
            RequestEventKind::InformationRequested,
            Some(&body.question),
        )
        .await?;
    change
        .audit(
            staff,
            "request.information_requested",
            &owner.account_id,
            &owner.person_id,
            id,
            &["question"],
        )
        .await?;
    change
        .notify_person(
            &owner.account_id,
            &owner.person_id,
            Notice::InformationNeeded {
                request_id: id.into(),
                question: body.question.clone(),
            },
        )
        .await?;
    finish(state, change, id).await
}

/// Rejects a request with a reason; the subject is told it and where to complain.
pub async fn reject(
    state: &AppState,
    staff: &Actor,
    id: &str,
    body: RejectRequest,
) -> ApiResult<RequestDetail> {
    let body = body.validate().map_err(ApiError::Validation)?;
    let (mut change, owner, view) = open_request(state, id).await?;
    require_open(&owner, &view)?;
    let now = change.now();
    sqlx::query(
        "UPDATE privacy_requests SET status = 'rejected', decision_note = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(&body.reason)
    .bind(now)
    .bind(id)
    .execute(change.conn())
    .await?;
    change
        .event(id, staff, RequestEventKind::Rejected, Some(&body.reason))
        .await?;
    change
        .audit(
            staff,
            "request.rejected",
            &owner.account_id,
            &owner.person_id,
            id,
            &["decision_note"],
        )
        .await?;
    let authority = state.operator.authority();
    change
        .notify_person(
            &owner.account_id,
            &owner.person_id,
            Notice::RequestRejected {
                request_id: id.into(),
                reason: body.reason.clone(),
                complaint_authority: authority.name,
                complaint_url: authority.url,
            },
        )
        .await?;
    tracing::info!(request = %id, "request rejected");
    finish(state, change, id).await
}

/// What executing an erasure request would do today, exactly as its subject's own
/// preview: support sees it before confirming. Audited like opening the request.
pub async fn erasure_preview(
    state: &AppState,
    staff: &Actor,
    id: &str,
) -> ApiResult<portal_domain::api::ErasurePreview> {
    let (owner, view) = {
        let mut conn = state.db.acquire().await?;
        requests::get(&mut conn, id)
            .await?
            .ok_or(ApiError::NotFound)?
    };
    if view.kind != RequestKind::Erasure {
        return Err(ApiError::InvalidState("this is not an erasure request"));
    }
    let (_, _, h) = crate::rights::access::holdings_of_owner(state, &owner).await?;
    let mut change = Change::begin(state).await?;
    change
        .audit(
            staff,
            "support.erasure_previewed",
            &owner.account_id,
            &owner.person_id,
            id,
            &[],
        )
        .await?;
    change.commit().await?;
    Ok(crate::rules::retention::erasure_preview(
        &h.for_erasure(),
        &state.operator.retention,
        state.clock.today(),
    ))
}

/// Approves an open erasure request for another staff member to execute (four eyes,
/// `PORTAL_ERASURE_APPROVAL`): recorded in its history and the audit trail. Each member
/// approves once; the approval holds while the request is open.
pub async fn approve(state: &AppState, staff: &Actor, id: &str) -> ApiResult<RequestDetail> {
    if !state.settings.erasure_approval {
        return Err(ApiError::InvalidState(
            "erasures need no second approval on this portal",
        ));
    }
    let (mut change, owner, view) = open_request(state, id).await?;
    require_open(&owner, &view)?;
    if view.kind != RequestKind::Erasure {
        return Err(ApiError::InvalidState(
            "only an erasure is approved before it is executed",
        ));
    }
    if approvers(change.conn(), id)
        .await?
        .contains(&staff.person_id)
    {
        return Err(ApiError::InvalidState(
            "you have already approved this request",
        ));
    }
    change
        .event(id, staff, RequestEventKind::SecondApproval, None)
        .await?;
    change
        .audit(
            staff,
            "request.approved",
            &owner.account_id,
            &owner.person_id,
            id,
            &[],
        )
        .await?;
    tracing::info!(request = %id, "erasure approved for execution");
    finish(state, change, id).await
}
