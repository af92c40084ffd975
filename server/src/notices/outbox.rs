//! Notices to people (request received, extended, needs information, decided, executed;
//! "your administrator acted for you"). A notice is written to the outbox in the same
//! transaction as the event it reports, so it exists exactly when the event does; a
//! sender delivers it afterwards.

use portal_domain::Locale;
use sqlx::AnyConnection;

use crate::billing;
use crate::error::{ApiError, ApiResult};

/// What a notice is about. Its text is chosen by kind and the person's language when it
/// is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    RequestReceived,
    RequestExtended,
    InformationNeeded,
    RequestRejected,
    RequestCompleted,
    AdminActed,
    RestrictionLifting,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::RequestReceived => "request_received",
            NoticeKind::RequestExtended => "request_extended",
            NoticeKind::InformationNeeded => "information_needed",
            NoticeKind::RequestRejected => "request_rejected",
            NoticeKind::RequestCompleted => "request_completed",
            NoticeKind::AdminActed => "admin_acted",
            NoticeKind::RestrictionLifting => "restriction_lifting",
        }
    }
}

/// Writes a notice for `person_id` to `recipient` (their e-mail address at this moment)
/// in the caller's transaction. `params` holds ids, dates and reasons the text needs.
pub async fn enqueue(
    conn: &mut AnyConnection,
    person_id: &str,
    recipient: &str,
    locale: Locale,
    kind: NoticeKind,
    params: &serde_json::Value,
    now: i64,
) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO outbox (id, person_id, recipient, locale, kind, params, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(person_id)
    .bind(recipient)
    .bind(locale.code())
    .bind(kind.as_str())
    .bind(params.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Writes a notice for person `person_id` to the address and in the language billing
/// has for them now; a person billing does not know is "not found".
pub async fn notify_person(
    conn: &mut AnyConnection,
    person_id: &str,
    kind: NoticeKind,
    params: &serde_json::Value,
    now: i64,
) -> ApiResult<()> {
    let person = billing::person(&mut *conn, person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    enqueue(
        conn,
        person_id,
        &person.email,
        person.locale(),
        kind,
        params,
        now,
    )
    .await?;
    Ok(())
}
