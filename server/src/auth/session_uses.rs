//! The last use of each session, written in batches instead of on every request.
//!
//! Writing `last_seen_at` on every authenticated request made every read a write: on
//! SQLite each one queued for the single write lock. Instead a request notes the instant
//! in this server's memory, and a background task writes every noted use once a
//! `flush_interval` (one transaction for all of them). The idle check takes the later of
//! the stored use and the noted one, so a session is kept alive by a use not yet written,
//! to the second, on the server that saw it.
//!
//! A second server on the same database sees only the stored use. A use is therefore
//! written through, before the request is answered, when the stored one is within
//! `WRITE_THROUGH_MARGIN_SECONDS` of the idle limit: a batched use is then always written
//! long before any server could find the stored one too old (the flush interval is at most
//! `MAX_FLUSH_INTERVAL`, well inside the margin). Ending a session (logout, erasure, idle)
//! is written at once and read on every request, so it is seen everywhere immediately.
//! On a graceful stop the server writes what is left.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::store::db::{Db, begin_write};

/// How close to the idle limit (in seconds) the stored last use may come before a use is
/// written through instead of batched.
pub const WRITE_THROUGH_MARGIN_SECONDS: i64 = 60;

/// The longest flush interval the settings accept: well inside the margin, so a batched
/// use is written long before another server could judge the session idle without it.
pub const MAX_FLUSH_INTERVAL: Duration = Duration::from_secs(30);

/// Uses noted by this server and not yet written: token hash → latest use (Unix seconds).
#[derive(Default)]
pub struct SessionUses {
    pending: Mutex<HashMap<String, i64>>,
}

impl SessionUses {
    /// Notes a use of the session at `at`; only the latest use of each is kept.
    pub fn note(&self, token_hash: &str, at: i64) {
        let mut pending = self.pending.lock().expect("session uses lock");
        match pending.get_mut(token_hash) {
            Some(latest) => *latest = (*latest).max(at),
            None => {
                pending.insert(token_hash.to_string(), at);
            }
        }
    }

    /// The latest use of the session noted and not yet written.
    pub fn latest(&self, token_hash: &str) -> Option<i64> {
        let pending = self.pending.lock().expect("session uses lock");
        pending.get(token_hash).copied()
    }

    /// Forgets the session's noted use if it is no later than `written` (it has been
    /// written, or the session has ended).
    pub fn forget_up_to(&self, token_hash: &str, written: i64) {
        let mut pending = self.pending.lock().expect("session uses lock");
        if pending.get(token_hash).is_some_and(|at| *at <= written) {
            pending.remove(token_hash);
        }
    }

    /// How many sessions have a use waiting to be written.
    pub fn waiting(&self) -> usize {
        self.pending.lock().expect("session uses lock").len()
    }

    /// Writes every noted use in one transaction; a use is never moved back and an ended
    /// session is left alone. If the write fails the uses are kept for the next round.
    /// Returns how many sessions were written.
    pub async fn flush(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let batch = std::mem::take(&mut *self.pending.lock().expect("session uses lock"));
        if batch.is_empty() {
            return Ok(0);
        }
        match write(db, &batch).await {
            Ok(()) => Ok(batch.len()),
            Err(e) => {
                for (token_hash, at) in &batch {
                    self.note(token_hash, *at);
                }
                Err(e)
            }
        }
    }
}

async fn write(db: &Db, batch: &HashMap<String, i64>) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(db).await?;
    for (token_hash, at) in batch {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1 \
             WHERE token_hash = $2 AND last_seen_at < $1 AND ended_at IS NULL",
        )
        .bind(at)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The task that writes noted uses every `interval`.
pub struct Flusher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Flusher {
    pub fn spawn(uses: std::sync::Arc<SessionUses>, db: Db, interval: Duration) -> Flusher {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut ticks =
                tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped.changed() => break,
                }
                if let Err(e) = uses.flush(&db).await {
                    tracing::warn!(error = %e, waiting = uses.waiting(), "cannot write session uses yet");
                }
            }
            // The last round: nothing noted is lost on a graceful stop.
            if let Err(e) = uses.flush(&db).await {
                tracing::error!(error = %e, lost = uses.waiting(), "session uses not written at stop");
            }
        });
        Flusher { stop, task }
    }

    /// Writes what is left and stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(30), self.task).await;
    }
}
