//! What WHMCS holds about a person, page by page, for them to see (GDPR art. 15): each
//! kind of record a table of text columns, newest first. The export has all of it.

use portal_domain::api::{DataCategory, RecordSection};
use sqlx::mysql::MySqlRow;
use sqlx::{MySqlPool, Row};

use super::people::PersonKey;
use crate::billing::{Account, BillingResult, Page, Person};

/// One kind of record: its key, columns, the select (every column as text, `?` binds
/// first, then the limit and offset) and the count.
struct Section {
    key: &'static str,
    columns: &'static [&'static str],
    select: &'static str,
    count: &'static str,
    holder_only: bool,
}

const SECTIONS: &[(DataCategory, Section)] = &[
    (
        DataCategory::CustomerRelationship,
        Section {
            key: "services",
            columns: &["product", "status", "started_on", "ended_on"],
            select: "SELECT COALESCE(p.name, h.domain), CAST(h.domainstatus AS CHAR), CAST(h.regdate AS CHAR), \
                     CAST(NULLIF(h.termination_date, '0000-00-00') AS CHAR) FROM tblhosting h \
                     LEFT JOIN tblproducts p ON p.id = h.packageid WHERE h.userid = ? ORDER BY h.regdate DESC, h.id",
            count: "SELECT COUNT(*) FROM tblhosting WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::CustomerRelationship,
        Section {
            key: "domains",
            columns: &["domain", "status", "registered_on", "expires_on"],
            select: "SELECT domain, CAST(status AS CHAR), CAST(registrationdate AS CHAR), CAST(expirydate AS CHAR) \
                     FROM tbldomains WHERE userid = ? ORDER BY domain",
            count: "SELECT COUNT(*) FROM tbldomains WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::CustomerRelationship,
        Section {
            key: "invoices",
            columns: &["number", "issued_on", "amount", "status"],
            select: "SELECT COALESCE(NULLIF(invoicenum, ''), CAST(id AS CHAR)), CAST(date AS CHAR), \
                     CAST(total AS CHAR), status FROM tblinvoices WHERE userid = ? ORDER BY date DESC, id DESC",
            count: "SELECT COUNT(*) FROM tblinvoices WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::CustomerRelationship,
        Section {
            key: "transactions",
            columns: &["at", "description", "amount", "gateway"],
            select: "SELECT CAST(date AS CHAR), description, CAST(amountin - amountout AS CHAR), gateway \
                     FROM tblaccounts WHERE userid = ? ORDER BY date DESC, id DESC",
            count: "SELECT COUNT(*) FROM tblaccounts WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::CustomerRelationship,
        Section {
            key: "orders",
            columns: &["at", "number", "amount", "status", "ip"],
            select: "SELECT CAST(date AS CHAR), CAST(ordernum AS CHAR), CAST(amount AS CHAR), status, ipaddress \
                     FROM tblorders WHERE userid = ? ORDER BY date DESC, id DESC",
            count: "SELECT COUNT(*) FROM tblorders WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::History,
        Section {
            key: "tickets",
            columns: &["opened_at", "subject", "status"],
            select: "SELECT CAST(date AS CHAR), title, status FROM tbltickets WHERE userid = ? AND ((? = 1 AND requestor_id = 0 AND contactid = 0) \
                     OR (requestor_id = ? AND ? > 0) OR (contactid = ? AND ? > 0)) ORDER BY date DESC, id DESC",
            count: "SELECT COUNT(*) FROM tbltickets WHERE userid = ? AND ((? = 1 AND requestor_id = 0 AND contactid = 0) \
                    OR (requestor_id = ? AND ? > 0) OR (contactid = ? AND ? > 0))",
            holder_only: false,
        },
    ),
    (
        DataCategory::History,
        Section {
            key: "emails",
            columns: &["at", "subject"],
            select: "SELECT CAST(date AS CHAR), subject FROM tblemails WHERE userid = ? ORDER BY id DESC",
            count: "SELECT COUNT(*) FROM tblemails WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::History,
        Section {
            key: "activity_log",
            columns: &["at", "description", "ip"],
            select: "SELECT CAST(date AS CHAR), description, ipaddr FROM tblactivitylog \
                     WHERE userid = ? AND ((? = 1 AND user_id = 0) OR (user_id = ? AND ? > 0)) ORDER BY id DESC",
            count: "SELECT COUNT(*) FROM tblactivitylog WHERE userid = ? AND ((? = 1 AND user_id = 0) OR (user_id = ? AND ? > 0))",
            holder_only: false,
        },
    ),
    (
        DataCategory::History,
        Section {
            key: "staff_notes",
            columns: &["at", "note"],
            select: "SELECT CAST(created AS CHAR), note FROM tblnotes WHERE userid = ? ORDER BY id DESC",
            count: "SELECT COUNT(*) FROM tblnotes WHERE userid = ?",
            holder_only: true,
        },
    ),
    (
        DataCategory::Consents,
        Section {
            key: "marketing_consent_history",
            columns: &["at", "opted_in", "ip"],
            select: "SELECT CAST(created_at AS CHAR), IF(opt_in = 1, 'yes', 'no'), ip_address \
                     FROM tblmarketing_consent WHERE userid = ? ORDER BY id DESC",
            count: "SELECT COUNT(*) FROM tblmarketing_consent WHERE userid = ?",
            holder_only: true,
        },
    ),
];

/// The login history the addon records, per user and account (`LOGINS_OF`): theirs
/// whatever account they hold, on this account only.
const LOGINS: Section = Section {
    key: "logins",
    columns: &["at", "ip", "user_agent"],
    select: "SELECT CAST(at AS CHAR), ip, user_agent FROM mod_privacyportal_logins WHERE user_id = ? AND client_id IN (?, 0) ORDER BY id DESC",
    count: "SELECT COUNT(*) FROM mod_privacyportal_logins WHERE user_id = ? AND client_id IN (?, 0)",
    holder_only: false,
};

fn text(row: &MySqlRow, i: usize) -> String {
    row.try_get::<Option<String>, _>(i)
        .ok()
        .flatten()
        .unwrap_or_default()
}

async fn one(
    pool: &MySqlPool,
    page: &Page,
    s: &Section,
    keys: &[i64],
    out: &mut Vec<RecordSection>,
) -> BillingResult<()> {
    let Some(offset) = page.wants(s.key) else {
        return Ok(());
    };
    let mut count = sqlx::query_scalar(sqlx::AssertSqlSafe(s.count));
    for k in keys {
        count = count.bind(*k);
    }
    let total: i64 = count.fetch_one(pool).await?;
    let mut select = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{} LIMIT ? OFFSET ?",
        s.select
    )));
    for k in keys {
        select = select.bind(*k);
    }
    let rows: Vec<MySqlRow> = select
        .bind(page.limit as i64)
        .bind(offset as i64)
        .fetch_all(pool)
        .await?;
    let rows = rows
        .iter()
        .map(|r| (0..s.columns.len()).map(|i| text(r, i)).collect())
        .collect();
    out.push(page.section(s.key, total.max(0) as u64, offset, s.columns, rows));
    Ok(())
}

pub async fn records(
    pool: &MySqlPool,
    person: &Person,
    account: &Account,
    category: DataCategory,
    page: &Page,
) -> BillingResult<Vec<RecordSection>> {
    let mut out = Vec::new();
    let client = super::people::positive(&account.id).unwrap_or(0);
    let holds = person.holds(account);
    let key = PersonKey::parse(&person.id);
    let user = match key {
        Some(PersonKey::User(u)) => u,
        _ => 0,
    };
    let contact = match key {
        Some(PersonKey::Contact(c)) => c,
        _ => 0,
    };
    let h = i64::from(holds);
    for (c, s) in SECTIONS {
        if *c == category && (holds || !s.holder_only) {
            // Tickets and activity are the person's own on this client (`tickets_of`,
            // `ACTIVITY_OF`); every other kind is the client's, its holder's.
            let keys: &[i64] = match s.key {
                "tickets" => &[client, h, user, user, contact, contact],
                "activity_log" => &[client, h, user, user],
                _ => &[client],
            };
            one(pool, page, s, keys, &mut out).await?;
        }
    }
    if category == DataCategory::History && user > 0 {
        one(pool, page, &LOGINS, &[user, client], &mut out).await?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::whmcs::people::{ACTIVITY_OF, LOGINS_OF, tickets_of};

    /// The pages a person reads pick the same rows as the counts, the export and the
    /// erasure: one rule of whose a ticket, an entry or a login is.
    #[test]
    fn pages_use_the_same_scope_as_the_export_and_the_erasure() {
        let find = |key: &str| &SECTIONS.iter().find(|(_, s)| s.key == key).unwrap().1;
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [find("tickets").select, find("tickets").count] {
            assert!(flat(s).contains(&flat(&tickets_of(""))), "{s}");
        }
        for s in [find("activity_log").select, find("activity_log").count] {
            assert!(flat(s).contains(&flat(ACTIVITY_OF)), "{s}");
        }
        for s in [LOGINS.select, LOGINS.count] {
            assert!(flat(s).contains(&flat(LOGINS_OF)), "{s}");
        }
    }
}
