//! Rectification (GDPR art. 16): reading and correcting contact details, with optimistic
//! concurrency so two edits never silently overwrite each other, and a record of who
//! changed which fields when (never the values).

use portal_domain::api::{ContactUpdate, ContactView, Role};
use portal_domain::support::RecipientNoticeReason;
use portal_domain::validate::mask_personnummer;
use portal_domain::{FieldError, ValidationCode};

use crate::billing::{CommandAction, Person};
use crate::changes::{Change, Outcome, Record};
use crate::error::{ApiError, ApiResult};
use crate::rights::subject::Subject;
use crate::rights::{access, contact_changes, recipients, restriction};
use crate::state::AppState;

/// The person's contact details as the billing system has them now (read with the
/// subject, at the start of the request), with the portal's record of changes.
pub async fn view(state: &AppState, subject: &Subject) -> ApiResult<ContactView> {
    view_of(state, subject, &subject.person).await
}

/// The fields of `person`'s login the host lets only its staff change
/// (`Billing::locked_fields`): locked for the person and for a company admin alike, not
/// for support, who are the host's staff. A contact has no login and nothing locked.
pub async fn host_locked(
    state: &AppState,
    subject: &Subject,
    person: &Person,
) -> ApiResult<Vec<&'static str>> {
    if subject.actor.role == Role::Support || person.login_fields.is_empty() {
        return Ok(Vec::new());
    }
    let locked = state.billing.locked_fields().await?;
    Ok(locked
        .login
        .into_iter()
        .filter(|f| person.login_fields.contains(f))
        .collect())
}

/// Refuses a change to a field the host locked.
pub fn refuse_locked(fields: &[&str], locked: &[&str]) -> ApiResult<()> {
    let refused: Vec<FieldError> = fields
        .iter()
        .filter(|f| locked.contains(f))
        .map(|f| FieldError {
            field: (*f).into(),
            code: ValidationCode::Locked,
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(refused))
    }
}

/// The contact view of `person` as read.
async fn view_of(state: &AppState, subject: &Subject, person: &Person) -> ApiResult<ContactView> {
    let locked = host_locked(state, subject, person).await?;
    Ok(ContactView {
        locked_fields: locked.iter().map(|f| f.to_string()).collect(),
        details: person.details.clone(),
        version: person.revision.0,
        personnummer_masked: person.personnummer.as_deref().map(mask_personnummer),
        changes: contact_changes::read(state, &person.account_id, &person.id).await?,
        fields: person.fields.iter().map(|f| f.to_string()).collect(),
        login_fields: person.login_fields.iter().map(|f| f.to_string()).collect(),
        holds_account: !subject.acts_for_other() && person.holds(&subject.account),
    })
}

/// The contact view read again from the billing system, after a correction.
async fn reread_view(state: &AppState, subject: &Subject) -> ApiResult<ContactView> {
    let person = state
        .billing
        .person(&subject.account.id, &subject.person.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    view_of(state, subject, &person).await
}

/// Corrects the contact details, if nobody else did since `update.version` was read.
///
/// The billing system holds the details, so the correction is a command: recorded with
/// the portal's checks (no restriction in force, the version still current), applied to
/// the billing system, which refuses it if the record changed meanwhile, and only then
/// recorded as done (who changed which fields, the audit entry, the notice to the person
/// when someone else acted, a task for each recipient of the data).
pub async fn update(
    state: &AppState,
    subject: &Subject,
    update: ContactUpdate,
) -> ApiResult<ContactView> {
    let person = &subject.person;
    let details = update
        .details
        .validate_kept(person.fields)
        .map_err(ApiError::Validation)?;
    let mut change = Change::about(state, &person.id).await?;
    // While processing is restricted (GDPR art. 18), the contested data stays as it is.
    if restriction::is_restricted(change.conn(), &subject.account.id, &person.id).await? {
        return Err(ApiError::Restricted);
    }
    let current = state
        .billing
        .person(&subject.account.id, &person.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if current.revision.0 != update.version {
        return Err(ApiError::VersionConflict);
    }
    let fields = current.details.changed_fields(&details);
    // A field the billing system does not keep for this person cannot be set.
    let not_kept: Vec<FieldError> = fields
        .iter()
        .filter(|f| !current.fields.contains(f))
        .map(|f| FieldError {
            field: (*f).into(),
            code: ValidationCode::NotKept,
        })
        .collect();
    if !not_kept.is_empty() {
        return Err(ApiError::Validation(not_kept));
    }
    // A login is its person's across all their accounts: a company admin who could set
    // an employee's e-mail could reset their password and be them everywhere.
    if subject.acts_for_other() {
        let own: Vec<FieldError> = fields
            .iter()
            .filter(|f| current.login_fields.contains(f))
            .map(|f| FieldError {
                field: (*f).into(),
                code: ValidationCode::OwnLogin,
            })
            .collect();
        if !own.is_empty() {
            return Err(ApiError::Validation(own));
        }
    }
    refuse_locked(&fields, &host_locked(state, subject, &current).await?)?;
    if fields.is_empty() {
        change.rollback().await?;
        return view_of(state, subject, &current).await;
    }
    let now = change.now();
    let recipients = access::holdings(state, subject)
        .await?
        .recipients(&state.operator);
    let mut then = vec![
        Record::ContactChanged {
            account_id: subject.account.id.clone(),
            person_id: person.id.clone(),
            actor: subject.actor.clone(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        },
        Record::audit(
            &subject.actor,
            "contact.corrected",
            &subject.account.id,
            &person.id,
            "",
            &fields,
        ),
    ];
    then.extend(subject.acted_for_notice("contact.corrected", &fields, now));
    // Every recipient of the corrected data is to be told (GDPR art. 19).
    then.push(Record::TellRecipients {
        account_id: subject.account.id.clone(),
        person_id: person.id.clone(),
        request_id: None,
        reason: RecipientNoticeReason::Rectification,
        categories: recipients::categories_of_contact_fields(&fields),
        fields: fields.iter().map(|f| f.to_string()).collect(),
        recipients,
    });
    change
        .command(
            &person.id,
            None,
            CommandAction::UpdateContact {
                account_id: subject.account.id.clone(),
                person_id: person.id.clone(),
                expected: current.revision,
                details,
                fields: fields.iter().map(|f| f.to_string()).collect(),
                actor: subject.actor.clone(),
            },
            then,
        )
        .await?;
    match change.commit().await?.pop() {
        Some(Outcome::Applied) => {
            tracing::info!(person = %person.id, fields = %fields.join(","), "contact details corrected");
        }
        // Another edit got in between the read and the write.
        Some(Outcome::Stale | Outcome::Abandoned) => return Err(ApiError::VersionConflict),
        Some(Outcome::Refused(refusal)) => return Err(ApiError::Refused(refusal)),
        Some(Outcome::Pending(reason)) => {
            return Err(ApiError::Internal(format!(
                "contact correction not applied: {reason}"
            )));
        }
        None => return Err(ApiError::Internal("contact correction lost".into())),
    }
    reread_view(state, subject).await
}
