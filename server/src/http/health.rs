//! `GET /healthz` (the process answers) and `GET /readyz` (what it needs answers too: the
//! portal's database with its migrations applied, and the billing system where it is a
//! separate one). For a load balancer or an orchestrator: no session, and nothing in the
//! answer beyond up or down and which dependency is down.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::state::AppState;
use crate::store::db;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn healthz() -> Response {
    no_store(StatusCode::OK, json!({ "status": "ok" }))
}

async fn readyz(State(state): State<AppState>) -> Response {
    let mut down = Vec::new();
    match db::migrations_current(&state.db, &state.settings.database_url).await {
        Ok(true) => {}
        Ok(false) => down.push("migrations"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the portal database does not answer");
            down.push("database");
        }
    }
    if let Err(e) = state.billing.check().await {
        tracing::warn!(error = %e, billing = state.billing.name(), "readiness: billing does not answer");
        down.push("billing");
    }
    if down.is_empty() {
        no_store(StatusCode::OK, json!({ "status": "ready" }))
    } else {
        no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "status": "not_ready", "down": down }),
        )
    }
}
