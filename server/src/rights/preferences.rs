//! The person's say over optional processing: the newsletter subscription (kept apart
//! and deleted on unsubscribe) and, per purpose, consent given or withdrawn and
//! objections made (GDPR art. 7(3), 21). Every change is appended to the consent history.

use portal_domain::api::{
    Actor, ConsentChange, LegalBasis, NewsletterSegment, NewsletterUpdate, NewsletterView,
    PurposeState, PurposesView, Role,
};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

use crate::billing::{Account, CommandAction, Person};
use crate::changes::Change;
use crate::clock::from_unix;
use crate::config::operator::OperatorConfig;
use crate::error::{ApiError, ApiResult};
use crate::rights::subject::Subject;
use crate::state::AppState;
use crate::store::db::flag;

/// The SHA-256 of a normalised e-mail address: all the marketing suppression list keeps.
pub fn email_hash(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    hex::encode(digest)
}

/// The key the newsletter's consent is recorded under in the consent history.
pub const NEWSLETTER_KEY: &str = "newsletter";

#[derive(FromRow)]
struct SubscriptionRow {
    subscribed: i64,
    segment: Option<String>,
    changed_at: i64,
}

/// The person's subscription on `account_id`: on another account the same person has a
/// list entry of their own, or none.
pub async fn newsletter(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<NewsletterView> {
    let row: Option<SubscriptionRow> = sqlx::query_as(
        "SELECT subscribed, segment, changed_at FROM newsletter_subscriptions WHERE person_id = $1 AND account_id = $2",
    )
    .bind(person_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(r) => NewsletterView {
            subscribed: flag(r.subscribed),
            segment: r.segment.as_deref().and_then(NewsletterSegment::parse),
            changed_at: Some(from_unix(r.changed_at)),
        },
        None => NewsletterView {
            subscribed: false,
            segment: None,
            changed_at: None,
        },
    })
}

#[allow(clippy::too_many_arguments)]
async fn record_change(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
    purpose: &str,
    old: bool,
    new: bool,
    at: i64,
    actor: &Actor,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO consent_history (person_id, purpose_key, old_active, new_active, at, actor_id, actor_role, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(person_id)
    .bind(purpose)
    .bind(new_flag(old))
    .bind(new_flag(new))
    .bind(at)
    .bind(&actor.person_id)
    .bind(actor.role.as_str())
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

fn new_flag(b: bool) -> i64 {
    i64::from(b)
}

/// The person's newsletter subscription: the portal's list, or the billing system's own
/// marketing consent where it keeps one (a WHMCS client who opted in at checkout is
/// subscribed, and can leave here).
pub async fn newsletter_of(
    state: &AppState,
    person: &Person,
    account: &Account,
) -> ApiResult<NewsletterView> {
    let mut conn = state.db.acquire().await?;
    let own = newsletter(&mut conn, &account.id, &person.id).await?;
    drop(conn);
    if own.subscribed {
        return Ok(own);
    }
    let billing = state.billing.marketing_opt_in(person, account).await?;
    Ok(NewsletterView {
        subscribed: billing.unwrap_or(false),
        ..own
    })
}

/// Subscribes, changes segment, or unsubscribes. Unsubscribing deletes the entry at once:
/// the list keeps nothing about people who left it; the consent history keeps the fact.
pub async fn set_newsletter(
    state: &AppState,
    subject: &Subject,
    update: NewsletterUpdate,
) -> ApiResult<NewsletterView> {
    let person = &subject.person.id;
    let account = &subject.account.id;
    let mut change = Change::about(state, person).await?;
    let now = change.now();
    let before = {
        let own = newsletter(change.conn(), account, person).await?;
        if own.subscribed {
            own
        } else {
            let billing = state
                .billing
                .marketing_opt_in(&subject.person, &subject.account)
                .await?;
            NewsletterView {
                subscribed: billing.unwrap_or(false),
                ..own
            }
        }
    };
    if update.subscribed {
        sqlx::query(
            "INSERT INTO newsletter_subscriptions (person_id, subscribed, segment, changed_at, account_id) VALUES ($1, 1, $2, $3, $4) \
             ON CONFLICT (account_id, person_id) DO UPDATE SET subscribed = 1, segment = excluded.segment, changed_at = excluded.changed_at",
        )
        .bind(person)
        .bind(update.segment.map(|s| s.key()))
        .bind(now)
        .bind(account)
        .execute(change.conn())
        .await?;
    } else {
        sqlx::query(
            "DELETE FROM newsletter_subscriptions WHERE person_id = $1 AND account_id = $2",
        )
        .bind(person)
        .bind(account)
        .execute(change.conn())
        .await?;
    }
    if before.subscribed != update.subscribed {
        let action = if update.subscribed {
            "newsletter.subscribed"
        } else {
            "newsletter.unsubscribed"
        };
        change
            .audit(&subject.actor, action, account, person, NEWSLETTER_KEY, &[])
            .await?;
        subject.notify_acted_for(&mut change, action, &[]).await?;
        record_change(
            change.conn(),
            account,
            person,
            NEWSLETTER_KEY,
            before.subscribed,
            update.subscribed,
            now,
            &subject.actor,
        )
        .await?;
        // A billing system with a marketing consent of its own (WHMCS) follows.
        if state.billing.keeps_marketing_consent() {
            change
                .command(
                    person,
                    None,
                    CommandAction::SetMarketingConsent {
                        account_id: subject.account.id.clone(),
                        person_id: person.clone(),
                        opted_in: update.subscribed,
                        actor: subject.actor.clone(),
                    },
                    Vec::new(),
                )
                .await?;
        }
        tracing::info!(person = %person, subscribed = update.subscribed, "newsletter subscription changed");
    }
    change.commit().await?;
    newsletter_of(state, &subject.person, &subject.account).await
}

/// Without a recorded choice: consent is off until given; everything else applies.
pub fn default_active(basis: LegalBasis) -> bool {
    basis != LegalBasis::Consent
}

#[derive(FromRow)]
struct ChoiceRow {
    purpose_key: String,
    active: i64,
}

#[derive(FromRow)]
struct HistoryRow {
    purpose_key: String,
    old_active: i64,
    new_active: i64,
    at: i64,
    actor_id: String,
    actor_role: String,
}

pub async fn consent_history(
    conn: &mut AnyConnection,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<Vec<ConsentChange>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT purpose_key, old_active, new_active, at, actor_id, actor_role FROM consent_history \
         WHERE person_id = $1 AND account_id = $2 ORDER BY id DESC",
    )
    .bind(person_id)
    .bind(account_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ConsentChange {
            purpose: r.purpose_key,
            at: from_unix(r.at),
            old_active: flag(r.old_active),
            new_active: flag(r.new_active),
            actor: Actor {
                person_id: r.actor_id,
                role: Role::parse(&r.actor_role).unwrap_or(Role::Support),
            },
        })
        .collect())
}

pub async fn purposes(
    conn: &mut AnyConnection,
    operator: &OperatorConfig,
    account_id: &str,
    person_id: &str,
) -> sqlx::Result<PurposesView> {
    let choices: Vec<ChoiceRow> = sqlx::query_as(
        "SELECT purpose_key, active FROM purpose_choices WHERE person_id = $1 AND account_id = $2",
    )
    .bind(person_id)
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let purposes = operator
        .purposes
        .iter()
        .map(|p| {
            let chosen = choices
                .iter()
                .find(|c| c.purpose_key == p.key)
                .map(|c| flag(c.active));
            PurposeState {
                key: p.key.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                legal_basis: p.legal_basis,
                can_opt_out: p.can_opt_out,
                // A purpose that cannot be opted out of always applies.
                active: if p.can_opt_out {
                    chosen.unwrap_or(default_active(p.legal_basis))
                } else {
                    true
                },
            }
        })
        .collect();
    Ok(PurposesView {
        purposes,
        history: consent_history(conn, account_id, person_id).await?,
    })
}

/// Switches one optional purpose on or off.
pub async fn set_purpose(
    state: &AppState,
    subject: &Subject,
    key: &str,
    active: bool,
) -> ApiResult<PurposesView> {
    let purpose = state.operator.purpose(key).ok_or(ApiError::NotFound)?;
    if !purpose.can_opt_out {
        return Err(ApiError::InvalidState(
            "this purpose rests on a contract or a legal obligation and cannot be switched off",
        ));
    }
    let person = &subject.person.id;
    let account = &subject.account.id;
    let mut change = Change::about(state, person).await?;
    let now = change.now();
    let current = purposes(change.conn(), &state.operator, account, person).await?;
    let old = current
        .purposes
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.active)
        .unwrap_or(false);
    if old != active {
        sqlx::query(
            "INSERT INTO purpose_choices (person_id, purpose_key, active, changed_at, account_id) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (account_id, person_id, purpose_key) DO UPDATE SET active = excluded.active, changed_at = excluded.changed_at",
        )
        .bind(person)
        .bind(key)
        .bind(new_flag(active))
        .bind(now)
        .bind(account)
        .execute(change.conn())
        .await?;
        let action = if active {
            "purpose.switched_on"
        } else {
            "purpose.switched_off"
        };
        change
            .audit(&subject.actor, action, account, person, key, &[])
            .await?;
        subject
            .notify_acted_for(&mut change, action, &[key])
            .await?;
        record_change(
            change.conn(),
            account,
            person,
            key,
            old,
            active,
            now,
            &subject.actor,
        )
        .await?;
        tracing::info!(person = %person, purpose = key, active, "purpose choice changed");
    }
    let view = purposes(change.conn(), &state.operator, account, person).await?;
    change.commit().await?;
    Ok(view)
}

/// One address the newsletter may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsletterRecipient {
    pub person_id: String,
    pub email: String,
    pub segment: Option<String>,
}

/// Whom a newsletter may be sent to now: subscribers whose processing is not restricted
/// and whose address is not on the marketing suppression list. A sender must take its
/// list from here, never from the subscriptions alone.
pub async fn newsletter_audience(state: &AppState) -> ApiResult<Vec<NewsletterRecipient>> {
    let mut conn = state.db.acquire().await?;
    let subscribers: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT n.person_id, n.segment FROM newsletter_subscriptions n \
         WHERE n.subscribed = 1 AND NOT EXISTS ( \
             SELECT 1 FROM restrictions r WHERE r.person_id = n.person_id AND r.account_id = n.account_id \
             AND r.lifted_at IS NULL) \
         ORDER BY n.person_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<String> = subscribers.iter().map(|(id, _)| id.clone()).collect();
    let people = state.billing.persons_by_id(&ids).await?;
    let mut audience = Vec::with_capacity(subscribers.len());
    for (person_id, segment) in subscribers {
        let Some(p) = people.iter().find(|p| p.id == person_id) else {
            continue;
        };
        let suppressed: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM marketing_suppressions WHERE email_hash = $1")
                .bind(email_hash(&p.email))
                .fetch_one(&mut *conn)
                .await?;
        if suppressed == 0 {
            audience.push(NewsletterRecipient {
                person_id,
                email: p.email.clone(),
                segment,
            });
        }
    }
    Ok(audience)
}
