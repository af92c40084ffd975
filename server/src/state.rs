//! What every handler shares: the database, the operator's configuration, the host's
//! key and the clock.

use std::sync::Arc;

use crate::auth::HostKey;
use crate::clock::Clock;
use crate::db::Db;
use crate::operator::OperatorConfig;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub operator: Arc<OperatorConfig>,
    pub host_key: HostKey,
    pub settings: Arc<Settings>,
    pub clock: Clock,
}
