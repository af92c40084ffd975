//! The record of who changed which of a person's contact details when (never the values),
//! read by the contact view, the records of "My data" and the export.

use portal_domain::api::{Actor, ContactChange, Role};
use sqlx::{AnyConnection, FromRow};

use crate::clock::from_unix;

#[derive(FromRow)]
struct ChangeRow {
    at: i64,
    actor_id: String,
    actor_role: String,
    fields: String,
}

/// The person's contact changes, newest first.
pub async fn of(conn: &mut AnyConnection, person_id: &str) -> sqlx::Result<Vec<ContactChange>> {
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT at, actor_id, actor_role, fields FROM contact_changes WHERE person_id = $1 ORDER BY id DESC",
    )
    .bind(person_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
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
        .collect())
}
