//! Company admins and the persons registered under their company account (seed 003,
//! section 11: the employer is the controller of its employees' data). Everything else an
//! admin does for one of them goes through the same self-service use cases as for
//! themself, with the subject resolved and checked by `subject::resolve`; every change an
//! admin makes for someone else sends that person a notice, with the change.

use portal_domain::api::{AccountPerson, Role};

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The persons registered under the admin's own account, the admin listed once among
/// them. Only a company admin has this list: a customer is refused, support has its own
/// console.
pub async fn people(state: &AppState, session: &Session) -> ApiResult<Vec<AccountPerson>> {
    if session.role != Role::CompanyAdmin {
        return Err(ApiError::Forbidden);
    }
    let people = state.billing.people_of_account(&session.account_id).await?;
    // Rechecked against the billing data, as for every act on someone else's behalf.
    if !people
        .iter()
        .any(|p| p.id == session.person_id && p.is_admin)
    {
        return Err(ApiError::Forbidden);
    }
    let mut out: Vec<AccountPerson> = Vec::with_capacity(people.len());
    for p in people {
        if out.iter().any(|o| o.id == p.id) {
            continue;
        }
        out.push(AccountPerson {
            id: p.id,
            name: p.name,
            email: p.email,
            is_admin: p.is_admin,
        });
    }
    Ok(out)
}
