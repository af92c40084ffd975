//! The support console's API, `/api/support/...`, for sessions with the `support` role
//! only (a customer or company admin gets 403, no session 401): the request queue, a
//! request's detail, assignment, notes, the clock, questions to the subject, decisions
//! and their execution, lifting restrictions, and the recipients' notification tasks.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use portal_domain::api::{ErasurePreview, RequestView};
use portal_domain::support::{
    AskForInformation, ExtendDeadline, NewInternalNote, QUEUE_PAGE_MAX, QUEUE_SEARCH_MAX,
    QueuePage, QueueQuery, RecipientTask, RecipientTaskQuery, RejectRequest, RequestDetail,
    RestrictionState,
};

use crate::error::{ApiError, ApiResult};
use crate::http::bounds;
use crate::http::error::AppJson;
use crate::rights::{recipients, restriction};
use crate::state::AppState;
use crate::support::{Staff, decisions, execution, queue};

/// The `/support/...` routes, to be nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/support/requests", get(get_queue))
        .route("/support/requests/{id}", get(get_detail))
        .route("/support/requests/{id}/assign", post(post_assign))
        .route("/support/requests/{id}/notes", post(post_note))
        .route("/support/requests/{id}/extend", post(post_extend))
        .route("/support/requests/{id}/ask", post(post_ask))
        .route("/support/requests/{id}/reject", post(post_reject))
        .route("/support/requests/{id}/execute", post(post_execute))
        .route(
            "/support/requests/{id}/erasure-preview",
            get(get_erasure_preview),
        )
        .route(
            "/support/requests/{id}/restriction/announce-lifting",
            post(post_announce_lifting),
        )
        .route(
            "/support/requests/{id}/restriction/lift",
            post(post_lift_restriction),
        )
        .route("/support/recipient-tasks", get(get_recipient_tasks))
        .route(
            "/support/recipient-tasks/{id}/done",
            post(post_recipient_task_done),
        )
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::MalformedBody(e.body_text()))
}

async fn get_queue(
    State(state): State<AppState>,
    staff: Staff,
    q: Result<Query<QueueQuery>, QueryRejection>,
) -> ApiResult<AppJson<QueuePage>> {
    let q = query(q)?;
    bounds::max_chars("q", q.q.as_deref(), QUEUE_SEARCH_MAX)?;
    bounds::max_chars(
        "assignee",
        q.assignee.as_deref(),
        bounds::QUEUE_ASSIGNEE_MAX,
    )?;
    bounds::max_chars("after", q.after.as_deref(), bounds::QUEUE_CURSOR_MAX)?;
    bounds::within("limit", q.limit, 1, QUEUE_PAGE_MAX)?;
    let filter = q.validate().map_err(ApiError::Validation)?;
    Ok(AppJson(
        queue::page(&state, &filter, &staff.actor.person_id, state.clock.today()).await?,
    ))
}

async fn get_detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(decisions::detail(&state, &staff.actor, &id).await?))
}

async fn post_assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::assign_to_me(&state, &staff.actor, &id).await?,
    ))
}

async fn post_note(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    AppJson(body): AppJson<NewInternalNote>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::add_note(&state, &staff.actor, &id, body).await?,
    ))
}

async fn post_extend(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    AppJson(body): AppJson<ExtendDeadline>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::extend(&state, &staff.actor, &id, body).await?,
    ))
}

async fn post_ask(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    AppJson(body): AppJson<AskForInformation>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::ask(&state, &staff.actor, &id, body).await?,
    ))
}

async fn post_reject(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    AppJson(body): AppJson<RejectRequest>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::reject(&state, &staff.actor, &id, body).await?,
    ))
}

async fn post_execute(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestView>> {
    Ok(AppJson(
        execution::execute(&state, &staff.actor, &id).await?,
    ))
}

/// What executing the erasure would do today: the preview its subject saw.
async fn get_erasure_preview(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<ErasurePreview>> {
    Ok(AppJson(
        decisions::erasure_preview(&state, &staff.actor, &id).await?,
    ))
}

async fn post_announce_lifting(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RestrictionState>> {
    Ok(AppJson(
        restriction::announce_lifting(&state, &staff.actor, &id).await?,
    ))
}

async fn post_lift_restriction(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RestrictionState>> {
    Ok(AppJson(restriction::lift(&state, &staff.actor, &id).await?))
}

async fn get_recipient_tasks(
    State(state): State<AppState>,
    _staff: Staff,
    q: Result<Query<RecipientTaskQuery>, QueryRejection>,
) -> ApiResult<AppJson<Vec<RecipientTask>>> {
    let open = query(q)?.open.unwrap_or(true);
    Ok(AppJson(recipients::list(&state, open).await?))
}

async fn post_recipient_task_done(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RecipientTask>> {
    Ok(AppJson(
        recipients::mark_done(&state, &staff.actor, &id).await?,
    ))
}
