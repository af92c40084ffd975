//! Who may act for whom. Deny by default: a rule not written here does not exist.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_domain::api::{Actor, Role};

use crate::billing::{self, AccountRecord, PersonRecord};
use crate::error::ApiError;
use crate::session::Session;
use crate::state::AppState;

/// Whether the session may see and change `subject`'s personal data.
///
/// A customer reaches only themself. A company admin reaches themself (their employees
/// come with the company-admin views). Support reaches no one through the self-service
/// routes: their console has its own.
pub fn may_act_for(session: &Session, subject: &PersonRecord) -> bool {
    match session.role {
        Role::Customer | Role::CompanyAdmin => {
            subject.id == session.person_id && subject.account_id == session.account_id
        }
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
}

/// `/api/me/...`: the caller themself, if their role has a self-service portal.
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
        let mut conn = state.db.acquire().await?;
        let person = billing::person(&mut conn, &session.person_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        if !may_act_for(&session, &person) {
            return Err(ApiError::Forbidden);
        }
        let account = billing::account(&mut conn, &person.account_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Ok(Subject {
            actor: session.actor(),
            person,
            account,
            session,
        })
    }
}
