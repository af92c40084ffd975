//! Commands to the billing system, exactly once across two stores.
//!
//! 1. A change records the command in the portal's own transaction (`billing_commands`),
//!    with the records to write once it is applied.
//! 2. After that commits, the command is applied to the billing system in one transaction
//!    of the billing store that also records the command's id there; applying it again
//!    finds the id and does nothing.
//! 3. One more portal transaction marks the command applied and writes its records. It
//!    runs once: it starts by moving the command out of `pending`.
//!
//! A crash between any two steps leaves a pending command. The background worker claims
//! pending commands whose lease has run out (so the request that recorded one has given up
//! on it, and several servers never take the same command) and carries each through: it
//! applies it again, which is safe, or, for a command not worth applying late (a contact
//! correction the person was told failed), abandons it in the billing store first and
//! finishes it only if it turns out it had been applied.

use sqlx::{AnyConnection, FromRow};

use super::{Change, Record};
use crate::billing::{Applied, Command, CommandAction, Refusal};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::db::{self, Backend};

/// How long the change that recorded a command has to apply it itself before the worker
/// may take it over: the workers' lease (`PORTAL_WORKER_LEASE_SECONDS`).
pub fn inline_lease_seconds(state: &AppState) -> i64 {
    state.settings.worker.lease_seconds
}

/// What became of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied, and its records written.
    Applied,
    /// The billing data refused it (the record changed since the portal read it):
    /// nothing was written.
    Stale,
    /// It was abandoned before it was applied: nothing was written.
    Abandoned,
    /// The billing system refused it (a taken e-mail address, a field the host locked):
    /// nothing was written, and trying again changes nothing.
    Refused(Refusal),
    /// Not applied yet (the billing system did not answer, say); the worker goes on
    /// trying or abandons it.
    Pending(String),
}

/// Records `command` in the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    command: &Command,
    person_id: &str,
    request_id: Option<&str>,
    then: &[Record],
    lease_seconds: i64,
) -> ApiResult<()> {
    let action = serde_json::to_string(&command.action)
        .map_err(|e| ApiError::Internal(format!("billing command: {e}")))?;
    let then = serde_json::to_string(then)
        .map_err(|e| ApiError::Internal(format!("billing command records: {e}")))?;
    sqlx::query(
        "INSERT INTO billing_commands (id, kind, person_id, request_id, action, then_records, created_at, locked_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&command.id)
    .bind(command.action.kind())
    .bind(person_id)
    .bind(request_id)
    .bind(action)
    .bind(then)
    .bind(command.created_at)
    .bind(command.created_at + lease_seconds)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct CommandRow {
    id: String,
    person_id: String,
    action: String,
    then_records: String,
    status: String,
    created_at: i64,
}

impl CommandRow {
    fn command(&self) -> ApiResult<Command> {
        let action: CommandAction = serde_json::from_str(&self.action)
            .map_err(|e| ApiError::Internal(format!("stored billing command {}: {e}", self.id)))?;
        Ok(Command {
            id: self.id.clone(),
            created_at: self.created_at,
            action,
        })
    }

    fn then(&self) -> ApiResult<Vec<Record>> {
        serde_json::from_str(&self.then_records).map_err(|e| {
            ApiError::Internal(format!("stored billing command {} records: {e}", self.id))
        })
    }
}

const COLUMNS: &str = "id, person_id, action, then_records, status, created_at";

async fn load(state: &AppState, id: &str) -> ApiResult<Option<CommandRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM billing_commands WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&state.db)
    .await?)
}

/// Applies a recorded command and writes its records. Failures are kept on the command
/// for the worker, and reported as `Pending`.
pub async fn apply_recorded(state: &AppState, id: &str) -> Outcome {
    let tried = try_apply(state, id).await;
    // The billing data may have changed, applied or not.
    state.recent.clear();
    match tried {
        Ok(outcome) => outcome,
        Err(e) => {
            let reason = e.to_string();
            tracing::warn!(command = %id, error = %reason, "billing command not applied yet");
            let _ = note_failure(state, id, &reason).await;
            Outcome::Pending(reason)
        }
    }
}

async fn try_apply(state: &AppState, id: &str) -> ApiResult<Outcome> {
    let Some(row) = load(state, id).await? else {
        return Err(ApiError::NotFound);
    };
    match row.status.as_str() {
        "pending" => {}
        "applied" => return Ok(Outcome::Applied),
        "refused" => return Ok(Outcome::Stale),
        _ => return Ok(Outcome::Abandoned),
    }
    let command = row.command()?;
    match state.billing.apply(&command).await? {
        Applied::Done => {
            finish(state, &row).await?;
            Ok(Outcome::Applied)
        }
        Applied::StaleRevision => {
            close(state, id, "refused").await?;
            Ok(Outcome::Stale)
        }
        Applied::Abandoned => {
            close(state, id, "abandoned").await?;
            Ok(Outcome::Abandoned)
        }
        Applied::Refused(refusal) => {
            note_failure(state, id, &format!("{}: {}", refusal.code, refusal.message)).await?;
            close(state, id, "refused").await?;
            Ok(Outcome::Refused(refusal))
        }
    }
}

/// Marks the command applied and writes its records, once.
async fn finish(state: &AppState, row: &CommandRow) -> ApiResult<()> {
    let then = row.then()?;
    let mut change = if row.person_id.is_empty() {
        Change::begin(state).await?
    } else {
        Change::about(state, &row.person_id).await?
    };
    let now = change.now();
    let claimed = sqlx::query(
        "UPDATE billing_commands SET status = 'applied', applied_at = $1, last_error = NULL \
         WHERE id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(&row.id)
    .execute(change.conn())
    .await?;
    if claimed.rows_affected() != 1 {
        // Someone else finished it meanwhile.
        change.rollback().await?;
        return Ok(());
    }
    change.records(then).await?;
    change.commit_records_only().await?;
    tracing::info!(command = %row.id, "billing command applied");
    Ok(())
}

async fn close(state: &AppState, id: &str, status: &str) -> ApiResult<()> {
    sqlx::query("UPDATE billing_commands SET status = $1 WHERE id = $2 AND status = 'pending'")
        .bind(status)
        .bind(id)
        .execute(&state.db)
        .await?;
    tracing::info!(command = %id, status, "billing command closed without being applied");
    Ok(())
}

async fn note_failure(state: &AppState, id: &str, reason: &str) -> ApiResult<()> {
    sqlx::query("UPDATE billing_commands SET last_error = $1 WHERE id = $2")
        .bind(reason.chars().take(500).collect::<String>())
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// The delay before the worker's next attempt at a command that failed `attempts` times:
/// fifteen seconds, doubling, at most an hour.
pub fn retry_delay_seconds(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 16) - 1;
    (15i64 << exp).min(3600)
}

/// What one round of the worker did with pending commands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CommandReport {
    pub claimed: usize,
    pub applied: usize,
    pub closed: usize,
    pub failed: usize,
}

/// Claims up to `batch` pending commands whose lease has run out and carries each through.
pub async fn carry_through(
    state: &AppState,
    worker_id: &str,
    lease_seconds: i64,
    batch: i64,
) -> ApiResult<CommandReport> {
    let now = state.clock.unix();
    let lock = match db::backend(&state.db) {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let mut tx = db::begin_write(&state.db).await?;
    let claimed: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE billing_commands SET locked_by = $1, locked_until = $2, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM billing_commands WHERE status = 'pending' AND locked_until <= $3 \
             ORDER BY created_at, id LIMIT $4 {lock}) \
         RETURNING id, attempts"
    )))
    .bind(worker_id)
    .bind(now + lease_seconds)
    .bind(now)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut report = CommandReport {
        claimed: claimed.len(),
        ..CommandReport::default()
    };
    for (id, attempts) in claimed {
        let outcome = match carry_one(state, &id).await {
            Ok(o) => o,
            Err(e) => Outcome::Pending(e.to_string()),
        };
        match outcome {
            Outcome::Applied => report.applied += 1,
            Outcome::Stale | Outcome::Abandoned | Outcome::Refused(_) => report.closed += 1,
            Outcome::Pending(reason) => {
                report.failed += 1;
                tracing::warn!(command = %id, attempts, error = %reason, "billing command still pending");
                sqlx::query(
                    "UPDATE billing_commands SET locked_until = $1, last_error = $2 WHERE id = $3 AND status = 'pending'",
                )
                .bind(state.clock.unix() + retry_delay_seconds(attempts))
                .bind(reason.chars().take(500).collect::<String>())
                .bind(&id)
                .execute(&state.db)
                .await?;
            }
        }
    }
    Ok(report)
}

async fn carry_one(state: &AppState, id: &str) -> ApiResult<Outcome> {
    let Some(row) = load(state, id).await? else {
        return Err(ApiError::NotFound);
    };
    if row.status != "pending" {
        return Ok(Outcome::Applied);
    }
    let command = row.command()?;
    if command.action.retried() {
        return Ok(apply_recorded(state, id).await);
    }
    if state.billing.abandon(&command).await? {
        // It had been applied after all: only the portal's records were missing.
        finish(state, &row).await?;
        Ok(Outcome::Applied)
    } else {
        close(state, id, "abandoned").await?;
        Ok(Outcome::Abandoned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_slow_down_to_an_hour() {
        assert_eq!(retry_delay_seconds(1), 15);
        assert_eq!(retry_delay_seconds(2), 30);
        assert_eq!(retry_delay_seconds(40), 3600);
    }
}
