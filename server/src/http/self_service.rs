//! What a person can do with their own data, as HTTP: `/api/me/...` for the caller, and
//! the same at `/api/people/{person}/...` for a company admin acting for a person of
//! their company (`Subject` tells the two apart and checks who may act for whom); and
//! the session itself. Handlers are short: the use cases live in `rights`.

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use portal_domain::api::{
    AccountPerson, CategoryRecords, ContactUpdate, ContactView, DataCategory, ErasurePreview,
    NewErasureRequest, NewRestrictionRequest, NewsletterUpdate, NewsletterView, Overview,
    PurposeUpdate, PurposesView, RecordsQuery, RequestView, SessionInfo, SessionRequest,
};
use portal_domain::support::{RecipientNotice, SubjectAnswer};

use crate::auth::sessions::{self, Session};
use crate::error::ApiResult;
use crate::http::bounds;
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
        .route("/records/{category}", get(get_records))
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

/// Named, so the same handler takes it beside `{person}`.
#[derive(serde::Deserialize)]
struct CategoryKey {
    category: String,
}

/// `GET /api/me/records/{category}`: the data itself, a page of each kind.
async fn get_records(
    State(state): State<AppState>,
    subject: Subject,
    Path(CategoryKey { category }): Path<CategoryKey>,
    query: Result<Query<RecordsQuery>, QueryRejection>,
) -> ApiResult<AppJson<CategoryRecords>> {
    let category = DataCategory::parse(&category).ok_or(crate::error::ApiError::NotFound)?;
    let Query(query) = query.map_err(|e| crate::error::ApiError::MalformedBody(e.body_text()))?;
    bounds::max_chars(
        "section",
        query.section.as_deref(),
        bounds::RECORDS_SECTION_MAX,
    )?;
    bounds::within("offset", query.offset, 0, bounds::RECORDS_OFFSET_MAX)?;
    Ok(AppJson(
        access::records(&state, &subject, category, &query).await?,
    ))
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
    Ok(AppJson(
        recipients::notices_for(&state, &subject.person.id).await?,
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

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportQuery {
    format: Option<String>,
    /// The language of the texts in the file: the widget's, where the person switched it.
    lang: Option<String>,
}

async fn get_export(
    State(state): State<AppState>,
    subject: Subject,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(query) = query.map_err(|e| crate::error::ApiError::MalformedBody(e.body_text()))?;
    bounds::max_chars("format", query.format.as_deref(), bounds::KEY_MAX)?;
    bounds::max_chars("lang", query.lang.as_deref(), bounds::KEY_MAX)?;
    let form = export::Form::parse(query.format.as_deref())
        .ok_or_else(|| crate::error::ApiError::MalformedBody("format: json or html".into()))?;
    let holdings = access::holdings(&state, &subject).await?;
    let estimate = export::estimated_bytes(&holdings);
    let (ext, content_type) = match form {
        export::Form::Json => ("json", "application/json"),
        export::Form::Html => ("html", "text/html; charset=utf-8"),
    };
    let filename = format!(
        "privacy-export-{}-{}.{ext}",
        subject.person.id,
        portal_domain::format_iso_date(state.clock.today())
    );
    let locale = match query.lang.as_deref() {
        None => subject.session.locale,
        Some(code) => portal_domain::Locale::parse(code)
            .ok_or_else(|| crate::error::ApiError::MalformedBody("lang: nb, sv or en".into()))?,
    };
    let body = Body::from_stream(export::stream(state, subject, holdings, form, locale));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
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
