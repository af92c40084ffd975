//! The record of who changed which of a person's contact details when (never the values),
//! read by the contact view, the records of "My data" and the export.

use portal_domain::api::{Actor, ContactChange, Role};
use rusqlite::Row;
use sqlx::{AnyConnection, FromRow};

use crate::clock::from_unix;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(FromRow)]
struct ChangeRow {
    at: i64,
    actor_id: String,
    actor_role: String,
    fields: String,
}

const OF_PERSON: &str = "SELECT at, actor_id, actor_role, fields FROM contact_changes \
     WHERE person_id = $1 AND account_id = $2 ORDER BY id DESC";

impl ChangeRow {
    /// By place in `OF_PERSON`.
    fn of_row(r: &Row) -> rusqlite::Result<ChangeRow> {
        Ok(ChangeRow {
            at: r.get(0)?,
            actor_id: r.get(1)?,
            actor_role: r.get(2)?,
            fields: r.get(3)?,
        })
    }
}

/// The person's contact changes on `account_id`, newest first, read in `conn` (in the
/// transaction of the records or the export, which read much more).
pub async fn of(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<Vec<ContactChange>> {
    let rows: Vec<ChangeRow> = sqlx::query_as(OF_PERSON)
        .bind(person_id)
        .bind(account_id)
        .fetch_all(conn)
        .await?;
    Ok(changes(rows))
}

/// The person's contact changes, newest first, for the contact view: as just read (see
/// `store::recent`), else a lookup on a SQLite file (see `store::reads`) or through the
/// pool.
pub async fn read(
    state: &AppState,
    account_id: &str,
    person_id: &str,
) -> ApiResult<Vec<ContactChange>> {
    // Kept under the pair: the same person's changes on another account are its own.
    let key = format!("{account_id}\u{0}{person_id}");
    if let Some(kept) = state.recent.contact_changes(&key) {
        return Ok(kept);
    }
    let ticket = state.recent.ticket();
    let found = match &state.reads {
        Some(reads) => changes(reads.read(|c| {
            c.prepare_cached(OF_PERSON)?
                .query_map([person_id, account_id], ChangeRow::of_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })?),
        None => {
            let mut conn = state.db.acquire().await?;
            of(&mut conn, account_id, person_id).await?
        }
    };
    state.recent.put_contact_changes(ticket, &key, &found);
    Ok(found)
}

fn changes(rows: Vec<ChangeRow>) -> Vec<ContactChange> {
    rows.into_iter()
        .map(|r| ContactChange {
            at: from_unix(r.at),
            actor: Actor {
                person_id: r.actor_id,
                role: Role::parse(&r.actor_role).unwrap_or(Role::Support),
            },
            fields: r
                .fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
        })
        .collect()
}
