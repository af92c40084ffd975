//! The person a self-service request is about, with the account they belong to and who is
//! acting: the caller themself (`/api/me/...`) or their company admin
//! (`/api/people/{person}/...`).

use portal_domain::api::{Actor, Role};

use crate::auth::sessions::Session;
use crate::billing::{Account, Person};
use crate::changes::{Change, Record};
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::{Addressee, Notice};
use crate::rules::authorization::may_act_for;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct Subject {
    pub person: Person,
    pub account: Account,
    pub actor: Actor,
    pub session: Session,
}

impl Subject {
    /// Invoices are the account holder's data: a private customer's, or a company's
    /// admin's (the company is the customer), never an employee's.
    pub fn holds_account(&self) -> bool {
        self.person.holds(&self.account)
    }

    /// Whether someone other than the person is acting (their company admin).
    pub fn acts_for_other(&self) -> bool {
        self.actor.person_id != self.person.id
    }

    /// The person as notices address them: at the address on file now.
    pub fn addressee(&self) -> Addressee {
        Addressee {
            person_id: self.person.id.clone(),
            email: self.person.email().to_string(),
            locale: self.person.locale(),
        }
    }

    /// When an admin changes something for someone else, the notice "your administrator
    /// did this for you" to that person, to be written with the change so it exists
    /// exactly when the change does. It names the action, the field names and the day: no
    /// values. It goes to the address on file before the change, so a changed e-mail
    /// address is noticed by its owner. `None` when the person acts for themself.
    pub fn acted_for_notice(&self, action: &str, fields: &[&str], now: i64) -> Option<Record> {
        self.acts_for_other().then(|| Record::Notice {
            to: self.addressee(),
            notice: Notice::AdminActed {
                action: action.into(),
                fields: fields.iter().map(|f| f.to_string()).collect(),
                on: crate::clock::from_unix(now).date(),
            },
        })
    }

    /// Writes `acted_for_notice` into `change`, if there is one.
    pub async fn notify_acted_for(
        &self,
        change: &mut Change<'_>,
        action: &str,
        fields: &[&str],
    ) -> ApiResult<()> {
        if let Some(r) = self.acted_for_notice(action, fields, change.now()) {
            change.record(r).await?;
        }
        Ok(())
    }
}

/// The person and their account in one read, or as just read (see `store::recent`).
async fn person_with_account(
    state: &AppState,
    account_id: &str,
    person_id: &str,
) -> ApiResult<Option<(Person, Account)>> {
    if let Some(kept) = state.recent.subject(account_id, person_id) {
        return Ok(Some(kept));
    }
    let ticket = state.recent.subject_ticket();
    let found = state
        .billing
        .person_with_account(account_id, person_id)
        .await?;
    if let Some((person, account)) = &found {
        state
            .recent
            .put_subject(ticket, account_id, person, account);
    }
    Ok(found)
}

/// The subject of a self-service request: the caller themself, or `named` (from
/// `/api/people/{person}/...`) if the caller may act for them. A person the caller may not
/// act for is "not found", exactly like a person who does not exist, so an admin cannot
/// probe for people outside their company. Support is refused outright (403): the role
/// never has these routes. `opened` names the view being read, when it is a read: opening
/// someone else's data is audited before the data leaves.
pub async fn resolve(
    state: &AppState,
    session: Session,
    named: Option<String>,
    opened: Option<&str>,
) -> ApiResult<Subject> {
    if session.role == Role::Support {
        return Err(ApiError::Forbidden);
    }
    let person_id = named.as_deref().unwrap_or(&session.person_id);
    // A company admin reaches the persons of their own account only.
    let found = person_with_account(state, &session.account_id, person_id).await?;
    let (person, account) = match found {
        Some((p, a))
            if may_act_for(
                session.role,
                &session.person_id,
                &session.account_id,
                &p.id,
                &p.account_id,
            ) =>
        {
            (p, a)
        }
        _ if named.is_some() => return Err(ApiError::NotFound),
        None => return Err(ApiError::NotFound),
        Some(_) => return Err(ApiError::Forbidden),
    };
    if person.id != session.person_id {
        // The session was checked against the billing data when it opened; acting for
        // someone else is checked again, so an admin whose rights were taken away in the
        // billing system loses them here at once.
        let acting = state
            .billing
            .person(&session.account_id, &session.person_id)
            .await?;
        if !acting.is_some_and(|a| a.is_admin) {
            return Err(ApiError::Forbidden);
        }
    }
    let subject = Subject {
        actor: session.actor(),
        person,
        account,
        session,
    };
    // An account's own details are its holder's alone: refused for anyone acting for
    // someone else before anything is opened (or audited as opened).
    if opened == Some(crate::rights::account_details::VIEW) && subject.acts_for_other() {
        return Err(ApiError::Forbidden);
    }
    if let Some(view) = opened
        && subject.acts_for_other()
    {
        let mut change = Change::begin(state).await?;
        change
            .audit(
                &subject.actor,
                "data.opened",
                &subject.account.id,
                &subject.person.id,
                view,
                &[],
            )
            .await?;
        change.commit().await?;
    }
    Ok(subject)
}
