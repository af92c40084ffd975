//! What the audit trail shows, and to whom: a person sees what others did with their data
//! (`GET /api/me/activity`), support checks the chain (`GET /api/support/audit/verify`,
//! and `privacy-portal verify-audit` on the command line).

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use portal_domain::api::{ActivityEntry, AuditVerification, Role};
use serde::Deserialize;

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::bounds;
use crate::http::error::AppJson;
use crate::rights::activity;
use crate::state::AppState;
use crate::store::audit;

/// Routes nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/activity", get(get_activity))
        .route("/support/audit/verify", get(get_verification))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityQuery {
    before: Option<i64>,
}

async fn get_activity(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ActivityQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<AppJson<Vec<ActivityEntry>>> {
    if session.role == Role::Support {
        return Err(ApiError::Forbidden);
    }
    let Query(query) = query.map_err(|e| ApiError::MalformedBody(e.body_text()))?;
    bounds::within("before", query.before, 1, bounds::ACTIVITY_BEFORE_MAX)?;
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        activity::activity(&mut conn, &session.person_id, query.before).await?,
    ))
}

async fn get_verification(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<AppJson<AuditVerification>> {
    if session.role != Role::Support {
        return Err(ApiError::Forbidden);
    }
    let mut conn = state.db.acquire().await?;
    let report = audit::verification(&mut conn).await?;
    if let Some(b) = &report.first_broken {
        tracing::error!(seq = b.seq, reason = %b.reason, "audit trail broken");
    }
    Ok(AppJson(report))
}
