//! The HTTP surface: `/api/...` (JSON), `/widget/...` (the built widget) and, in demo
//! mode, `/demo` (a mock billing client area embedding the widget). Handlers are short:
//! the rules live in the modules they call.

mod audit;
pub mod bounds;
pub mod error;
mod extract;
pub(crate) mod health;
pub mod limits;
pub mod openapi;
mod self_service;
mod support;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use utoipa_axum::router::OpenApiRouter;

use crate::demo;
use crate::error::ApiError;
use crate::state::AppState;

/// Request bodies are small forms; anything bigger is refused before it is read.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// Every route under `/api`, each declared once with `utoipa_axum::routes!`: the router
/// below and the OpenAPI document (`openapi::document`) are both made from this list.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(self_service::routes())
        .nest("/me", self_service::self_service())
        .nest("/people/{person}", self_service::self_service())
        .merge(audit::routes())
        .merge(support::routes())
        .merge(openapi::routes())
}

pub fn app(state: AppState) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let api = api
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async {
            let body = portal_domain::ApiErrorBody::new(
                portal_domain::ErrorCode::MethodNotAllowed,
                "method not allowed",
            );
            (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body))
        })
        .layer(middleware::from_fn(nul_in_path))
        .layer(middleware::from_fn(bounds::query_length))
        .layer(middleware::from_fn_with_state(state.clone(), limits::limit))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // JSON compresses to a fifth or less (the overview: 12 KB to about 2 KB). The
        // widget's files are compressed once, at build time, and served as they are.
        .layer(CompressionLayer::new());

    let widget = Router::new()
        .fallback_service(
            ServeDir::new(&state.settings.widget_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn(widget_cache_headers));

    let (probes, _) = health::routes().split_for_parts();
    let mut router = Router::new()
        .nest(openapi::API_PREFIX, api)
        .nest("/widget", widget)
        .merge(probes);
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
                .map_or("-", |p| p.as_str());
            tracing::info_span!("http", method = %req.method(), path)
        }))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal("handler panicked".into()).into_response()
        }))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .with_state(state)
}

/// A path holding a NUL byte (`%00`: a URI cannot hold it raw) names nothing: no id, person
/// or key is written with one, and Postgres refuses to compare text that holds one, so the
/// lookup would fail as an internal error. Answered before any handler looks.
async fn nul_in_path(req: Request, next: Next) -> Response {
    if req.uri().path().contains("%00") {
        return ApiError::NotFound.into_response();
    }
    next.run(req).await
}

fn cors(origins: &[String]) -> CorsLayer {
    // Shared, not a list of its own in every copy: the layer is copied for each request.
    let list: std::sync::Arc<[HeaderValue]> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            list.contains(origin)
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            header::CONTENT_DISPOSITION,
            header::HeaderName::from_static("x-export-estimated-bytes"),
            header::RETRY_AFTER,
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
