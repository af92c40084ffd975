//! The WHMCS 8 backend: reads the WHMCS database with SQL (one consistent snapshot for an
//! export, streamed), and writes it with SQL in one transaction per command, recording
//! the command's id in the addon's `mod_privacyportal_commands` table so nothing is
//! applied twice. See `people` for who is who.
//!
//! WHMCS quirks handled here: zero dates (`0000-00-00`) are read as no date (every date
//! is optional), ids are compared as numbers, timestamps are read in UTC, phone numbers
//! are `+CC.number`, and every write names all the columns strict mode insists on.

pub mod api;
pub mod company;
mod export;
pub mod people;
pub mod personal_data;
mod records;
pub mod schema;
pub mod snapshot;
mod writes;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use portal_domain::api::AccountDetails;
use portal_domain::{Locale, parse_iso_date};
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::{ConnectOptions, Executor, FromRow, MySqlPool};
use time::Date;

use self::people::{
    ACTIVITY_OF, BriefRow, ClientRow, LOGINS_OF, PersonKey, admin_key, briefs_sql, join_name,
    positive, tickets_of,
};
use super::export::ExportSource;
use super::{
    Account, Applied, Billing, BillingResult, Command, Domain, EndedAccount, Holdings, Invoice,
    Lead, Person, PersonBrief, RecordGroup, RecordKind, RecordRef, RecordState, Revision, Service,
    ServiceStatus, StaffMember,
};

/// What the operator tells the backend about their WHMCS installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhmcsSettings {
    /// Ids of the client custom fields (`tblcustomfields`) that hold a personal identity
    /// number (Swedish personnummer), which is shown masked and exported.
    pub personnummer_fields: Vec<i64>,
    /// The time zone WHMCS runs in (PHP's), by its IANA name: WHMCS writes its
    /// date-times in local time, so the portal's writes do too.
    pub timezone: String,
    /// How to reach WHMCS's remote API, through which the portal makes its changes.
    pub api: Option<api::ApiSettings>,
    /// What makes a client a company rather than a private customer.
    pub company_rule: company::CompanyRule,
}

/// The default of `PORTAL_WHMCS_TIMEZONE`: where the hosts the portal is made for run.
pub const DEFAULT_TIMEZONE: &str = "Europe/Oslo";

impl Default for WhmcsSettings {
    fn default() -> Self {
        WhmcsSettings {
            personnummer_fields: Vec::new(),
            timezone: DEFAULT_TIMEZONE.into(),
            api: None,
            company_rule: company::CompanyRule::default(),
        }
    }
}

/// The time zone of that name, from the zone database the portal carries.
pub fn timezone(name: &str) -> Option<jiff::tz::TimeZone> {
    jiff::tz::TimeZone::get(name).ok()
}

/// Refuses a company rule that names a client group or custom field WHMCS does not have:
/// read as no company at all, every company account would turn private, and its admin's
/// erasure would anonymise it.
async fn check_company_rule(pool: &MySqlPool, rule: &company::CompanyRule) -> BillingResult<()> {
    let refuse = |why: String| {
        Err(super::BillingError::Data(format!(
            "PORTAL_WHMCS_COMPANY_RULE: {why}"
        )))
    };
    match rule {
        company::CompanyRule::Group(groups) => {
            let known: Vec<(i64, String)> = sqlx::query_as(
                "SELECT CAST(id AS SIGNED), groupname FROM tblclientgroups ORDER BY id",
            )
            .fetch_all(pool)
            .await?;
            if let Some(missing) = groups
                .iter()
                .find(|g| !known.iter().any(|(id, _)| id == *g))
            {
                let list = known
                    .iter()
                    .map(|(id, name)| format!("{id} {}", people::decode(name)))
                    .collect::<Vec<_>>()
                    .join(", ");
                return refuse(format!(
                    "WHMCS has no client group {missing} (tblclientgroups: {})",
                    if list.is_empty() { "none" } else { &list }
                ));
            }
        }
        company::CompanyRule::CustomField { field, value } => {
            let found: Option<(String, String, String)> = sqlx::query_as(
                "SELECT fieldname, fieldtype, fieldoptions FROM tblcustomfields WHERE id = ? AND type = 'client'",
            )
            .bind(field)
            .fetch_optional(pool)
            .await?;
            let Some((name, kind, options)) = found else {
                return refuse(format!("WHMCS has no client custom field {field}"));
            };
            // A drop-down holds one of its options (written `value|label` where it shows
            // a label): a value it cannot hold would make no client a company.
            if kind == "dropdown" {
                let options = people::decode(&options);
                let holds = options
                    .split(',')
                    .flat_map(|o| o.split('|'))
                    .any(|o| o.trim().to_lowercase() == value.trim().to_lowercase());
                if !holds {
                    return refuse(format!(
                        "the drop-down {:?} (custom field {field}) has no option {value:?}; its options: {options}",
                        people::decode(&name)
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

pub struct Whmcs {
    pool: MySqlPool,
    settings: WhmcsSettings,
    /// The installation's language, for persons whose own is unset.
    default_locale: Locale,
    /// `MarketingEmailConvert`: the explicit opt-in flag counts, not the old opt-out.
    marketing_convert: bool,
    /// WHMCS's clock (`WhmcsSettings::timezone`).
    tz: jiff::tz::TimeZone,
    /// WHMCS's remote API (`WhmcsSettings::api`).
    api: Option<api::Api>,
    /// `people::client_select` for `WhmcsSettings::company_rule`.
    client_select: String,
}

/// A WHMCS date or date-time, read as text: zero dates and NULL are no date.
pub fn date(s: Option<&str>) -> Option<Date> {
    s.and_then(|s| s.get(..10)).and_then(parse_iso_date)
}

impl Whmcs {
    /// Client `client`'s consent to marketing e-mail, as WHMCS reads it.
    async fn marketing_opt_in_of(
        &self,
        conn: &mut sqlx::MySqlConnection,
        client: i64,
    ) -> BillingResult<Option<bool>> {
        let flags: Option<(i64, i64)> = sqlx::query_as(
            "SELECT CAST(marketing_emails_opt_in AS SIGNED), CAST(emailoptout AS SIGNED) FROM tblclients WHERE id = ?",
        )
        .bind(client)
        .fetch_optional(conn)
        .await?;
        Ok(flags.map(|(opt_in, opt_out)| {
            if self.marketing_convert {
                opt_in != 0
            } else {
                opt_out == 0
            }
        }))
    }

    /// WHMCS's API, for the changes it has actions for.
    fn api(&self) -> BillingResult<&api::Api> {
        self.api.as_ref().ok_or_else(|| {
            super::BillingError::Data(
                "WHMCS's API is not configured (PORTAL_WHMCS_API_URL): changes cannot be applied"
                    .into(),
            )
        })
    }

    /// Why the portal stopped calling WHMCS's API (an access fault), if it did.
    pub fn api_denied(&self) -> Option<String> {
        self.api.as_ref().and_then(|a| a.denied())
    }

    /// Now, as WHMCS writes a date-time: local time where WHMCS runs, to the second.
    pub fn local_now(&self) -> String {
        jiff::Timestamp::now()
            .to_zoned(self.tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    /// Connects to the WHMCS database at `url` (`mysql://user:password@host/database`)
    /// and checks that it has every table and column the backend uses.
    pub async fn connect(url: &str, settings: WhmcsSettings) -> BillingResult<Whmcs> {
        // An export streams a million rows in one statement: that is no slow statement.
        let options = MySqlConnectOptions::from_str(url)?
            .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(120));
        let pool = crate::store::db::checked_after_idle(MySqlPoolOptions::new())
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // Timestamps in UTC; strict mode, as WHMCS itself runs.
                    conn.execute("SET time_zone = '+00:00'").await?;
                    conn.execute(
                        "SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'STRICT_TRANS_TABLES')",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        schema::check(&pool).await?;
        check_company_rule(&pool, &settings.company_rule).await?;
        let config: Vec<(String, String)> = sqlx::query_as(
            "SELECT setting, value FROM tblconfiguration WHERE setting IN ('Version', 'Language', 'MarketingEmailConvert')",
        )
        .fetch_all(&pool)
        .await?;
        let get = |k: &str| {
            config
                .iter()
                .find(|(s, _)| s == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let version = get("Version");
        let default_locale = people::locale_of(&get("Language"), Locale::En);
        tracing::info!(version = %version, "WHMCS database found");
        let marketing_convert = matches!(
            get("MarketingEmailConvert")
                .trim()
                .to_ascii_lowercase()
                .as_str(),
            "on" | "1" | "yes" | "true"
        );
        let tz = timezone(&settings.timezone).ok_or_else(|| {
            super::BillingError::Data(format!("unknown time zone {:?}", settings.timezone))
        })?;
        let api = settings.api.clone().map(api::Api::new).transpose()?;
        Ok(Whmcs {
            client_select: people::client_select(&settings.company_rule),
            api,
            pool,
            settings,
            default_locale,
            marketing_convert,
            tz,
        })
    }

    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }
}

#[derive(FromRow)]
struct ServiceRow {
    id: String,
    product: Option<String>,
    domain: String,
    status: String,
    regdate: Option<String>,
    termination_date: Option<String>,
}

impl ServiceRow {
    fn into_service(self) -> Service {
        let product = match self.product.filter(|p| !p.trim().is_empty()) {
            Some(p) if !self.domain.trim().is_empty() => format!("{p} ({})", self.domain),
            Some(p) => p,
            None => self.domain,
        };
        Service {
            id: self.id,
            product,
            status: service_status(&self.status),
            started_on: date(self.regdate.as_deref()),
            ended_on: date(self.termination_date.as_deref()),
        }
    }
}

const SERVICE_SELECT: &str = "SELECT CAST(h.id AS CHAR) AS id, p.name AS product, h.domain, \
     CAST(h.domainstatus AS CHAR) AS status, CAST(h.regdate AS CHAR) AS regdate, \
     CAST(h.termination_date AS CHAR) AS termination_date \
     FROM tblhosting h LEFT JOIN tblproducts p ON p.id = h.packageid";

fn service_status(s: &str) -> ServiceStatus {
    match s {
        "Active" => ServiceStatus::Active,
        "Suspended" => ServiceStatus::Suspended,
        "Pending" => ServiceStatus::Pending,
        // Terminated, Cancelled, Completed, Fraud.
        _ => ServiceStatus::Ended,
    }
}

#[derive(FromRow)]
struct DomainRow {
    id: String,
    domain: String,
    status: String,
    registrationdate: Option<String>,
    expirydate: Option<String>,
}

impl DomainRow {
    fn into_domain(self) -> Domain {
        Domain {
            registered: matches!(
                self.status.as_str(),
                "Active"
                    | "Grace"
                    | "Redemption"
                    | "Pending"
                    | "Pending Registration"
                    | "Pending Transfer"
            ),
            id: self.id,
            domain: self.domain,
            registered_on: date(self.registrationdate.as_deref()),
            expires_on: date(self.expirydate.as_deref()),
        }
    }
}

const DOMAIN_SELECT: &str = "SELECT CAST(id AS CHAR) AS id, domain, CAST(status AS CHAR) AS status, \
     CAST(registrationdate AS CHAR) AS registrationdate, CAST(expirydate AS CHAR) AS expirydate FROM tbldomains";

#[derive(FromRow)]
struct InvoiceRow {
    id: String,
    invoicenum: String,
    date: Option<String>,
    total_minor: i64,
    status: String,
}

impl InvoiceRow {
    fn into_invoice(self) -> Invoice {
        Invoice {
            number: if self.invoicenum.trim().is_empty() {
                self.id.clone()
            } else {
                self.invoicenum
            },
            id: self.id,
            issued_on: date(self.date.as_deref()),
            amount_minor: self.total_minor,
            // WHMCS keeps currencies per client by id; the amount is in the client's.
            currency: String::new(),
            status: self.status.to_ascii_lowercase(),
        }
    }
}

const INVOICE_SELECT: &str = "SELECT CAST(id AS CHAR) AS id, invoicenum, CAST(date AS CHAR) AS date, \
     CAST(ROUND(total * 100) AS SIGNED) AS total_minor, status FROM tblinvoices";

async fn count(pool: &MySqlPool, sql: &str, args: &[i64]) -> BillingResult<u64> {
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()));
    for a in args {
        q = q.bind(*a);
    }
    Ok(q.fetch_one(pool).await?.max(0) as u64)
}

fn client_key(account_id: &str) -> Option<i64> {
    positive(account_id)
}

#[async_trait]
impl Billing for Whmcs {
    fn name(&self) -> &'static str {
        "whmcs"
    }

    async fn check(&self) -> BillingResult<()> {
        schema::check(&self.pool).await
    }

    async fn locked_fields(&self) -> BillingResult<super::LockedFields> {
        // Read each time (one row by its unique key, only for the contact and account
        // forms): a host who locks a field expects it locked at once.
        let value: Option<String> = sqlx::query_scalar(
            "SELECT value FROM tblconfiguration WHERE setting = 'ClientsProfileUneditableFields'",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(people::locked_fields(value.as_deref().unwrap_or("")))
    }

    async fn account_erasure_refusal(
        &self,
        account_id: &str,
    ) -> BillingResult<Option<super::Refusal>> {
        let Some(client) = client_key(account_id) else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await?;
        if snapshot::snapshots_on(&mut conn).await? {
            return Ok(None);
        }
        let invoices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tblinvoices WHERE userid = ?")
            .bind(client)
            .fetch_one(&mut *conn)
            .await?;
        Ok((invoices > 0).then(|| super::Refusal {
            code: "invoice_snapshots_off".into(),
            message: snapshot::OFF_MESSAGE.into(),
        }))
    }

    async fn warnings(&self) -> Vec<&'static str> {
        let mut warnings = Vec::new();
        match self.pool.acquire().await {
            Ok(mut conn) => {
                if !snapshot::snapshots_on(&mut conn).await.unwrap_or(true) {
                    // Erasures of private accounts wait until it is on.
                    warnings.push("whmcs_invoice_snapshots_off");
                }
            }
            Err(e) => tracing::warn!(error = %e, "readiness: WHMCS settings not read"),
        }
        if self.api_denied().is_some() {
            // An access fault: no change reaches WHMCS until the operator fixes it.
            warnings.push("whmcs_api_denied");
        }
        // The addon picks the launch role by its own copy of the rule: where the two
        // differ, an owner is refused (a company admin's token for what the portal
        // calls private) or opens the portal without the admin's part.
        let addon: Result<Option<String>, _> = sqlx::query_scalar(
            "SELECT value FROM mod_privacyportal_settings WHERE setting = 'company_rule' ORDER BY id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await;
        if let Ok(addon) = addon {
            // Unsaved since the addon got the setting: the addon's default.
            let addon = company::CompanyRule::parse(addon.as_deref().unwrap_or(""));
            if addon.as_ref() != Ok(&self.settings.company_rule) {
                warnings.push("whmcs_company_rule_differs");
            }
        }
        warnings
    }

    async fn person(&self, account_id: &str, person_id: &str) -> BillingResult<Option<Person>> {
        let (Some(client), Some(key)) = (client_key(account_id), PersonKey::parse(person_id))
        else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await?;
        people::read(
            &mut conn,
            client,
            key,
            self.default_locale,
            &self.settings.personnummer_fields,
        )
        .await
    }

    async fn account(&self, account_id: &str) -> BillingResult<Option<Account>> {
        let Some(client) = client_key(account_id) else {
            return Ok(None);
        };
        let row: Option<ClientRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} WHERE id = ?",
            self.client_select
        )))
        .bind(client)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.into_account(&self.settings.company_rule)))
    }

    async fn account_details(
        &self,
        account_id: &str,
    ) -> BillingResult<Option<(AccountDetails, Revision)>> {
        let Some(client) = client_key(account_id) else {
            return Ok(None);
        };
        let row: Option<people::ClientDetailsRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} WHERE id = ?",
            people::CLIENT_DETAILS_SELECT
        )))
        .bind(client)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| (r.revision(), r))
            .map(|(v, r)| (r.into_details(), v)))
    }

    async fn people_of_account(&self, account_id: &str) -> BillingResult<Vec<PersonBrief>> {
        let Some(client) = client_key(account_id) else {
            return Ok(Vec::new());
        };
        let rows: Vec<BriefRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(briefs_sql("c.id = ?", "c.id = ?")))
                .bind(client)
                .bind(client)
                .fetch_all(&self.pool)
                .await?;
        let mut people: Vec<PersonBrief> = rows.into_iter().map(BriefRow::into_brief).collect();
        people.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        Ok(people)
    }

    async fn persons_by_id(&self, ids: &[String]) -> BillingResult<Vec<PersonBrief>> {
        let users: Vec<String> = ids
            .iter()
            .filter_map(|id| match PersonKey::parse(id) {
                Some(PersonKey::User(n)) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        let contacts: Vec<String> = ids
            .iter()
            .filter_map(|id| match PersonKey::parse(id) {
                Some(PersonKey::Contact(n)) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        if users.is_empty() && contacts.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are numbers parsed above, so they can be written into the statement.
        let list = |v: &[String]| {
            if v.is_empty() {
                "NULL".to_string()
            } else {
                v.join(", ")
            }
        };
        let rows: Vec<BriefRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} ORDER BY owner DESC, account_id",
            briefs_sql(
                &format!("u.id IN ({})", list(&users)),
                &format!("ct.id IN ({})", list(&contacts)),
            )
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<PersonBrief> = Vec::with_capacity(rows.len());
        for r in rows {
            // A user of several accounts: the one they own first, else the lowest.
            if !out.iter().any(|p| p.id == r.id) {
                out.push(r.into_brief());
            }
        }
        Ok(out)
    }

    async fn account_names(&self, ids: &[String]) -> BillingResult<Vec<(String, String)>> {
        let keys: Vec<String> = ids
            .iter()
            .filter_map(|id| client_key(id))
            .map(|n| n.to_string())
            .collect();
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<ClientRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} WHERE id IN ({})",
            self.client_select,
            keys.join(", ")
        )))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| (r.id.clone(), r.name())).collect())
    }

    async fn search_persons(&self, text: &str, limit: usize) -> BillingResult<Vec<String>> {
        let pattern = super::builtin::contains_pattern(text);
        let exact = PersonKey::parse(text);
        let (user, contact) = match exact {
            Some(PersonKey::User(n)) => (n, 0),
            Some(PersonKey::Contact(n)) => (0, n),
            None => (0, 0),
        };
        let ids: Vec<String> = sqlx::query_scalar(
            "(SELECT CAST(id AS CHAR) FROM tblusers WHERE id = ? OR LOWER(email) LIKE ? \
              OR LOWER(CONCAT(first_name, ' ', last_name)) LIKE ? LIMIT ?) \
             UNION ALL \
             (SELECT CONCAT('contact-', id) FROM tblcontacts WHERE id = ? OR LOWER(email) LIKE ? \
              OR LOWER(CONCAT(firstname, ' ', lastname)) LIKE ? LIMIT ?)",
        )
        .bind(user)
        .bind(&pattern)
        .bind(&pattern)
        .bind(limit as i64)
        .bind(contact)
        .bind(&pattern)
        .bind(&pattern)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().take(limit).collect())
    }

    async fn staff(&self, id: &str) -> BillingResult<Option<StaffMember>> {
        let Some(admin) = admin_key(id) else {
            return Ok(None);
        };
        // The admin with the addon's own access list (WHMCS's "Access Control") and the
        // roles that may decide, as WHMCS stores the addon's settings (through the addon's view
        // of its own rows).
        let row: Option<(String, String, i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT a.firstname, a.lastname, CAST(a.roleid AS SIGNED), \
             (SELECT m.value FROM mod_privacyportal_settings m WHERE m.setting = 'access' ORDER BY m.id LIMIT 1), \
             (SELECT m.value FROM mod_privacyportal_settings m WHERE m.setting = 'decide_roles' ORDER BY m.id LIMIT 1) \
             FROM tbladmins a WHERE a.id = ? AND a.disabled = 0",
        )
        .bind(admin)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(first, last, role, access, decide)| {
            let may_decide = people::role_capabilities(role, access.as_deref(), decide.as_deref())?;
            Some(StaffMember {
                id: id.to_string(),
                name: join_name(&first, &last),
                may_decide,
            })
        }))
    }

    async fn holdings(&self, person: &Person, account: &Account) -> BillingResult<Holdings> {
        let Some(client) = client_key(&account.id) else {
            return Ok(Holdings::default());
        };
        let key = PersonKey::parse(&person.id);
        let user = match key {
            Some(PersonKey::User(n)) => n,
            _ => 0,
        };
        let contact = match key {
            Some(PersonKey::Contact(n)) => n,
            _ => 0,
        };
        let mut h = Holdings::default();
        let holds = person.holds(account);
        let p = &self.pool;
        if holds {
            let services: Vec<ServiceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SERVICE_SELECT} WHERE h.userid = ? ORDER BY h.regdate, h.id"
            )))
            .bind(client)
            .fetch_all(p)
            .await?;
            h.services = services.into_iter().map(ServiceRow::into_service).collect();
            let domains: Vec<DomainRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{DOMAIN_SELECT} WHERE userid = ? ORDER BY domain"
            )))
            .bind(client)
            .fetch_all(p)
            .await?;
            h.domains = domains.into_iter().map(DomainRow::into_domain).collect();
            let invoices: Vec<InvoiceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{INVOICE_SELECT} WHERE userid = ? ORDER BY date, id"
            )))
            .bind(client)
            .fetch_all(p)
            .await?;
            h.invoices = invoices.into_iter().map(InvoiceRow::into_invoice).collect();
        }
        // The client's records are the account holder's; a user's own are theirs.
        let holds = i64::from(holds);
        h.records = vec![
            (
                RecordGroup::Logins,
                count(
                    p,
                    &format!("SELECT COUNT(*) FROM mod_privacyportal_logins WHERE {LOGINS_OF}"),
                    &[user, client],
                )
                .await?,
            ),
            (
                RecordGroup::Tickets,
                count(
                    p,
                    &format!("SELECT COUNT(*) FROM tbltickets WHERE {}", tickets_of("")),
                    &[client, holds, user, user, contact, contact],
                )
                .await?,
            ),
            (
                RecordGroup::Emails,
                count(
                    p,
                    "SELECT COUNT(*) FROM tblemails WHERE userid = ? AND ? = 1",
                    &[client, holds],
                )
                .await?,
            ),
            (
                RecordGroup::ActivityLog,
                count(
                    p,
                    &format!("SELECT COUNT(*) FROM tblactivitylog WHERE {ACTIVITY_OF}"),
                    &[client, holds, user, user],
                )
                .await?,
            ),
            (
                RecordGroup::StaffNotes,
                count(
                    p,
                    "SELECT COUNT(*) FROM tblnotes WHERE userid = ? AND ? = 1",
                    &[client, holds],
                )
                .await?,
            ),
            (
                RecordGroup::Orders,
                count(
                    p,
                    "SELECT COUNT(*) FROM tblorders WHERE userid = ? AND ? = 1",
                    &[client, holds],
                )
                .await?,
            ),
            (
                RecordGroup::Quotes,
                count(
                    p,
                    "SELECT COUNT(*) FROM tblquotes WHERE userid = ? AND ? = 1",
                    &[client, holds],
                )
                .await?,
            ),
            (
                RecordGroup::MarketingConsents,
                count(
                    p,
                    "SELECT COUNT(*) FROM tblmarketing_consent WHERE userid = ? AND ? = 1",
                    &[client, holds],
                )
                .await?,
            ),
        ];
        // A user is one login across clients; a contact belongs to one.
        h.other_accounts = count(
            p,
            "SELECT COUNT(*) FROM tblusers_clients WHERE auth_user_id = ? AND ? > 0 AND client_id <> ?",
            &[user, user, client],
        )
        .await?;
        Ok(h)
    }

    async fn records(
        &self,
        person: &Person,
        account: &Account,
        category: portal_domain::api::DataCategory,
        page: &super::Page,
    ) -> BillingResult<Vec<portal_domain::api::RecordSection>> {
        records::records(&self.pool, person, account, category, page).await
    }

    async fn export(
        &self,
        person: &Person,
        account: &Account,
    ) -> BillingResult<Box<dyn ExportSource>> {
        Ok(Box::new(
            export::WhmcsExport::start(&self.pool, person, account, &self.settings).await?,
        ))
    }

    fn keeps_marketing_consent(&self) -> bool {
        true
    }

    async fn marketing_opt_in(
        &self,
        person: &Person,
        account: &Account,
    ) -> BillingResult<Option<bool>> {
        // Marketing consent is the client's: its holder's.
        let Some(client) = client_key(&account.id).filter(|_| person.holds(account)) else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await?;
        self.marketing_opt_in_of(&mut conn, client).await
    }

    async fn record(&self, record: &RecordRef) -> BillingResult<RecordState> {
        let Some(id) = positive(&record.id) else {
            return Ok(RecordState::Gone);
        };
        let p = &self.pool;
        let state = match record.kind {
            RecordKind::Service => {
                let r: Option<ServiceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{SERVICE_SELECT} WHERE h.id = ?"
                )))
                .bind(id)
                .fetch_optional(p)
                .await?;
                r.map(|r| RecordState::Service(r.into_service()))
            }
            RecordKind::Domain => {
                let r: Option<DomainRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("{DOMAIN_SELECT} WHERE id = ?")))
                        .bind(id)
                        .fetch_optional(p)
                        .await?;
                r.map(|r| RecordState::Domain(r.into_domain()))
            }
            RecordKind::Invoice => {
                let r: Option<InvoiceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{INVOICE_SELECT} WHERE id = ?"
                )))
                .bind(id)
                .fetch_optional(p)
                .await?;
                r.map(|r| RecordState::Invoice(r.into_invoice()))
            }
        };
        Ok(state.unwrap_or(RecordState::Gone))
    }

    async fn ended_accounts(&self) -> BillingResult<Vec<EndedAccount>> {
        // Every service ended, each with a termination date (a zero date is none). The
        // relationship ends with the last of those, or later while the customer still
        // logs in, pays or writes to support: the rule's years count from the last of all.
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT CAST(h.userid AS CHAR), CAST(GREATEST(MAX(h.termination_date), \
                 COALESCE((SELECT DATE(c.lastlogin) FROM tblclients c WHERE c.id = h.userid), '1000-01-01'), \
                 COALESCE((SELECT DATE(MAX(uc.last_login)) FROM tblusers_clients uc WHERE uc.client_id = h.userid), '1000-01-01'), \
                 COALESCE((SELECT DATE(MAX(a.date)) FROM tblaccounts a WHERE a.userid = h.userid), '1000-01-01'), \
                 COALESCE((SELECT DATE(MAX(GREATEST(t.date, t.lastreply))) FROM tbltickets t WHERE t.userid = h.userid), '1000-01-01') \
             ) AS CHAR) FROM tblhosting h \
             GROUP BY h.userid \
             HAVING SUM(CASE WHEN h.domainstatus IN ('Terminated', 'Cancelled', 'Completed', 'Fraud') \
                 AND h.termination_date > '1000-01-01' THEN 0 ELSE 1 END) = 0 \
             ORDER BY h.userid",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(account_id, last)| {
                Some(EndedAccount {
                    account_id,
                    last_end: date(last.as_deref())?,
                })
            })
            .collect())
    }

    async fn leads_not_relevant_since(&self, _bound: Date) -> BillingResult<Vec<Lead>> {
        // WHMCS keeps no leads.
        Ok(Vec::new())
    }

    async fn apply(&self, command: &Command) -> BillingResult<Applied> {
        writes::apply(self, command).await
    }

    async fn abandon(&self, command: &Command) -> BillingResult<bool> {
        writes::abandon(self, command).await
    }

    async fn seed_demo(&self, _today: Date, _now: i64) -> BillingResult<()> {
        // A WHMCS database brings its own data.
        Ok(())
    }
}
