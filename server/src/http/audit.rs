//! What the audit trail shows, and to whom: a person sees what others did with their data
//! (`GET /api/me/activity`), support checks the chain (`GET /api/support/audit/verify`,
//! and `privacy-portal verify-audit` on the command line).

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use portal_domain::api::{ActivityEntry, Actor, AuditBreak, AuditVerification, Role};
use serde::Deserialize;
use sqlx::{AnyConnection, FromRow};

use crate::auth::sessions::Session;
use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult, AppJson};
use crate::state::AppState;
use crate::store::audit;

/// Routes nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/activity", get(get_activity))
        .route("/support/audit/verify", get(get_verification))
}

/// Entries per page of activity.
const ACTIVITY_PAGE: i64 = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityQuery {
    before: Option<i64>,
}

#[derive(FromRow)]
struct ActivityRow {
    seq: i64,
    at: i64,
    actor_id: String,
    actor_role: String,
    action: String,
    target: String,
    fields: String,
}

/// What others did with the person's data, newest first: their company admin's changes
/// and every time the admin or support opened it.
pub async fn activity(
    conn: &mut AnyConnection,
    person_id: &str,
    before: Option<i64>,
) -> sqlx::Result<Vec<ActivityEntry>> {
    let rows: Vec<ActivityRow> = sqlx::query_as(
        "SELECT seq, at, actor_id, actor_role, action, target, fields FROM audit_log \
         WHERE subject_id = $1 AND actor_id <> $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
    )
    .bind(person_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(ACTIVITY_PAGE)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ActivityEntry {
            seq: r.seq,
            at: from_unix(r.at),
            actor: Actor {
                person_id: r.actor_id,
                role: Role::parse(&r.actor_role).unwrap_or(Role::Support),
            },
            action: r.action,
            target: r.target,
            fields: r
                .fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
        })
        .collect())
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
    let mut conn = state.db.acquire().await?;
    Ok(AppJson(
        activity(&mut conn, &session.person_id, query.before).await?,
    ))
}

/// Checks the whole chain and says where it first breaks.
pub async fn verification(conn: &mut AnyConnection) -> sqlx::Result<AuditVerification> {
    let (entries, broken) = audit::verify(conn).await?;
    Ok(AuditVerification {
        entries,
        intact: broken.is_none(),
        first_broken: broken.map(|b| AuditBreak {
            seq: b.seq,
            reason: b.reason.to_string(),
        }),
    })
}

/// Opens the database at `url` and checks its chain (`privacy-portal verify-audit`).
pub async fn verify_database(url: &str) -> sqlx::Result<AuditVerification> {
    let db = crate::store::db::connect(url).await?;
    let mut conn = db.acquire().await?;
    let report = verification(&mut conn).await?;
    drop(conn);
    db.close().await;
    Ok(report)
}

async fn get_verification(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<AppJson<AuditVerification>> {
    if session.role != Role::Support {
        return Err(ApiError::Forbidden);
    }
    let mut conn = state.db.acquire().await?;
    let report = verification(&mut conn).await?;
    if let Some(b) = &report.first_broken {
        tracing::error!(seq = b.seq, reason = %b.reason, "audit trail broken");
    }
    Ok(AppJson(report))
}
