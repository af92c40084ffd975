//! Portability (GDPR art. 20): everything held about a person as one JSON document.
//!
//! The document is streamed: it is written in chunks into a small bounded channel while
//! the client reads, and the login history (the one part that can be huge) is read in
//! keyset pages. Memory stays flat whatever the size of the account. A failure midway
//! aborts the body, so a client never mistakes a truncated export for a whole one.

use bytes::Bytes;
use futures::Stream;
use portal_domain::api::{DataCategory, EXPORT_SCHEMA_VERSION};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyConnection;
use tokio::sync::mpsc;

use crate::billing;
use crate::rights::access::{self, Holdings};
use crate::rights::preferences;
use crate::rights::rectification;
use crate::rights::requests;
use crate::rights::subject::Subject;
use crate::state::AppState;

const CHUNK_BYTES: usize = 64 * 1024;
const LOGIN_PAGE: i64 = 2000;

/// A rough size for a progress bar: the login history dominates large exports.
pub fn estimated_bytes(h: &Holdings) -> u64 {
    16 * 1024 + h.login_entries * 110 + h.invoices.len() as u64 * 150
}

struct Writer {
    buf: Vec<u8>,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

#[derive(Debug)]
struct ClientGone;

impl Writer {
    async fn raw(&mut self, s: &str) -> Result<(), ClientGone> {
        self.buf.extend_from_slice(s.as_bytes());
        self.maybe_flush().await
    }
    async fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ClientGone> {
        serde_json::to_writer(&mut self.buf, v).expect("export values serialise");
        self.maybe_flush().await
    }
    async fn maybe_flush(&mut self) -> Result<(), ClientGone> {
        if self.buf.len() >= CHUNK_BYTES {
            self.flush().await
        } else {
            Ok(())
        }
    }
    async fn flush(&mut self) -> Result<(), ClientGone> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buf,
            Vec::with_capacity(CHUNK_BYTES + 1024),
        ));
        self.tx.send(Ok(chunk)).await.map_err(|_| ClientGone)
    }
}

enum Failure {
    ClientGone,
    Db(sqlx::Error),
}
impl From<ClientGone> for Failure {
    fn from(_: ClientGone) -> Self {
        Failure::ClientGone
    }
}
impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Db(e)
    }
}
impl From<crate::error::ApiError> for Failure {
    fn from(e: crate::error::ApiError) -> Self {
        match e {
            crate::error::ApiError::Database(e) => Failure::Db(e),
            other => Failure::Db(sqlx::Error::Protocol(other.to_string())),
        }
    }
}

/// Starts writing the export and returns the body stream.
pub fn stream(
    state: AppState,
    subject: Subject,
    holdings: Holdings,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(async move {
        let mut w = Writer {
            buf: Vec::with_capacity(CHUNK_BYTES + 1024),
            tx: tx.clone(),
        };
        let person = subject.person.id.clone();
        let result = async {
            let mut conn = state.db.acquire().await?;
            write(&mut w, &mut conn, &state, &subject, &holdings).await?;
            w.flush().await?;
            Ok::<(), Failure>(())
        }
        .await;
        match result {
            Ok(()) => tracing::info!(person = %person, "export delivered"),
            Err(Failure::ClientGone) => {
                tracing::info!(person = %person, "export abandoned by the client")
            }
            Err(Failure::Db(e)) => {
                tracing::error!(person = %person, error = %e, "export failed midway");
                let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
            }
        }
    });
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn rfc3339(ts: i64) -> String {
    crate::clock::from_unix(ts)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

async fn write(
    w: &mut Writer,
    conn: &mut AnyConnection,
    state: &AppState,
    subject: &Subject,
    h: &Holdings,
) -> Result<(), Failure> {
    let op = &state.operator;
    let person = &subject.person;
    let about = |c: DataCategory| op.category_overview(c, h.records(c));

    w.raw("{\"schema_version\":").await?;
    w.value(EXPORT_SCHEMA_VERSION).await?;
    w.raw(",\"generated_at\":").await?;
    w.value(&rfc3339(state.clock.unix())).await?;
    w.raw(",\"controller\":").await?;
    w.value(&op.controller_info()).await?;
    w.raw(",\"supervisory_authority\":").await?;
    w.value(&op.authority()).await?;
    w.raw(",\"subject\":").await?;
    w.value(&billing::summary(person, &subject.account)).await?;
    w.raw(",\"retention\":").await?;
    w.value(&json!({
        "erasure_days": op.retention.erasure_days,
        "backup_retention_days": op.retention.backup_days,
        "invoice_years_after_accounting_year": op.retention.invoice_years,
    }))
    .await?;

    w.raw(",\"categories\":{").await?;
    w.raw("\"identification\":").await?;
    w.value(&json!({
        "about": about(DataCategory::Identification),
        "records": { "name": person.name, "personnummer": person.personnummer },
    }))
    .await?;

    let contact = rectification::view(conn, &person.id).await?;
    w.raw(",\"contact\":").await?;
    w.value(&json!({ "about": about(DataCategory::Contact), "records": contact.details, "version": contact.version })).await?;

    w.raw(",\"customer_relationship\":").await?;
    w.value(&json!({
        "about": about(DataCategory::CustomerRelationship),
        "records": {
            "account": {
                "id": subject.account.id,
                "kind": subject.account.kind(),
                "name": subject.account.name,
                "org_number": subject.account.org_number,
                "country": subject.account.country,
                "you_are_account_admin": person.is_admin(),
            },
            "services": h.services,
            "domains": h.domains,
            "invoices": h.invoices,
            "card_data": "not stored by the controller; held by the payment provider",
        },
    }))
    .await?;

    let tickets = billing::tickets(conn, &person.id).await?;
    let tickets: Vec<_> = tickets
        .into_iter()
        .map(|t| json!({ "id": t.id, "opened_at": rfc3339(t.opened_at), "subject": t.subject, "body": t.body, "status": t.status }))
        .collect();
    w.raw(",\"history\":{\"about\":").await?;
    w.value(&about(DataCategory::History)).await?;
    w.raw(",\"records\":{\"contact_changes\":").await?;
    w.value(&contact.changes).await?;
    w.raw(",\"support_tickets\":").await?;
    w.value(&tickets).await?;
    w.raw(",\"login_history\":[").await?;
    let mut after = 0i64;
    let mut first = true;
    loop {
        let page = billing::login_page(conn, &person.id, after, LOGIN_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in &page {
            if !first {
                w.raw(",").await?;
            }
            first = false;
            w.value(&json!({ "at": rfc3339(row.at), "ip": row.ip, "user_agent": row.user_agent }))
                .await?;
        }
        if (page.len() as i64) < LOGIN_PAGE {
            break;
        }
    }
    w.raw("]}}").await?;

    w.raw(",\"automatically_collected\":").await?;
    w.value(&json!({ "about": about(DataCategory::AutomaticallyCollected), "records": {} }))
        .await?;

    let newsletter = preferences::newsletter(conn, &person.id).await?;
    w.raw(",\"marketing\":").await?;
    w.value(&json!({ "about": about(DataCategory::Marketing), "records": { "newsletter": newsletter } })).await?;

    let purposes = preferences::purposes(conn, op, &person.id).await?;
    w.raw(",\"consents\":").await?;
    w.value(&json!({ "about": about(DataCategory::Consents), "records": { "purposes": purposes.purposes, "history": purposes.history } }))
        .await?;
    w.raw("}").await?;

    let requests = requests::list(conn, &person.id).await?;
    w.raw(",\"requests\":").await?;
    w.value(&requests).await?;
    w.raw("}").await?;
    Ok(())
}

pub use access::holdings;
