//! Everything WHMCS holds about a person, for the export: read in one transaction with a
//! consistent snapshot (`START TRANSACTION WITH CONSISTENT SNAPSHOT`), so a change made
//! meanwhile is either all in it or not at all, and streamed row by row, so a client with
//! a million activity-log entries costs no more memory than one with ten.
//!
//! Columns are named one by one: secrets (password hashes, second-factor data, card and
//! bank data, reset and remember tokens, transfer codes, ticket access keys) are never
//! read at all.

use async_trait::async_trait;
use futures::TryStreamExt;
use portal_domain::api::DataCategory;
use serde::Serialize;
use sqlx::mysql::MySqlRow;
use sqlx::{FromRow, MySql, MySqlPool, Transaction};

use super::WhmcsSettings;
use super::people::{ACTIVITY_OF, LOGINS_OF, PersonKey, tickets_of};
use crate::billing::export::{ExportResult, ExportSource, ExportWriter};
use crate::billing::{Account, BillingResult, Person};

pub struct WhmcsExport {
    tx: Transaction<'static, MySql>,
    client: i64,
    user: i64,
    contact: i64,
    /// The person holds the account: its records are theirs.
    holds: bool,
    personnummer_fields: Vec<i64>,
}

impl WhmcsExport {
    pub async fn start(
        pool: &MySqlPool,
        person: &Person,
        account: &Account,
        settings: &WhmcsSettings,
    ) -> BillingResult<WhmcsExport> {
        let tx = pool
            .begin_with("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            .await?;
        let key = PersonKey::parse(&person.id);
        Ok(WhmcsExport {
            tx,
            client: super::people::positive(&account.id).unwrap_or(0),
            user: match key {
                Some(PersonKey::User(u)) => u,
                _ => 0,
            },
            contact: match key {
                Some(PersonKey::Contact(c)) => c,
                _ => 0,
            },
            holds: person.holds(account),
            personnummer_fields: settings.personnummer_fields.clone(),
        })
    }

    /// `"key": [rows…]`, streamed.
    async fn list<T>(
        &mut self,
        w: &mut ExportWriter,
        key: &str,
        sql: &str,
        binds: &[i64],
    ) -> ExportResult
    where
        T: for<'r> FromRow<'r, MySqlRow> + Serialize + Send + Unpin,
    {
        let mut q = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.to_string()));
        for b in binds {
            q = q.bind(*b);
        }
        w.begin_list(key);
        let mut rows = q.fetch(&mut *self.tx);
        while let Some(row) = rows.try_next().await? {
            w.item(&row).await?;
        }
        drop(rows);
        w.end_list().await
    }
}

/// A date or time as WHMCS stores it, as text (`0000-00-00` stays visible as what it is:
/// WHMCS's "none").
macro_rules! t {
    ($c:literal) => {
        concat!("CAST(", $c, " AS CHAR)")
    };
}

#[derive(FromRow, Serialize)]
struct Login {
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    language: String,
    last_login: Option<String>,
    last_ip: String,
    last_hostname: String,
    email_verified_at: Option<String>,
    created_at: Option<String>,
}

#[derive(FromRow, Serialize)]
struct ClientProfile {
    id: String,
    firstname: String,
    lastname: String,
    companyname: String,
    email: String,
    address1: String,
    address2: String,
    city: String,
    state: String,
    postcode: String,
    country: String,
    phonenumber: String,
    tax_id: String,
    language: String,
    status: String,
    datecreated: Option<String>,
    lastlogin: Option<String>,
    ip: String,
    host: String,
    email_preferences: Option<String>,
    cardlastfour: String,
}

#[derive(FromRow, Serialize)]
struct ContactRecord {
    id: String,
    firstname: String,
    lastname: String,
    companyname: String,
    email: String,
    address1: String,
    address2: String,
    city: String,
    state: String,
    postcode: String,
    country: String,
    phonenumber: String,
    tax_id: String,
}

#[derive(FromRow, Serialize)]
struct AccountUser {
    user_id: String,
    name: String,
    email: String,
    owner: i64,
    permissions: Option<String>,
}

#[derive(FromRow, Serialize)]
struct FieldValue {
    field: String,
    value: String,
}

#[derive(FromRow, Serialize)]
struct IdentityNumber {
    source: String,
    name: String,
    value: String,
}

#[derive(FromRow, Serialize)]
struct ServiceOut {
    id: String,
    product: Option<String>,
    domain: String,
    status: String,
    regdate: Option<String>,
    nextduedate: Option<String>,
    termination_date: Option<String>,
    billingcycle: String,
    amount: String,
    username: String,
    dedicatedip: String,
    notes: String,
}

#[derive(FromRow, Serialize)]
struct AddonOut {
    id: String,
    service_id: String,
    name: String,
    status: String,
    regdate: Option<String>,
    nextduedate: Option<String>,
    termination_date: Option<String>,
}

#[derive(FromRow, Serialize)]
struct DomainOut {
    id: String,
    domain: String,
    r#type: String,
    registrar: String,
    status: String,
    registrationdate: Option<String>,
    expirydate: Option<String>,
    idprotection: i64,
    donotrenew: i64,
}

#[derive(FromRow, Serialize)]
struct DomainField {
    domain_id: String,
    name: String,
    value: String,
}

#[derive(FromRow, Serialize)]
struct InvoiceOut {
    id: String,
    invoicenum: String,
    date: Option<String>,
    duedate: Option<String>,
    datepaid: Option<String>,
    total: String,
    status: String,
    paymentmethod: String,
}

#[derive(FromRow, Serialize)]
struct InvoiceItem {
    id: String,
    invoice_id: String,
    r#type: String,
    description: String,
    amount: String,
}

#[derive(FromRow, Serialize)]
struct Snapshot {
    invoice_id: String,
    clientsdetails: String,
}

#[derive(FromRow, Serialize)]
struct Transaction_ {
    id: String,
    date: Option<String>,
    gateway: String,
    description: String,
    amountin: String,
    amountout: String,
    fees: String,
    transid: String,
    invoice_id: String,
}

#[derive(FromRow, Serialize)]
struct Order {
    id: String,
    ordernum: String,
    date: Option<String>,
    amount: String,
    status: String,
    ipaddress: String,
    nameservers: String,
    fraudmodule: String,
    fraudoutput: String,
    notes: String,
}

#[derive(FromRow, Serialize)]
struct Quote {
    id: String,
    subject: String,
    stage: String,
    datecreated: Option<String>,
    total: String,
    firstname: String,
    lastname: String,
    companyname: String,
    email: String,
    address1: String,
    city: String,
    postcode: String,
    country: String,
    phonenumber: String,
}

#[derive(FromRow, Serialize)]
struct Ticket {
    id: String,
    reference: Option<String>,
    date: Option<String>,
    title: String,
    message: String,
    status: String,
    name: String,
    email: String,
    cc: String,
    ipaddress: Option<String>,
}

#[derive(FromRow, Serialize)]
struct TicketReply {
    id: String,
    ticket_id: String,
    date: Option<String>,
    from_staff: String,
    name: String,
    email: String,
    message: String,
}

#[derive(FromRow, Serialize)]
struct Email {
    id: String,
    date: Option<String>,
    subject: String,
    to: Option<String>,
    cc: Option<String>,
    bcc: Option<String>,
    message: String,
}

#[derive(FromRow, Serialize)]
struct Activity {
    id: String,
    date: Option<String>,
    description: String,
    ipaddr: String,
}

#[derive(FromRow, Serialize)]
struct Note {
    id: String,
    created: Option<String>,
    modified: Option<String>,
    note: String,
}

#[derive(FromRow, Serialize)]
struct LoginEntry {
    at: Option<String>,
    ip: String,
    user_agent: String,
}

#[derive(FromRow, Serialize)]
struct Consent {
    id: String,
    opt_in: i64,
    by_staff: i64,
    ip_address: String,
    created_at: Option<String>,
}

#[derive(FromRow, Serialize)]
struct MarketingFlags {
    marketing_emails_opt_in: i64,
    emailoptout: i64,
    email_preferences: Option<String>,
}

#[async_trait]
impl ExportSource for WhmcsExport {
    async fn write(&mut self, category: DataCategory, w: &mut ExportWriter) -> ExportResult {
        let (c, u, ct) = (self.client, self.user, self.contact);
        let holds = i64::from(self.holds);
        match category {
            DataCategory::Identification => {
                let fields = if self.personnummer_fields.is_empty() {
                    "NULL".to_string()
                } else {
                    self.personnummer_fields
                        .iter()
                        .map(|f| f.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let sql = format!(
                    "SELECT 'client custom field' AS source, f.fieldname AS name, v.value FROM tblcustomfieldsvalues v \
                     JOIN tblcustomfields f ON f.id = v.fieldid \
                     WHERE f.type = 'client' AND v.relid = ? AND ? = 1 AND v.fieldid IN ({fields}) \
                     UNION ALL \
                     SELECT CONCAT('domain ', d.domain), a.name, a.value FROM tbldomainsadditionalfields a \
                     JOIN tbldomains d ON d.id = a.domainid \
                     WHERE d.userid = ? AND ? = 1 AND a.name IN ('Identification Number', 'orgno', 'idNumber')"
                );
                self.list::<IdentityNumber>(w, "identity_numbers", &sql, &[c, holds, c, holds])
                    .await?;
            }
            DataCategory::Contact => {
                self.list::<Login>(
                    w,
                    "login",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, first_name, last_name, email, language, ",
                        t!("last_login"),
                        " AS last_login, last_ip, last_hostname, ",
                        t!("email_verified_at"),
                        " AS email_verified_at, ",
                        t!("created_at"),
                        " AS created_at FROM tblusers WHERE id = ?"
                    ),
                    &[u],
                )
                .await?;
                self.list::<ContactRecord>(
                    w,
                    "contact_record",
                    "SELECT CAST(id AS CHAR) AS id, firstname, lastname, companyname, email, address1, address2, city, \
                     state, postcode, country, phonenumber, tax_id FROM tblcontacts WHERE id = ? AND userid = ?",
                    &[ct, c],
                )
                .await?;
                self.list::<ClientProfile>(
                    w,
                    "client_profile",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, firstname, lastname, companyname, email, address1, address2, ",
                        "city, state, postcode, country, phonenumber, tax_id, language, CAST(status AS CHAR) AS status, ",
                        t!("datecreated"),
                        " AS datecreated, ",
                        t!("lastlogin"),
                        " AS lastlogin, ip, host, email_preferences, cardlastfour FROM tblclients WHERE id = ? AND ? = 1"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<FieldValue>(
                    w,
                    "client_custom_fields",
                    "SELECT f.fieldname AS field, v.value FROM tblcustomfieldsvalues v \
                     JOIN tblcustomfields f ON f.id = v.fieldid WHERE f.type = 'client' AND v.relid = ? AND ? = 1",
                    &[c, holds],
                )
                .await?;
                self.list::<AccountUser>(
                    w,
                    "users_of_account",
                    "SELECT CAST(u.id AS CHAR) AS user_id, CONCAT(u.first_name, ' ', u.last_name) AS name, u.email, \
                     CAST(uc.owner AS SIGNED) AS owner, uc.permissions FROM tblusers_clients uc \
                     JOIN tblusers u ON u.id = uc.auth_user_id WHERE uc.client_id = ? AND ? = 1",
                    &[c, holds],
                )
                .await?;
                self.list::<ContactRecord>(
                    w,
                    "contacts_of_account",
                    "SELECT CAST(id AS CHAR) AS id, firstname, lastname, companyname, email, address1, address2, city, \
                     state, postcode, country, phonenumber, tax_id FROM tblcontacts WHERE userid = ? AND ? = 1",
                    &[c, holds],
                )
                .await?;
            }
            DataCategory::CustomerRelationship => {
                self.list::<ServiceOut>(
                    w,
                    "services",
                    concat!(
                        "SELECT CAST(h.id AS CHAR) AS id, p.name AS product, h.domain, CAST(h.domainstatus AS CHAR) AS status, ",
                        t!("h.regdate"),
                        " AS regdate, ",
                        t!("h.nextduedate"),
                        " AS nextduedate, ",
                        t!("h.termination_date"),
                        " AS termination_date, h.billingcycle, CAST(h.amount AS CHAR) AS amount, h.username, ",
                        "h.dedicatedip, h.notes FROM tblhosting h LEFT JOIN tblproducts p ON p.id = h.packageid ",
                        "WHERE h.userid = ? AND ? = 1 ORDER BY h.id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<AddonOut>(
                    w,
                    "service_addons",
                    concat!(
                        "SELECT CAST(ha.id AS CHAR) AS id, CAST(ha.hostingid AS CHAR) AS service_id, ",
                        "COALESCE(NULLIF(ha.name, ''), a.name, '') AS name, CAST(ha.status AS CHAR) AS status, ",
                        t!("ha.regdate"),
                        " AS regdate, ",
                        t!("ha.nextduedate"),
                        " AS nextduedate, ",
                        t!("ha.termination_date"),
                        " AS termination_date FROM tblhostingaddons ha LEFT JOIN tbladdons a ON a.id = ha.addonid ",
                        "WHERE ha.userid = ? AND ? = 1 ORDER BY ha.id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<DomainOut>(
                    w,
                    "domains",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, domain, CAST(type AS CHAR) AS type, registrar, ",
                        "CAST(status AS CHAR) AS status, ",
                        t!("registrationdate"),
                        " AS registrationdate, ",
                        t!("expirydate"),
                        " AS expirydate, CAST(idprotection AS SIGNED) AS idprotection, ",
                        "CAST(donotrenew AS SIGNED) AS donotrenew FROM tbldomains WHERE userid = ? AND ? = 1 ORDER BY domain"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<DomainField>(
                    w,
                    "domain_fields",
                    "SELECT CAST(a.domainid AS CHAR) AS domain_id, a.name, a.value FROM tbldomainsadditionalfields a \
                     JOIN tbldomains d ON d.id = a.domainid WHERE d.userid = ? AND ? = 1 ORDER BY a.id",
                    &[c, holds],
                )
                .await?;
                self.list::<InvoiceOut>(
                    w,
                    "invoices",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, invoicenum, ",
                        t!("date"),
                        " AS date, ",
                        t!("duedate"),
                        " AS duedate, ",
                        t!("datepaid"),
                        " AS datepaid, CAST(total AS CHAR) AS total, status, paymentmethod FROM tblinvoices ",
                        "WHERE userid = ? AND ? = 1 ORDER BY date, id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<InvoiceItem>(
                    w,
                    "invoice_items",
                    "SELECT CAST(i.id AS CHAR) AS id, CAST(i.invoiceid AS CHAR) AS invoice_id, i.type, i.description, \
                     CAST(i.amount AS CHAR) AS amount FROM tblinvoiceitems i JOIN tblinvoices v ON v.id = i.invoiceid \
                     WHERE v.userid = ? AND ? = 1 ORDER BY i.id",
                    &[c, holds],
                )
                .await?;
                self.list::<Snapshot>(
                    w,
                    "invoice_snapshots",
                    "SELECT CAST(m.invoiceid AS CHAR) AS invoice_id, m.clientsdetails FROM mod_invoicedata m \
                     JOIN tblinvoices v ON v.id = m.invoiceid WHERE v.userid = ? AND ? = 1 ORDER BY m.id",
                    &[c, holds],
                )
                .await?;
                self.list::<Transaction_>(
                    w,
                    "transactions",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, ",
                        t!("date"),
                        " AS date, gateway, description, CAST(amountin AS CHAR) AS amountin, ",
                        "CAST(amountout AS CHAR) AS amountout, CAST(fees AS CHAR) AS fees, transid, ",
                        "CAST(invoiceid AS CHAR) AS invoice_id FROM tblaccounts WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<Order>(
                    w,
                    "orders",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, CAST(ordernum AS CHAR) AS ordernum, ",
                        t!("date"),
                        " AS date, CAST(amount AS CHAR) AS amount, status, ipaddress, nameservers, fraudmodule, ",
                        "fraudoutput, notes FROM tblorders WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<Quote>(
                    w,
                    "quotes",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, subject, CAST(stage AS CHAR) AS stage, ",
                        t!("datecreated"),
                        " AS datecreated, CAST(total AS CHAR) AS total, firstname, lastname, companyname, email, ",
                        "address1, city, postcode, country, phonenumber FROM tblquotes WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
            }
            DataCategory::History => {
                let tickets = tickets_of("t.");
                let binds = [c, holds, u, u, ct, ct];
                self.list::<Ticket>(
                    w,
                    "support_tickets",
                    &format!(
                        "SELECT CAST(t.id AS CHAR) AS id, t.tid AS reference, {} AS date, t.title, t.message, t.status, \
                         t.name, t.email, t.cc, t.ipaddress FROM tbltickets t WHERE {tickets} ORDER BY t.id",
                        t!("t.date")
                    ),
                    &binds,
                )
                .await?;
                self.list::<TicketReply>(
                    w,
                    "ticket_replies",
                    &format!(
                        "SELECT CAST(r.id AS CHAR) AS id, CAST(r.tid AS CHAR) AS ticket_id, {} AS date, \
                         r.admin AS from_staff, r.name, r.email, r.message FROM tblticketreplies r \
                         JOIN tbltickets t ON t.id = r.tid WHERE {tickets} ORDER BY r.id",
                        t!("r.date")
                    ),
                    &binds,
                )
                .await?;
                self.list::<Email>(
                    w,
                    "emails",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, ",
                        t!("date"),
                        " AS date, subject, `to`, cc, bcc, message FROM tblemails WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<Activity>(
                    w,
                    "activity_log",
                    &format!(
                        "SELECT CAST(id AS CHAR) AS id, {} AS date, description, ipaddr FROM tblactivitylog \
                         WHERE {ACTIVITY_OF} ORDER BY id",
                        t!("date")
                    ),
                    &[c, holds, u, u],
                )
                .await?;
                self.list::<Note>(
                    w,
                    "staff_notes",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, ",
                        t!("created"),
                        " AS created, ",
                        t!("modified"),
                        " AS modified, note FROM tblnotes WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
                self.list::<LoginEntry>(
                    w,
                    "login_history",
                    &format!(
                        "SELECT {} AS at, ip, user_agent FROM mod_privacyportal_logins WHERE {LOGINS_OF} ORDER BY id",
                        t!("at")
                    ),
                    &[u, c],
                )
                .await?;
            }
            DataCategory::Consents => {
                self.list::<Consent>(
                    w,
                    "marketing_consent_history",
                    concat!(
                        "SELECT CAST(id AS CHAR) AS id, CAST(opt_in AS SIGNED) AS opt_in, CAST(admin AS SIGNED) AS by_staff, ",
                        "ip_address, ",
                        t!("created_at"),
                        " AS created_at FROM tblmarketing_consent WHERE userid = ? AND ? = 1 ORDER BY id"
                    ),
                    &[c, holds],
                )
                .await?;
            }
            DataCategory::Marketing => {
                self.list::<MarketingFlags>(
                    w,
                    "billing_marketing_flags",
                    "SELECT CAST(marketing_emails_opt_in AS SIGNED) AS marketing_emails_opt_in, \
                     CAST(emailoptout AS SIGNED) AS emailoptout, email_preferences FROM tblclients \
                     WHERE id = ? AND ? = 1",
                    &[c, holds],
                )
                .await?;
            }
            DataCategory::AutomaticallyCollected => {}
        }
        Ok(())
    }
}
