//! The billing boundary: accounts, persons, services, domains, invoices, login history and
//! support tickets. In production this data is the host's billing system (a WHMCS
//! connector implements the same functions); the built-in implementation keeps it in the
//! portal's own `billing_*` tables. Functions take a connection so a caller can run them
//! inside its own transaction.

use portal_domain::Locale;
use portal_domain::api::{AccountKind, ContactDetails, PersonSummary};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct PersonRecord {
    pub id: String,
    pub account_id: String,
    pub is_account_admin: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub company: String,
    pub language: String,
    pub personnummer: Option<String>,
    pub version: i64,
}

impl PersonRecord {
    pub fn contact_details(&self) -> ContactDetails {
        ContactDetails {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            company: self.company.clone(),
            language: self.locale(),
        }
    }

    pub fn locale(&self) -> Locale {
        Locale::parse(&self.language).unwrap_or_default()
    }

    pub fn is_admin(&self) -> bool {
        self.is_account_admin != 0
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct AccountRecord {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub org_number: Option<String>,
    pub country: String,
}

impl AccountRecord {
    pub fn kind(&self) -> AccountKind {
        if self.kind == "company" {
            AccountKind::Company
        } else {
            AccountKind::Private
        }
    }
}

pub fn summary(person: &PersonRecord, account: &AccountRecord) -> PersonSummary {
    PersonSummary {
        id: person.id.clone(),
        display_name: person.name.clone(),
        account_id: account.id.clone(),
        account_name: account.name.clone(),
        account_kind: account.kind(),
    }
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ServiceRecord {
    pub id: String,
    pub product: String,
    pub status: String,
    pub started_on: String,
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct DomainRecord {
    pub id: String,
    pub domain: String,
    pub registered_on: String,
    pub expires_on: String,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct InvoiceRecord {
    pub id: String,
    pub number: String,
    pub issued_on: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct TicketRecord {
    pub id: String,
    pub opened_at: i64,
    pub subject: String,
    pub body: String,
    pub status: String,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct LoginRecord {
    pub id: i64,
    pub at: i64,
    pub ip: String,
    pub user_agent: String,
}

const PERSON_COLUMNS: &str = "id, account_id, is_account_admin, name, email, phone, street, postal_code, city, \
     country, company, language, personnummer, version";

pub async fn person(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<PersonRecord>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PERSON_COLUMNS} FROM billing_persons WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn account(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<AccountRecord>> {
    sqlx::query_as("SELECT id, kind, name, org_number, country FROM billing_accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whether `id` is a member of the hosting company's staff.
pub async fn is_staff(conn: &mut AnyConnection, id: &str) -> sqlx::Result<bool> {
    Ok(staff_name(conn, id).await?.is_some())
}

/// The name of staff member `id`; `None` when `id` is not staff.
pub async fn staff_name(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT name FROM billing_staff WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Writes new contact details if the stored version is still `expected_version`.
/// Returns the new version, or `None` when someone else wrote first.
pub async fn update_contact(
    conn: &mut AnyConnection,
    person_id: &str,
    expected_version: i64,
    d: &ContactDetails,
) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "UPDATE billing_persons SET name = $1, email = $2, phone = $3, street = $4, postal_code = $5, city = $6, \
         country = $7, company = $8, language = $9, version = version + 1 WHERE id = $10 AND version = $11",
    )
    .bind(&d.name)
    .bind(&d.email)
    .bind(&d.phone)
    .bind(&d.street)
    .bind(&d.postal_code)
    .bind(&d.city)
    .bind(&d.country)
    .bind(&d.company)
    .bind(d.language.code())
    .bind(person_id)
    .bind(expected_version)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(expected_version + 1))
}

pub async fn services(
    conn: &mut AnyConnection,
    account_id: &str,
) -> sqlx::Result<Vec<ServiceRecord>> {
    sqlx::query_as("SELECT id, product, status, started_on, ended_on FROM billing_services WHERE account_id = $1 ORDER BY started_on, id")
        .bind(account_id)
        .fetch_all(conn)
        .await
}

/// Domains the person is the registrant of.
pub async fn domains(conn: &mut AnyConnection, person_id: &str) -> sqlx::Result<Vec<DomainRecord>> {
    sqlx::query_as("SELECT id, domain, registered_on, expires_on FROM billing_domains WHERE registrant_id = $1 ORDER BY domain")
        .bind(person_id)
        .fetch_all(conn)
        .await
}

/// Invoices of the account. They are the account holder's personal data (a private
/// customer, or the admin of a company account), not its employees'.
pub async fn invoices(
    conn: &mut AnyConnection,
    account_id: &str,
) -> sqlx::Result<Vec<InvoiceRecord>> {
    sqlx::query_as("SELECT id, number, issued_on, amount_minor, currency, status FROM billing_invoices WHERE account_id = $1 ORDER BY issued_on, id")
        .bind(account_id)
        .fetch_all(conn)
        .await
}

pub async fn tickets(conn: &mut AnyConnection, person_id: &str) -> sqlx::Result<Vec<TicketRecord>> {
    sqlx::query_as("SELECT id, opened_at, subject, body, status FROM billing_tickets WHERE person_id = $1 ORDER BY opened_at, id")
        .bind(person_id)
        .fetch_all(conn)
        .await
}

pub async fn login_count(conn: &mut AnyConnection, person_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM billing_login_history WHERE person_id = $1")
        .bind(person_id)
        .fetch_one(conn)
        .await
}

/// One page of login history after `after_id`, oldest first (keyset paging, so each
/// page costs the same however deep the history goes).
pub async fn login_page(
    conn: &mut AnyConnection,
    person_id: &str,
    after_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<LoginRecord>> {
    sqlx::query_as("SELECT id, at, ip, user_agent FROM billing_login_history WHERE person_id = $1 AND id > $2 ORDER BY id LIMIT $3")
        .bind(person_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(conn)
        .await
}
