//! Who may act for whom. Deny by default: a rule not written here does not exist.

use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
use axum::http::Method;
use axum::http::request::Parts;
use portal_domain::api::{Actor, Role};

use crate::auth::sessions::Session;
use crate::billing::{self, AccountRecord, PersonRecord};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{audit, db};

/// Whether the session may see and change `subject`'s personal data.
///
/// A customer reaches only themself. A company admin reaches the persons registered under
/// their company account, themself included: the company is the controller of its
/// employees' data (seed 003, section 11). Support reaches no one through the self-service
/// routes: their console has its own.
pub fn may_act_for(session: &Session, subject: &PersonRecord) -> bool {
    match session.role {
        Role::Customer => {
            subject.id == session.person_id && subject.account_id == session.account_id
        }
        Role::CompanyAdmin => subject.account_id == session.account_id,
        Role::Support => false,
    }
}

/// The person a self-service request is about, with the account they belong to and who
/// is acting.
#[derive(Debug, Clone)]
pub struct Subject {
    pub person: PersonRecord,
    pub account: AccountRecord,
    pub actor: Actor,
    pub session: Session,
}

impl Subject {
    /// Invoices are the account holder's data: a private customer's, or a company's
    /// admin's (the company is the customer), never an employee's.
    pub fn holds_account(&self) -> bool {
        self.account.kind() == portal_domain::api::AccountKind::Private || self.person.is_admin()
    }

    /// Whether someone other than the person is acting (their company admin).
    pub fn acts_for_other(&self) -> bool {
        self.actor.person_id != self.person.id
    }
}

/// The path parameter that names the subject on `/api/people/{person}/...`.
const PERSON_PARAM: &str = "person";

/// `/api/me/...`: the caller themself, if their role has a self-service portal.
/// `/api/people/{person}/...`: the named person, if `may_act_for` allows it.
///
/// A person the caller may not act for is "not found", exactly like a person who does not
/// exist, so an admin cannot probe for people outside their company. Support is refused
/// outright (403): the role never has these routes.
impl FromRequestParts<AppState> for Subject {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        if session.role == Role::Support {
            return Err(ApiError::Forbidden);
        }
        let named = named_person(parts, state).await?;
        let mut conn = state.db.acquire().await?;
        let person_id = named.as_deref().unwrap_or(&session.person_id);
        let person = billing::person(&mut conn, person_id).await?;
        let person = match person {
            Some(p) if may_act_for(&session, &p) => p,
            _ if named.is_some() => return Err(ApiError::NotFound),
            None => return Err(ApiError::NotFound),
            Some(_) => return Err(ApiError::Forbidden),
        };
        if person.id != session.person_id {
            // The session was checked against the billing data when it opened; acting for
            // someone else is checked again, so an admin whose rights were taken away in
            // the billing system loses them here at once.
            let acting = billing::person(&mut conn, &session.person_id).await?;
            if !acting.is_some_and(|a| a.is_admin() && a.account_id == session.account_id) {
                return Err(ApiError::Forbidden);
            }
        }
        let account = billing::account(&mut conn, &person.account_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        drop(conn);
        let subject = Subject {
            actor: session.actor(),
            person,
            account,
            session,
        };
        if parts.method == Method::GET && subject.acts_for_other() {
            record_opening(state, &subject, parts).await?;
        }
        Ok(subject)
    }
}

/// The `{person}` of `/api/people/{person}/...`, or `None` on `/api/me/...`.
async fn named_person(parts: &mut Parts, state: &AppState) -> Result<Option<String>, ApiError> {
    // A path whose parameters do not decode names no one we could find.
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| ApiError::NotFound)?;
    Ok(params
        .iter()
        .find(|(key, _)| *key == PERSON_PARAM)
        .map(|(_, value)| value.to_string()))
}

/// Every time an admin opens an employee's data, the audit trail says who, whose, when and
/// which view (`contact`, `export`…), before the data leaves.
async fn record_opening(
    state: &AppState,
    subject: &Subject,
    parts: &Parts,
) -> Result<(), ApiError> {
    let view = parts
        .extensions
        .get::<MatchedPath>()
        .and_then(|p| p.as_str().split_once("{person}").map(|(_, rest)| rest))
        .unwrap_or("")
        .trim_start_matches('/')
        .to_string();
    let mut tx = db::begin_write(&state.db).await?;
    let event = audit::Event {
        action: "data.opened",
        subject_id: &subject.person.id,
        target: &view,
        fields: &[],
    };
    audit::append(
        &mut tx,
        db::backend(&state.db),
        state.clock.unix(),
        &subject.actor,
        event,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
