//! What every handler shares: the portal's database, the billing system, the operator's
//! configuration, the host's key, the clock and the sessions' unwritten uses.

use std::sync::Arc;

use crate::auth::launch_token::HostKey;
use crate::auth::session_uses::SessionUses;
use crate::billing::BillingSystem;
use crate::clock::Clock;
use crate::config::operator::OperatorConfig;
use crate::config::settings::Settings;
use crate::store::db::Db;

/// The state every request is handed: one `Arc`, so the clones axum makes of it for each
/// request (every route's middleware holds one, every `State` extractor takes one) cost a
/// reference count each, not a copy of every part.
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

impl std::ops::Deref for AppState {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

/// What `AppState` holds.
#[derive(Clone)]
pub struct Parts {
    pub db: Db,
    pub billing: BillingSystem,
    pub operator: Arc<OperatorConfig>,
    pub host_key: HostKey,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Key lookups on the authenticated path without the pool, on a SQLite file (see
    /// `store::reads`).
    pub reads: Option<Arc<crate::store::reads::SqliteReads>>,
    /// Rows the authenticated path has just read (see `store::recent`).
    pub recent: Arc<crate::store::recent::Recent>,
    /// Sessions' last uses not yet written (see `auth::session_uses`).
    pub session_uses: Arc<SessionUses>,
    /// The series `GET /metrics` reports (see `metrics.rs`).
    pub metrics: crate::metrics::Metrics,
    /// The API's rate limits and what they have counted (see `http::limits`).
    pub limiters: Arc<crate::http::limits::RateLimiters>,
    /// The exports running now, and how many may (see `rights::export`).
    pub exports: Arc<crate::rights::export::ExportSlots>,
}

impl AppState {
    /// Loads the operator configuration, opens (and migrates) the portal's database and
    /// connects the billing system, checking that it has what the backend uses.
    pub async fn open(settings: Settings, clock: Clock) -> Result<AppState, crate::StartError> {
        let operator = OperatorConfig::load(&settings.operator_config)?;
        let host_key = HostKey::from_sources(&settings.host_issuer, &settings.host_keys)
            .map_err(crate::StartError::HostKey)?;
        let db = crate::store::db::connect(&settings.database_url).await?;
        let billing = crate::billing::connect(
            settings.billing_url.as_deref(),
            &settings.database_url,
            &settings.whmcs,
        )
        .await?;
        billing.check().await?;
        tracing::info!(billing = billing.name(), "billing system connected");
        let limiters = Arc::new(crate::http::limits::RateLimiters::new(
            &settings.rate_limits,
        ));
        let exports = crate::rights::export::ExportSlots::new(settings.exports);
        let reads = crate::store::reads::SqliteReads::for_url(&settings.database_url);
        let recent = recent_reads(&settings);
        Ok(AppState::of(Parts {
            reads,
            recent,
            db,
            billing,
            operator: Arc::new(operator),
            host_key,
            settings: Arc::new(settings),
            clock,
            session_uses: Arc::default(),
            metrics: crate::metrics::Metrics::new(),
            limiters,
            exports,
        }))
    }

    fn of(parts: Parts) -> AppState {
        AppState(Arc::new(parts))
    }

    /// The same state with other settings.
    pub fn with_settings(&self, settings: Settings) -> AppState {
        AppState::of(Parts {
            settings: Arc::new(settings),
            ..Parts::clone(self)
        })
    }

    /// The same state with another clock (the demo files its requests on past days).
    pub fn with_clock(&self, clock: Clock) -> AppState {
        AppState::of(Parts {
            clock,
            ..Parts::clone(self)
        })
    }

    /// The same state with another pool to the same database: a second server, with the
    /// rows it has read of its own.
    pub fn with_db(&self, db: Db) -> AppState {
        AppState::of(Parts {
            db,
            recent: recent_reads(&self.settings),
            ..Parts::clone(self)
        })
    }
}

/// Rows are kept for `PORTAL_READ_CACHE_SECONDS`, the person and account only from the
/// built-in billing store (see `store::recent`).
fn recent_reads(settings: &Settings) -> Arc<crate::store::recent::Recent> {
    Arc::new(crate::store::recent::Recent::new(
        settings.read_cache,
        settings.billing_url.is_none(),
    ))
}
