//! Notices to people (request received, extended, needs information, decided, executed;
//! "your administrator acted for you"). A notice is written to the outbox in the same
//! transaction as the event it reports, so it exists exactly when the event does; a
//! sender delivers it afterwards.

use portal_domain::api::RequestKind;
use portal_domain::{Locale, format_iso_date};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyConnection;
use time::Date;

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

/// A notice with what its text needs: ids, dates and reasons, never personal data besides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// The receipt, with the reference and the day the answer is due.
    RequestReceived {
        request_id: String,
        kind: RequestKind,
        #[serde(with = "portal_domain::api::iso_date")]
        due_on: Date,
    },
    RequestExtended {
        request_id: String,
        #[serde(with = "portal_domain::api::iso_date")]
        due_on: Date,
        months: u8,
        reason: String,
    },
    InformationNeeded {
        request_id: String,
        question: String,
    },
    /// With where to complain.
    RequestRejected {
        request_id: String,
        reason: String,
        complaint_authority: String,
        complaint_url: String,
    },
    RequestCompleted {
        request_id: String,
        kind: RequestKind,
        backup_retention_days: u32,
    },
    /// Someone else (the company admin) did this with the person's data: the audit
    /// action and the field names, never values.
    AdminActed {
        action: String,
        fields: Vec<String>,
        #[serde(with = "portal_domain::api::iso_date")]
        on: Date,
    },
    RestrictionLifting {
        request_id: String,
    },
}

impl Notice {
    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::RequestReceived { .. } => NoticeKind::RequestReceived,
            Notice::RequestExtended { .. } => NoticeKind::RequestExtended,
            Notice::InformationNeeded { .. } => NoticeKind::InformationNeeded,
            Notice::RequestRejected { .. } => NoticeKind::RequestRejected,
            Notice::RequestCompleted { .. } => NoticeKind::RequestCompleted,
            Notice::AdminActed { .. } => NoticeKind::AdminActed,
            Notice::RestrictionLifting { .. } => NoticeKind::RestrictionLifting,
        }
    }

    /// The parameters the texts are worded from (see `delivery::render`).
    pub fn params(&self) -> serde_json::Value {
        match self {
            Notice::RequestReceived {
                request_id,
                kind,
                due_on,
            } => json!({
                "request_id": request_id,
                "request_kind": kind.as_str(),
                "due_on": format_iso_date(*due_on),
            }),
            Notice::RequestExtended {
                request_id,
                due_on,
                months,
                reason,
            } => json!({
                "request_id": request_id,
                "due_on": format_iso_date(*due_on),
                "months": months,
                "reason": reason,
            }),
            Notice::InformationNeeded {
                request_id,
                question,
            } => json!({ "request_id": request_id, "question": question }),
            Notice::RequestRejected {
                request_id,
                reason,
                complaint_authority,
                complaint_url,
            } => json!({
                "request_id": request_id,
                "reason": reason,
                "complaint_authority": complaint_authority,
                "complaint_url": complaint_url,
            }),
            Notice::RequestCompleted {
                request_id,
                kind,
                backup_retention_days,
            } => json!({
                "request_id": request_id,
                "kind": kind.as_str(),
                "backup_retention_days": backup_retention_days,
            }),
            Notice::AdminActed { action, fields, on } => json!({
                "action": action,
                "fields": fields,
                "on": format_iso_date(*on),
            }),
            Notice::RestrictionLifting { request_id } => json!({ "request_id": request_id }),
        }
    }
}

/// Whom a notice goes to: the person, at their address and in their language at the
/// moment it is written (an erasure's own notice must still reach them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    pub person_id: String,
    pub email: String,
    pub locale: Locale,
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

/// Writes `notice` to `to` in the caller's transaction. A person without an address on
/// file gets nothing.
pub async fn send(
    conn: &mut AnyConnection,
    to: &Addressee,
    notice: &Notice,
    now: i64,
) -> sqlx::Result<()> {
    if to.email.trim().is_empty() {
        return Ok(());
    }
    enqueue(
        conn,
        &to.person_id,
        &to.email,
        to.locale,
        notice.kind(),
        &notice.params(),
        now,
    )
    .await?;
    Ok(())
}
