//! The retention sweep. It purges records the retention ledger holds once their last day
//! has passed (re-checking the record: a renewed domain stays held until its new expiry,
//! an ended contract gets the customer rule's date), and applies the customer-relationship
//! rule: an account whose last service ended more than `customer_years_after_last_service`
//! years ago has its persons erased, keeping what the bookkeeping law still holds.
//!
//! It also applies the lead rule: a lead marked "not relevant" whose status changed more
//! than `lead_months` months ago has its name, contact details, company and note
//! anonymised in place, and the time it was done recorded on the row.
//!
//! The whole run is one transaction. A dry run is the same run rolled back, so it lists
//! exactly what a real run would do on the same data. Every change claims its row with a
//! conditional write first, so two servers sweeping at once never do anything twice, and
//! a second run finds nothing left to do.

use std::collections::BTreeSet;

use portal_domain::api::{Actor, Role};
use serde::Serialize;
use sqlx::{AnyConnection, FromRow};
use time::{Date, OffsetDateTime};

use crate::billing;
use crate::config::operator::OperatorConfig;
use crate::config::settings::Settings;
use crate::rights::erasure::{self, Context};
use crate::rules::retention::{HoldRule, RecordTable};
use crate::store::audit;
use crate::store::db::{self, Backend, Db};
use portal_domain::deadline::add_months;
use portal_domain::format_iso_date;
use portal_domain::parse_iso_date;

/// Whom the audit trail names for what the sweep does.
pub const SWEEP_ACTOR: &str = "retention-sweep";

/// One thing the sweep did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepAction {
    /// `purge`: a held record's day has passed; the record is deleted and its ledger
    /// row marked purged. `extend_hold`: a held domain was renewed and stays held until
    /// its new expiry. `date_hold`: a held contract has ended and is now held until the
    /// customer rule's date. `anonymise_account`: the customer rule applies to an account.
    /// `erase_person`: a person of such an account is erased; `hold` and `remove`: what
    /// that erasure keeps (with a ledger row) and removes at once. `anonymise_lead`: the
    /// lead rule applies to a lead (`until`: the last day it was kept).
    pub action: String,
    pub table: String,
    pub record_id: String,
    pub person_id: String,
    pub rule: String,
    pub until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub dry_run: bool,
    pub today: String,
    pub actions: Vec<SweepAction>,
}

impl std::fmt::Display for SweepReport {
    /// One line per action, then a summary: what the command prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = if self.dry_run { "would " } else { "" };
        for a in &self.actions {
            writeln!(
                f,
                "{mode}{} {} {} (person {}, rule {}, until {})",
                a.action,
                a.table,
                a.record_id,
                if a.person_id.is_empty() {
                    "-"
                } else {
                    &a.person_id
                },
                a.rule,
                a.until.as_deref().unwrap_or("-"),
            )?;
        }
        writeln!(
            f,
            "retention sweep {}for {}: {} action(s)",
            if self.dry_run { "(dry run) " } else { "" },
            self.today,
            self.actions.len()
        )
    }
}

/// Runs the sweep once with the configured database and operator rules, as of now.
pub async fn run_configured(settings: &Settings, dry_run: bool) -> Result<SweepReport, String> {
    let operator = OperatorConfig::load(&settings.operator_config).map_err(|e| e.to_string())?;
    let db = db::connect(&settings.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    run_sweep(&db, &operator, OffsetDateTime::now_utc(), dry_run)
        .await
        .map_err(|e| format!("database: {e}"))
}

/// Runs the sweep as of `now`. With `dry_run` nothing is kept: the report says what a
/// real run would do.
pub async fn run_sweep(
    db: &Db,
    operator: &OperatorConfig,
    now: OffsetDateTime,
    dry_run: bool,
) -> sqlx::Result<SweepReport> {
    let today = now.date();
    let backend = db::backend(db);
    let mut tx = db::begin_write(db).await?;
    let actions = sweep(&mut tx, backend, operator, today, now.unix_timestamp()).await?;
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    for a in &actions {
        tracing::info!(
            dry_run,
            action = %a.action,
            table = %a.table,
            record = %a.record_id,
            person = %a.person_id,
            rule = %a.rule,
            until = a.until.as_deref().unwrap_or("-"),
            "retention sweep"
        );
    }
    tracing::info!(dry_run, actions = actions.len(), "retention sweep finished");
    Ok(SweepReport {
        dry_run,
        today: format_iso_date(today),
        actions,
    })
}

#[derive(FromRow)]
struct LedgerRow {
    id: String,
    person_id: String,
    record_table: String,
    record_id: String,
    rule: String,
    until_on: Option<String>,
}

#[derive(FromRow)]
struct ServiceState {
    status: String,
    ended_on: Option<String>,
}

enum Decision {
    Keep,
    Purge,
    HoldUntil(&'static str, Date),
}

/// The same calendar day `years` later (29 February becomes 28 February).
pub fn add_years(d: Date, years: u32) -> Date {
    let year = d.year() + years as i32;
    let day = d.day().min(d.month().length(year));
    Date::from_calendar_date(year, d.month(), day).unwrap_or(d)
}

/// The fields of a lead the rule anonymises, as the audit trail names them.
const LEAD_FIELDS: &[&str] = &["name", "email", "phone", "company", "note"];

/// Leads the lead rule may apply to on a day: marked "not relevant", not yet anonymised,
/// status changed on or before the bound `add_months(today, -lead_months)`. Every lead
/// whose `add_months(changed, lead_months)` is before today is among them; the rule
/// itself is checked per lead. The condition is the partial index's.
const LEADS_DUE: &str = "SELECT id, status_changed_on FROM billing_leads \
     WHERE status = 'not_relevant' AND anonymised_at IS NULL AND status_changed_on <= $1 \
     ORDER BY id";

#[derive(FromRow)]
struct DueLead {
    id: String,
    status_changed_on: String,
}

async fn sweep(
    conn: &mut AnyConnection,
    backend: Backend,
    operator: &OperatorConfig,
    today: Date,
    now: i64,
) -> sqlx::Result<Vec<SweepAction>> {
    let actor = Actor {
        person_id: SWEEP_ACTOR.into(),
        role: Role::Support,
    };
    let mut actions = Vec::new();
    let years = operator.retention.customer_years_after_last_service;
    let lead_months = operator.retention.lead_months as i32;
    let lead_bound = format_iso_date(add_months(today, -lead_months));

    // Held records whose day has passed, and contracts held while they run.
    let due: Vec<LedgerRow> = sqlx::query_as(
        "SELECT id, person_id, record_table, record_id, rule, until_on FROM retention_ledger \
         WHERE status = 'held' AND (until_on IS NULL OR until_on < $1) ORDER BY created_at, id",
    )
    .bind(format_iso_date(today))
    .fetch_all(&mut *conn)
    .await?;
    if backend == Backend::Postgres {
        // Every other writer locks its person and then the audit trail; the sweep touches
        // many persons and appends to the trail as it goes, so it locks its persons first,
        // in one order, or a writer waiting for the trail could hold a person it needs.
        let mut persons: BTreeSet<String> = due.iter().map(|r| r.person_id.clone()).collect();
        for c in account_candidates(conn).await? {
            persons.extend(persons_to_erase(conn, &c.account_id).await?);
        }
        for p in persons {
            sqlx::query("SELECT id FROM billing_persons WHERE id = $1 FOR UPDATE")
                .bind(p)
                .execute(&mut *conn)
                .await?;
        }
        // Then the leads it may anonymise, in one order too.
        sqlx::query(sqlx::AssertSqlSafe(format!("{LEADS_DUE} FOR UPDATE")))
            .bind(&lead_bound)
            .execute(&mut *conn)
            .await?;
    }
    for row in due {
        let (Some(table), Some(rule)) = (
            RecordTable::parse(&row.record_table),
            HoldRule::parse(&row.rule),
        ) else {
            tracing::warn!(ledger = %row.id, "retention ledger row names an unknown table or rule");
            continue;
        };
        let decision = match rule {
            HoldRule::Invoice if row.until_on.is_some() => Decision::Purge,
            HoldRule::Invoice => Decision::Keep,
            HoldRule::Domain => {
                let expires: Option<String> =
                    sqlx::query_scalar("SELECT expires_on FROM billing_domains WHERE id = $1")
                        .bind(&row.record_id)
                        .fetch_optional(&mut *conn)
                        .await?;
                match expires.as_deref().and_then(parse_iso_date) {
                    Some(e) if e >= today => Decision::HoldUntil("extend_hold", e),
                    _ => Decision::Purge,
                }
            }
            HoldRule::Contract => {
                let service: Option<ServiceState> =
                    sqlx::query_as("SELECT status, ended_on FROM billing_services WHERE id = $1")
                        .bind(&row.record_id)
                        .fetch_optional(&mut *conn)
                        .await?;
                match service {
                    None => Decision::Purge,
                    Some(s) if s.status != "terminated" => Decision::Keep,
                    Some(s) => match s.ended_on.as_deref().and_then(parse_iso_date) {
                        None => Decision::Keep,
                        Some(ended) => {
                            let until = add_years(ended, years);
                            if until < today {
                                Decision::Purge
                            } else if row.until_on.is_none() {
                                Decision::HoldUntil("date_hold", until)
                            } else {
                                Decision::Keep
                            }
                        }
                    },
                }
            }
        };
        let (action, until) = match decision {
            Decision::Keep => continue,
            Decision::Purge => {
                let claimed = sqlx::query(
                    "UPDATE retention_ledger SET status = 'purged', purged_at = $1 WHERE id = $2 AND status = 'held'",
                )
                .bind(now)
                .bind(&row.id)
                .execute(&mut *conn)
                .await?;
                if claimed.rows_affected() != 1 {
                    continue;
                }
                let table_name = table.name();
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table_name} WHERE id = $1"
                )))
                .bind(&row.record_id)
                .execute(&mut *conn)
                .await?;
                ("purge", row.until_on.clone())
            }
            Decision::HoldUntil(action, until) => {
                let until = format_iso_date(until);
                let claimed = sqlx::query(
                    "UPDATE retention_ledger SET until_on = $1 WHERE id = $2 AND status = 'held'",
                )
                .bind(&until)
                .bind(&row.id)
                .execute(&mut *conn)
                .await?;
                if claimed.rows_affected() != 1 {
                    continue;
                }
                (action, Some(until))
            }
        };
        let audit_action = match action {
            "purge" => "retention.purged",
            "extend_hold" => "retention.hold_extended",
            _ => "retention.hold_dated",
        };
        let event = audit::Event {
            action: audit_action,
            subject_id: &row.person_id,
            target: &row.id,
            fields: &[table.name()],
        };
        audit::append(conn, backend, now, &actor, event).await?;
        actions.push(SweepAction {
            action: action.into(),
            table: table.name().into(),
            record_id: row.record_id,
            person_id: row.person_id,
            rule: rule.key().into(),
            until,
        });
    }

    // The customer-relationship rule: every service of the account has ended, the last
    // one long enough ago. Read after the purges above, which may have removed services.
    for c in account_candidates(conn).await? {
        let Some(last_end) = c.last_end.as_deref().and_then(parse_iso_date) else {
            continue;
        };
        let until = add_years(last_end, years);
        if until >= today {
            continue;
        }
        let claimed = sqlx::query(
            "INSERT INTO anonymised_accounts (account_id, anonymised_at) VALUES ($1, $2) \
             ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(&c.account_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let Some(account) = billing::account(conn, &c.account_id).await? else {
            continue;
        };
        let event = audit::Event {
            action: "retention.account_anonymised",
            subject_id: "",
            target: &c.account_id,
            fields: &[],
        };
        audit::append(conn, backend, now, &actor, event).await?;
        actions.push(SweepAction {
            action: "anonymise_account".into(),
            table: "billing_accounts".into(),
            record_id: c.account_id.clone(),
            person_id: String::new(),
            rule: "customer".into(),
            until: Some(format_iso_date(until)),
        });
        for person_id in persons_to_erase(conn, &c.account_id).await? {
            let Some(person) = billing::person(conn, &person_id).await? else {
                continue;
            };
            let cx = Context {
                backend,
                operator,
                actor: &actor,
                today,
                now,
            };
            let erased = erasure::erase_person(conn, cx, &person, &account, false, None).await?;
            actions.push(SweepAction {
                action: "erase_person".into(),
                table: "billing_persons".into(),
                record_id: person_id.clone(),
                person_id: person_id.clone(),
                rule: "customer".into(),
                until: None,
            });
            for (table, record) in erased.removed {
                actions.push(SweepAction {
                    action: "remove".into(),
                    table: table.into(),
                    record_id: record,
                    person_id: person_id.clone(),
                    rule: "customer".into(),
                    until: None,
                });
            }
            for hold in erased.holds {
                actions.push(SweepAction {
                    action: "hold".into(),
                    table: hold.table.name().into(),
                    record_id: hold.record_id,
                    person_id: person_id.clone(),
                    rule: hold.rule.key().into(),
                    until: hold.shown.until.map(format_iso_date),
                });
            }
        }
    }

    // The lead rule: a lead marked "not relevant" is anonymised once `lead_months` months
    // have passed since its status changed. The row stays, without anything personal.
    let leads: Vec<DueLead> = sqlx::query_as(LEADS_DUE)
        .bind(&lead_bound)
        .fetch_all(&mut *conn)
        .await?;
    for lead in leads {
        let Some(changed) = parse_iso_date(&lead.status_changed_on) else {
            tracing::warn!(lead = %lead.id, "lead has no valid status date");
            continue;
        };
        let until = add_months(changed, lead_months);
        if until >= today {
            continue;
        }
        let claimed = sqlx::query(
            "UPDATE billing_leads SET name = $1, email = $2, phone = '', company = '', note = $3, \
             anonymised_at = $4 WHERE id = $5 AND status = 'not_relevant' AND status_changed_on = $6 \
             AND anonymised_at IS NULL",
        )
        .bind(erasure::ERASED_NAME)
        .bind(erasure::erased_email(&format!("lead-{}", lead.id)))
        .bind(erasure::ERASED_TEXT)
        .bind(now)
        .bind(&lead.id)
        .bind(&lead.status_changed_on)
        .execute(&mut *conn)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let event = audit::Event {
            action: "retention.lead_anonymised",
            subject_id: "",
            target: &lead.id,
            fields: LEAD_FIELDS,
        };
        audit::append(conn, backend, now, &actor, event).await?;
        actions.push(SweepAction {
            action: "anonymise_lead".into(),
            table: "billing_leads".into(),
            record_id: lead.id,
            person_id: String::new(),
            rule: "lead".into(),
            until: Some(format_iso_date(until)),
        });
    }
    Ok(actions)
}

/// An account whose services have all ended, and when the last one did.
#[derive(FromRow)]
struct Candidate {
    account_id: String,
    last_end: Option<String>,
}

/// Accounts not yet anonymised whose every service has ended (with a date).
async fn account_candidates(conn: &mut AnyConnection) -> sqlx::Result<Vec<Candidate>> {
    sqlx::query_as(
        "SELECT s.account_id, MAX(s.ended_on) AS last_end FROM billing_services s \
         WHERE NOT EXISTS (SELECT 1 FROM anonymised_accounts x WHERE x.account_id = s.account_id) \
         GROUP BY s.account_id \
         HAVING SUM(CASE WHEN s.status = 'terminated' AND s.ended_on IS NOT NULL THEN 0 ELSE 1 END) = 0 \
         ORDER BY s.account_id",
    )
    .fetch_all(conn)
    .await
}

/// The persons of an account not yet erased.
async fn persons_to_erase(conn: &mut AnyConnection, account_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT id FROM billing_persons WHERE account_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM erased_persons e WHERE e.person_id = billing_persons.id) \
         ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn years_are_added_by_calendar_date() {
        assert_eq!(add_years(date!(2023 - 01 - 10), 3), date!(2026 - 01 - 10));
        assert_eq!(add_years(date!(2024 - 02 - 29), 3), date!(2027 - 02 - 28));
    }

    /// The query's bound keeps every lead the rule applies to, month ends included.
    #[test]
    fn the_lead_bound_misses_no_due_lead() {
        let start = date!(2024 - 01 - 01);
        for months in [1, 6, 13] {
            for t in 0..800 {
                let today = start + time::Duration::days(t);
                let bound = add_months(today, -months);
                for back in 0..500 {
                    let changed = today - time::Duration::days(back);
                    if add_months(changed, months) < today {
                        assert!(changed <= bound, "{changed} {months} {today}");
                    }
                }
            }
        }
    }
}
