//! Support staff's work: the request queue, decisions on one request, and executing what
//! was decided.

pub mod decisions;
pub mod execution;
pub mod queue;

use portal_domain::api::{Actor, Role};

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A caller with the support role: may triage (read, assign, note, ask the subject,
/// extend the deadline); `may_decide` says whether they may also decide and execute
/// (reject, execute, grant or lift a restriction).
#[derive(Debug, Clone)]
pub struct Staff {
    pub actor: Actor,
    pub may_decide: bool,
}

impl Staff {
    /// The session's staff member, if the session is support's and the billing system
    /// still has them as active staff: checked on every call, so someone taken off the
    /// staff loses the console at once, not when their session ends, and someone whose
    /// role lost a capability loses it at their next call.
    pub async fn of(state: &AppState, session: &Session) -> ApiResult<Staff> {
        if session.role != Role::Support {
            return Err(ApiError::Forbidden);
        }
        let Some(member) = state.billing.staff(&session.person_id).await? else {
            return Err(ApiError::Forbidden);
        };
        Ok(Staff {
            actor: session.actor(),
            may_decide: member.may_decide,
        })
    }
}

/// A staff member who may decide and execute, not only triage.
#[derive(Debug, Clone)]
pub struct Decider {
    pub actor: Actor,
}

impl Decider {
    /// The staff member, if their role may decide today; otherwise 403 and nothing done.
    pub fn of(staff: Staff) -> ApiResult<Decider> {
        if !staff.may_decide {
            return Err(ApiError::Forbidden);
        }
        Ok(Decider { actor: staff.actor })
    }
}
