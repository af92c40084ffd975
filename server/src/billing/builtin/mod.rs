//! The built-in billing store: the `billing_*` tables in the portal's own database (see
//! migration 0001), for the embedded default and the demo. It is a store of its own all
//! the same, with its own connection pool: the portal never reads or writes these tables
//! inside its own transactions, exactly as it could not with a real billing system, so the
//! built-in store runs the same code paths as WHMCS does.

pub mod demo;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use futures::TryStreamExt;
use portal_domain::api::{
    AccountDetails, AccountKind, ContactDetails, DataCategory, RecordSection,
};
use portal_domain::{Locale, format_iso_date, parse_iso_date};
use serde::Serialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Executor, FromRow, Row};
use time::Date;

use super::export::{ExportResult, ExportSource, ExportWriter, UnixTime};
use super::{
    Account, Applied, Billing, BillingError, BillingResult, Command, CommandAction, Domain,
    EndedAccount, Holdings, Invoice, Lead, Page, Person, PersonBrief, RecordGroup, RecordKind,
    RecordRef, RecordState, Revision, Service, ServiceStatus, StaffMember,
};
use crate::store::db::{Backend, checked_after_idle};
use crate::store::reads::SqliteReads;

/// What an erased person's name becomes.
pub const ERASED_NAME: &str = "Erased person";
/// What the subject and body of an erased person's support tickets, and the note of an
/// anonymised lead, become.
pub const ERASED_TEXT: &str = "[erased]";

pub struct Builtin {
    pool: AnyPool,
    backend: Backend,
    /// The export's connections: native to the backend, so a large account's million rows
    /// are not each converted to `sqlx::Any`'s rows on the way.
    export_pool: NativePool,
    /// Key lookups without the pool on a SQLite file (see `store::reads`): the person
    /// every self-service request is about.
    reads: Option<std::sync::Arc<SqliteReads>>,
}

/// A pool of the backend's own driver.
enum NativePool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// The export's read transaction, on the backend's own driver.
enum NativeTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$c` bound to the transaction of either driver (the SQL is the same).
macro_rules! on_native {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            NativeTx::Sqlite($c) => $body,
            NativeTx::Postgres($c) => $body,
        }
    };
}

/// Exports run few at a time and hold their connection for as long as the client reads;
/// the pool opens them when asked and closes them when idle.
fn native_pool(url: &str, backend: Backend, max: u32) -> BillingResult<NativePool> {
    fn options<DB: sqlx::Database>(max: u32) -> sqlx::pool::PoolOptions<DB> {
        checked_after_idle(sqlx::pool::PoolOptions::new())
            .max_connections(max)
            .min_connections(0)
            .idle_timeout(Duration::from_secs(60))
            .acquire_timeout(Duration::from_secs(10))
    }
    Ok(match backend {
        Backend::Sqlite => {
            let connect = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                .busy_timeout(Duration::from_secs(10))
                // The worker thread hands rows over in larger batches.
                .row_buffer_size(256);
            NativePool::Sqlite(options(max).connect_lazy_with(connect))
        }
        Backend::Postgres => {
            let connect = sqlx::postgres::PgConnectOptions::from_str(url)?;
            NativePool::Postgres(options(max).connect_lazy_with(connect))
        }
    })
}

impl Builtin {
    /// Opens the store in the portal's database at `url` (already migrated).
    pub async fn connect(url: &str) -> BillingResult<Builtin> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url);
        let options = AnyConnectOptions::from_str(url)?;
        let pool = checked_after_idle(AnyPoolOptions::new())
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let export_pool =
            native_pool(url, backend, if backend == Backend::Sqlite { 4 } else { 8 })?;
        Ok(Builtin {
            pool,
            backend,
            export_pool,
            reads: SqliteReads::for_url(url),
        })
    }

    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }
}

#[derive(FromRow)]
struct PersonRow {
    id: String,
    account_id: String,
    is_account_admin: i64,
    name: String,
    email: String,
    phone: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
    company: String,
    language: String,
    personnummer: Option<String>,
    version: i64,
}

impl PersonRow {
    /// The row of a lookup, by place in `PERSON_COLUMNS` (a column found by name is a
    /// scan of the row's column names, on the path every request takes).
    fn of_row(r: &rusqlite::Row) -> rusqlite::Result<PersonRow> {
        Ok(PersonRow {
            id: r.get(0)?,
            account_id: r.get(1)?,
            is_account_admin: r.get(2)?,
            name: r.get(3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
            street: r.get(6)?,
            postal_code: r.get(7)?,
            city: r.get(8)?,
            country: r.get(9)?,
            company: r.get(10)?,
            language: r.get(11)?,
            personnummer: r.get(12)?,
            version: r.get(13)?,
        })
    }

    fn into_person(self) -> Person {
        Person {
            details: ContactDetails {
                name: self.name,
                email: self.email,
                phone: self.phone,
                street: self.street,
                postal_code: self.postal_code,
                city: self.city,
                country: self.country,
                company: self.company,
                language: Locale::parse(&self.language).unwrap_or_default(),
            },
            id: self.id,
            account_id: self.account_id,
            is_admin: self.is_account_admin != 0,
            personnummer: self.personnummer,
            revision: Revision(self.version),
            fields: &ContactDetails::FIELDS,
            // A person of the built-in store logs in as themself: name, e-mail and
            // language are their login's.
            login_fields: crate::billing::LOGIN_FIELDS,
        }
    }
}

const PERSON_COLUMNS: &str = "id, account_id, is_account_admin, name, email, phone, street, postal_code, city, \
     country, company, language, personnummer, version";
/// `PERSON_COLUMNS` of `billing_persons p`, in a join.
const PERSON_COLUMNS_OF_P: &str = "p.id, p.account_id, p.is_account_admin, p.name, p.email, p.phone, p.street, \
     p.postal_code, p.city, p.country, p.company, p.language, p.personnummer, p.version";

#[derive(FromRow)]
struct AccountRow {
    id: String,
    kind: String,
    name: String,
    org_number: Option<String>,
    country: String,
}

impl AccountRow {
    fn into_account(self) -> Account {
        Account {
            kind: if self.kind == "company" {
                AccountKind::Company
            } else {
                AccountKind::Private
            },
            id: self.id,
            name: self.name,
            org_number: self.org_number,
            country: self.country,
        }
    }
}

/// An account's own details, apart from anyone's login (migration 0018).
#[derive(FromRow)]
struct AccountDetailsRow {
    holder_name: String,
    company: String,
    email: String,
    phone: String,
    street: String,
    address2: String,
    postal_code: String,
    city: String,
    state: String,
    country: String,
    details_version: i64,
}

const ACCOUNT_DETAILS_COLUMNS: &str = "holder_name, company, email, phone, street, address2, postal_code, city, \
     state, country, details_version";

impl AccountDetailsRow {
    fn into_details(self) -> (AccountDetails, Revision) {
        (
            AccountDetails {
                name: self.holder_name,
                company: self.company,
                email: self.email,
                phone: self.phone,
                street: self.street,
                address2: self.address2,
                postal_code: self.postal_code,
                city: self.city,
                state: self.state,
                country: self.country,
            },
            Revision(self.details_version),
        )
    }
}

/// Accounts without details of their own start from their owner's, as migration 0018
/// started the accounts there were then.
pub(crate) const ACCOUNT_DETAILS_FROM_OWNER: &str = "UPDATE billing_accounts SET \
     holder_name = COALESCE((SELECT p.name FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), name), \
     company = CASE WHEN kind = 'company' THEN name ELSE '' END, \
     email = COALESCE((SELECT p.email FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''), \
     phone = COALESCE((SELECT p.phone FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''), \
     street = COALESCE((SELECT p.street FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''), \
     postal_code = COALESCE((SELECT p.postal_code FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), ''), \
     city = COALESCE((SELECT p.city FROM billing_persons p WHERE p.account_id = billing_accounts.id \
         AND p.is_account_admin = 1 ORDER BY p.id LIMIT 1), '') \
     WHERE holder_name = ''";

/// A person and their account, read in one statement.
#[derive(FromRow)]
struct PersonAccountRow {
    #[sqlx(flatten)]
    person: PersonRow,
    account_kind: String,
    account_name: String,
    account_org_number: Option<String>,
    account_country: String,
}

impl PersonAccountRow {
    /// `PERSON_COLUMNS_OF_P`, then the account's four columns.
    fn of_row(r: &rusqlite::Row) -> rusqlite::Result<PersonAccountRow> {
        Ok(PersonAccountRow {
            person: PersonRow::of_row(r)?,
            account_kind: r.get(14)?,
            account_name: r.get(15)?,
            account_org_number: r.get(16)?,
            account_country: r.get(17)?,
        })
    }
}

#[derive(FromRow)]
struct BriefRow {
    id: String,
    account_id: String,
    account_name: String,
    name: String,
    email: String,
    is_account_admin: i64,
}

impl BriefRow {
    fn into_brief(self) -> PersonBrief {
        PersonBrief {
            id: self.id,
            account_id: self.account_id,
            account_name: self.account_name,
            name: self.name,
            email: self.email,
            is_admin: self.is_account_admin != 0,
        }
    }
}

/// Services, domains and invoices as the built-in tables hold them, and as its export
/// shows them.
#[derive(FromRow, Serialize)]
struct ServiceRow {
    id: String,
    product: String,
    status: String,
    started_on: String,
    ended_on: Option<String>,
}

impl ServiceRow {
    fn to_service(&self) -> Service {
        Service {
            id: self.id.clone(),
            product: self.product.clone(),
            status: match self.status.as_str() {
                "active" => ServiceStatus::Active,
                "suspended" => ServiceStatus::Suspended,
                _ => ServiceStatus::Ended,
            },
            started_on: parse_iso_date(&self.started_on),
            ended_on: self.ended_on.as_deref().and_then(parse_iso_date),
        }
    }
}

#[derive(FromRow, Serialize)]
struct DomainRow {
    id: String,
    domain: String,
    registered_on: String,
    expires_on: String,
}

impl DomainRow {
    fn to_domain(&self) -> Domain {
        Domain {
            id: self.id.clone(),
            domain: self.domain.clone(),
            registered_on: parse_iso_date(&self.registered_on),
            expires_on: parse_iso_date(&self.expires_on),
            // The built-in store keeps a domain until it is removed.
            registered: true,
        }
    }
}

#[derive(FromRow, Serialize)]
struct InvoiceRow {
    id: String,
    number: String,
    issued_on: String,
    amount_minor: i64,
    currency: String,
    status: String,
}

impl InvoiceRow {
    fn to_invoice(&self) -> Invoice {
        Invoice {
            id: self.id.clone(),
            number: self.number.clone(),
            issued_on: parse_iso_date(&self.issued_on),
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            status: self.status.clone(),
        }
    }
}

const SERVICES: &str = "SELECT id, product, status, started_on, ended_on FROM billing_services WHERE account_id = $1 ORDER BY started_on, id";
const DOMAINS: &str = "SELECT id, domain, registered_on, expires_on FROM billing_domains WHERE registrant_id = $1 ORDER BY domain";
const INVOICES: &str = "SELECT id, number, issued_on, amount_minor, currency, status FROM billing_invoices WHERE account_id = $1 ORDER BY issued_on, id";

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids bound in chunks, so no statement gets more parameters than a database allows.
const IN_CHUNK: usize = 500;

/// `%text%` for `LIKE … ESCAPE '\'`, lower-cased, with the wildcards in `text` escaped.
pub fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// An FTS5 query for the rows containing `text` as it is: one phrase, which the trigram
/// index matches as a substring of a column, in any case.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

async fn count(conn: &mut AnyConnection, sql: &'static str, key: &str) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(sql).bind(key).fetch_one(conn).await?;
    Ok(n.max(0) as u64)
}

/// A count of the person's rows made on the account (`$1` the person, `$2` the account).
async fn count_on(
    conn: &mut AnyConnection,
    sql: &'static str,
    person: &str,
    account: &str,
) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(sql)
        .bind(person)
        .bind(account)
        .fetch_one(conn)
        .await?;
    Ok(n.max(0) as u64)
}

/// `PERSON_COLUMNS` of a person under an account beyond their first: the link says which
/// account and whether they own it (`billing_persons p`, `billing_person_accounts l`).
const LINKED_PERSON_COLUMNS: &str = "p.id, l.account_id, l.is_owner AS is_account_admin, p.name, p.email, p.phone, p.street, \
     p.postal_code, p.city, p.country, p.company, p.language, p.personnummer, p.version";

#[async_trait]
impl Billing for Builtin {
    fn name(&self) -> &'static str {
        "builtin"
    }

    async fn check(&self) -> BillingResult<()> {
        sqlx::query("SELECT COUNT(*) FROM billing_accounts WHERE id = ''")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn person(&self, account_id: &str, person_id: &str) -> BillingResult<Option<Person>> {
        let row: Option<PersonRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PERSON_COLUMNS} FROM billing_persons WHERE id = $1 AND account_id = $2 \
             UNION ALL SELECT {LINKED_PERSON_COLUMNS} FROM billing_persons p \
             JOIN billing_person_accounts l ON l.person_id = p.id WHERE p.id = $1 AND l.account_id = $2"
        )))
        .bind(person_id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(PersonRow::into_person))
    }

    async fn account(&self, account_id: &str) -> BillingResult<Option<Account>> {
        let row: Option<AccountRow> = sqlx::query_as(
            "SELECT id, kind, name, org_number, country FROM billing_accounts WHERE id = $1",
        )
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(AccountRow::into_account))
    }

    async fn account_details(
        &self,
        account_id: &str,
    ) -> BillingResult<Option<(AccountDetails, Revision)>> {
        let row: Option<AccountDetailsRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_DETAILS_COLUMNS} FROM billing_accounts WHERE id = $1"
        )))
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(AccountDetailsRow::into_details))
    }

    async fn person_with_account(
        &self,
        account_id: &str,
        person_id: &str,
    ) -> BillingResult<Option<(Person, Account)>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS_OF_P}, a.kind AS account_kind, a.name AS account_name, \
             a.org_number AS account_org_number, a.country AS account_country \
             FROM billing_persons p JOIN billing_accounts a ON a.id = p.account_id \
             WHERE p.id = $1 AND p.account_id = $2"
        );
        let mut row: Option<PersonAccountRow> = match &self.reads {
            Some(reads) => reads.read(|c| {
                use rusqlite::OptionalExtension;
                c.prepare_cached(&sql)?
                    .query_row([person_id, account_id], PersonAccountRow::of_row)
                    .optional()
            })?,
            None => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(person_id)
                    .bind(account_id)
                    .fetch_optional(&self.pool)
                    .await?
            }
        };
        if row.is_none() {
            // An account beyond the person's first: rare, so read apart, and the first
            // account's lookup on every request stays one key lookup.
            row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {LINKED_PERSON_COLUMNS}, a.kind AS account_kind, a.name AS account_name, \
                 a.org_number AS account_org_number, a.country AS account_country \
                 FROM billing_persons p JOIN billing_person_accounts l ON l.person_id = p.id \
                 JOIN billing_accounts a ON a.id = l.account_id WHERE p.id = $1 AND l.account_id = $2"
            )))
            .bind(person_id)
            .bind(account_id)
            .fetch_optional(&self.pool)
            .await?;
        }
        Ok(row.map(|r| {
            let account = AccountRow {
                id: r.person.account_id.clone(),
                kind: r.account_kind,
                name: r.account_name,
                org_number: r.account_org_number,
                country: r.account_country,
            }
            .into_account();
            (r.person.into_person(), account)
        }))
    }

    async fn people_of_account(&self, account_id: &str) -> BillingResult<Vec<PersonBrief>> {
        let rows: Vec<BriefRow> = sqlx::query_as(
            "SELECT p.id, p.account_id, a.name AS account_name, p.name, p.email, p.is_account_admin \
             FROM billing_persons p JOIN billing_accounts a ON a.id = p.account_id \
             WHERE p.account_id = $1 \
             UNION ALL SELECT p.id, l.account_id, a.name, p.name, p.email, l.is_owner \
             FROM billing_persons p JOIN billing_person_accounts l ON l.person_id = p.id \
             JOIN billing_accounts a ON a.id = l.account_id WHERE l.account_id = $1 \
             ORDER BY 4, 1",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(BriefRow::into_brief).collect())
    }

    async fn persons_by_id(&self, ids: &[String]) -> BillingResult<Vec<PersonBrief>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT p.id, p.account_id, a.name AS account_name, p.name, p.email, p.is_account_admin \
                 FROM billing_persons p JOIN billing_accounts a ON a.id = p.account_id WHERE p.id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, BriefRow>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id);
            }
            out.extend(
                q.fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(BriefRow::into_brief),
            );
        }
        Ok(out)
    }

    async fn account_names(&self, ids: &[String]) -> BillingResult<Vec<(String, String)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT id, name FROM billing_accounts WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    async fn search_persons(&self, text: &str, limit: usize) -> BillingResult<Vec<String>> {
        // Three characters make a trigram, which the search indexes of migration 0008 can
        // look up; a shorter search reads the persons in id order until it has enough,
        // quickly when it matches many and as slowly as reading every person when it
        // matches few.
        let (sql, pattern) = if self.backend == Backend::Sqlite && text.chars().count() >= 3 {
            // In the search index's own order: the first matches come straight off the
            // index, where an order by person id sorted every match first (a common
            // name matches thousands).
            (
                "SELECT id FROM billing_persons WHERE id = $1 \
                 UNION SELECT person_id FROM (SELECT k.person_id FROM billing_persons_search s \
                 JOIN billing_persons_search_keys k ON k.n = s.rowid \
                 WHERE billing_persons_search MATCH $2 ORDER BY s.rowid LIMIT $3) LIMIT $3",
                fts_phrase(text),
            )
        } else {
            (
                "SELECT id FROM billing_persons WHERE id = $1 \
                 OR lower(name) LIKE $2 ESCAPE '\\' OR lower(email) LIKE $2 ESCAPE '\\' \
                 ORDER BY id LIMIT $3",
                contains_pattern(text),
            )
        };
        // Not kept prepared: Postgres plans a kept statement for any text after a few runs,
        // and a plan for any text walks every person; planned for this text, it uses the
        // indexes when the text is rare and walks the persons in id order when it is not.
        let ids: Vec<String> = sqlx::query_scalar(sql)
            .bind(text)
            .bind(pattern)
            .bind(limit as i64)
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        Ok(ids)
    }

    async fn staff(&self, id: &str) -> BillingResult<Option<StaffMember>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT name, may_decide FROM billing_staff WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(name, may_decide)| StaffMember {
            id: id.to_string(),
            name,
            may_decide: may_decide != 0,
        }))
    }

    async fn holdings(&self, person: &Person, account: &Account) -> BillingResult<Holdings> {
        let mut conn = self.pool.acquire().await?;
        let mut h = Holdings::default();
        if person.holds(account) {
            let services: Vec<ServiceRow> = sqlx::query_as(SERVICES)
                .bind(&account.id)
                .fetch_all(&mut *conn)
                .await?;
            h.services = services.iter().map(ServiceRow::to_service).collect();
            let invoices: Vec<InvoiceRow> = sqlx::query_as(INVOICES)
                .bind(&account.id)
                .fetch_all(&mut *conn)
                .await?;
            h.invoices = invoices.iter().map(InvoiceRow::to_invoice).collect();
        }
        let domains: Vec<DomainRow> = sqlx::query_as(DOMAINS)
            .bind(&person.id)
            .fetch_all(&mut *conn)
            .await?;
        h.domains = domains.iter().map(DomainRow::to_domain).collect();
        h.records = vec![
            (
                RecordGroup::Logins,
                count_on(
                    &mut conn,
                    "SELECT COUNT(*) FROM billing_login_history WHERE person_id = $1 AND account_id = $2",
                    &person.id,
                    &account.id,
                )
                .await?,
            ),
            (
                RecordGroup::Tickets,
                count_on(
                    &mut conn,
                    "SELECT COUNT(*) FROM billing_tickets WHERE person_id = $1 AND account_id = $2",
                    &person.id,
                    &account.id,
                )
                .await?,
            ),
        ];
        h.other_accounts = count_on(
            &mut conn,
            "SELECT (SELECT COUNT(*) FROM billing_persons WHERE id = $1 AND account_id <> $2) \
             + (SELECT COUNT(*) FROM billing_person_accounts WHERE person_id = $1 AND account_id <> $2)",
            &person.id,
            &account.id,
        )
        .await?;
        Ok(h)
    }

    async fn records(
        &self,
        person: &Person,
        account: &Account,
        category: DataCategory,
        page: &Page,
    ) -> BillingResult<Vec<RecordSection>> {
        let mut out = Vec::new();
        let p = &self.pool;
        let lim = page.limit as i64;
        let opt = |d: &Option<String>| d.clone().unwrap_or_default();
        match category {
            DataCategory::CustomerRelationship if person.holds(account) => {
                if let Some(off) = page.wants("services") {
                    let rows: Vec<ServiceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "{SERVICES} LIMIT $2 OFFSET $3"
                    )))
                    .bind(&account.id)
                    .bind(lim)
                    .bind(off as i64)
                    .fetch_all(p)
                    .await?;
                    let total = count(
                        &mut *p.acquire().await?,
                        "SELECT COUNT(*) FROM billing_services WHERE account_id = $1",
                        &account.id,
                    )
                    .await?;
                    out.push(
                        page.section(
                            "services",
                            total,
                            off,
                            &["product", "status", "started_on", "ended_on"],
                            rows.iter()
                                .map(|r| {
                                    vec![
                                        r.product.clone(),
                                        r.status.clone(),
                                        r.started_on.clone(),
                                        opt(&r.ended_on),
                                    ]
                                })
                                .collect(),
                        ),
                    );
                }
                if let Some(off) = page.wants("invoices") {
                    let rows: Vec<InvoiceRow> = sqlx::query_as(
                        "SELECT id, number, issued_on, amount_minor, currency, status FROM billing_invoices \
                         WHERE account_id = $1 ORDER BY issued_on DESC, id LIMIT $2 OFFSET $3",
                    )
                    .bind(&account.id)
                    .bind(lim)
                    .bind(off as i64)
                    .fetch_all(p)
                    .await?;
                    let total = count(
                        &mut *p.acquire().await?,
                        "SELECT COUNT(*) FROM billing_invoices WHERE account_id = $1",
                        &account.id,
                    )
                    .await?;
                    out.push(
                        page.section(
                            "invoices",
                            total,
                            off,
                            &["number", "issued_on", "amount", "status"],
                            rows.iter()
                                .map(|r| {
                                    vec![
                                        r.number.clone(),
                                        r.issued_on.clone(),
                                        super::amount(r.amount_minor, &r.currency),
                                        r.status.clone(),
                                    ]
                                })
                                .collect(),
                        ),
                    );
                }
                self.domain_section(person, page, &mut out).await?;
            }
            DataCategory::CustomerRelationship => {
                self.domain_section(person, page, &mut out).await?;
            }
            DataCategory::History => {
                if let Some(off) = page.wants("tickets") {
                    let rows: Vec<(i64, String, String)> = sqlx::query_as(
                        "SELECT opened_at, subject, status FROM billing_tickets WHERE person_id = $1 \
                         AND account_id = $2 ORDER BY opened_at DESC, id LIMIT $3 OFFSET $4",
                    )
                    .bind(&person.id)
                    .bind(&account.id)
                    .bind(lim)
                    .bind(off as i64)
                    .fetch_all(p)
                    .await?;
                    let total = count_on(
                        &mut *p.acquire().await?,
                        "SELECT COUNT(*) FROM billing_tickets WHERE person_id = $1 AND account_id = $2",
                        &person.id,
                        &account.id,
                    )
                    .await?;
                    out.push(
                        page.section(
                            "tickets",
                            total,
                            off,
                            &["opened_at", "subject", "status"],
                            rows.into_iter()
                                .map(|(at, subject, status)| vec![rfc3339(at), subject, status])
                                .collect(),
                        ),
                    );
                }
                if let Some(off) = page.wants("logins") {
                    let rows: Vec<(i64, String, String)> = sqlx::query_as(
                        "SELECT at, ip, user_agent FROM billing_login_history WHERE person_id = $1 \
                         AND account_id = $2 ORDER BY id DESC LIMIT $3 OFFSET $4",
                    )
                    .bind(&person.id)
                    .bind(&account.id)
                    .bind(lim)
                    .bind(off as i64)
                    .fetch_all(p)
                    .await?;
                    let total = count_on(
                        &mut *p.acquire().await?,
                        "SELECT COUNT(*) FROM billing_login_history WHERE person_id = $1 AND account_id = $2",
                        &person.id,
                        &account.id,
                    )
                    .await?;
                    out.push(
                        page.section(
                            "logins",
                            total,
                            off,
                            &["at", "ip", "user_agent"],
                            rows.into_iter()
                                .map(|(at, ip, ua)| vec![rfc3339(at), ip, ua])
                                .collect(),
                        ),
                    );
                }
            }
            _ => {}
        }
        Ok(out)
    }

    async fn export(
        &self,
        person: &Person,
        account: &Account,
    ) -> BillingResult<Box<dyn ExportSource>> {
        // One read transaction: every part of the export sees the same data.
        let tx = match &self.export_pool {
            NativePool::Sqlite(pool) => NativeTx::Sqlite(pool.begin().await?),
            NativePool::Postgres(pool) => NativeTx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        };
        Ok(Box::new(BuiltinExport {
            tx,
            person_id: person.id.clone(),
            account_id: account.id.clone(),
            holds_account: person.holds(account),
        }))
    }

    fn keeps_marketing_consent(&self) -> bool {
        // The portal's own newsletter list is the only one.
        false
    }

    async fn marketing_opt_in(
        &self,
        _person: &Person,
        _account: &Account,
    ) -> BillingResult<Option<bool>> {
        Ok(None)
    }

    async fn record(&self, record: &RecordRef) -> BillingResult<RecordState> {
        let state = match record.kind {
            RecordKind::Service => {
                let row: Option<ServiceRow> = sqlx::query_as(
                    "SELECT id, product, status, started_on, ended_on FROM billing_services WHERE id = $1",
                )
                .bind(&record.id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| RecordState::Service(r.to_service()))
            }
            RecordKind::Domain => {
                let row: Option<DomainRow> = sqlx::query_as(
                    "SELECT id, domain, registered_on, expires_on FROM billing_domains WHERE id = $1",
                )
                .bind(&record.id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| RecordState::Domain(r.to_domain()))
            }
            RecordKind::Invoice => {
                let row: Option<InvoiceRow> = sqlx::query_as(
                    "SELECT id, number, issued_on, amount_minor, currency, status FROM billing_invoices WHERE id = $1",
                )
                .bind(&record.id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| RecordState::Invoice(r.to_invoice()))
            }
        };
        Ok(state.unwrap_or(RecordState::Gone))
    }

    async fn ended_accounts(&self) -> BillingResult<Vec<EndedAccount>> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT account_id, MAX(ended_on) AS last_end FROM billing_services \
             GROUP BY account_id \
             HAVING SUM(CASE WHEN status = 'terminated' AND ended_on IS NOT NULL THEN 0 ELSE 1 END) = 0 \
             ORDER BY account_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (account_id, last) in rows {
            let Some(ended) = last.as_deref().and_then(parse_iso_date) else {
                continue;
            };
            // The relationship goes on while someone of the account logs in or writes to
            // support: the rule's years count from the last of all.
            let last_seen: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(at) FROM (SELECT MAX(at) AS at FROM billing_login_history WHERE account_id = $1 \
                 UNION ALL SELECT MAX(opened_at) FROM billing_tickets WHERE account_id = $1) seen",
            )
            .bind(&account_id)
            .fetch_one(&self.pool)
            .await?;
            let seen = last_seen.map(|t| crate::clock::from_unix(t).date());
            out.push(EndedAccount {
                account_id,
                last_end: seen.map_or(ended, |s| s.max(ended)),
            });
        }
        Ok(out)
    }

    async fn leads_not_relevant_since(&self, bound: Date) -> BillingResult<Vec<Lead>> {
        // The condition is the partial index's (migration 0005).
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, status_changed_on FROM billing_leads \
             WHERE status = 'not_relevant' AND anonymised_at IS NULL AND status_changed_on <= $1 \
             ORDER BY id",
        )
        .bind(format_iso_date(bound))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, changed)| match parse_iso_date(&changed) {
                Some(status_changed_on) => Some(Lead {
                    id,
                    status_changed_on,
                }),
                None => {
                    tracing::warn!(lead = %id, "lead has no valid status date");
                    None
                }
            })
            .collect())
    }

    async fn apply(&self, command: &Command) -> BillingResult<Applied> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT kind FROM billing_applied_commands WHERE command_id = $1")
                .bind(&command.id)
                .fetch_optional(&mut *tx)
                .await?;
        match before.as_deref() {
            Some("abandoned") => return Ok(Applied::Abandoned),
            Some(_) => return Ok(Applied::Done),
            None => {}
        }
        if !apply_action(&mut tx, command).await? {
            return Ok(Applied::StaleRevision);
        }
        sqlx::query(
            "INSERT INTO billing_applied_commands (command_id, kind, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(&command.id)
        .bind(command.action.kind())
        .bind(command.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Applied::Done)
    }

    async fn seed_demo(&self, today: Date, now: i64) -> BillingResult<()> {
        Ok(demo::seed(&self.pool, today, now).await?)
    }

    async fn abandon(&self, command: &Command) -> BillingResult<bool> {
        let command_id = &command.id;
        let mut tx = self.begin_write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT kind FROM billing_applied_commands WHERE command_id = $1")
                .bind(command_id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(kind) = before {
            return Ok(kind != "abandoned");
        }
        sqlx::query(
            "INSERT INTO billing_applied_commands (command_id, kind, applied_at) VALUES ($1, 'abandoned', 0)",
        )
        .bind(command_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(false)
    }
}

impl Builtin {
    /// The domains the person is the registrant of.
    async fn domain_section(
        &self,
        person: &Person,
        page: &Page,
        out: &mut Vec<RecordSection>,
    ) -> BillingResult<()> {
        let Some(off) = page.wants("domains") else {
            return Ok(());
        };
        let rows: Vec<DomainRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{DOMAINS} LIMIT $2 OFFSET $3")))
                .bind(&person.id)
                .bind(page.limit as i64)
                .bind(off as i64)
                .fetch_all(&self.pool)
                .await?;
        let total = count(
            &mut *self.pool.acquire().await?,
            "SELECT COUNT(*) FROM billing_domains WHERE registrant_id = $1",
            &person.id,
        )
        .await?;
        out.push(
            page.section(
                "domains",
                total,
                off,
                &["domain", "registered_on", "expires_on"],
                rows.into_iter()
                    .map(|r| vec![r.domain, r.registered_on, r.expires_on])
                    .collect(),
            ),
        );
        Ok(())
    }
}

fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Service => "billing_services",
        RecordKind::Domain => "billing_domains",
        RecordKind::Invoice => "billing_invoices",
    }
}

/// Carries out one action in the store's transaction. `false`: a stale revision, nothing
/// written.
async fn apply_action(conn: &mut AnyConnection, command: &Command) -> BillingResult<bool> {
    match &command.action {
        CommandAction::UpdateContact {
            account_id,
            person_id,
            expected,
            details: d,
            ..
        } => {
            let done = sqlx::query(
                "UPDATE billing_persons SET name = $1, email = $2, phone = $3, street = $4, postal_code = $5, \
                 city = $6, country = $7, company = $8, language = $9, version = version + 1 \
                 WHERE id = $10 AND version = $12 AND (account_id = $11 OR EXISTS ( \
                 SELECT 1 FROM billing_person_accounts l WHERE l.person_id = $10 AND l.account_id = $11))",
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
            .bind(account_id)
            .bind(expected.0)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
        }
        CommandAction::UpdateAccount {
            account_id,
            expected,
            details: d,
            ..
        } => {
            let done = sqlx::query(
                "UPDATE billing_accounts SET holder_name = $1, company = $2, email = $3, phone = $4, street = $5, \
                 address2 = $6, postal_code = $7, city = $8, state = $9, country = $10, \
                 details_version = details_version + 1 WHERE id = $11 AND details_version = $12",
            )
            .bind(&d.name)
            .bind(&d.company)
            .bind(&d.email)
            .bind(&d.phone)
            .bind(&d.street)
            .bind(&d.address2)
            .bind(&d.postal_code)
            .bind(&d.city)
            .bind(&d.state)
            .bind(&d.country)
            .bind(account_id)
            .bind(expected.0)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
        }
        // The built-in store keeps no marketing consent and no staff notes of its own.
        CommandAction::SetMarketingConsent { .. } | CommandAction::MarkRestricted { .. } => {}
        CommandAction::ErasePerson {
            account_id,
            person_id,
            anonymise_account,
            remove,
            erased_email,
            ..
        } => {
            // The erasure is the one filed on this account. Someone who does not own it
            // leaves it (the owner's place stays: an account has one); the person's own
            // row is one person across all their accounts, anonymised only when no other
            // account has them, so erasing their place on one never locks them out of
            // another.
            sqlx::query(
                "DELETE FROM billing_person_accounts WHERE person_id = $1 AND account_id = $2 AND is_owner = 0",
            )
            .bind(person_id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
            let first: Option<(String, i64)> = sqlx::query_as(
                "SELECT account_id, is_account_admin FROM billing_persons WHERE id = $1",
            )
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((first_account, 0)) = &first
                && first_account == account_id
            {
                // Their first account was this one: another of theirs takes its place.
                let next: Option<(String, i64)> = sqlx::query_as(
                    "SELECT account_id, is_owner FROM billing_person_accounts WHERE person_id = $1 \
                     ORDER BY created_at, account_id LIMIT 1",
                )
                .bind(person_id)
                .fetch_optional(&mut *conn)
                .await?;
                if let Some((next_account, owner)) = next {
                    sqlx::query(
                        "UPDATE billing_persons SET account_id = $1, is_account_admin = $2 WHERE id = $3",
                    )
                    .bind(&next_account)
                    .bind(owner)
                    .bind(person_id)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query(
                        "DELETE FROM billing_person_accounts WHERE person_id = $1 AND account_id = $2",
                    )
                    .bind(person_id)
                    .bind(&next_account)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            let elsewhere: i64 = sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM billing_persons WHERE id = $1 AND account_id <> $2) \
                 + (SELECT COUNT(*) FROM billing_person_accounts WHERE person_id = $1 AND account_id <> $2)",
            )
            .bind(person_id)
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?;
            if elsewhere == 0 {
                // Identification and contact details. The language stays: notices are
                // still written in it, and it identifies no one.
                sqlx::query(
                    "UPDATE billing_persons SET name = $1, email = $2, phone = '', street = '', postal_code = '', \
                     city = '', country = '', company = '', personnummer = NULL, version = version + 1 \
                     WHERE id = $3",
                )
                .bind(ERASED_NAME)
                .bind(erased_email)
                .bind(person_id)
                .execute(&mut *conn)
                .await?;
            }
            if *anonymise_account {
                // Its name and its own details: the country stays (it identifies no one
                // and the bookkeeping rule needs it).
                sqlx::query(
                    "UPDATE billing_accounts SET name = $1, holder_name = $1, company = '', email = $2, phone = '', \
                     street = '', address2 = '', postal_code = '', city = '', state = '', \
                     details_version = details_version + 1 WHERE id = $3",
                )
                    .bind(ERASED_NAME)
                    .bind(erased_email)
                    .bind(account_id)
                    .execute(&mut *conn)
                    .await?;
            }
            // Logins and tickets made on this account.
            sqlx::query(
                "UPDATE billing_login_history SET ip = '', user_agent = '' WHERE person_id = $1 AND account_id = $2",
            )
            .bind(person_id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "UPDATE billing_tickets SET subject = $1, body = $1 WHERE person_id = $2 AND account_id = $3",
            )
            .bind(ERASED_TEXT)
            .bind(person_id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
            for record in remove {
                delete_record(conn, record).await?;
            }
        }
        CommandAction::Purge { record } => delete_record(conn, record).await?,
        CommandAction::AnonymiseLead {
            lead_id,
            status_changed_on,
        } => {
            sqlx::query(
                "UPDATE billing_leads SET name = $1, email = $2, phone = '', company = '', note = $3, \
                 anonymised_at = $4 WHERE id = $5 AND status = 'not_relevant' AND status_changed_on = $6 \
                 AND anonymised_at IS NULL",
            )
            .bind(ERASED_NAME)
            .bind(format!("erased-lead-{lead_id}@erased.invalid"))
            .bind(ERASED_TEXT)
            .bind(command.created_at)
            .bind(lead_id)
            .bind(status_changed_on)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(true)
}

async fn delete_record(conn: &mut AnyConnection, record: &RecordRef) -> BillingResult<()> {
    let table = table_of(record.kind);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE id = $1"
    )))
    .bind(&record.id)
    .execute(conn)
    .await
    .map_err(BillingError::from)?;
    Ok(())
}

const LOGIN_PAGE: i64 = 10_000;

/// The built-in store's part of an export.
struct BuiltinExport {
    tx: NativeTx,
    person_id: String,
    account_id: String,
    holds_account: bool,
}

#[derive(FromRow)]
struct TicketRow {
    id: String,
    opened_at: i64,
    subject: String,
    body: String,
    status: String,
}

#[derive(Serialize)]
struct TicketOut<'a> {
    id: &'a str,
    opened_at: UnixTime,
    subject: &'a str,
    body: &'a str,
    status: &'a str,
}

#[derive(Serialize)]
struct LoginOut<'a> {
    at: UnixTime,
    ip: &'a str,
    user_agent: &'a str,
}

fn rfc3339(ts: i64) -> String {
    crate::clock::from_unix(ts)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

const LOGINS: &str = "SELECT id, at, ip, user_agent FROM billing_login_history WHERE person_id = $1 AND account_id = $2 \
     AND id > $3 ORDER BY id LIMIT $4";

#[async_trait]
impl ExportSource for BuiltinExport {
    async fn write(&mut self, category: DataCategory, w: &mut ExportWriter) -> ExportResult {
        match category {
            // The account's own details, its holder's.
            DataCategory::Contact if self.holds_account => {
                let account = &self.account_id;
                let details: Option<AccountDetailsRow> = on_native!(&mut self.tx, tx => {
                    sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {ACCOUNT_DETAILS_COLUMNS} FROM billing_accounts WHERE id = $1"
                    )))
                    .bind(account)
                    .fetch_optional(&mut **tx)
                    .await?
                });
                let details = details.map(|d| d.into_details().0);
                w.member("account_details", &details).await?;
            }
            DataCategory::CustomerRelationship => {
                let holds = self.holds_account;
                let (account, person) = (&self.account_id, &self.person_id);
                let (services, invoices, domains) = on_native!(&mut self.tx, tx => {
                    let (s, i): (Vec<ServiceRow>, Vec<InvoiceRow>) = if holds {
                        (
                            sqlx::query_as(SERVICES).bind(account).fetch_all(&mut **tx).await?,
                            sqlx::query_as(INVOICES).bind(account).fetch_all(&mut **tx).await?,
                        )
                    } else {
                        (Vec::new(), Vec::new())
                    };
                    let d: Vec<DomainRow> =
                        sqlx::query_as(DOMAINS).bind(person).fetch_all(&mut **tx).await?;
                    (s, i, d)
                });
                w.member("services", &services).await?;
                w.member("domains", &domains).await?;
                w.member("invoices", &invoices).await?;
            }
            DataCategory::History => {
                let (person, account) = (&self.person_id, &self.account_id);
                let tickets: Vec<TicketRow> = on_native!(&mut self.tx, tx => {
                    sqlx::query_as(
                        "SELECT id, opened_at, subject, body, status FROM billing_tickets WHERE person_id = $1 \
                         AND account_id = $2 ORDER BY opened_at, id",
                    )
                    .bind(person)
                    .bind(account)
                    .fetch_all(&mut **tx)
                    .await?
                });
                w.begin_list("support_tickets");
                for t in &tickets {
                    w.item(&TicketOut {
                        id: &t.id,
                        opened_at: UnixTime(t.opened_at),
                        subject: &t.subject,
                        body: &t.body,
                        status: &t.status,
                    })
                    .await?;
                }
                w.end_list().await?;
                // The one part that can be huge: read in keyset pages, each costing the
                // same however deep the history goes, and each streamed while it is
                // written, straight from the driver's rows into the chunk.
                w.begin_list("login_history");
                let mut after = 0i64;
                loop {
                    let mut read = 0i64;
                    on_native!(&mut self.tx, tx => {
                        let mut rows = sqlx::query(LOGINS)
                            .bind(person)
                            .bind(account)
                            .bind(after)
                            .bind(LOGIN_PAGE)
                            .fetch(&mut **tx);
                        while let Some(row) = rows.try_next().await? {
                            after = row.try_get(0)?;
                            read += 1;
                            w.item(&LoginOut {
                                at: UnixTime(row.try_get(1)?),
                                ip: row.try_get(2)?,
                                user_agent: row.try_get(3)?,
                            })
                            .await?;
                        }
                    });
                    if read < LOGIN_PAGE {
                        break;
                    }
                }
                w.end_list().await?;
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_wildcards_are_taken_literally() {
        assert_eq!(contains_pattern("Kari"), "%kari%");
        assert_eq!(fts_phrase("Ola \"Q\" Hansen"), "\"Ola \"\"Q\"\" Hansen\"");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn placeholders_count_from_the_first() {
        assert_eq!(placeholders(3, 2), "$3, $4");
    }
}
