//! The billing port: what the portal needs from the host's billing system, in the
//! privacy domain's words. A backend implements `Billing`:
//! - `builtin` keeps the data in the portal's own `billing_*` tables (the embedded
//!   default and the demo);
//! - `whmcs` reads and writes a WHMCS 8 database.
//!
//! Nothing outside this room names a billing table. Reads return domain values; every
//! write is a `Command` the portal first records in its own database and the backend then
//! applies exactly once (see `changes::billing`), because the billing system is a store of
//! its own that cannot share the portal's transactions.

pub mod builtin;
pub mod command;
pub mod export;
pub mod whmcs;

use std::sync::Arc;

use async_trait::async_trait;
use portal_domain::Locale;
use portal_domain::api::{
    AccountDetails, AccountKind, ContactDetails, DataCategory, PersonSummary, RecordSection,
};
use serde::{Deserialize, Serialize};
use time::Date;

pub use command::{Applied, Command, CommandAction, Refusal};
pub use export::{ExportSource, ExportWriter};

pub type BillingResult<T> = Result<T, BillingError>;

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    #[error("billing database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("billing database lookup: {0}")]
    Lookup(#[from] rusqlite::Error),
    /// The billing data is not what the backend expects (a missing table, an unknown
    /// value): an operator's problem, not the caller's.
    #[error("billing data: {0}")]
    Data(String),
}

/// Fields only the host's staff change (`Billing::locked_fields`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockedFields {
    /// Of a login's own details (`ContactDetails` names).
    pub login: Vec<&'static str>,
    /// Of an account's details (`AccountDetails` names).
    pub account: Vec<&'static str>,
}

/// The billing system, shared by every handler.
pub type BillingSystem = Arc<dyn Billing>;

/// An opaque revision of a person's contact record: equal means nothing changed since it
/// was read. The built-in store counts writes; WHMCS gets a checksum of the fields, since
/// its rows carry no version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision(pub i64);

/// A person the billing system holds: someone who logs in to the client area, or a
/// contact registered under an account by its admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub account_id: String,
    /// The account's owner, its holder (WHMCS: `tblusers_clients.owner`): the customer of a
    /// private account, the company admin of a company account. Anyone else registered
    /// under the account (an invited user, an employee, a contact) is not, on either kind.
    pub is_admin: bool,
    pub details: ContactDetails,
    /// A Swedish personal identity number, where the billing system has one.
    pub personnummer: Option<String>,
    pub revision: Revision,
    /// The contact fields the billing system keeps for this person; the rest stay empty
    /// (a WHMCS user who is not the account owner has a name, an e-mail and a language).
    pub fields: &'static [&'static str],
    /// Of `fields`, those that are the person's own login (WHMCS: the user's name, e-mail
    /// and language, one login across all their accounts; a contact has none): nobody
    /// but the person may change them.
    pub login_fields: &'static [&'static str],
}

/// A login's own fields, as both backends keep them.
pub const LOGIN_FIELDS: &[&str] = &["name", "email", "language"];

impl Person {
    pub fn name(&self) -> &str {
        &self.details.name
    }
    pub fn email(&self) -> &str {
        &self.details.email
    }
    pub fn locale(&self) -> Locale {
        self.details.language
    }

    /// Whether what the account holds (its profile, services, domains, invoices, e-mails,
    /// notes, client-level history) is this person's data: only its owner's. A user
    /// invited to someone's private account holds their own login and what they filed
    /// there, never the holder's records, whatever the billing system lets them do.
    pub fn holds(&self, account: &Account) -> bool {
        self.is_admin && self.account_id == account.id
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub kind: AccountKind,
    pub name: String,
    pub org_number: Option<String>,
    pub country: String,
}

/// Who a person is, as a header line needs.
pub fn summary(person: &Person, account: &Account) -> PersonSummary {
    PersonSummary {
        id: person.id.clone(),
        display_name: person.details.name.clone(),
        account_id: account.id.clone(),
        account_name: account.name.clone(),
        account_kind: account.kind,
    }
}

/// A person as lists show them: found by id alone, from any account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonBrief {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
}

/// A member of the hosting company's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    /// May decide and execute (reject, execute, grant or lift a restriction), not only
    /// triage (read, assign, note, ask, extend).
    pub may_decide: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Pending,
    Active,
    Suspended,
    /// Ended: terminated, cancelled or completed.
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub product: String,
    pub status: ServiceStatus,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub id: String,
    pub domain: String,
    pub registered_on: Option<Date>,
    pub expires_on: Option<Date>,
    /// The registry still has it (WHMCS: active, in grace or redemption, or pending).
    pub registered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: String,
    pub number: String,
    pub issued_on: Option<Date>,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
}

/// Records the billing system keeps about a person besides services, domains and
/// invoices, counted: what erasure anonymises and the overview counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordGroup {
    /// Logins with IP address and browser.
    Logins,
    /// Support tickets and their replies.
    Tickets,
    /// E-mails the billing system sent the person.
    Emails,
    /// The billing system's activity log entries about the person.
    ActivityLog,
    /// Staff notes about the customer.
    StaffNotes,
    /// Orders, with the IP address they were placed from.
    Orders,
    /// Quotes, which copy the buyer's name and address.
    Quotes,
    /// The billing system's own history of marketing consent.
    MarketingConsents,
}

impl RecordGroup {
    pub fn category(self) -> DataCategory {
        match self {
            RecordGroup::Logins
            | RecordGroup::Tickets
            | RecordGroup::Emails
            | RecordGroup::ActivityLog
            | RecordGroup::StaffNotes => DataCategory::History,
            RecordGroup::Orders | RecordGroup::Quotes => DataCategory::CustomerRelationship,
            RecordGroup::MarketingConsents => DataCategory::Consents,
        }
    }
}

/// What the billing system holds about one person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holdings {
    /// The account's services, when the person holds the account.
    pub services: Vec<Service>,
    /// Domains the person is the registrant of.
    pub domains: Vec<Domain>,
    /// The account's invoices, when the person holds the account.
    pub invoices: Vec<Invoice>,
    /// Every other group of records, with how many there are (none are left out).
    pub records: Vec<(RecordGroup, u64)>,
    /// How many other accounts the person's login belongs to (never which): what is
    /// there is not this account's to show or erase.
    pub other_accounts: u64,
}

impl Holdings {
    pub fn count(&self, group: RecordGroup) -> u64 {
        self.records
            .iter()
            .filter(|(g, _)| *g == group)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Which page of records is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Only this section; all of the category's first pages when `None`.
    pub section: Option<String>,
    pub offset: u64,
    pub limit: u64,
}

impl Page {
    /// Whether section `key` is asked for, and from where.
    pub fn wants(&self, key: &str) -> Option<u64> {
        match &self.section {
            None => Some(0),
            Some(s) if s == key => Some(self.offset),
            Some(_) => None,
        }
    }

    /// A section of `total` records whose rows from `offset` are `rows`.
    pub fn section(
        &self,
        key: &str,
        total: u64,
        offset: u64,
        columns: &[&str],
        rows: Vec<Vec<String>>,
    ) -> RecordSection {
        let end = offset + rows.len() as u64;
        RecordSection {
            key: key.to_string(),
            total,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            next_offset: (end < total).then_some(end),
        }
    }
}

/// An amount in minor units as people read it: `1490.00 NOK`.
pub fn amount(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02} {currency}", m / 100, m % 100)
        .trim()
        .to_string()
}

/// A kind of billing record the retention ledger can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Service,
    Domain,
    Invoice,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [RecordKind::Service, RecordKind::Domain, RecordKind::Invoice];
    pub fn key(self) -> &'static str {
        match self {
            RecordKind::Service => "service",
            RecordKind::Domain => "domain",
            RecordKind::Invoice => "invoice",
        }
    }
    pub fn parse(key: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One billing record, by kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: String,
}

/// What the retention sweep needs to know of a held record now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordState {
    /// It is gone from the billing system.
    Gone,
    Service(Service),
    Domain(Domain),
    Invoice(Invoice),
}

/// An account every service of which has ended, and the day the last one did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedAccount {
    pub account_id: String,
    pub last_end: Date,
}

/// A lead (someone who asked about the host's services) marked "not relevant".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: String,
    pub status_changed_on: Date,
}

/// The billing system as the portal uses it.
#[async_trait]
pub trait Billing: Send + Sync {
    /// `builtin` or `whmcs`, for logs and readiness.
    fn name(&self) -> &'static str;

    /// Whether the billing system answers and has what the backend uses.
    async fn check(&self) -> BillingResult<()>;

    /// The fields the host lets only its staff change, by the portal's names: of a
    /// login's own details and of an account's (WHMCS: `ClientsProfileUneditableFields`,
    /// which its client area enforces and its API does not).
    async fn locked_fields(&self) -> BillingResult<LockedFields> {
        Ok(LockedFields::default())
    }

    /// Why an erasure that anonymises account `account_id` cannot be carried out now, if
    /// it cannot (WHMCS: its kept invoices would print the erased buyer).
    async fn account_erasure_refusal(&self, _account_id: &str) -> BillingResult<Option<Refusal>> {
        Ok(None)
    }

    /// What the operator should fix though the billing system answers (`/readyz`'s
    /// warnings): the portal reads, but some changes cannot be made.
    async fn warnings(&self) -> Vec<&'static str> {
        Vec::new()
    }

    /// The person, if they are still registered under that account.
    async fn person(&self, account_id: &str, person_id: &str) -> BillingResult<Option<Person>>;

    async fn account(&self, account_id: &str) -> BillingResult<Option<Account>>;

    /// The account's own details (WHMCS: the client row) and their revision, apart from
    /// any login: what only the account's holder sees and corrects.
    async fn account_details(
        &self,
        account_id: &str,
    ) -> BillingResult<Option<(AccountDetails, Revision)>>;

    /// The person, if they are still registered under that account, with the account they
    /// belong to: what every self-service request reads first. A backend that can read
    /// both at once does.
    async fn person_with_account(
        &self,
        account_id: &str,
        person_id: &str,
    ) -> BillingResult<Option<(Person, Account)>> {
        let Some(person) = self.person(account_id, person_id).await? else {
            return Ok(None);
        };
        Ok(self
            .account(&person.account_id)
            .await?
            .map(|account| (person, account)))
    }

    /// Every person registered under the account, the admin included, by name.
    async fn people_of_account(&self, account_id: &str) -> BillingResult<Vec<PersonBrief>>;

    /// The persons with these ids, in no particular order; unknown ids are left out. One
    /// call for a whole list. A person registered under several accounts is listed once,
    /// under one of them.
    async fn persons_by_id(&self, ids: &[String]) -> BillingResult<Vec<PersonBrief>>;

    /// The names of these accounts: (id, name), unknown ids left out.
    async fn account_names(&self, ids: &[String]) -> BillingResult<Vec<(String, String)>>;

    /// Ids of persons whose id is `text` or whose name or e-mail contains it (any case),
    /// at most `limit`, in no promised order (which ones, when more match, is the
    /// backend's cheapest choice).
    async fn search_persons(&self, text: &str, limit: usize) -> BillingResult<Vec<String>>;

    /// The staff member, if they are active staff.
    async fn staff(&self, id: &str) -> BillingResult<Option<StaffMember>>;

    async fn holdings(&self, person: &Person, account: &Account) -> BillingResult<Holdings>;

    /// A page of each kind of record the billing system holds about the person in
    /// `category` (`section`: only that kind, from `offset`), for the person to see.
    async fn records(
        &self,
        person: &Person,
        account: &Account,
        category: DataCategory,
        page: &Page,
    ) -> BillingResult<Vec<RecordSection>>;

    /// Everything the billing system holds about the person, for the export, read from
    /// one consistent view of the billing data.
    async fn export(
        &self,
        person: &Person,
        account: &Account,
    ) -> BillingResult<Box<dyn ExportSource>>;

    /// Whether the billing system keeps its own marketing consent (WHMCS does): then the
    /// portal tells it of every newsletter subscription and unsubscription.
    fn keeps_marketing_consent(&self) -> bool;

    /// The billing system's own record of the person's consent to marketing e-mail, where
    /// it keeps one for them (`None`: it keeps none).
    async fn marketing_opt_in(
        &self,
        person: &Person,
        account: &Account,
    ) -> BillingResult<Option<bool>>;

    /// A record the retention ledger holds, as it is now.
    async fn record(&self, record: &RecordRef) -> BillingResult<RecordState>;

    /// Accounts whose every service has ended (with a date), for the customer rule.
    async fn ended_accounts(&self) -> BillingResult<Vec<EndedAccount>>;

    /// Leads marked "not relevant", not yet anonymised, whose status changed on or before
    /// `bound`.
    async fn leads_not_relevant_since(&self, bound: Date) -> BillingResult<Vec<Lead>>;

    /// Applies a command once: a command already applied is not applied again. A command
    /// the billing data refuses (a stale revision) changes nothing.
    async fn apply(&self, command: &Command) -> BillingResult<Applied>;

    /// Makes sure a command that was never applied never will be; answers whether it had
    /// been applied after all.
    async fn abandon(&self, command: &Command) -> BillingResult<bool>;

    /// Seeds the demo dataset, once (demo mode). A WHMCS database brings its own.
    async fn seed_demo(&self, today: Date, now: i64) -> BillingResult<()>;
}

/// Opens the billing backend: `url` `None` is the built-in store in the portal's own
/// database, a `mysql://` URL a WHMCS database.
pub async fn connect(
    url: Option<&str>,
    portal_database_url: &str,
    whmcs: &whmcs::WhmcsSettings,
) -> BillingResult<BillingSystem> {
    match url {
        None => Ok(Arc::new(
            builtin::Builtin::connect(portal_database_url).await?,
        )),
        Some(url) => Ok(Arc::new(whmcs::Whmcs::connect(url, whmcs.clone()).await?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_owner_holds_an_account_of_either_kind() {
        let account = |kind| Account {
            id: "A".into(),
            kind,
            name: "A".into(),
            org_number: None,
            country: "NO".into(),
        };
        let person = |is_admin| Person {
            id: "p".into(),
            account_id: "A".into(),
            is_admin,
            details: ContactDetails::default(),
            personnummer: None,
            revision: Revision(1),
            fields: &ContactDetails::FIELDS,
            login_fields: LOGIN_FIELDS,
        };
        assert!(person(true).holds(&account(AccountKind::Private)));
        assert!(person(true).holds(&account(AccountKind::Company)));
        // An invited user of a private account is not its holder.
        assert!(!person(false).holds(&account(AccountKind::Private)));
        assert!(!person(false).holds(&account(AccountKind::Company)));
        // Nor is the owner of one account the holder of another.
        let mut other = account(AccountKind::Private);
        other.id = "B".into();
        assert!(!person(true).holds(&other));
    }
}
