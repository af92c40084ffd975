//! The HTTP surface: `/api/...` (JSON), `/widget/...` (the built widget) and, in demo
//! mode, `/demo` (a mock billing client area embedding the widget). Handlers are short:
//! the rules live in the modules they call.

pub mod audit;
mod support;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use portal_domain::api::{
    ContactUpdate, ContactView, ErasurePreview, NewErasureRequest, NewRestrictionRequest,
    NewsletterUpdate, NewsletterView, Overview, PurposeUpdate, PurposesView, RequestView,
    SessionInfo, SessionRequest,
};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::auth::sessions::{self as session, Session};
use crate::demo;
use crate::error::{ApiError, ApiResult, AppJson};
use crate::rights::subject::Subject;
use crate::rights::{access, company, export, preferences, rectification, requests};
use crate::state::AppState;

/// Request bodies are small forms; anything bigger is refused before it is read.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// What a person can do with their own data. Served twice: at `/api/me/...` for the
/// caller, and at `/api/people/{person}/...` for a company admin acting for a person of
/// their company; `access::Subject` tells the two apart and checks who may act for whom.
fn self_service() -> Router<AppState> {
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
        .route("/requests/{id}/answer", post(support::post_answer))
        .route("/recipient-notices", get(support::get_recipient_notices))
}

pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/session", post(open_session).delete(end_session))
        .nest("/me", self_service())
        .nest("/people/{person}", self_service())
        .merge(company::routes())
        .merge(audit::routes())
        .merge(support::routes())
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async {
            let body = portal_domain::ApiErrorBody::new(
                portal_domain::ErrorCode::MethodNotAllowed,
                "method not allowed",
            );
            (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body))
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let widget = Router::new()
        .fallback_service(
            ServeDir::new(&state.settings.widget_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn(widget_cache_headers));

    let mut router = Router::new().nest("/api", api).nest("/widget", widget);
    if state.settings.demo {
        router = router.merge(demo::routes());
    }
    router
        .layer(cors(&state.settings.allowed_origins))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The matched route, not the raw URI: ids in paths stay out of the log.
            let path = req
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "-".into());
            tracing::info_span!("http", method = %req.method(), path)
        }))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal("handler panicked".into()).into_response()
        }))
        .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(list))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            header::CONTENT_DISPOSITION,
            header::HeaderName::from_static("x-export-estimated-bytes"),
        ])
        .max_age(Duration::from_secs(600))
}

/// Hashed widget files never change: cache them for a year. The loader's name is fixed,
/// so it is revalidated every time and points at the current hashed files.
async fn widget_cache_headers(req: Request, next: Next) -> Response {
    let is_loader = req.uri().path().ends_with("/privacy-portal.js")
        || req.uri().path() == "/privacy-portal.js";
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let value = if is_loader {
            "no-cache"
        } else {
            "public, max-age=31536000, immutable"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

async fn open_session(
    State(state): State<AppState>,
    AppJson(body): AppJson<SessionRequest>,
) -> ApiResult<(StatusCode, AppJson<SessionInfo>)> {
    Ok((
        StatusCode::CREATED,
        AppJson(session::open(&state, &body.launch_token).await?),
    ))
}

async fn end_session(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    session::end(&state, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_overview(
    State(state): State<AppState>,
    subject: Subject,
) -> ApiResult<AppJson<Overview>> {
    Ok(AppJson(access::overview(&state, &subject).await?))
}

async fn get_export(State(state): State<AppState>, subject: Subject) -> ApiResult<Response> {
    let holdings = {
        let mut conn = state.db.acquire().await?;
        export::holdings(&mut conn, &subject).await?
    };
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
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        rectification::view(&mut conn, &subject.person.id).await?,
    ))
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
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        preferences::newsletter(&mut conn, &subject.person.id).await?,
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
    Ok(AppJson(access::erasure_preview(&state, &subject).await?))
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
