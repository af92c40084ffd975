//! `GET /healthz` (the process answers) and `GET /readyz` (what it needs answers too: the
//! portal's database with its migrations applied, and the billing system where it is a
//! separate one). For a load balancer or an orchestrator: no session, and nothing in the
//! answer beyond up or down and which dependency is down.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;
use crate::store::db;

/// The probes, beside `/api` (documented with it).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// `GET /healthz`
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(value_type = String, pattern = "^ok$")]
    status: &'static str,
}

/// `GET /readyz`
#[derive(Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    #[schema(value_type = String, pattern = "^(ready|not_ready)$")]
    status: &'static str,
    /// What does not answer (`database`, `migrations`, `billing`); only when not ready.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<String>)]
    down: Vec<&'static str>,
    /// What the operator should know though the portal is ready (`retention_sweep_off`:
    /// the retention rules are not applied until `PORTAL_RETENTION_SWEEP=on`;
    /// `whmcs_api_denied`: WHMCS's API refused the portal's credential or address, and no
    /// change is made there until the operator fixes it and restarts the portal;
    /// `whmcs_invoice_snapshots_off`: WHMCS's "Store Client Data Snapshot" is off, so
    /// erasures that anonymise an account wait, since kept invoices would print the
    /// erased buyer).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<String>)]
    warnings: Vec<&'static str>,
}

fn no_store(status: StatusCode, body: impl Serialize) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "probes",
    responses((status = 200, description = "Alive.", body = Health)),
)]
async fn healthz() -> Response {
    no_store(StatusCode::OK, Health { status: "ok" })
}

/// The portal's database answers with its migrations applied, and so does the billing
/// system where it is a separate one.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "probes",
    responses(
        (status = 200, description = "Ready.", body = Readiness),
        (status = 503, description = "Not ready: `down` says what does not answer.",
            body = Readiness),
    ),
)]
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
    let mut warnings = Vec::new();
    if !state.settings.retention_sweep {
        warnings.push("retention_sweep_off");
    }
    warnings.extend(state.billing.warnings().await);
    if down.is_empty() {
        no_store(
            StatusCode::OK,
            Readiness {
                status: "ready",
                down,
                warnings,
            },
        )
    } else {
        no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            Readiness {
                status: "not_ready",
                down,
                warnings,
            },
        )
    }
}
