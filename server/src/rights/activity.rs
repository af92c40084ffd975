//! What others did with a person's data (`GET /api/me/activity`), from the audit trail:
//! their company admin's changes and every time the admin or support opened it.

use portal_domain::api::{ActivityEntry, Actor, Role};
use sqlx::{AnyConnection, FromRow};

use crate::clock::from_unix;

/// Entries per page of activity.
const ACTIVITY_PAGE: i64 = 100;

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

/// What others did with the person's data on `account_id`, newest first: their company
/// admin's changes and every time the admin or support opened it. What was done with the
/// same person on another account is that account's; entries from before accounts were
/// recorded (none named) are shown on every account.
pub async fn activity(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
    before: Option<i64>,
) -> sqlx::Result<Vec<ActivityEntry>> {
    let rows: Vec<ActivityRow> = sqlx::query_as(
        "SELECT seq, at, actor_id, actor_role, action, target, fields FROM audit_log \
         WHERE subject_id = $1 AND subject_account IN ($4, '') AND actor_id <> $1 AND seq < $2 \
         ORDER BY seq DESC LIMIT $3",
    )
    .bind(person_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(ACTIVITY_PAGE)
    .bind(account_id)
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
