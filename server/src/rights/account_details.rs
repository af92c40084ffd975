//! Rectification of an account's own details (GDPR art. 16): the name and company its
//! invoices are addressed to, its billing e-mail, address and phone (WHMCS: the client),
//! apart from anyone's login. They are what the account holds, so only its holder sees
//! and corrects them: an invited user, an employee and a company admin acting for one
//! are refused, as is support. The same version check as for contact details keeps two
//! edits from overwriting each other.

use portal_domain::api::{AccountUpdate, AccountView};
use portal_domain::support::RecipientNoticeReason;

use crate::billing::CommandAction;
use crate::changes::{Change, Outcome, Record};
use crate::error::{ApiError, ApiResult};
use crate::rights::subject::Subject;
use crate::rights::{access, recipients, restriction};
use crate::state::AppState;

/// The view's name in `/api/me/{VIEW}`, which nobody opens for someone else.
pub const VIEW: &str = "account";

/// Only the account's holder, acting for themself.
fn holder_only(subject: &Subject) -> ApiResult<()> {
    if subject.acts_for_other() || !subject.person.holds(&subject.account) {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// The account's details as the billing system has them now.
pub async fn view(state: &AppState, subject: &Subject) -> ApiResult<AccountView> {
    holder_only(subject)?;
    read(state, &subject.account.id).await
}

async fn read(state: &AppState, account_id: &str) -> ApiResult<AccountView> {
    let (details, revision) = state
        .billing
        .account_details(account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let locked = state.billing.locked_fields().await?.account;
    Ok(AccountView {
        details,
        version: revision.0,
        locked_fields: locked.iter().map(|f| f.to_string()).collect(),
    })
}

/// Corrects the account's details, if nobody did since `update.version` was read: a
/// command the billing system applies (refusing it if the record changed meanwhile),
/// recorded with its audit entry and a task for each recipient of the data.
pub async fn update(
    state: &AppState,
    subject: &Subject,
    update: AccountUpdate,
) -> ApiResult<AccountView> {
    holder_only(subject)?;
    let person = &subject.person;
    let account_id = &subject.account.id;
    let details = update.details.validate().map_err(ApiError::Validation)?;
    let mut change = Change::about(state, &person.id).await?;
    // While processing is restricted (GDPR art. 18), the contested data stays as it is.
    if restriction::is_restricted(change.conn(), account_id, &person.id).await? {
        return Err(ApiError::Restricted);
    }
    let (current, revision) = state
        .billing
        .account_details(account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if revision.0 != update.version {
        return Err(ApiError::VersionConflict);
    }
    let fields = current.changed_fields(&details);
    // The host's own client area would not let its customer change these either.
    crate::rights::rectification::refuse_locked(
        &fields,
        &state.billing.locked_fields().await?.account,
    )?;
    if fields.is_empty() {
        change.rollback().await?;
        return read(state, account_id).await;
    }
    let recipients = access::holdings(state, subject)
        .await?
        .recipients(&state.operator);
    let then = vec![
        Record::audit(
            &subject.actor,
            "account.corrected",
            account_id,
            &person.id,
            "",
            &fields,
        ),
        // Every recipient of the corrected data is to be told (GDPR art. 19).
        Record::TellRecipients {
            account_id: account_id.clone(),
            person_id: person.id.clone(),
            request_id: None,
            reason: RecipientNoticeReason::Rectification,
            categories: recipients::categories_of_contact_fields(&fields),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            recipients,
        },
    ];
    change
        .command(
            &person.id,
            None,
            CommandAction::UpdateAccount {
                account_id: account_id.clone(),
                person_id: person.id.clone(),
                expected: revision,
                details,
                fields: fields.iter().map(|f| f.to_string()).collect(),
                actor: subject.actor.clone(),
            },
            then,
        )
        .await?;
    match change.commit().await?.pop() {
        Some(Outcome::Applied) => {
            tracing::info!(account = %account_id, fields = %fields.join(","), "account details corrected");
        }
        Some(Outcome::Stale | Outcome::Abandoned) => return Err(ApiError::VersionConflict),
        Some(Outcome::Refused(refusal)) => return Err(ApiError::Refused(refusal)),
        Some(Outcome::Pending(reason)) => {
            return Err(ApiError::Internal(format!(
                "account correction not applied: {reason}"
            )));
        }
        None => return Err(ApiError::Internal("account correction lost".into())),
    }
    read(state, account_id).await
}
