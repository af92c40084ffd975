//! `GET /metrics` in the Prometheus text format, on its own listener
//! (`PORTAL_METRICS_LISTEN`, off by default) so it is never served with the API.
//!
//! Two kinds of series: the API's requests, counted as they are answered (by route
//! template, never by raw path, so no id reaches a label), and the state of the work,
//! read from the database at each scrape (open and overdue requests, the notice outbox,
//! the last retention sweep, the sessions). Neither needs a session nor names anyone.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::state::AppState;
use crate::support::queue;

/// The route label of a request no route matched: one series for every unknown path.
const UNMATCHED: &str = "unmatched";

/// The series this server keeps. Cheap to clone: the registry and the series are shared.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    http_duration: HistogramVec,
    requests_open: IntGaugeVec,
    requests_overdue: IntGauge,
    outbox: IntGaugeVec,
    last_sweep: Gauge,
    sessions: IntGauge,
    database_up: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "portal_http_request_duration_seconds",
                "API requests by method, route template and status: seconds until the \
                 response head (its _count is the number of requests)",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route", "status"],
        )
        .expect("valid histogram");
        let requests_open = IntGaugeVec::new(
            Opts::new(
                "portal_requests_open",
                "Privacy requests still open, by status",
            ),
            &["status"],
        )
        .expect("valid gauge");
        let requests_overdue = IntGauge::new(
            "portal_requests_overdue",
            "Open privacy requests past their (possibly extended) due date",
        )
        .expect("valid gauge");
        let outbox = IntGaugeVec::new(
            Opts::new(
                "portal_notice_outbox",
                "Notices in the outbox: pending (not yet sent) and failed (given up)",
            ),
            &["status"],
        )
        .expect("valid gauge");
        let last_sweep = Gauge::new(
            "portal_retention_sweep_last_success_timestamp_seconds",
            "When the last retention sweep finished successfully (Unix time; 0: never)",
        )
        .expect("valid gauge");
        let sessions = IntGauge::new(
            "portal_sessions_active",
            "Sessions neither ended, expired nor idle too long",
        )
        .expect("valid gauge");
        let database_up = IntGauge::new(
            "portal_metrics_database_up",
            "Whether the portal database answered this scrape (1) or not (0)",
        )
        .expect("valid gauge");
        for c in [
            Box::new(http_duration.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(requests_open.clone()),
            Box::new(requests_overdue.clone()),
            Box::new(outbox.clone()),
            Box::new(last_sweep.clone()),
            Box::new(sessions.clone()),
            Box::new(database_up.clone()),
        ] {
            registry.register(c).expect("series registered once");
        }
        Metrics {
            registry,
            http_duration,
            requests_open,
            requests_overdue,
            outbox,
            last_sweep,
            sessions,
            database_up,
        }
    }

    fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        self.http_duration
            .with_label_values(&[method, route, status.as_str()])
            .observe(seconds);
    }

    /// Reads the state of the work from the database into the gauges.
    async fn refresh(&self, state: &AppState) -> sqlx::Result<()> {
        let mut conn = state.db.acquire().await?;
        for count in queue::counts(&mut conn).await? {
            if count.status.is_pending() {
                self.requests_open
                    .with_label_values(&[count.status.as_str()])
                    .set(count.requests as i64);
            }
        }
        let overdue = queue::overdue_count(&mut conn, state.clock.today()).await?;
        self.requests_overdue.set(overdue as i64);
        for status in ["pending", "failed"] {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = $1")
                .bind(status)
                .fetch_one(&mut *conn)
                .await?;
            self.outbox.with_label_values(&[status]).set(n);
        }
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(finished_at) FROM job_runs WHERE job = $1 AND finished_at IS NOT NULL",
        )
        .bind(crate::worker::RETENTION_SWEEP)
        .fetch_one(&mut *conn)
        .await?;
        self.last_sweep.set(last.unwrap_or(0) as f64);
        let now = state.clock.unix();
        let sessions: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL AND expires_at > $1 \
             AND last_seen_at >= $2",
        )
        .bind(now)
        .bind(now - state.settings.session_idle_seconds)
        .fetch_one(&mut *conn)
        .await?;
        self.sessions.set(sessions);
        Ok(())
    }
}

/// Counts every request the API answers, by its route template.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = req.method().clone();
    let started = Instant::now();
    let res = next.run(req).await;
    state.metrics.observe(
        method.as_str(),
        route.as_ref().map_or(UNMATCHED, MatchedPath::as_str),
        res.status(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// The metrics listener's routes: `/metrics` and nothing else.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    match metrics.refresh(&state).await {
        Ok(()) => metrics.database_up.set(1),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the portal database does not answer");
            metrics.database_up.set(0);
        }
    }
    let encoder = TextEncoder::new();
    let mut body = Vec::new();
    if let Err(e) = encoder.encode(&metrics.registry.gather(), &mut body) {
        tracing::error!(error = %e, "metrics: cannot encode");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let mut res = body.into_response();
    if let Ok(v) = HeaderValue::from_str(encoder.format_type()) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res
}
