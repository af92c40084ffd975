//! Erasure (GDPR art. 17) as it is carried out, in the caller's transaction so it happens
//! entirely or not at all. The plan comes from `retention::erasure_plan`, the same one the
//! person's preview shows: personal data nothing else needs is anonymised or removed now,
//! and each record a legal hold keeps gets a row in the retention ledger with its rule and
//! last day, for the retention sweep.

use portal_domain::api::Actor;
use portal_domain::support::ErasureResult;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use time::Date;

use crate::billing::{AccountRecord, PersonRecord};
use crate::clock::from_unix;
use crate::config::operator::OperatorConfig;
use crate::rights::access::{self, holds_account};
use crate::rights::preferences;
use crate::rules::retention::{self, LegalHold, PersonHoldings};
use crate::store::audit;
use crate::store::db::Backend;
use portal_domain::format_iso_date;

/// What an erased person's name becomes.
pub const ERASED_NAME: &str = "Erased person";
/// What the subject and body of an erased person's support tickets become.
pub const ERASED_TEXT: &str = "[erased]";

/// An address that can never receive mail (`.invalid` is reserved, RFC 2606) and still
/// tells persons apart.
pub fn erased_email(person_id: &str) -> String {
    format!("erased-{person_id}@erased.invalid")
}

/// The SHA-256 of a normalised e-mail address: all the suppression list keeps.
pub fn email_hash(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who erases, on which backend, on which day.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub backend: Backend,
    pub operator: &'a OperatorConfig,
    pub actor: &'a Actor,
    pub today: Date,
    pub now: i64,
}

/// What erasing a person did.
pub struct Erased {
    /// The report the person is shown.
    pub result: ErasureResult,
    /// The records held, one ledger row each.
    pub holds: Vec<LegalHold>,
    /// Records no rule keeps any more, removed now: (table, id).
    pub removed: Vec<(&'static str, String)>,
    /// The address before erasure: the completion notice still has to reach the person.
    pub former_email: String,
}

/// Erases `person` of `account`. `suppress_marketing` keeps a suppression entry even when
/// the person was not subscribed (they objected to direct marketing).
pub async fn erase_person(
    conn: &mut AnyConnection,
    cx: Context<'_>,
    person: &PersonRecord,
    account: &AccountRecord,
    suppress_marketing: bool,
    request_id: Option<&str>,
) -> sqlx::Result<Erased> {
    let id = person.id.as_str();
    let holds_account = holds_account(person, account);
    let h = access::holdings_of(conn, person, account).await?;
    let plan = retention::erasure_plan(
        &PersonHoldings {
            holds_account,
            services: &h.services,
            domains: &h.domains,
            invoices: &h.invoices,
            login_entries: h.login_entries,
            tickets: h.tickets,
            newsletter: h.newsletter,
            consent_entries: h.consent_entries,
            has_personnummer: person.personnummer.is_some(),
        },
        &cx.operator.retention,
        cx.today,
    );

    // Identification and contact details. The language stays: notices are still written
    // in it, and it identifies no one.
    sqlx::query(
        "UPDATE billing_persons SET name = $1, email = $2, phone = '', street = '', postal_code = '', city = '', \
         country = '', company = '', personnummer = NULL, version = version + 1 WHERE id = $3",
    )
    .bind(ERASED_NAME)
    .bind(erased_email(id))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // A private account is named after its holder.
    if holds_account && account.kind() == portal_domain::api::AccountKind::Private {
        sqlx::query("UPDATE billing_accounts SET name = $1 WHERE id = $2")
            .bind(ERASED_NAME)
            .bind(&account.id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE billing_login_history SET ip = '', user_agent = '' WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE billing_tickets SET subject = $1, body = $1 WHERE person_id = $2")
        .bind(ERASED_TEXT)
        .bind(id)
        .execute(&mut *conn)
        .await?;

    // Marketing: the subscription goes; a hash of the address stays so an objection is
    // honoured even if the address turns up again in a list.
    if h.newsletter || suppress_marketing {
        sqlx::query(
            "INSERT INTO marketing_suppressions (email_hash, created_at) VALUES ($1, $2) \
             ON CONFLICT (email_hash) DO NOTHING",
        )
        .bind(email_hash(&person.email))
        .bind(cx.now)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM newsletter_subscriptions WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;

    // Consents and objections: the history goes; what is left is one "off" per optional
    // purpose that would otherwise apply by default, so nothing starts again.
    sqlx::query("DELETE FROM consent_history WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM purpose_choices WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for p in cx
        .operator
        .purposes
        .iter()
        .filter(|p| p.can_opt_out && preferences::default_active(p.legal_basis))
    {
        sqlx::query(
            "INSERT INTO purpose_choices (person_id, purpose_key, active, changed_at) VALUES ($1, $2, 0, $3)",
        )
        .bind(id)
        .bind(&p.key)
        .bind(cx.now)
        .execute(&mut *conn)
        .await?;
    }

    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE person_id = $2 AND ended_at IS NULL")
        .bind(cx.now)
        .bind(id)
        .execute(&mut *conn)
        .await?;

    let mut removed = Vec::new();
    for (table, record) in &plan.remove_now {
        let table = table.name();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE id = $1"
        )))
        .bind(record)
        .execute(&mut *conn)
        .await?;
        removed.push((table, record.clone()));
    }
    // A record is held once: a company invoice may already be held for an earlier admin.
    for hold in &plan.holds {
        sqlx::query(
            "INSERT INTO retention_ledger (id, person_id, request_id, record_table, record_id, rule, until_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (record_table, record_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(id)
        .bind(request_id)
        .bind(hold.table.name())
        .bind(&hold.record_id)
        .bind(hold.rule.key())
        .bind(hold.shown.until.map(format_iso_date))
        .bind(cx.now)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO erased_persons (person_id, erased_at, request_id) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(id)
    .bind(cx.now)
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    let event = audit::Event {
        action: "person.erased",
        subject_id: id,
        target: request_id.unwrap_or(""),
        fields: &[
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
    };
    audit::append(conn, cx.backend, cx.now, cx.actor, event).await?;
    tracing::info!(
        person = %id,
        held = plan.holds.len(),
        removed = removed.len(),
        "personal data erased"
    );
    Ok(Erased {
        result: ErasureResult {
            erased: plan.preview.erase_now,
            kept: plan.preview.keep,
            backup_retention_days: cx.operator.retention.backup_days,
            executed_at: from_unix(cx.now),
        },
        holds: plan.holds,
        removed,
        former_email: person.email.clone(),
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
