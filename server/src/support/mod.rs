//! Support staff's work: the request queue, decisions on one request, and executing what
//! was decided.

pub mod decisions;
pub mod execution;
pub mod queue;

use portal_domain::api::{Actor, Role};

use crate::auth::sessions::Session;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A caller with the support role.
#[derive(Debug, Clone)]
pub struct Staff {
    pub actor: Actor,
}

impl Staff {
    /// The session's staff member, if the session is support's and the billing system
    /// still has them as active staff: checked on every call, so someone taken off the
    /// staff loses the console at once, not when their session ends.
    pub async fn of(state: &AppState, session: &Session) -> ApiResult<Staff> {
        if session.role != Role::Support {
            return Err(ApiError::Forbidden);
        }
        if state.billing.staff(&session.person_id).await?.is_none() {
            return Err(ApiError::Forbidden);
        }
        Ok(Staff {
            actor: session.actor(),
        })
    }
}
