//! The support console's API, `/api/support/...`, for sessions with the `support` role
//! only (a customer or company admin gets 403, no session 401): the request queue, a
//! request's detail, assignment, notes, the clock, questions to the subject, decisions
//! and their execution, lifting restrictions, and the recipients' notification tasks.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use portal_domain::api::{ErasurePreview, RequestView};
use portal_domain::support::{
    AskForInformation, ExtendDeadline, NewInternalNote, QUEUE_PAGE_MAX, QUEUE_SEARCH_MAX,
    QueuePage, QueueQuery, RecipientTask, RecipientTaskQuery, RejectRequest, RequestDetail,
    RestrictionState,
};

use crate::error::{ApiError, ApiResult};
use crate::http::bounds;
use crate::http::error::AppJson;
use crate::http::openapi::{
    Always, Body as JsonBody, Conflict, Forbidden, Invalid, NoSession, NotFound, QueueParams,
    RecipientTaskParams,
};
use crate::rights::{recipients, restriction};
use crate::state::AppState;
use crate::support::{Decider, Staff, decisions, execution, queue};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The `/support/...` routes, to be nested under `/api`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_queue))
        .routes(routes!(get_detail))
        .routes(routes!(post_assign))
        .routes(routes!(post_note))
        .routes(routes!(post_extend))
        .routes(routes!(post_ask))
        .routes(routes!(post_reject))
        .routes(routes!(post_execute))
        .routes(routes!(post_approve))
        .routes(routes!(get_erasure_preview))
        .routes(routes!(post_announce_lifting))
        .routes(routes!(post_lift_restriction))
        .routes(routes!(get_recipient_tasks))
        .routes(routes!(post_recipient_task_done))
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::MalformedBody(e.body_text()))
}

#[utoipa::path(
    get, path = "/support/requests", tag = "support",
    params(QueueParams),
    responses((status = 200, description = "The queue: a page of requests, by current due date.", body = QueuePage), Always, NoSession, Forbidden, Invalid),
    security(("session" = [])),
)]
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
    let mut page =
        queue::page(&state, &filter, &staff.actor.person_id, state.clock.today()).await?;
    page.may_decide = staff.may_decide;
    Ok(AppJson(page))
}

#[utoipa::path(
    get, path = "/support/requests/{id}", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request in full.", body = RequestDetail), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(decisions::detail(&state, &staff.actor, &id).await?))
}

#[utoipa::path(
    post, path = "/support/requests/{id}/assign", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request, assigned to the caller.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::assign_to_me(&state, &staff.actor, &id).await?,
    ))
}

#[utoipa::path(
    post, path = "/support/requests/{id}/notes", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    request_body = NewInternalNote,
    responses((status = 200, description = "The request with the note.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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

#[utoipa::path(
    post, path = "/support/requests/{id}/extend", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    request_body = ExtendDeadline,
    responses((status = 200, description = "The request with its new due date.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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

#[utoipa::path(
    post, path = "/support/requests/{id}/ask", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    request_body = AskForInformation,
    responses((status = 200, description = "The request, awaiting the subject.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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

#[utoipa::path(
    post, path = "/support/requests/{id}/reject", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    request_body = RejectRequest,
    responses((status = 200, description = "The request, rejected.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
async fn post_reject(
    State(state): State<AppState>,
    staff: Decider,
    Path(id): Path<String>,
    AppJson(body): AppJson<RejectRequest>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::reject(&state, &staff.actor, &id, body).await?,
    ))
}

#[utoipa::path(
    post, path = "/support/requests/{id}/execute", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request, carried out (an erasure executed, a restriction granted).", body = RequestView), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_execute(
    State(state): State<AppState>,
    staff: Decider,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestView>> {
    Ok(AppJson(
        execution::execute(&state, &staff.actor, &id).await?,
    ))
}

/// Four eyes on erasures: approves one for another staff member to execute.
#[utoipa::path(
    post, path = "/support/requests/{id}/approve", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request, with the caller's approval: another staff member may now execute it.", body = RequestDetail), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_approve(
    State(state): State<AppState>,
    staff: Decider,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RequestDetail>> {
    Ok(AppJson(
        decisions::approve(&state, &staff.actor, &id).await?,
    ))
}

/// What executing the erasure would do today: the preview its subject saw.
#[utoipa::path(
    get, path = "/support/requests/{id}/erasure-preview", tag = "support", operation_id = "support_get_erasure_preview",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "What executing the erasure would do today.", body = ErasurePreview), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn get_erasure_preview(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<ErasurePreview>> {
    Ok(AppJson(
        decisions::erasure_preview(&state, &staff.actor, &id).await?,
    ))
}

#[utoipa::path(
    post, path = "/support/requests/{id}/restriction/announce-lifting", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The restriction, its lifting announced to the subject.", body = RestrictionState), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_announce_lifting(
    State(state): State<AppState>,
    staff: Decider,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RestrictionState>> {
    Ok(AppJson(
        restriction::announce_lifting(&state, &staff.actor, &id).await?,
    ))
}

#[utoipa::path(
    post, path = "/support/requests/{id}/restriction/lift", tag = "support",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The restriction, lifted.", body = RestrictionState), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_lift_restriction(
    State(state): State<AppState>,
    staff: Decider,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RestrictionState>> {
    Ok(AppJson(restriction::lift(&state, &staff.actor, &id).await?))
}

#[utoipa::path(
    get, path = "/support/recipient-tasks", tag = "support",
    params(RecipientTaskParams),
    responses((status = 200, description = "The recipients to tell of changes (GDPR art. 19).", body = Vec<RecipientTask>), Always, NoSession, Forbidden),
    security(("session" = [])),
)]
async fn get_recipient_tasks(
    State(state): State<AppState>,
    _staff: Staff,
    q: Result<Query<RecipientTaskQuery>, QueryRejection>,
) -> ApiResult<AppJson<Vec<RecipientTask>>> {
    let open = query(q)?.open.unwrap_or(true);
    Ok(AppJson(recipients::list(&state, open).await?))
}

#[utoipa::path(
    post, path = "/support/recipient-tasks/{id}/done", tag = "support",
    params(("id" = String, Path, description = "The task's id.")),
    responses((status = 200, description = "The task, done.", body = RecipientTask), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_recipient_task_done(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<AppJson<RecipientTask>> {
    Ok(AppJson(
        recipients::mark_done(&state, &staff.actor, &id).await?,
    ))
}
