//! What every handler shares: the database, the operator's configuration, the host's
//! key and the clock.

use std::sync::Arc;

use crate::auth::launch_token::HostKey;
use crate::clock::Clock;
use crate::config::operator::OperatorConfig;
use crate::config::settings::Settings;
use crate::store::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub operator: Arc<OperatorConfig>,
    pub host_key: HostKey,
    pub settings: Arc<Settings>,
    pub clock: Clock,
}
