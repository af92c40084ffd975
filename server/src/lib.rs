//! The privacy portal's API server as a library: `Application::build` wires settings,
//! storage and routes and binds the listener (port 0 works, for tests); `main.rs` is a
//! thin command line around it.

pub mod auth;
pub mod billing;
pub mod changes;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod http;
pub mod metrics;
pub mod notices;
pub mod retention;
pub mod rights;
pub mod rules;
pub mod state;
pub mod store;
pub mod support;
pub mod worker;

use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::settings::Settings;
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Operator(#[from] config::operator::OperatorConfigError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("billing system: {0}")]
    Billing(#[from] billing::BillingError),
    #[error("PORTAL_HOST_PUBLIC_KEY: {0}")]
    HostKey(String),
    #[error("demo data: {0}")]
    Demo(String),
    /// Demo mode asked for beside production data.
    #[error("PORTAL_DEMO: {0}")]
    DemoMode(&'static str),
    /// The audit key does not fit the trail, or its checkpoints cannot be written; the
    /// message names the setting.
    #[error("{0}")]
    Audit(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    /// `GET /metrics`, where `PORTAL_METRICS_LISTEN` asks for it.
    metrics_listener: Option<TcpListener>,
    state: AppState,
}

/// The first server to serve a database writes whether it is a demo's or production's; a
/// demo server refuses a production database (its demo page would open sessions for
/// anyone on real data).
async fn check_mode(state: &AppState) -> Result<(), StartError> {
    let mode = if state.settings.demo {
        "demo"
    } else {
        "production"
    };
    sqlx::query(
        "INSERT INTO portal_mode (id, mode, set_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(mode)
    .bind(state.clock.unix())
    .execute(&state.db)
    .await
    .map_err(StartError::Database)?;
    let recorded: String = sqlx::query_scalar("SELECT mode FROM portal_mode WHERE id = 1")
        .fetch_one(&state.db)
        .await
        .map_err(StartError::Database)?;
    if state.settings.demo && recorded != "demo" {
        return Err(StartError::DemoMode(
            "is on, but PORTAL_DATABASE_URL names a database a production server created; \
             demo mode only runs on a database of its own",
        ));
    }
    Ok(())
}

/// Checks that the audit key is the trail's and signs the first checkpoint where there is
/// none yet (see `store::audit_checkpoints`).
pub async fn open_audit_trail(state: &AppState) -> Result<(), StartError> {
    let audit = &state.settings.audit;
    if audit.key_file_shared() {
        tracing::warn!(
            key_file = %audit.key_file.display(),
            "PORTAL_AUDIT_KEY_FILE can be read by others than its owner: chmod 600 it"
        );
    }
    store::audit_checkpoints::open_trail(
        &state.db,
        store::audit_checkpoints::Target::of(audit),
        state.clock.unix(),
    )
    .await
    .map_err(StartError::Audit)
}

impl Application {
    /// Loads the operator configuration, opens (and migrates) the database, seeds the demo
    /// data in demo mode, and binds the listener.
    pub async fn build(settings: Settings) -> Result<Application, StartError> {
        Self::build_with_clock(settings, Clock::default()).await
    }

    pub async fn build_with_clock(
        settings: Settings,
        clock: Clock,
    ) -> Result<Application, StartError> {
        let listener =
            TcpListener::bind(settings.listen)
                .await
                .map_err(|source| StartError::Listen {
                    addr: settings.listen.to_string(),
                    source,
                })?;
        let metrics_listener = match settings.metrics_listen {
            None => None,
            Some(addr) => {
                Some(
                    TcpListener::bind(addr)
                        .await
                        .map_err(|source| StartError::Listen {
                            addr: addr.to_string(),
                            source,
                        })?,
                )
            }
        };
        let state = AppState::open(settings, clock).await?;
        check_mode(&state).await?;
        open_audit_trail(&state).await?;
        if state.settings.demo {
            demo::seed(&state, state.clock.today(), state.clock.unix()).await?;
            let pair = auth::keys::ensure_dev_key_pair(&state.settings.data_dir)
                .map_err(|e| StartError::Demo(e.to_string()))?;
            demo::seed_requests(&state, &pair.private_pem, http::app).await?;
        }
        Ok(Application {
            listener,
            metrics_listener,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The port of the metrics listener, where there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.port())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGINT or SIGTERM, with the background loop (notices, periodic jobs)
    /// alongside unless the settings turn it off, and the writer of sessions' last uses. On
    /// the signal it stops accepting connections and lets the requests in flight finish, for
    /// the grace period at most (`Settings::shutdown_grace`); then it lets the loop finish
    /// its round, writes the uses left and signs an audit checkpoint. A response still
    /// streaming when the grace period ends is cut off with its connection when the process
    /// exits: a chunked download then lacks its last chunk, so the client sees an error,
    /// never a shorter file that looks whole.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let worker = worker::spawn(self.state.clone());
        let flusher = auth::session_uses::Flusher::spawn(
            self.state.session_uses.clone(),
            self.state.db.clone(),
            self.state.settings.session_flush_interval,
        );
        // The metrics listener answers until the process ends: a scrape during shutdown
        // still sees the last state.
        if let Some(listener) = self.metrics_listener {
            let router = metrics::routes(self.state.clone());
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router.into_make_service()).await {
                    tracing::error!(error = %e, "metrics listener failed");
                }
            });
        }
        let grace = self.state.settings.shutdown_grace;
        let state = self.state.clone();
        let router = http::app(self.state);
        let (stopping, mut stop) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown_signal().await;
            tracing::info!(
                grace_seconds = grace.as_secs_f64(),
                "shutting down: no new connections, finishing the requests in flight"
            );
            let _ = stopping.send(true);
        };
        // `into_make_service`: one route table shared by every connection; handing the
        // router itself to `serve` clones the whole table per connection.
        // With the connection's address: the per-address rate limits need it.
        let serve = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(signal)
        .into_future();
        let grace_over = async move {
            let _ = stop.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        };
        let served = tokio::select! {
            served = serve => served,
            () = grace_over => {
                tracing::warn!("grace period over: requests still in flight are cut off");
                Ok(())
            }
        };
        if let Some(worker) = worker {
            worker.stop().await;
        }
        // After the last request: every use it noted is written.
        flusher.stop().await;
        // The last entries this server appended are signed before it goes.
        match store::audit_checkpoints::write(
            &state.db,
            store::audit_checkpoints::Target::of(&state.settings.audit),
            state.clock.unix(),
            "shutdown",
        )
        .await
        {
            Ok(outcome) => tracing::info!(outcome = %outcome, "audit checkpoint at shutdown"),
            Err(e) => tracing::error!(error = %e, "audit checkpoint at shutdown failed"),
        }
        served
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

/// Logs to stderr; `PORTAL_LOG` (or `RUST_LOG`) sets the filter, `info` by default, and
/// `PORTAL_LOG_FORMAT` the format: `text` (the default) or `json`, one object a line for
/// a log collector. Either way a line holds ids and route templates, never personal
/// values or tokens.
pub fn init_tracing() {
    let filter = std::env::var("PORTAL_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let format = config::settings::log_format(|k| std::env::var(k).ok())
        .unwrap_or(config::settings::LogFormat::Text);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr);
    let _ = match format {
        // Colours only for a person at a terminal, not in a file or a journal.
        config::settings::LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        config::settings::LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}
