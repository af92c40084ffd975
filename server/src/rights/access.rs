//! Access (GDPR art. 15): what is held about a person, counted per data category and
//! described with the operator's purposes, recipients and retention rules; and the
//! erasure preview built from the same holdings.

use portal_domain::api::{AccountKind, DataCategory, ErasurePreview, Overview};
use sqlx::AnyConnection;

use crate::billing::{
    self, AccountRecord, DomainRecord, InvoiceRecord, PersonRecord, ServiceRecord,
};
use crate::error::ApiResult;
use crate::rights::preferences;
use crate::rights::subject::Subject;
use crate::rules::retention::{self, PersonHoldings};
use crate::state::AppState;

/// The records held about one person, as counts and the few lists retention needs.
pub struct Holdings {
    pub services: Vec<ServiceRecord>,
    pub domains: Vec<DomainRecord>,
    pub invoices: Vec<InvoiceRecord>,
    pub login_entries: u64,
    pub tickets: u64,
    pub contact_changes: u64,
    pub newsletter: bool,
    pub consent_entries: u64,
}

async fn count(conn: &mut AnyConnection, sql: &'static str, person: &str) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(sql).bind(person).fetch_one(conn).await?;
    Ok(n.max(0) as u64)
}

pub async fn holdings(conn: &mut AnyConnection, subject: &Subject) -> sqlx::Result<Holdings> {
    holdings_of(conn, &subject.person, &subject.account).await
}

/// Invoices and services are the account holder's data: a private customer's, or a
/// company's admin's (the company is the customer), never an employee's.
pub fn holds_account(person: &PersonRecord, account: &AccountRecord) -> bool {
    account.kind() == AccountKind::Private || person.is_admin()
}

/// What is held about `person` of `account`, whoever asks.
pub async fn holdings_of(
    conn: &mut AnyConnection,
    person: &PersonRecord,
    account: &AccountRecord,
) -> sqlx::Result<Holdings> {
    let holds_account = holds_account(person, account);
    let person = &person.id;
    Ok(Holdings {
        services: if holds_account {
            billing::services(conn, &account.id).await?
        } else {
            Vec::new()
        },
        domains: billing::domains(conn, person).await?,
        invoices: if holds_account {
            billing::invoices(conn, &account.id).await?
        } else {
            Vec::new()
        },
        login_entries: billing::login_count(conn, person).await?.max(0) as u64,
        tickets: count(
            conn,
            "SELECT COUNT(*) FROM billing_tickets WHERE person_id = $1",
            person,
        )
        .await?,
        contact_changes: count(
            conn,
            "SELECT COUNT(*) FROM contact_changes WHERE person_id = $1",
            person,
        )
        .await?,
        newsletter: preferences::newsletter(conn, person).await?.subscribed,
        consent_entries: count(
            conn,
            "SELECT COUNT(*) FROM consent_history WHERE person_id = $1",
            person,
        )
        .await?,
    })
}

impl Holdings {
    pub fn records(&self, category: DataCategory) -> u64 {
        match category {
            DataCategory::Identification | DataCategory::Contact => 1,
            DataCategory::CustomerRelationship => {
                1 + (self.services.len() + self.domains.len() + self.invoices.len()) as u64
            }
            DataCategory::History => self.login_entries + self.tickets + self.contact_changes,
            // Service logs are not kept per person in this system; the category is
            // described so the person knows of it.
            DataCategory::AutomaticallyCollected => 0,
            DataCategory::Marketing => u64::from(self.newsletter),
            DataCategory::Consents => self.consent_entries,
        }
    }
}

pub async fn overview(state: &AppState, subject: &Subject) -> ApiResult<Overview> {
    let mut conn = state.db.acquire().await?;
    let h = holdings(&mut conn, subject).await?;
    let op = &state.operator;
    Ok(Overview {
        subject: billing::summary(&subject.person, &subject.account),
        controller: op.controller_info(),
        supervisory_authority: op.authority(),
        categories: DataCategory::ALL
            .iter()
            .map(|c| op.category_overview(*c, h.records(*c)))
            .collect(),
        erasure_days: op.retention.erasure_days,
        backup_retention_days: op.retention.backup_days,
        restriction: crate::rights::restriction::notice(&mut conn, op, &subject.person.id).await?,
    })
}

pub async fn erasure_preview(state: &AppState, subject: &Subject) -> ApiResult<ErasurePreview> {
    let mut conn = state.db.acquire().await?;
    let h = holdings(&mut conn, subject).await?;
    let person = PersonHoldings {
        holds_account: subject.holds_account(),
        services: &h.services,
        domains: &h.domains,
        invoices: &h.invoices,
        login_entries: h.login_entries,
        tickets: h.tickets,
        newsletter: h.newsletter,
        consent_entries: h.consent_entries,
        has_personnummer: subject.person.personnummer.is_some(),
    };
    Ok(retention::erasure_preview(
        &person,
        &state.operator.retention,
        state.clock.today(),
    ))
}
