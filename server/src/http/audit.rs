//! What the audit trail shows, and to whom: a person sees what others did with their data
//! (`GET /api/me/activity`), support checks the trail (`GET /api/support/audit/verify`,
//! and `privacy-portal verify-audit` on the command line).

use axum::extract::{Query, State};
use portal_domain::api::{ActivityEntry, AuditVerification, Role};
use serde::Deserialize;

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::bounds;
use crate::http::error::AppJson;
use crate::http::openapi::{ActivityParams, Always, Forbidden, NoSession};
use crate::rights::activity;
use crate::state::AppState;
use crate::store::audit;
use crate::support::Staff;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes nested under `/api`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_activity))
        .routes(routes!(get_verification))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityQuery {
    before: Option<i64>,
}

/// What others (a company admin, support) did with the caller's data, newest first.
#[utoipa::path(
    get, path = "/me/activity", tag = "self-service",
    params(ActivityParams),
    responses((status = 200, description = "A page of the audit trail about the caller.", body = Vec<ActivityEntry>), Always, NoSession, Forbidden),
    security(("session" = [])),
)]
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
        activity::activity(
            &mut conn,
            &session.account_id,
            &session.person_id,
            query.before,
        )
        .await?,
    ))
}

/// Checks the audit trail: every entry's MAC or hash and link, and the chains' ends
/// against the newest signed checkpoint (in the database or the checkpoints' folder).
#[utoipa::path(
    get, path = "/support/audit/verify", tag = "support",
    responses((status = 200, description = "Whether the trail is intact; if not, every problem found and the first broken entry.", body = AuditVerification), Always, NoSession, Forbidden),
    security(("session" = [])),
)]
async fn get_verification(
    State(state): State<AppState>,
    // Staff still active in the billing system, checked on this call like on every other
    // support route.
    _staff: Staff,
) -> ApiResult<AppJson<AuditVerification>> {
    let audit = &state.settings.audit;
    let report =
        audit::verification(&state.db, &audit.key, audit.checkpoint_dir.as_deref()).await?;
    if !report.intact {
        tracing::error!(
            problems = report.problems.len(),
            first_broken = report.first_broken.as_ref().map(|b| b.seq),
            "audit trail broken"
        );
    }
    Ok(AppJson(report))
}
