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
//! The whole run is one transaction of the portal's database; what it does to the billing
//! system are commands recorded in it and applied once it has committed. A dry run is the
//! same run rolled back, so it lists exactly what a real run would do on the same data. Every change claims its row with a
//! conditional write first, so two servers sweeping at once never do anything twice, and
//! a second run finds nothing left to do.

use std::collections::BTreeSet;

use portal_domain::api::{Actor, Role};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};

use crate::billing::{CommandAction, RecordKind, RecordRef, RecordState, ServiceStatus};
use crate::changes::Change;
use crate::config::operator::OperatorConfig;
use crate::config::settings::Settings;
use crate::error::ApiResult;
use crate::rights::{access, erasure};
use crate::rules::retention::HoldRule;
use crate::state::AppState;
use crate::store::db::{self, Backend};
use portal_domain::deadline::add_months;
use portal_domain::format_iso_date;

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

/// Runs the sweep once with the configured database, billing system and operator rules,
/// as of now (`privacy-portal sweep`).
pub async fn run_configured(settings: &Settings, dry_run: bool) -> Result<SweepReport, String> {
    let state = AppState::open(settings.clone(), crate::clock::Clock::default())
        .await
        .map_err(|e| e.to_string())?;
    if !dry_run {
        // Its entries go on from a checkpoint, as a server's do.
        crate::open_audit_trail(&state)
            .await
            .map_err(|e| e.to_string())?;
    }
    run_sweep(&state, &state.operator, OffsetDateTime::now_utc(), dry_run)
        .await
        .map_err(|e| e.to_string())
}

/// Runs the sweep as of `now` under `operator`'s rules. With `dry_run` nothing is kept:
/// the report says what a real run would do.
pub async fn run_sweep(
    state: &AppState,
    operator: &OperatorConfig,
    now: OffsetDateTime,
    dry_run: bool,
) -> ApiResult<SweepReport> {
    let today = now.date();
    let mut change = Change::begin_at(state, now.unix_timestamp()).await?;
    let actions = sweep(&mut change, state, operator, today).await?;
    if dry_run {
        change.rollback().await?;
    } else {
        change.commit().await?;
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
    account_id: String,
    record_kind: String,
    record_id: String,
    rule: String,
    until_on: Option<String>,
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

async fn sweep(
    change: &mut Change<'_>,
    state: &AppState,
    operator: &OperatorConfig,
    today: Date,
) -> ApiResult<Vec<SweepAction>> {
    let actor = Actor {
        person_id: SWEEP_ACTOR.into(),
        role: Role::Support,
    };
    let billing = &state.billing;
    let mut actions = Vec::new();
    let years = operator.retention.customer_years_after_last_service;
    let lead_months = operator.retention.lead_months as i32;

    // Held records whose day has passed, and contracts held while they run.
    let due: Vec<LedgerRow> = sqlx::query_as(
        "SELECT id, person_id, account_id, record_kind, record_id, rule, until_on FROM retention_ledger \
         WHERE status = 'held' AND (until_on IS NULL OR until_on < $1) ORDER BY created_at, id",
    )
    .bind(format_iso_date(today))
    .fetch_all(change.conn())
    .await?;
    // Accounts the customer rule applies to, read before anything is purged.
    let mut accounts = Vec::new();
    for a in billing.ended_accounts().await? {
        if add_years(a.last_end, years) >= today {
            continue;
        }
        let done: Option<String> =
            sqlx::query_scalar("SELECT account_id FROM anonymised_accounts WHERE account_id = $1")
                .bind(&a.account_id)
                .fetch_optional(change.conn())
                .await?;
        if done.is_none() {
            accounts.push(a);
        }
    }
    if db::backend(&state.db) == Backend::Postgres {
        // Every other writer locks its person and then the audit trail; the sweep touches
        // many persons and appends to the trail as it goes, so it locks its persons first,
        // in one order, or a writer waiting for the trail could hold a person it needs.
        let mut persons: BTreeSet<String> = due.iter().map(|r| r.person_id.clone()).collect();
        for a in &accounts {
            persons.extend(
                billing
                    .people_of_account(&a.account_id)
                    .await?
                    .into_iter()
                    .map(|p| p.id),
            );
        }
        for p in persons {
            db::lock_person(change.conn(), &p).await?;
        }
    }
    for row in due {
        let (Some(kind), Some(rule)) = (
            RecordKind::parse(&row.record_kind),
            HoldRule::parse(&row.rule),
        ) else {
            tracing::warn!(ledger = %row.id, "retention ledger row names an unknown record kind or rule");
            continue;
        };
        let record = RecordRef {
            kind,
            id: row.record_id.clone(),
        };
        let decision = match rule {
            HoldRule::Invoice if row.until_on.is_some() => Decision::Purge,
            HoldRule::Invoice => Decision::Keep,
            HoldRule::Domain => match billing.record(&record).await? {
                RecordState::Domain(d) => match d.expires_on {
                    Some(e) if d.registered && e >= today => Decision::HoldUntil("extend_hold", e),
                    _ => Decision::Purge,
                },
                _ => Decision::Purge,
            },
            HoldRule::Contract => match billing.record(&record).await? {
                RecordState::Service(s) if s.status != ServiceStatus::Ended => Decision::Keep,
                RecordState::Service(s) => match s.ended_on {
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
                _ => Decision::Purge,
            },
        };
        let (action, until) = match decision {
            Decision::Keep => continue,
            Decision::Purge => {
                let now = change.now();
                let claimed = sqlx::query(
                    "UPDATE retention_ledger SET status = 'purged', purged_at = $1 WHERE id = $2 AND status = 'held'",
                )
                .bind(now)
                .bind(&row.id)
                .execute(change.conn())
                .await?;
                if claimed.rows_affected() != 1 {
                    continue;
                }
                change
                    .command(
                        &row.person_id,
                        None,
                        CommandAction::Purge {
                            record: record.clone(),
                        },
                        Vec::new(),
                    )
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
                .execute(change.conn())
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
        change
            .audit(
                &actor,
                audit_action,
                &row.account_id,
                &row.person_id,
                &row.id,
                &[kind.key()],
            )
            .await?;
        actions.push(SweepAction {
            action: action.into(),
            table: kind.key().into(),
            record_id: row.record_id,
            person_id: row.person_id,
            rule: rule.key().into(),
            until,
        });
    }

    // The customer-relationship rule: every service of the account has ended, the last
    // one long enough ago.
    for a in accounts {
        let until = add_years(a.last_end, years);
        let claimed = sqlx::query(
            "INSERT INTO anonymised_accounts (account_id, anonymised_at) VALUES ($1, $2) \
             ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(&a.account_id)
        .bind(change.now())
        .execute(change.conn())
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let Some(account) = billing.account(&a.account_id).await? else {
            continue;
        };
        change
            .audit(
                &actor,
                "retention.account_anonymised",
                &a.account_id,
                "",
                &a.account_id,
                &[],
            )
            .await?;
        actions.push(SweepAction {
            action: "anonymise_account".into(),
            table: "account".into(),
            record_id: a.account_id.clone(),
            person_id: String::new(),
            rule: "customer".into(),
            until: Some(format_iso_date(until)),
        });
        for brief in billing.people_of_account(&a.account_id).await? {
            let erased: Option<String> = sqlx::query_scalar(
                "SELECT person_id FROM erased_persons WHERE person_id = $1 AND account_id IN ($2, '') LIMIT 1",
            )
            .bind(&brief.id)
            .bind(&a.account_id)
            .fetch_optional(change.conn())
            .await?;
            if erased.is_some() {
                continue;
            }
            let Some(person) = billing.person(&a.account_id, &brief.id).await? else {
                continue;
            };
            let holdings = access::holdings_of(state, &person, &account).await?;
            let cx = erasure::Context {
                operator,
                actor: &actor,
                today,
            };
            let erased =
                erasure::erase(change, cx, &person, &account, &holdings, false, None).await?;
            change
                .command(&person.id, None, erased.command, Vec::new())
                .await?;
            let person_id = person.id.clone();
            actions.push(SweepAction {
                action: "erase_person".into(),
                table: "person".into(),
                record_id: person_id.clone(),
                person_id: person_id.clone(),
                rule: "customer".into(),
                until: None,
            });
            for record in erased.removed {
                actions.push(SweepAction {
                    action: "remove".into(),
                    table: record.kind.key().into(),
                    record_id: record.id,
                    person_id: person_id.clone(),
                    rule: "customer".into(),
                    until: None,
                });
            }
            for hold in erased.holds {
                actions.push(SweepAction {
                    action: "hold".into(),
                    table: hold.record.kind.key().into(),
                    record_id: hold.record.id,
                    person_id: person_id.clone(),
                    rule: hold.rule.key().into(),
                    until: hold.shown.until.map(format_iso_date),
                });
            }
        }
    }

    // The lead rule: a lead marked "not relevant" is anonymised once `lead_months` months
    // have passed since its status changed. The row stays, without anything personal. The
    // query's bound, `add_months(today, -lead_months)`, includes every lead whose
    // `add_months(changed, lead_months)` is before today; the rule itself is checked per
    // lead.
    let bound = add_months(today, -lead_months);
    for lead in billing.leads_not_relevant_since(bound).await? {
        let until = add_months(lead.status_changed_on, lead_months);
        if until >= today {
            continue;
        }
        let changed = format_iso_date(lead.status_changed_on);
        let claimed = sqlx::query(
            "INSERT INTO anonymised_leads (lead_id, status_changed_on, anonymised_at) VALUES ($1, $2, $3) \
             ON CONFLICT (lead_id, status_changed_on) DO NOTHING",
        )
        .bind(&lead.id)
        .bind(&changed)
        .bind(change.now())
        .execute(change.conn())
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        change
            .command(
                "",
                None,
                CommandAction::AnonymiseLead {
                    lead_id: lead.id.clone(),
                    status_changed_on: changed,
                },
                Vec::new(),
            )
            .await?;
        change
            .audit(
                &actor,
                "retention.lead_anonymised",
                "",
                "",
                &lead.id,
                LEAD_FIELDS,
            )
            .await?;
        actions.push(SweepAction {
            action: "anonymise_lead".into(),
            table: "lead".into(),
            record_id: lead.id,
            person_id: String::new(),
            rule: "lead".into(),
            until: Some(format_iso_date(until)),
        });
    }
    Ok(actions)
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
