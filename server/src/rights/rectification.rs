//! Rectification (GDPR art. 16): reading and correcting contact details, with optimistic
//! concurrency so two edits never silently overwrite each other, and a record of who
//! changed which fields when (never the values).

use portal_domain::api::{Actor, ContactChange, ContactUpdate, ContactView, Role};
use portal_domain::validate::mask_personnummer;
use sqlx::{AnyConnection, FromRow};

use crate::billing;
use crate::clock::from_unix;
use crate::error::{ApiError, ApiResult};
use crate::rights::subject::Subject;
use crate::state::AppState;
use crate::store::{audit, db};

#[derive(FromRow)]
struct ChangeRow {
    at: i64,
    actor_id: String,
    actor_role: String,
    fields: String,
}

pub async fn changes(
    conn: &mut AnyConnection,
    person_id: &str,
) -> sqlx::Result<Vec<ContactChange>> {
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

pub async fn view(conn: &mut AnyConnection, person_id: &str) -> ApiResult<ContactView> {
    let person = billing::person(conn, person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(ContactView {
        details: person.contact_details(),
        version: person.version,
        personnummer_masked: person.personnummer.as_deref().map(mask_personnummer),
        changes: changes(conn, person_id).await?,
    })
}

pub async fn update(
    state: &AppState,
    subject: &Subject,
    update: ContactUpdate,
) -> ApiResult<ContactView> {
    let details = update.details.validate().map_err(ApiError::Validation)?;
    let mut tx = crate::store::db::begin_for_person(&state.db, &subject.person.id).await?;
    // While processing is restricted (GDPR art. 18), the contested data stays as it is.
    if crate::rights::restriction::is_restricted(&mut tx, &subject.person.id).await? {
        return Err(ApiError::Restricted);
    }
    let current = billing::person(&mut tx, &subject.person.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if current.version != update.version {
        return Err(ApiError::VersionConflict);
    }
    let fields = current.contact_details().changed_fields(&details);
    if !fields.is_empty() {
        // The version check is repeated in the UPDATE itself: a concurrent writer that got
        // in between the read and the write makes it match no row.
        if billing::update_contact(&mut tx, &subject.person.id, update.version, &details)
            .await?
            .is_none()
        {
            return Err(ApiError::VersionConflict);
        }
        sqlx::query("INSERT INTO contact_changes (person_id, at, actor_id, actor_role, fields) VALUES ($1, $2, $3, $4, $5)")
            .bind(&subject.person.id)
            .bind(state.clock.unix())
            .bind(&subject.actor.person_id)
            .bind(subject.actor.role.as_str())
            .bind(fields.join(","))
            .execute(&mut *tx)
            .await?;
        let event = audit::Event {
            action: "contact.corrected",
            subject_id: &subject.person.id,
            target: "",
            fields: &fields,
        };
        audit::append(
            &mut tx,
            db::backend(&state.db),
            state.clock.unix(),
            &subject.actor,
            event,
        )
        .await?;
        crate::rights::company::notify_acted_for(
            &mut tx,
            subject,
            "contact.corrected",
            &fields,
            state.clock.unix(),
        )
        .await?;
        // Every recipient of the corrected data is to be told (GDPR art. 19).
        crate::rights::recipients::create_tasks(
            &mut tx,
            &state.operator,
            crate::rights::recipients::Change {
                person_id: &subject.person.id,
                request_id: None,
                reason: portal_domain::support::RecipientNoticeReason::Rectification,
                categories: &crate::rights::recipients::categories_of_contact_fields(&fields),
                fields: &fields,
            },
            state.clock.unix(),
        )
        .await?;
        tracing::info!(person = %subject.person.id, fields = %fields.join(","), "contact details corrected");
    }
    let view = view(&mut tx, &subject.person.id).await?;
    tx.commit().await?;
    Ok(view)
}
