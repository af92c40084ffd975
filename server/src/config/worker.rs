//! How a server does its background work, from `PORTAL_WORKER_*`.

use std::time::Duration;

use super::SettingsError;

/// `PORTAL_WORKER` (`0`/`off` disables the loop, e.g. for a server that only answers
/// requests), `PORTAL_WORKER_INTERVAL_SECONDS` (pause between rounds), `PORTAL_WORKER_
/// LEASE_SECONDS`, `PORTAL_WORKER_BATCH`, `PORTAL_NOTICE_MAX_ATTEMPTS` and
/// `PORTAL_WORKER_ID` (the name written on claimed rows; default: pid and a random part).
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub enabled: bool,
    pub interval: Duration,
    pub lease_seconds: i64,
    pub batch: i64,
    pub max_attempts: i64,
    pub worker_id: Option<String>,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            enabled: true,
            interval: Duration::from_secs(15),
            lease_seconds: 120,
            batch: 20,
            max_attempts: 8,
            worker_id: None,
        }
    }
}

impl WorkerSettings {
    /// No background loop: tests drive the work by hand.
    pub fn disabled() -> WorkerSettings {
        WorkerSettings {
            enabled: false,
            ..WorkerSettings::default()
        }
    }

    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<WorkerSettings, SettingsError> {
        let d = WorkerSettings::default();
        let bad = |key: &str, message: &str| SettingsError {
            key: key.into(),
            message: message.into(),
        };
        let positive = |key: &str, default: i64| -> Result<i64, SettingsError> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| bad(key, "expected a positive whole number")),
            }
        };
        let enabled = match get("PORTAL_WORKER").as_deref().map(str::trim) {
            None | Some("" | "1" | "on" | "true" | "yes") => true,
            Some("0" | "off" | "false" | "no") => false,
            Some(_) => return Err(bad("PORTAL_WORKER", "expected on or off")),
        };
        let interval = match get("PORTAL_WORKER_INTERVAL_SECONDS") {
            None => d.interval,
            Some(v) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    bad(
                        "PORTAL_WORKER_INTERVAL_SECONDS",
                        "expected a number of seconds, e.g. 15 or 0.5",
                    )
                })?,
        };
        Ok(WorkerSettings {
            enabled,
            interval,
            lease_seconds: positive("PORTAL_WORKER_LEASE_SECONDS", d.lease_seconds)?,
            batch: positive("PORTAL_WORKER_BATCH", d.batch)?,
            max_attempts: positive("PORTAL_NOTICE_MAX_ATTEMPTS", d.max_attempts)?,
            worker_id: get("PORTAL_WORKER_ID").filter(|s| !s.trim().is_empty()),
        })
    }

    /// This server's name on the rows it claims.
    pub fn resolved_worker_id(&self) -> String {
        self.worker_id.clone().unwrap_or_else(|| {
            let random = uuid::Uuid::new_v4().simple().to_string();
            format!("pid{}-{}", std::process::id(), &random[..8])
        })
    }
}
