//! Portability (GDPR art. 20): everything held about a person as one JSON document.
//!
//! The document is streamed while the client reads (see `billing::export`): the portal
//! writes its own records and the billing system its own, category by category, from one
//! consistent view of the billing data. Memory stays flat whatever the size of the
//! account. A failure midway aborts the body, so a client never mistakes a truncated
//! export for a whole one.

use futures::Stream;
use portal_domain::api::{DataCategory, EXPORT_SCHEMA_VERSION};
use serde_json::json;
use tokio::sync::mpsc;

use crate::billing::export::{Chunk, ExportFailure, ExportResult};
use crate::billing::{self, ExportSource, ExportWriter};
use crate::rights::access::Holdings;
use crate::rights::subject::Subject;
use crate::rights::{preferences, rectification, requests};
use crate::state::AppState;

/// A rough size for a progress bar: the login history dominates large exports.
pub fn estimated_bytes(h: &Holdings) -> u64 {
    16 * 1024 + h.logins() * 110 + h.billing.invoices.len() as u64 * 150
}

/// Starts writing the export and returns the body stream.
pub fn stream(
    state: AppState,
    subject: Subject,
    holdings: Holdings,
) -> impl Stream<Item = Chunk> + Send {
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(async move {
        let mut w = ExportWriter::new(tx.clone());
        let person = subject.person.id.clone();
        let result = async {
            let mut source = state
                .billing
                .export(&subject.person, &subject.account)
                .await?;
            write(&mut w, source.as_mut(), &state, &subject, &holdings).await?;
            w.flush().await
        }
        .await;
        match result {
            Ok(()) => tracing::info!(person = %person, "export delivered"),
            Err(ExportFailure::ClientGone) => {
                tracing::info!(person = %person, "export abandoned by the client")
            }
            Err(ExportFailure::Failed(e)) => {
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

fn portal(e: crate::error::ApiError) -> ExportFailure {
    ExportFailure::Failed(e.to_string())
}

/// `"category": {"about": …, "records": {` — the caller writes the records and closes
/// both.
async fn begin_category(
    w: &mut ExportWriter,
    state: &AppState,
    h: &Holdings,
    category: DataCategory,
) -> ExportResult {
    w.begin_object(category.key());
    w.member(
        "about",
        &state
            .operator
            .category_overview(category, h.records(category)),
    )
    .await?;
    w.begin_object("records");
    Ok(())
}

async fn end_category(w: &mut ExportWriter) -> ExportResult {
    w.end().await?;
    w.end().await
}

async fn write(
    w: &mut ExportWriter,
    source: &mut dyn ExportSource,
    state: &AppState,
    subject: &Subject,
    h: &Holdings,
) -> ExportResult {
    let op = &state.operator;
    let person = &subject.person;
    let account = &subject.account;

    w.begin_document();
    w.member("schema_version", EXPORT_SCHEMA_VERSION).await?;
    w.member("generated_at", &rfc3339(state.clock.unix()))
        .await?;
    w.member("controller", &op.controller_info()).await?;
    w.member("supervisory_authority", &op.authority()).await?;
    w.member("subject", &billing::summary(person, account))
        .await?;
    w.member(
        "retention",
        &json!({
            "erasure_days": op.retention.erasure_days,
            "backup_retention_days": op.retention.backup_days,
            "invoice_years_after_accounting_year": op.retention.invoice_years,
        }),
    )
    .await?;

    w.begin_object("categories");
    for category in DataCategory::ALL {
        begin_category(w, state, h, category).await?;
        match category {
            DataCategory::Identification => {
                w.member("name", person.name()).await?;
                w.member("personnummer", &person.personnummer).await?;
            }
            DataCategory::Contact => {
                let contact = rectification::view(state, subject).await.map_err(portal)?;
                let details = serde_json::to_value(&contact.details)
                    .map_err(|e| ExportFailure::Failed(e.to_string()))?;
                for (field, value) in details.as_object().into_iter().flatten() {
                    w.member(field, value).await?;
                }
                source.write(category, w).await?;
                w.end().await?;
                // The version sits beside the records: it is the export's, not the person's.
                w.member("version", &contact.version).await?;
                w.end().await?;
                continue;
            }
            DataCategory::CustomerRelationship => {
                let mut about = json!({
                    "id": account.id,
                    "kind": account.kind,
                    "name": account.name,
                    "org_number": account.org_number,
                    "country": account.country,
                });
                // Only a company account has an admin to be.
                if account.kind == portal_domain::api::AccountKind::Company {
                    about["you_are_account_admin"] = json!(person.is_admin);
                }
                w.member("account", &about).await?;
            }
            DataCategory::History => {
                let mut conn = state.db.acquire().await?;
                let changes = rectification::changes(&mut conn, &person.id).await?;
                w.member("contact_changes", &changes).await?;
            }
            DataCategory::Marketing => {
                let newsletter = preferences::newsletter_of(state, person, account)
                    .await
                    .map_err(portal)?;
                w.member("newsletter", &newsletter).await?;
            }
            DataCategory::Consents => {
                let mut conn = state.db.acquire().await?;
                let purposes = preferences::purposes(&mut conn, op, &person.id).await?;
                w.member("purposes", &purposes.purposes).await?;
                w.member("history", &purposes.history).await?;
            }
            DataCategory::AutomaticallyCollected => {}
        }
        source.write(category, w).await?;
        if category == DataCategory::CustomerRelationship {
            w.member(
                "card_data",
                "not stored by the controller; held by the payment provider",
            )
            .await?;
        }
        end_category(w).await?;
    }
    w.end().await?;

    let mut conn = state.db.acquire().await?;
    let requests = requests::list(&mut conn, &person.id)
        .await
        .map_err(portal)?;
    w.member("requests", &requests).await?;
    w.end().await
}
