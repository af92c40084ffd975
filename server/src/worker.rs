//! Background work of a server: carrying billing commands through, sending notices, and
//! periodic jobs (the retention sweep, the audit trail's checkpoints).
//!
//! Several servers may run against one Postgres, each with this loop. Nothing may run twice
//! and nothing may be lost when one of them dies mid-task:
//! - rows of work (notices) are claimed with a lease (`notices::claim`): a server's name
//!   and a deadline written on them; a dead server's rows come free when the lease ends;
//! - a periodic job runs once per period across all servers: the first server to insert
//!   its `job_runs` row (unique on job and period) runs it, renewing the row's lease while
//!   it works; a run whose server died is taken over once its lease has ended. Periodic
//!   jobs must be idempotent, so a run taken over half-way is simply run again.
//!
//! Times are the portal's clock (`Clock`); servers sharing a database are assumed to keep
//! their clocks within a small fraction of the lease.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::notices::delivery::{self as notices, Delivery, SendConfig};
use crate::state::AppState;

pub use crate::config::worker::WorkerSettings;

/// What a periodic job returns: a one-line outcome for `job_runs`, or why it failed.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// A job that runs once per period across all servers.
#[derive(Clone, Copy)]
pub struct PeriodicJob {
    pub name: &'static str,
    pub every_seconds: i64,
    pub run: for<'a> fn(&'a AppState) -> JobFuture<'a>,
}

/// The name of the daily retention sweep in `job_runs`.
pub const RETENTION_SWEEP: &str = "retention_sweep";

/// The name of the audit trail's checkpoint in `job_runs`.
pub const AUDIT_CHECKPOINT: &str = "audit_checkpoint";

/// The periodic jobs every server offers to run, at their default intervals. Each must be
/// idempotent.
pub fn periodic_jobs() -> Vec<PeriodicJob> {
    vec![
        PeriodicJob {
            name: RETENTION_SWEEP,
            every_seconds: 86_400,
            run: retention_sweep,
        },
        PeriodicJob {
            name: AUDIT_CHECKPOINT,
            every_seconds: crate::config::audit::CHECKPOINT_EVERY_DEFAULT.as_secs() as i64,
            run: audit_checkpoint,
        },
    ]
}

/// The periodic jobs these settings let run: the retention sweep only where it is on, the
/// audit checkpoint at `PORTAL_AUDIT_CHECKPOINT_SECONDS`.
pub fn jobs_for(settings: &crate::config::settings::Settings) -> Vec<PeriodicJob> {
    periodic_jobs()
        .into_iter()
        .filter(|j| j.name != RETENTION_SWEEP || settings.retention_sweep)
        .map(|j| match j.name {
            AUDIT_CHECKPOINT => PeriodicJob {
                every_seconds: settings.audit.checkpoint_every.as_secs() as i64,
                ..j
            },
            _ => j,
        })
        .collect()
}

/// Signs the heads of the audit trail's chains, unless nothing was appended since the
/// last checkpoint (idempotent: a second run in a period finds the trail unchanged). A
/// refusal is logged and tried again next period, not at once: it needs a person.
fn audit_checkpoint(state: &AppState) -> JobFuture<'_> {
    use crate::store::audit_checkpoints::{self as checkpoints, Outcome, Target};
    Box::pin(async move {
        let target = Target::of(&state.settings.audit);
        let outcome = checkpoints::write(&state.db, target, state.clock.unix(), "interval")
            .await
            .map_err(|e| e.to_string())?;
        if let Outcome::Refused(why) = &outcome {
            tracing::error!(reason = %why, "audit trail: no checkpoint written");
        }
        Ok(outcome.to_string())
    })
}

/// The daily retention sweep (`execution::sweep`), as of the portal's clock.
fn retention_sweep(state: &AppState) -> JobFuture<'_> {
    Box::pin(async move {
        crate::retention::sweep::run_sweep(state, &state.operator, state.clock.now(), false)
            .await
            .map(|report| format!("{} actions", report.actions.len()))
            .map_err(|e| e.to_string())
    })
}

/// A running background loop.
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    /// Lets the current round finish (so claimed notices are marked) and stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(30), self.task).await;
    }
}

/// Starts the background loop if the settings want one.
pub fn spawn(state: AppState) -> Option<WorkerHandle> {
    let settings = state.settings.worker.clone();
    if !settings.enabled {
        return None;
    }
    let delivery = match Delivery::from_settings(&state.settings.mail, state.settings.demo) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "background work not started");
            return None;
        }
    };
    let config = send_config(&state, &settings);
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        tracing::info!(worker = %config.worker_id, smtp = matches!(delivery, Delivery::Smtp { .. }), "background work started");
        let jobs = jobs_for(&state.settings);
        if !state.settings.retention_sweep {
            tracing::warn!(
                "the retention sweep is off (PORTAL_RETENTION_SWEEP): nothing is erased by the retention rules"
            );
        }
        loop {
            let busy = round(&state, &delivery, &config, &jobs).await;
            if *stopped.borrow() {
                break;
            }
            // A full batch means more is waiting: go on at once.
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(settings.interval) => {}
                    _ = stopped.changed() => break,
                }
            }
        }
        tracing::info!(worker = %config.worker_id, "background work stopped");
    });
    Some(WorkerHandle { stop, task })
}

/// How this server sends notices.
pub fn send_config(state: &AppState, settings: &WorkerSettings) -> SendConfig {
    SendConfig {
        worker_id: settings.resolved_worker_id(),
        lease_seconds: settings.lease_seconds,
        batch: settings.batch,
        max_attempts: settings.max_attempts,
        signature: state.operator.controller.name.clone(),
    }
}

/// One round: a batch of notices, then whichever periodic jobs are due. Returns whether
/// the batch was full. Errors are logged and the loop goes on: the database may be back
/// by the next round.
async fn round(
    state: &AppState,
    delivery: &Delivery,
    config: &SendConfig,
    jobs: &[PeriodicJob],
) -> bool {
    let mut busy = false;
    // Billing commands a change could not carry through itself (the billing system did
    // not answer, the server died in between), before the notices they may lead to.
    match crate::changes::billing::carry_through(
        state,
        &config.worker_id,
        config.lease_seconds,
        config.batch,
    )
    .await
    {
        Ok(report) => busy |= report.claimed as i64 >= config.batch,
        Err(e) => tracing::error!(error = %e, "applying billing commands failed"),
    }
    match notices::deliver_due(&state.db, delivery, config, state.clock.unix()).await {
        Ok(report) => busy |= report.claimed as i64 >= config.batch,
        Err(e) => tracing::error!(error = %e, "sending notices failed"),
    }
    for job in jobs {
        if let Err(e) = run_if_due(state, job, &config.worker_id, config.lease_seconds).await {
            tracing::error!(job = job.name, error = %e, "periodic job bookkeeping failed");
        }
    }
    busy
}

/// Which period `now` falls in, for a job that runs every `every_seconds`.
pub fn period_of(now: i64, every_seconds: i64) -> String {
    now.div_euclid(every_seconds.max(1)).to_string()
}

/// What `run_if_due` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// Another server ran it this period, or is running it.
    NotOurs,
    Ran(Result<String, String>),
}

/// Runs `job` if no server has run it (or is running it) in the current period.
pub async fn run_if_due(
    state: &AppState,
    job: &PeriodicJob,
    worker_id: &str,
    lease_seconds: i64,
) -> sqlx::Result<JobOutcome> {
    let now = state.clock.unix();
    let period = period_of(now, job.every_seconds);
    if !claim_period(state, job.name, &period, worker_id, now, lease_seconds).await? {
        return Ok(JobOutcome::NotOurs);
    }
    tracing::info!(job = job.name, period = %period, "periodic job started");
    let work = (job.run)(state);
    tokio::pin!(work);
    // Renew the lease while the job runs, so a long run is not taken for a dead one.
    let renew_every = Duration::from_secs((lease_seconds.max(3) / 3) as u64);
    let result = loop {
        tokio::select! {
            r = &mut work => break r,
            _ = tokio::time::sleep(renew_every) => {
                sqlx::query("UPDATE job_runs SET locked_until = $1 WHERE job = $2 AND period = $3 AND locked_by = $4")
                    .bind(state.clock.unix() + lease_seconds)
                    .bind(job.name)
                    .bind(&period)
                    .bind(worker_id)
                    .execute(&state.db)
                    .await?;
            }
        }
    };
    let outcome = match &result {
        Ok(s) => s.clone(),
        Err(e) => format!("failed: {e}"),
    };
    // A failed run is left unfinished: when its lease has ended, a server tries again.
    let finished_at = result.as_ref().ok().map(|_| state.clock.unix());
    sqlx::query(
        "UPDATE job_runs SET finished_at = $1, outcome = $2, locked_until = $3 \
         WHERE job = $4 AND period = $5 AND locked_by = $6",
    )
    .bind(finished_at)
    .bind(&outcome)
    .bind(if finished_at.is_some() {
        0
    } else {
        state.clock.unix() + lease_seconds
    })
    .bind(job.name)
    .bind(&period)
    .bind(worker_id)
    .execute(&state.db)
    .await?;
    match &result {
        Ok(o) => {
            tracing::info!(job = job.name, period = %period, outcome = %o, "periodic job finished")
        }
        Err(e) => {
            tracing::error!(job = job.name, period = %period, error = %e, "periodic job failed")
        }
    }
    Ok(JobOutcome::Ran(result))
}

/// Takes the period's run: by creating its row, or by taking over a row whose server's
/// lease has ended without finishing.
async fn claim_period(
    state: &AppState,
    job: &str,
    period: &str,
    worker_id: &str,
    now: i64,
    lease_seconds: i64,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO job_runs (job, period, locked_by, locked_until, started_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (job, period) DO NOTHING",
    )
    .bind(job)
    .bind(period)
    .bind(worker_id)
    .bind(now + lease_seconds)
    .bind(now)
    .execute(&state.db)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(true);
    }
    let taken = sqlx::query(
        "UPDATE job_runs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
         WHERE job = $3 AND period = $4 AND finished_at IS NULL AND locked_until <= $5",
    )
    .bind(worker_id)
    .bind(now + lease_seconds)
    .bind(job)
    .bind(period)
    .bind(now)
    .execute(&state.db)
    .await?;
    Ok(taken.rows_affected() == 1)
}
