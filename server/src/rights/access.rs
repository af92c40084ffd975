//! Access (GDPR art. 15): what is held about a person, counted per data category and
//! described with the operator's purposes, recipients and retention rules.

use portal_domain::api::{DataCategory, Overview};
use sqlx::AnyConnection;

use crate::billing::{self, Account, Person, RecordGroup};
use crate::error::ApiResult;
use crate::rights::subject::Subject;
use crate::rights::{preferences, restriction};
use crate::rules::retention::PersonHoldings;
use crate::state::AppState;

/// What is held about one person: the billing system's records and the portal's own.
pub struct Holdings {
    pub billing: billing::Holdings,
    pub contact_changes: u64,
    pub newsletter: bool,
    pub consent_entries: u64,
    pub has_personnummer: bool,
}

async fn count(conn: &mut AnyConnection, sql: &'static str, person: &str) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(sql).bind(person).fetch_one(conn).await?;
    Ok(n.max(0) as u64)
}

/// What is held about `person` of `account`, whoever asks.
pub async fn holdings_of(
    state: &AppState,
    person: &Person,
    account: &Account,
) -> ApiResult<Holdings> {
    let billing = state.billing.holdings(person, account).await?;
    let newsletter = preferences::newsletter_of(state, person, account)
        .await?
        .subscribed;
    let mut conn = state.db.acquire().await?;
    Ok(Holdings {
        billing,
        contact_changes: count(
            &mut conn,
            "SELECT COUNT(*) FROM contact_changes WHERE person_id = $1",
            &person.id,
        )
        .await?,
        newsletter,
        consent_entries: count(
            &mut conn,
            "SELECT COUNT(*) FROM consent_history WHERE person_id = $1",
            &person.id,
        )
        .await?,
        has_personnummer: person.personnummer.is_some(),
    })
}

pub async fn holdings(state: &AppState, subject: &Subject) -> ApiResult<Holdings> {
    holdings_of(state, &subject.person, &subject.account).await
}

impl Holdings {
    /// How many records of a category are held.
    pub fn records(&self, category: DataCategory) -> u64 {
        let b = &self.billing;
        let groups: u64 = b
            .records
            .iter()
            .filter(|(g, _)| g.category() == category)
            .map(|(_, n)| n)
            .sum();
        match category {
            DataCategory::Identification | DataCategory::Contact => 1,
            DataCategory::CustomerRelationship => {
                1 + (b.services.len() + b.domains.len() + b.invoices.len()) as u64 + groups
            }
            DataCategory::History => groups + self.contact_changes,
            // Service logs are not kept per person in this system; the category is
            // described so the person knows of it.
            DataCategory::AutomaticallyCollected => 0,
            DataCategory::Marketing => u64::from(self.newsletter),
            DataCategory::Consents => self.consent_entries + groups,
        }
    }

    /// The holdings as the erasure rules see them.
    pub fn for_erasure(&self) -> PersonHoldings<'_> {
        PersonHoldings {
            billing: &self.billing,
            newsletter: self.newsletter,
            consent_entries: self.consent_entries,
            has_personnummer: self.has_personnummer,
        }
    }

    pub fn logins(&self) -> u64 {
        self.billing.count(RecordGroup::Logins)
    }
}

pub async fn overview(state: &AppState, subject: &Subject) -> ApiResult<Overview> {
    let h = holdings(state, subject).await?;
    let op = &state.operator;
    let mut conn = state.db.acquire().await?;
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
        restriction: restriction::notice(&mut conn, op, &subject.person.id).await?,
    })
}
