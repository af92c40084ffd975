//! What a person can do with their own data, as HTTP: `/api/me/...` for the caller, and
//! the same at `/api/people/{person}/...` for a company admin acting for a person of
//! their company (`Subject` tells the two apart and checks who may act for whom); and
//! the session itself. Handlers are short: the use cases live in `rights`.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use portal_domain::api::{
    AccountPerson, ContactUpdate, ContactView, ErasurePreview, NewErasureRequest,
    NewRestrictionRequest, NewsletterUpdate, NewsletterView, Overview, PurposeUpdate, PurposesView,
    RequestView, SessionInfo, SessionRequest,
};
use portal_domain::support::{RecipientNotice, SubjectAnswer};

use crate::auth::sessions::{self, Session};
use crate::error::ApiResult;
use crate::http::error::AppJson;
use crate::rights::subject::Subject;
use crate::rights::{
    access, company, erasure, export, preferences, recipients, rectification, requests,
};
use crate::state::AppState;

/// The self-service routes, nested at `/me` and at `/people/{person}`.
pub fn self_service() -> Router<AppState> {
    Router::new()
        .route("/overview", get(get_overview))
        .route("/export", get(get_export))
        .route("/contact", get(get_contact).put(put_contact))
        .route("/newsletter", get(get_newsletter).put(put_newsletter))
        .route("/purposes", get(get_purposes))
        .route("/purposes/{key}", put(put_purpose))
        .route("/erasure-preview", get(get_erasure_preview))
        .route("/requests", get(get_requests))
        .route("/requests/erasure", post(post_erasure))
        .route("/requests/restriction", post(post_restriction))
        .route("/requests/{id}/withdraw", post(post_withdraw))
        .route("/requests/{id}/answer", post(post_answer))
        .route("/recipient-notices", get(get_recipient_notices))
}

/// `/session` and `/people` (nested under `/api`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(open_session).delete(end_session))
        .route("/people", get(list_people))
}

/// The persons of a company admin's own account.
async fn list_people(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<AppJson<Vec<AccountPerson>>> {
    Ok(AppJson(company::people(&state, &session).await?))
}

/// `POST /api/me/requests/{id}/answer`
async fn post_answer(
    State(state): State<AppState>,
    subject: Subject,
    Path(RequestId { id }): Path<RequestId>,
    AppJson(body): AppJson<SubjectAnswer>,
) -> ApiResult<AppJson<RequestView>> {
    Ok(AppJson(
        requests::answer(&state, &subject, &id, body).await?,
    ))
}

/// `GET /api/me/recipient-notices`
async fn get_recipient_notices(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Vec<RecipientNotice>>> {
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        recipients::notices_for(&mut conn, &subject.person.id).await?,
    ))
}

async fn open_session(
    State(state): State<AppState>,
    AppJson(body): AppJson<SessionRequest>,
) -> ApiResult<(StatusCode, AppJson<SessionInfo>)> {
    Ok((
        StatusCode::CREATED,
        AppJson(sessions::open(&state, &body.launch_token).await?),
    ))
}

async fn end_session(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    sessions::end(&state, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_overview(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Overview>> {
    Ok(AppJson(access::overview(&state, &subject).await?))
}

async fn get_export(State(state): State<AppState>, subject: Subject) -> ApiResult<Response> {
    let holdings = access::holdings(&state, &subject).await?;
    let estimate = export::estimated_bytes(&holdings);
    let filename = format!(
        "privacy-export-{}-{}.json",
        subject.person.id,
        portal_domain::format_iso_date(state.clock.today())
    );
    let body = Body::from_stream(export::stream(state, subject, holdings));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (
                header::HeaderName::from_static("x-export-estimated-bytes"),
                estimate.to_string(),
            ),
        ],
        body,
    )
        .into_response())
}

async fn get_contact(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<ContactView>> {
    Ok(AppJson(rectification::view(&state, &subject).await?))
}

async fn put_contact(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<ContactUpdate>,
) -> ApiResult<AppJson<ContactView>> {
    Ok(AppJson(
        rectification::update(&state, &subject, body).await?,
    ))
}

async fn get_newsletter(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<NewsletterView>> {
    Ok(AppJson(
        preferences::newsletter_of(&state, &subject.person, &subject.account).await?,
    ))
}

async fn put_newsletter(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<NewsletterUpdate>,
) -> ApiResult<AppJson<NewsletterView>> {
    Ok(AppJson(
        preferences::set_newsletter(&state, &subject, body).await?,
    ))
}

async fn get_purposes(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<PurposesView>> {
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        preferences::purposes(&mut conn, &state.operator, &subject.person.id).await?,
    ))
}

/// Named, so the same handler takes it beside `{person}`.
#[derive(serde::Deserialize)]
struct PurposeKey {
    key: String,
}

async fn put_purpose(
    State(state): State<AppState>,
    subject: Subject,
    Path(PurposeKey { key }): Path<PurposeKey>,
    AppJson(body): AppJson<PurposeUpdate>,
) -> ApiResult<AppJson<PurposesView>> {
    Ok(AppJson(
        preferences::set_purpose(&state, &subject, &key, body.active).await?,
    ))
}

async fn get_erasure_preview(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<ErasurePreview>> {
    Ok(AppJson(erasure::preview(&state, &subject).await?))
}

async fn get_requests(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Vec<RequestView>>> {
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        requests::list(&mut conn, &subject.person.id).await?,
    ))
}

async fn post_erasure(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<NewErasureRequest>,
) -> ApiResult<(StatusCode, AppJson<RequestView>)> {
    Ok((
        StatusCode::CREATED,
        AppJson(requests::file_erasure(&state, &subject, body).await?),
    ))
}

async fn post_restriction(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<NewRestrictionRequest>,
) -> ApiResult<(StatusCode, AppJson<RequestView>)> {
    Ok((
        StatusCode::CREATED,
        AppJson(requests::file_restriction(&state, &subject, body).await?),
    ))
}

#[derive(serde::Deserialize)]
struct RequestId {
    id: String,
}

async fn post_withdraw(
    State(state): State<AppState>,
    subject: Subject,
    Path(RequestId { id }): Path<RequestId>,
) -> ApiResult<AppJson<RequestView>> {
    Ok(AppJson(requests::withdraw(&state, &subject, &id).await?))
}
