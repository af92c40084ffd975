//! Company admins acting for the persons registered under their company account (seed 003,
//! section 11: the employer is the controller of its employees' data). `GET /api/people`
//! lists them; everything else an admin does for one of them goes through the same
//! self-service handlers as `/api/me/...`, mounted at `/api/people/{person}/...`, with
//! the subject resolved and checked by `access::Subject`. Every change an admin makes for
//! someone else sends that person a notice, in the transaction of the change.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use portal_domain::api::{AccountPerson, Role};
use serde_json::json;
use sqlx::{AnyConnection, FromRow};

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult, AppJson};
use crate::notices::outbox::{self, NoticeKind};
use crate::rights::subject::Subject;
use crate::state::AppState;
use portal_domain::format_iso_date;

/// `/people` (nested under `/api`).
pub fn routes() -> Router<AppState> {
    Router::new().route("/people", get(list_people))
}

#[derive(FromRow)]
struct PersonRow {
    id: String,
    name: String,
    email: String,
    is_account_admin: i64,
}

/// The persons registered under the admin's own account, the admin included. Only a
/// company admin has this list: a customer is refused, support has its own console.
async fn list_people(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<AppJson<Vec<AccountPerson>>> {
    if session.role != Role::CompanyAdmin {
        return Err(ApiError::Forbidden);
    }
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT id, name, email, is_account_admin FROM billing_persons WHERE account_id = $1 ORDER BY name, id",
    )
    .bind(&session.account_id)
    .fetch_all(&state.db)
    .await?;
    // Rechecked against the billing data, as for every act on someone else's behalf.
    if !rows
        .iter()
        .any(|r| r.id == session.person_id && r.is_account_admin != 0)
    {
        return Err(ApiError::Forbidden);
    }
    Ok(AppJson(
        rows.into_iter()
            .map(|r| AccountPerson {
                id: r.id,
                name: r.name,
                email: r.email,
                is_admin: r.is_account_admin != 0,
            })
            .collect(),
    ))
}

/// When an admin changed something for someone else, queues the notice "your administrator
/// did this for you" to that person, in the caller's transaction so it exists exactly when
/// the change does. It names the action, the field names and the day: no values. It goes to
/// the address on file before the change, so a changed e-mail address is noticed by its
/// owner.
pub async fn notify_acted_for(
    conn: &mut AnyConnection,
    subject: &Subject,
    action: &str,
    fields: &[&str],
    now: i64,
) -> sqlx::Result<()> {
    if !subject.acts_for_other() || subject.person.email.trim().is_empty() {
        return Ok(());
    }
    let params = json!({
        "action": action,
        "fields": fields,
        "on": format_iso_date(crate::clock::from_unix(now).date()),
    });
    outbox::enqueue(
        conn,
        &subject.person.id,
        &subject.person.email,
        subject.person.locale(),
        NoticeKind::AdminActed,
        &params,
        now,
    )
    .await?;
    Ok(())
}
