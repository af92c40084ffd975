//! Access (GDPR art. 15): what is held about a person, counted per data category and
//! described with the operator's purposes, recipients and retention rules.

use portal_domain::api::{
    AccountKind, CategoryRecords, ContactDetails, DataCategory, Overview, RECORDS_PAGE,
    RecordsQuery,
};
use portal_domain::validate::mask_personnummer;
use sqlx::AnyConnection;

use crate::billing::{self, Account, Page, Person, RecordGroup};
use crate::config::operator::OperatorConfig;
use crate::error::{ApiError, ApiResult};
use crate::rights::subject::Subject;
use crate::rights::{contact_changes, preferences, restriction};
use crate::rules;
use crate::rules::recipients::PersonFacts;
use crate::rules::retention::PersonHoldings;
use crate::state::AppState;

/// What is held about one person: the billing system's records and the portal's own.
pub struct Holdings {
    pub billing: billing::Holdings,
    pub contact_changes: u64,
    pub newsletter: bool,
    pub consent_entries: u64,
    pub has_personnummer: bool,
    /// What decides which recipients get the person's data.
    pub facts: PersonFacts,
}

async fn count(
    conn: &mut AnyConnection,
    sql: &'static str,
    account: &str,
    person: &str,
) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(sql)
        .bind(person)
        .bind(account)
        .fetch_one(conn)
        .await?;
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
    let active_purposes =
        preferences::purposes(&mut conn, &state.operator, &account.id, &person.id)
            .await?
            .purposes
            .into_iter()
            .filter(|p| p.active)
            .map(|p| p.key)
            .collect();
    let facts = PersonFacts {
        active_purposes,
        domains: billing.domains.iter().map(|d| d.domain.clone()).collect(),
        products: billing.services.iter().map(|s| s.product.clone()).collect(),
    };
    Ok(Holdings {
        facts,
        billing,
        contact_changes: count(
            &mut conn,
            "SELECT COUNT(*) FROM contact_changes WHERE person_id = $1 AND account_id = $2",
            &account.id,
            &person.id,
        )
        .await?,
        newsletter,
        consent_entries: count(
            &mut conn,
            "SELECT COUNT(*) FROM consent_history WHERE person_id = $1 AND account_id = $2",
            &account.id,
            &person.id,
        )
        .await?,
        has_personnummer: person.personnummer.is_some(),
    })
}

/// The person a request is about, their account and what is held about them; not found
/// when the billing system no longer has them.
pub async fn holdings_of_owner(
    state: &AppState,
    owner: &crate::rights::requests::Owner,
) -> ApiResult<(Person, Account, Holdings)> {
    let person = state
        .billing
        .person(&owner.account_id, &owner.person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let account = state
        .billing
        .account(&person.account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let holdings = holdings_of(state, &person, &account).await?;
    Ok((person, account, holdings))
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

    /// The keys of the recipients that get this person's data.
    pub fn recipients(&self, operator: &OperatorConfig) -> Vec<String> {
        rules::recipients::applicable(operator, &self.facts)
    }

    pub fn logins(&self) -> u64 {
        self.billing.count(RecordGroup::Logins)
    }
}

pub async fn overview(state: &AppState, subject: &Subject) -> ApiResult<Overview> {
    let h = holdings(state, subject).await?;
    let op = &state.operator;
    let recipients = h.recipients(op);
    let mut conn = state.db.acquire().await?;
    let country = if subject.person.details.country.trim().is_empty() {
        &subject.account.country
    } else {
        &subject.person.details.country
    };
    Ok(Overview {
        local_authority: op.local_authority(country),
        recipients: op
            .recipients
            .iter()
            .filter(|r| recipients.contains(&r.key))
            .map(|r| r.info())
            .collect(),
        subject: billing::summary(&subject.person, &subject.account),
        controller: op.controller_info(),
        supervisory_authority: op.authority(),
        categories: DataCategory::ALL
            .iter()
            .map(|c| op.category_overview(*c, h.records(*c), &recipients))
            .collect(),
        erasure_days: op.retention.erasure_days,
        backup_retention_days: op.retention.backup_days,
        restriction: restriction::notice(&mut conn, op, &subject.account.id, &subject.person.id)
            .await?,
    })
}

/// A page of each kind of record held about the person in `category`: the data itself,
/// the portal's and the billing system's.
pub async fn records(
    state: &AppState,
    subject: &Subject,
    category: DataCategory,
    query: &RecordsQuery,
) -> ApiResult<CategoryRecords> {
    if query.section.as_ref().is_some_and(|s| s.len() > 64) {
        return Err(ApiError::NotFound);
    }
    let page = Page {
        section: query.section.clone(),
        offset: query.offset.unwrap_or(0),
        limit: RECORDS_PAGE,
    };
    let person = &subject.person;
    let mut sections = Vec::new();
    let mut conn = state.db.acquire().await?;
    match category {
        DataCategory::Identification => {
            if let Some(off) = page.wants("identity") {
                let row = vec![
                    person.name().to_string(),
                    person
                        .personnummer
                        .as_deref()
                        .map(mask_personnummer)
                        .unwrap_or_default(),
                ];
                sections.push(page.section(
                    "identity",
                    1,
                    off,
                    &["name", "personnummer"],
                    vec![row],
                ));
            }
        }
        DataCategory::Contact => {
            if let Some(off) = page.wants("contact_details") {
                let d = &person.details;
                let rows: Vec<Vec<String>> = ContactDetails::TEXT_FIELDS
                    .iter()
                    .filter(|f| person.fields.contains(f))
                    .map(|f| vec![f.to_string(), d.text(f).to_string()])
                    .chain(
                        person
                            .fields
                            .contains(&"language")
                            .then(|| vec!["language".to_string(), d.language.code().to_string()]),
                    )
                    .collect();
                let total = rows.len() as u64;
                sections.push(page.section(
                    "contact_details",
                    total,
                    off,
                    &["field", "value"],
                    rows,
                ));
            }
        }
        DataCategory::CustomerRelationship => {
            if let Some(off) = page.wants("account") {
                let a = &subject.account;
                let kind = match a.kind {
                    AccountKind::Private => "private",
                    AccountKind::Company => "company",
                };
                let row = vec![
                    a.name.clone(),
                    kind.to_string(),
                    a.org_number.clone().unwrap_or_default(),
                ];
                sections.push(page.section(
                    "account",
                    1,
                    off,
                    &["name", "kind", "org_number"],
                    vec![row],
                ));
            }
        }
        DataCategory::History => {
            if let Some(off) = page.wants("contact_changes") {
                let changes =
                    contact_changes::of(&mut conn, &subject.account.id, &person.id).await?;
                let total = changes.len() as u64;
                let rows = changes
                    .into_iter()
                    .skip(off as usize)
                    .take(page.limit as usize)
                    .map(|c| {
                        vec![
                            rfc3339(c.at),
                            c.actor.role.as_str().to_string(),
                            c.fields.join(", "),
                        ]
                    })
                    .collect();
                sections.push(page.section(
                    "contact_changes",
                    total,
                    off,
                    &["at", "by", "fields"],
                    rows,
                ));
            }
        }
        DataCategory::Marketing => {
            if let Some(off) = page.wants("newsletter") {
                let n = preferences::newsletter_of(state, person, &subject.account).await?;
                let rows = if n.subscribed {
                    vec![vec![
                        n.segment.map(|s| s.key().to_string()).unwrap_or_default(),
                        n.changed_at.map(rfc3339).unwrap_or_default(),
                    ]]
                } else {
                    Vec::new()
                };
                let total = rows.len() as u64;
                sections.push(page.section("newsletter", total, off, &["segment", "since"], rows));
            }
        }
        DataCategory::Consents => {
            let view =
                preferences::purposes(&mut conn, &state.operator, &subject.account.id, &person.id)
                    .await?;
            if let Some(off) = page.wants("consent_history") {
                let total = view.history.len() as u64;
                let rows = view
                    .history
                    .into_iter()
                    .skip(off as usize)
                    .take(page.limit as usize)
                    .map(|h| {
                        vec![
                            rfc3339(h.at),
                            h.purpose,
                            if h.new_active { "on" } else { "off" }.to_string(),
                            h.actor.role.as_str().to_string(),
                        ]
                    })
                    .collect();
                sections.push(page.section(
                    "consent_history",
                    total,
                    off,
                    &["at", "purpose", "change", "by"],
                    rows,
                ));
            }
        }
        DataCategory::AutomaticallyCollected => {}
    }
    drop(conn);
    sections.extend(
        state
            .billing
            .records(person, &subject.account, category, &page)
            .await?,
    );
    Ok(CategoryRecords { category, sections })
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
