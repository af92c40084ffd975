//! Erasure (GDPR art. 17): the preview a person is shown, and the erasure as it is
//! carried out. Both come from `rules::retention::erasure_plan`, so what was promised is
//! what is done: personal data nothing else needs is anonymised or removed now, and each
//! record a legal hold keeps gets a row in the retention ledger with its rule and last
//! day, for the retention sweep.
//!
//! The portal's own part (newsletter, consents, sessions, the ledger, the audit entry) is
//! written in the caller's change; the billing system's part is one command, which the
//! caller records with what is to follow it, so both happen or neither does.

use portal_domain::api::{AccountKind, Actor, ErasurePreview};
use portal_domain::support::ErasureResult;
use time::Date;

use crate::billing::{Account, CommandAction, Person, RecordRef};
use crate::changes::Change;
use crate::clock::from_unix;
use crate::config::operator::OperatorConfig;
use crate::error::ApiResult;
use crate::rights::access::{self, Holdings};
use crate::rights::preferences;
use crate::rights::subject::Subject;
use crate::rules::retention::{self, LegalHold};
use crate::state::AppState;
use portal_domain::format_iso_date;

/// An address that can never receive mail (`.invalid` is reserved, RFC 2606) and still
/// tells persons apart.
pub fn erased_email(person_id: &str) -> String {
    format!("erased-{person_id}@erased.invalid")
}

pub use crate::rights::preferences::email_hash;

/// What an erasure would do today, as the person is shown it before filing.
pub async fn preview(state: &AppState, subject: &Subject) -> ApiResult<ErasurePreview> {
    let h = access::holdings(state, subject).await?;
    Ok(retention::erasure_preview(
        &h.for_erasure(),
        &state.operator.retention,
        state.clock.today(),
    ))
}

/// Who erases, by which rules, on which day.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub operator: &'a OperatorConfig,
    pub actor: &'a Actor,
    pub today: Date,
}

/// What erasing a person does.
pub struct Erased {
    /// The report the person is shown.
    pub result: ErasureResult,
    /// The records held, one ledger row each.
    pub holds: Vec<LegalHold>,
    /// Records no rule keeps any more, removed now.
    pub removed: Vec<RecordRef>,
    /// The address before erasure: the completion notice still has to reach the person.
    pub former_email: String,
    /// The billing system's part, for the caller to record as a command.
    pub command: CommandAction,
}

/// Erases `person` of `account`, who holds `h`: writes the portal's part into `change`
/// and returns the billing system's. `suppress_marketing` keeps a suppression entry even
/// when the person was not subscribed (they objected to direct marketing).
pub async fn erase(
    change: &mut Change<'_>,
    cx: Context<'_>,
    person: &Person,
    account: &Account,
    h: &Holdings,
    suppress_marketing: bool,
    request_id: Option<&str>,
) -> ApiResult<Erased> {
    let id = person.id.as_str();
    let now = change.now();
    let plan = retention::erasure_plan(&h.for_erasure(), &cx.operator.retention, cx.today);
    // The person's sessions end below.
    change.ends_sessions();
    let conn = change.conn();

    // Marketing: the subscription goes; a hash of the address stays so an objection is
    // honoured even if the address turns up again in a list.
    if h.newsletter || suppress_marketing {
        sqlx::query(
            "INSERT INTO marketing_suppressions (email_hash, created_at) VALUES ($1, $2) \
             ON CONFLICT (email_hash) DO NOTHING",
        )
        .bind(email_hash(person.email()))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    // Everything below is the person's state on this account only.
    let account_id = account.id.as_str();
    sqlx::query("DELETE FROM newsletter_subscriptions WHERE person_id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;

    // Consents and objections: the history goes; what is left is one "off" per optional
    // purpose that would otherwise apply by default, so nothing starts again.
    sqlx::query("DELETE FROM consent_history WHERE person_id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM purpose_choices WHERE person_id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for p in cx
        .operator
        .purposes
        .iter()
        .filter(|p| p.can_opt_out && preferences::default_active(p.legal_basis))
    {
        sqlx::query(
            "INSERT INTO purpose_choices (person_id, purpose_key, active, changed_at, account_id) VALUES ($1, $2, 0, $3, $4)",
        )
        .bind(id)
        .bind(&p.key)
        .bind(now)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    }

    // Their sessions on this account: the same login on another account is not erased.
    sqlx::query(
        "UPDATE sessions SET ended_at = $1 WHERE person_id = $2 AND account_id = $3 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(&account.id)
    .execute(&mut *conn)
    .await?;

    // A record is held once: a company invoice may already be held for an earlier admin.
    for hold in &plan.holds {
        sqlx::query(
            "INSERT INTO retention_ledger (id, person_id, request_id, record_kind, record_id, rule, until_on, created_at, account_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (record_kind, record_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(id)
        .bind(request_id)
        .bind(hold.record.kind.key())
        .bind(&hold.record.id)
        .bind(hold.rule.key())
        .bind(hold.shown.until.map(format_iso_date))
        .bind(now)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO erased_persons (account_id, person_id, erased_at, request_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (account_id, person_id) DO NOTHING",
    )
    .bind(&account.id)
    .bind(id)
    .bind(now)
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    change
        .audit(
            cx.actor,
            "person.erased",
            account_id,
            id,
            request_id.unwrap_or(""),
            &[
                "name",
                "email",
                "phone",
                "address",
                "company",
                "personnummer",
                "login_history",
                "tickets",
                "newsletter",
                "consents",
                "sessions",
            ],
        )
        .await?;
    tracing::info!(
        person = %id,
        held = plan.holds.len(),
        removed = plan.remove_now.len(),
        "personal data erased"
    );
    let command = CommandAction::ErasePerson {
        account_id: account.id.clone(),
        person_id: person.id.clone(),
        // A private account is named after its holder; while one of its domains is
        // registered, the holder is the registrant, and the account stays as it is.
        anonymise_account: person.holds(account)
            && account.kind == AccountKind::Private
            && !plan.preview.account_kept_for_domain,
        remove: plan.remove_now.clone(),
        keep: plan.holds.iter().map(|h| h.record.clone()).collect(),
        erased_email: erased_email(id),
        actor: cx.actor.clone(),
    };
    Ok(Erased {
        result: ErasureResult {
            erased: plan.preview.erase_now,
            contracts: plan.preview.contracts,
            kept: plan.preview.keep,
            backup_retention_days: cx.operator.retention.backup_days,
            executed_at: from_unix(now),
        },
        holds: plan.holds,
        removed: plan.remove_now,
        former_email: person.email().to_string(),
        command,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suppression_hash_ignores_case_and_spaces() {
        assert_eq!(
            email_hash(" Kari@Example.no "),
            email_hash("kari@example.no")
        );
        assert_eq!(email_hash("kari@example.no").len(), 64);
        assert!(erased_email("1001").ends_with(".invalid"));
    }
}
