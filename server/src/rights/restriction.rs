//! Restriction of processing (GDPR art. 18). While a restriction is in force only storage
//! goes on: no newsletter is sent, optional purposes are suspended, and the contact details
//! are frozen. Lifting it is announced to the subject first (art. 18(3)), then done; both
//! steps are audited.

use portal_domain::api::{Actor, RequestKind, RequestStatus};
use portal_domain::support::{RequestEventKind, RestrictionNotice, RestrictionState};
use sqlx::{AnyConnection, FromRow};

use crate::billing::CommandAction;
use crate::changes::Change;
use crate::clock::from_unix;
use crate::config::operator::OperatorConfig;
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::notices::outbox::Notice;
use crate::rights::preferences;
use crate::rights::requests::{self, Owner};
use crate::state::AppState;

#[derive(Debug, Clone, FromRow)]
struct RestrictionRow {
    id: String,
    person_id: String,
    request_id: String,
    granted_at: i64,
    lifting_announced_at: Option<i64>,
    lifted_at: Option<i64>,
}

impl RestrictionRow {
    fn state(self) -> RestrictionState {
        RestrictionState {
            id: self.id,
            request_id: self.request_id,
            granted_at: from_unix(self.granted_at),
            lifting_announced_at: self.lifting_announced_at.map(from_unix),
            lifted_at: self.lifted_at.map(from_unix),
        }
    }
}

const COLUMNS: &str = "id, person_id, request_id, granted_at, lifting_announced_at, lifted_at";

async fn in_force(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<Option<RestrictionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM restrictions WHERE person_id = $1 AND account_id = $2 AND lifted_at IS NULL"
    )))
    .bind(person_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

/// Whether processing of the person's data on `account_id` is restricted now (a
/// restriction is the one asked for on that account).
pub async fn is_restricted(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<bool> {
    Ok(in_force(conn, account_id, person_id).await?.is_some())
}

/// The restriction a request granted, lifted or not.
pub async fn for_request(
    conn: &mut AnyConnection,
    request_id: &str,
) -> sqlx::Result<Option<RestrictionState>> {
    let row: Option<RestrictionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM restrictions WHERE request_id = $1 ORDER BY granted_at DESC LIMIT 1"
    )))
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(RestrictionRow::state))
}

/// What the subject is told of a restriction in force: what is paused and what frozen.
pub async fn notice(
    conn: &mut AnyConnection,
    operator: &OperatorConfig,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<Option<RestrictionNotice>> {
    let Some(row) = in_force(conn, account_id, person_id).await? else {
        return Ok(None);
    };
    let contested: Option<String> =
        sqlx::query_scalar("SELECT contested FROM privacy_requests WHERE id = $1")
            .bind(&row.request_id)
            .fetch_optional(&mut *conn)
            .await?;
    let newsletter = preferences::newsletter(conn, account_id, person_id).await?;
    let purposes = preferences::purposes(conn, operator, account_id, person_id).await?;
    Ok(Some(RestrictionNotice {
        request_id: row.request_id,
        contested: contested.unwrap_or_default(),
        since: from_unix(row.granted_at),
        newsletter_paused: newsletter.subscribed,
        suspended_purposes: purposes
            .purposes
            .into_iter()
            .filter(|p| p.can_opt_out && p.active)
            .map(|p| p.key)
            .collect(),
        contact_frozen: true,
        lifting_announced_at: row.lifting_announced_at.map(from_unix),
    }))
}

/// Puts a restriction in force for the person on `account_id`, granted by executing
/// `request_id`.
pub async fn grant(
    change: &mut Change<'_>,
    staff: &Actor,
    account_id: &str,
    person_id: &str,
    request_id: &str,
) -> ApiResult<()> {
    let now = change.now();
    let inserted = sqlx::query(
        "INSERT INTO restrictions (id, person_id, request_id, granted_at, granted_by, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(person_id)
    .bind(request_id)
    .bind(now)
    .bind(&staff.person_id)
    .bind(account_id)
    .execute(change.conn())
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::InvalidState(
                "a restriction is already in force for this person",
            ));
        }
        other => other?,
    };
    change
        .audit(
            staff,
            "restriction.granted",
            account_id,
            person_id,
            request_id,
            &[],
        )
        .await
}

/// The restriction granted by `request_id`, still in force, in a change locked for its
/// subject, with whom the request is about.
async fn open_restriction<'a>(
    state: &'a AppState,
    request_id: &str,
) -> ApiResult<(Change<'a>, Owner, RestrictionRow)> {
    let owner = {
        let mut conn = state.db.acquire().await?;
        let (owner, view) = requests::get(&mut conn, request_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        if view.kind != RequestKind::Restriction || view.status != RequestStatus::Completed {
            return Err(ApiError::InvalidState(
                "this request did not grant a restriction",
            ));
        }
        owner
    };
    let mut change = Change::about(state, &owner.person_id).await?;
    let row: Option<RestrictionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM restrictions WHERE request_id = $1 AND lifted_at IS NULL"
    )))
    .bind(request_id)
    .fetch_optional(change.conn())
    .await?;
    let row = row.ok_or(ApiError::InvalidState(
        "this request's restriction is not in force",
    ))?;
    Ok((change, owner, row))
}

/// Tells the subject that their restriction will be lifted. Lifting needs this first.
pub async fn announce_lifting(
    state: &AppState,
    staff: &Actor,
    request_id: &str,
) -> ApiResult<RestrictionState> {
    let (mut change, owner, row) = open_restriction(state, request_id).await?;
    if row.lifting_announced_at.is_some() {
        return Err(ApiError::InvalidState(
            "the lifting has already been announced",
        ));
    }
    let now = change.now();
    sqlx::query("UPDATE restrictions SET lifting_announced_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&row.id)
        .execute(change.conn())
        .await?;
    change
        .notify_person(
            &owner.account_id,
            &row.person_id,
            Notice::RestrictionLifting {
                request_id: request_id.into(),
            },
        )
        .await?;
    change
        .event(request_id, staff, RequestEventKind::LiftingAnnounced, None)
        .await?;
    change
        .audit(
            staff,
            "restriction.lifting_announced",
            &owner.account_id,
            &row.person_id,
            request_id,
            &[],
        )
        .await?;
    let state_now = for_request(change.conn(), request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    change.commit().await?;
    tracing::info!(request = %request_id, "restriction lifting announced");
    Ok(state_now)
}

/// Lifts a restriction whose lifting was announced to the subject; the billing system's
/// staff are told it no longer applies.
pub async fn lift(
    state: &AppState,
    staff: &Actor,
    request_id: &str,
) -> ApiResult<RestrictionState> {
    let (mut change, owner, row) = open_restriction(state, request_id).await?;
    if row.lifting_announced_at.is_none() {
        return Err(ApiError::InvalidState(
            "the subject must be told before the restriction is lifted",
        ));
    }
    let now = change.now();
    sqlx::query("UPDATE restrictions SET lifted_at = $1, lifted_by = $2 WHERE id = $3")
        .bind(now)
        .bind(&staff.person_id)
        .bind(&row.id)
        .execute(change.conn())
        .await?;
    change
        .event(request_id, staff, RequestEventKind::RestrictionLifted, None)
        .await?;
    change
        .audit(
            staff,
            "restriction.lifted",
            &owner.account_id,
            &row.person_id,
            request_id,
            &[],
        )
        .await?;
    change
        .command(
            &row.person_id,
            Some(request_id),
            CommandAction::MarkRestricted {
                account_id: owner.account_id.clone(),
                person_id: row.person_id.clone(),
                restricted: false,
                request_id: request_id.into(),
            },
            Vec::new(),
        )
        .await?;
    let state_now = for_request(change.conn(), request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    change.commit().await?;
    tracing::info!(request = %request_id, "restriction lifted");
    Ok(state_now)
}
