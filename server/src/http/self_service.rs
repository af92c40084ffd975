//! What a person can do with their own data, as HTTP: `/api/me/...` for the caller, and
//! the same at `/api/people/{person}/...` for a company admin acting for a person of
//! their company (`Subject` tells the two apart and checks who may act for whom); and
//! the session itself. Handlers are short: the use cases live in `rights`.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_domain::ApiErrorBody;
use portal_domain::api::{
    AccountPerson, AccountUpdate, AccountView, CategoryRecords, ContactUpdate, ContactView,
    DataCategory, ErasurePreview, NewErasureRequest, NewRestrictionRequest, NewsletterUpdate,
    NewsletterView, Overview, PurposeUpdate, PurposesView, RecordsQuery, RequestView, SessionInfo,
    SessionRequest,
};
use portal_domain::support::{RecipientNotice, SubjectAnswer};

use crate::auth::sessions::{self, Session};
use crate::error::ApiResult;
use crate::http::bounds;
use crate::http::error::AppJson;
use crate::http::openapi::{
    Always, Body as JsonBody, Conflict, ExportParams, Forbidden, Invalid, NoSession, NotFound,
    RecordsParams,
};
use crate::rights::subject::Subject;
use crate::rights::{
    access, account_details, company, erasure, export, preferences, recipients, rectification,
    requests,
};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The self-service routes, nested at `/me` and at `/people/{person}`. One `routes!` per
/// path.
pub fn self_service() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_overview))
        .routes(routes!(get_records))
        .routes(routes!(get_export))
        .routes(routes!(get_contact, put_contact))
        .routes(routes!(get_account, put_account))
        .routes(routes!(get_newsletter, put_newsletter))
        .routes(routes!(get_purposes))
        .routes(routes!(put_purpose))
        .routes(routes!(get_erasure_preview))
        .routes(routes!(get_requests))
        .routes(routes!(post_erasure))
        .routes(routes!(post_restriction))
        .routes(routes!(post_withdraw))
        .routes(routes!(post_answer))
        .routes(routes!(get_recipient_notices))
}

/// `/session` and `/people` (nested under `/api`).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_session, end_session))
        .routes(routes!(list_people))
}

/// Named, so the same handler takes it beside `{person}`.
#[derive(serde::Deserialize)]
struct CategoryKey {
    category: String,
}

/// `GET /api/me/records/{category}`: the data itself, a page of each kind.
#[utoipa::path(
    get, path = "/records/{category}", tag = "self-service",
    params(("category" = DataCategory, Path, description = "The data category."), RecordsParams),
    responses((status = 200, description = "A page of each kind of record in the category.", body = CategoryRecords), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
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
#[utoipa::path(
    get, path = "/people", tag = "company admin",
    responses((status = 200, description = "The persons of the company admin's account.", body = Vec<AccountPerson>), Always, NoSession, Forbidden),
    security(("session" = [])),
)]
async fn list_people(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<AppJson<Vec<AccountPerson>>> {
    Ok(AppJson(company::people(&state, &session).await?))
}

/// `POST /api/me/requests/{id}/answer`
#[utoipa::path(
    post, path = "/requests/{id}/answer", tag = "self-service",
    params(("id" = String, Path, description = "The request's id.")),
    request_body = SubjectAnswer,
    responses((status = 200, description = "The request, back with support.", body = RequestView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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
#[utoipa::path(
    get, path = "/recipient-notices", tag = "self-service",
    responses((status = 200, description = "To whom changes of the person's data were passed on.", body = Vec<RecipientNotice>), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_recipient_notices(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Vec<RecipientNotice>>> {
    Ok(AppJson(
        recipients::notices_for(&state, &subject.account.id, &subject.person.id).await?,
    ))
}

#[utoipa::path(
    post, path = "/session", tag = "session",
    request_body = SessionRequest,
    responses((status = 201, description = "A session; send its `session_token` as `Authorization: Bearer …`.", body = SessionInfo), Always, JsonBody,
        (status = 401, description = "`invalid_launch_token`: the launch token was refused (signature, algorithm, claims, expiry, reuse…).", body = ApiErrorBody)),
)]
async fn open_session(
    State(state): State<AppState>,
    AppJson(body): AppJson<SessionRequest>,
) -> ApiResult<(StatusCode, AppJson<SessionInfo>)> {
    Ok((
        StatusCode::CREATED,
        AppJson(sessions::open(&state, &body.launch_token).await?),
    ))
}

#[utoipa::path(
    delete, path = "/session", tag = "session",
    responses((status = 204, description = "The session has ended."), Always, NoSession),
    security(("session" = [])),
)]
async fn end_session(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    sessions::end(&state, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/overview", tag = "self-service",
    responses((status = 200, description = "What is held about the person, why, who gets it, for how long.", body = Overview), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
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

#[utoipa::path(
    get, path = "/export", tag = "self-service",
    params(ExportParams),
    responses((status = 200, description = "The person's data as a file to download (GDPR art. 20).",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"privacy-export-….json\"`"),
                ("X-Export-Estimated-Bytes" = u64, description = "About how large the file will be.")),
        content((serde_json::Value = "application/json"), (String = "text/html"))), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
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
    let locale = match query.lang.as_deref() {
        None => subject.session.locale,
        Some(code) => portal_domain::Locale::parse(code)
            .ok_or_else(|| crate::error::ApiError::MalformedBody("lang: nb, sv or en".into()))?,
    };
    // One export per person at a time, and a few at once: each holds a billing connection
    // until it is read.
    let slot = state
        .exports
        .take(&subject.account.id, &subject.person.id)?;
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
    let body = Body::from_stream(export::stream(state, subject, holdings, form, locale, slot));
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

#[utoipa::path(
    get, path = "/contact", tag = "self-service",
    responses((status = 200, description = "The contact details, their version and their changes.", body = ContactView), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_contact(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<ContactView>> {
    Ok(AppJson(rectification::view(&state, &subject).await?))
}

#[utoipa::path(
    put, path = "/contact", tag = "self-service",
    request_body = ContactUpdate,
    responses((status = 200, description = "The corrected contact details.", body = ContactView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
async fn put_contact(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<ContactUpdate>,
) -> ApiResult<AppJson<ContactView>> {
    Ok(AppJson(
        rectification::update(&state, &subject, body).await?,
    ))
}

/// The account's own details: its holder's alone (`403` for anyone else).
#[utoipa::path(
    get, path = "/account", tag = "self-service",
    responses((status = 200, description = "The account's own details and their version.", body = AccountView), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_account(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<AccountView>> {
    Ok(AppJson(account_details::view(&state, &subject).await?))
}

#[utoipa::path(
    put, path = "/account", tag = "self-service",
    request_body = AccountUpdate,
    responses((status = 200, description = "The corrected account details.", body = AccountView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
async fn put_account(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<AccountUpdate>,
) -> ApiResult<AppJson<AccountView>> {
    Ok(AppJson(
        account_details::update(&state, &subject, body).await?,
    ))
}

#[utoipa::path(
    get, path = "/newsletter", tag = "self-service",
    responses((status = 200, description = "The newsletter subscription.", body = NewsletterView), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_newsletter(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<NewsletterView>> {
    Ok(AppJson(
        preferences::newsletter_of(&state, &subject.person, &subject.account).await?,
    ))
}

#[utoipa::path(
    put, path = "/newsletter", tag = "self-service",
    request_body = NewsletterUpdate,
    responses((status = 200, description = "The subscription as it is now.", body = NewsletterView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
async fn put_newsletter(
    State(state): State<AppState>,
    subject: Subject,
    AppJson(body): AppJson<NewsletterUpdate>,
) -> ApiResult<AppJson<NewsletterView>> {
    Ok(AppJson(
        preferences::set_newsletter(&state, &subject, body).await?,
    ))
}

#[utoipa::path(
    get, path = "/purposes", tag = "self-service",
    responses((status = 200, description = "The purposes of processing and the consent history.", body = PurposesView), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_purposes(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<PurposesView>> {
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        preferences::purposes(
            &mut conn,
            &state.operator,
            &subject.account.id,
            &subject.person.id,
        )
        .await?,
    ))
}

/// Named, so the same handler takes it beside `{person}`.
#[derive(serde::Deserialize)]
struct PurposeKey {
    key: String,
}

#[utoipa::path(
    put, path = "/purposes/{key}", tag = "self-service",
    params(("key" = String, Path, description = "The purpose's key.")),
    request_body = PurposeUpdate,
    responses((status = 200, description = "The purposes as they are now.", body = PurposesView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody),
    security(("session" = [])),
)]
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

#[utoipa::path(
    get, path = "/erasure-preview", tag = "self-service",
    responses((status = 200, description = "What an erasure would erase and keep today.", body = ErasurePreview), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_erasure_preview(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<ErasurePreview>> {
    Ok(AppJson(erasure::preview(&state, &subject).await?))
}

#[utoipa::path(
    get, path = "/requests", tag = "self-service",
    responses((status = 200, description = "The person's requests, newest first.", body = Vec<RequestView>), Always, NoSession, Forbidden, NotFound),
    security(("session" = [])),
)]
async fn get_requests(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Vec<RequestView>>> {
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        requests::list(&mut conn, &subject.account.id, &subject.person.id).await?,
    ))
}

#[utoipa::path(
    post, path = "/requests/erasure", tag = "self-service",
    request_body = NewErasureRequest,
    responses((status = 201, description = "The erasure request, filed.", body = RequestView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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

#[utoipa::path(
    post, path = "/requests/restriction", tag = "self-service",
    request_body = NewRestrictionRequest,
    responses((status = 201, description = "The restriction request, filed.", body = RequestView), Always, NoSession, Forbidden, NotFound, Conflict, JsonBody, Invalid),
    security(("session" = [])),
)]
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

#[utoipa::path(
    post, path = "/requests/{id}/withdraw", tag = "self-service",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request, withdrawn.", body = RequestView), Always, NoSession, Forbidden, NotFound, Conflict),
    security(("session" = [])),
)]
async fn post_withdraw(
    State(state): State<AppState>,
    subject: Subject,
    Path(RequestId { id }): Path<RequestId>,
) -> ApiResult<AppJson<RequestView>> {
    Ok(AppJson(requests::withdraw(&state, &subject, &id).await?))
}
