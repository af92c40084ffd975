//! Start-up settings from the environment (`PORTAL_*`), with defaults that run the
//! embedded SQLite store on a laptop. The operator's wording lives in its own TOML file
//! (see `operator.rs`).

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::auth::launch_token::HostKeySource;

#[derive(Clone)]
pub struct Settings {
    /// `sqlite:` (default: a file under `data_dir`) or `postgres:`.
    pub database_url: String,
    /// Where the billing system is: `None` for the built-in store in the portal's own
    /// database, or a `mysql://` URL of a WHMCS database.
    pub billing_url: Option<String>,
    /// What the WHMCS backend needs to know of the installation (`PORTAL_WHMCS_*`).
    pub whmcs: crate::billing::whmcs::WhmcsSettings,
    pub listen: SocketAddr,
    /// Where `GET /metrics` is served (`PORTAL_METRICS_LISTEN`): a listener of its own, so
    /// the metrics are never reachable with the API. `None` (the default): not served.
    pub metrics_listen: Option<SocketAddr>,
    /// The `iss` the host puts in its launch tokens.
    pub host_issuer: String,
    /// The host's Ed25519 public keys (PEM), each with its `kid` where it has one.
    pub host_keys: Vec<crate::auth::launch_token::HostKeySource>,
    /// Exact origins allowed to call the API from a browser (the host's client area).
    pub allowed_origins: Vec<String>,
    /// Seed the demo data and serve the demo host page.
    pub demo: bool,
    pub data_dir: PathBuf,
    pub operator_config: PathBuf,
    /// Where the built widget is (`scripts/build-widget.sh` writes `app/dist`).
    pub widget_dir: PathBuf,
    pub session_idle_seconds: i64,
    pub session_max_seconds: i64,
    /// How often the sessions' last uses are written (see `auth::session_uses`).
    pub session_flush_interval: std::time::Duration,
    /// How long the authenticated path reuses a row it has read (see `store::recent`);
    /// zero reads every time.
    pub read_cache: std::time::Duration,
    /// Outgoing notices: SMTP or the log (see `notices.rs`).
    pub mail: super::mail::MailSettings,
    /// The background loop: notices and periodic jobs (see `worker.rs`).
    pub worker: super::worker::WorkerSettings,
    /// How log lines are written (`PORTAL_LOG_FORMAT`); `init_tracing` reads it.
    pub log_format: LogFormat,
    /// How long requests in flight may take to finish once SIGTERM has come
    /// (`PORTAL_SHUTDOWN_GRACE_SECONDS`); what is still running then is cut off.
    pub shutdown_grace: std::time::Duration,
    /// How often the API may be called (`PORTAL_RATE_LIMIT_*`, see `limits.rs`).
    pub rate_limits: super::limits::RateLimitSettings,
    /// How many exports may run at once and for how long (`PORTAL_EXPORT_*`).
    pub exports: ExportLimits,
    /// Whether the background loop runs the daily retention sweep
    /// (`PORTAL_RETENTION_SWEEP`). On by default only on the built-in store: on a host's
    /// billing system the operator turns it on after reading the dry run
    /// (`privacy-portal sweep --dry-run`), since it erases people.
    pub retention_sweep: bool,
    /// The audit trail's key and checkpoints (`PORTAL_AUDIT_*`, see `config::audit`).
    pub audit: super::audit::AuditSettings,
    /// Four eyes on erasures (`PORTAL_ERASURE_APPROVAL`): an erasure is executed only
    /// after a staff member other than the one executing it has approved it.
    pub erasure_approval: bool,
}

/// Each export holds a billing connection in one snapshot until its reader has read it
/// all, so exports are few at a time and each has a deadline: slow readers cannot take
/// every connection the other requests need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportLimits {
    /// Exports running at once across all persons (`PORTAL_EXPORT_CONCURRENT`); below
    /// the billing pool's 8 connections. One per person always.
    pub concurrent: u32,
    /// How long one export may take from start to its last byte
    /// (`PORTAL_EXPORT_DEADLINE_SECONDS`); what is still unread then is cut off.
    pub deadline: std::time::Duration,
}

impl ExportLimits {
    pub const DEFAULT: ExportLimits = ExportLimits {
        concurrent: 4,
        deadline: std::time::Duration::from_secs(300),
    };
}

/// The default of `PORTAL_SHUTDOWN_GRACE_SECONDS`: within the 30 seconds an orchestrator
/// usually waits between SIGTERM and SIGKILL, with room for the background loop's round.
pub const SHUTDOWN_GRACE_DEFAULT: std::time::Duration = std::time::Duration::from_secs(20);

/// The default of `PORTAL_READ_CACHE_SECONDS`, a quarter of a second: what ends a session
/// waits that long before it answers (see `store::recent`).
pub const READ_CACHE_DEFAULT: std::time::Duration = std::time::Duration::from_millis(250);

/// `PORTAL_LOG_FORMAT`: `text` for people, `json` for a log collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Reads `PORTAL_LOG_FORMAT` (unset: text).
pub fn log_format(get: impl Fn(&str) -> Option<String>) -> Result<LogFormat, SettingsError> {
    match get("PORTAL_LOG_FORMAT").as_deref().map(str::trim) {
        None | Some("" | "text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(_) => Err(err("PORTAL_LOG_FORMAT", "expected text or json")),
    }
}

impl std::fmt::Debug for Settings {
    // The database URL may hold a password: show its scheme only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field(
                "database",
                &self.database_url.split(':').next().unwrap_or(""),
            )
            .field(
                "billing",
                &self
                    .billing_url
                    .as_deref()
                    .map_or("builtin", |u| u.split(':').next().unwrap_or("")),
            )
            .field("listen", &self.listen)
            .field("metrics_listen", &self.metrics_listen)
            .field("host_issuer", &self.host_issuer)
            .field("allowed_origins", &self.allowed_origins)
            .field("demo", &self.demo)
            .field("operator_config", &self.operator_config)
            .field("audit_checkpoint_dir", &self.audit.checkpoint_dir)
            .finish_non_exhaustive()
    }
}

pub use super::SettingsError;

fn err(key: &str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        key: key.into(),
        message: message.into(),
    }
}

/// `PORTAL_HOST_PUBLIC_KEY`: `path`, or `kid=path,kid=path` for a host that rotates keys.
fn host_keys(list: &str) -> Result<Vec<HostKeySource>, SettingsError> {
    let mut keys = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (kid, path) = match entry.split_once('=') {
            Some((kid, path)) => (Some(kid.trim().to_string()), path.trim()),
            None => (None, entry),
        };
        if kid.as_deref().is_some_and(|k| {
            k.is_empty() || k.len() > 64 || k.chars().any(|c| c.is_control() || c == ',')
        }) {
            return Err(err(
                "PORTAL_HOST_PUBLIC_KEY",
                format!("{entry:?}: a kid is 1 to 64 printable characters"),
            ));
        }
        let pem = std::fs::read_to_string(path)
            .map_err(|e| err("PORTAL_HOST_PUBLIC_KEY", format!("cannot read {path}: {e}")))?;
        keys.push(HostKeySource { kid, pem });
    }
    Ok(keys)
}

/// `PORTAL_WHMCS_API_*`: how the portal reaches WHMCS's API. Required with a WHMCS
/// billing database: the portal makes its changes through it.
fn whmcs_api(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<crate::billing::whmcs::api::ApiSettings, SettingsError> {
    let value = |k: &str| {
        get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let secret_file = |k: &str| -> Result<Option<String>, SettingsError> {
        let Some(path) = value(k) else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| err(k, format!("cannot read {path}: {e}")))?;
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(err(k, format!("{path} is empty")));
        }
        Ok(Some(text))
    };
    let url = value("PORTAL_WHMCS_API_URL").ok_or_else(|| {
        err(
            "PORTAL_WHMCS_API_URL",
            "is required with PORTAL_BILLING_URL: the address of WHMCS's API, e.g.              https://billing.example.com/includes/api.php (the portal makes its changes through it)",
        )
    })?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(err(
            "PORTAL_WHMCS_API_URL",
            "expected an http(s) URL ending in includes/api.php",
        ));
    }
    let identifier = value("PORTAL_WHMCS_API_IDENTIFIER").ok_or_else(|| {
        err(
            "PORTAL_WHMCS_API_IDENTIFIER",
            "is required with PORTAL_BILLING_URL: the identifier of the portal's WHMCS API credential",
        )
    })?;
    let secret = secret_file("PORTAL_WHMCS_API_SECRET_FILE")?.ok_or_else(|| {
        err(
            "PORTAL_WHMCS_API_SECRET_FILE",
            "is required with PORTAL_BILLING_URL: a file holding the API credential's secret",
        )
    })?;
    Ok(crate::billing::whmcs::api::ApiSettings {
        url,
        identifier,
        secret,
        access_key: secret_file("PORTAL_WHMCS_API_ACCESS_KEY_FILE")?,
    })
}

/// The issuer name the demo's mock billing system signs with.
pub const DEMO_ISSUER: &str = "demo-billing";

impl Settings {
    /// Reads `PORTAL_*` from the environment. In demo mode a missing host key is
    /// generated in the data directory (see `keys::ensure_dev_key_pair`).
    pub fn from_env() -> Result<Settings, SettingsError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let demo = matches!(get("PORTAL_DEMO").as_deref(), Some("1" | "true" | "yes"));
        let data_dir = PathBuf::from(get("PORTAL_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("PORTAL_DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display())
        });
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(err(
                "PORTAL_DATABASE_URL",
                "must start with sqlite: or postgres:",
            ));
        }
        let billing_url = get("PORTAL_BILLING_URL").filter(|u| !u.trim().is_empty());
        // The sweep erases people: on a host's billing system it waits for the operator.
        let sweep_by_default = billing_url.is_none();
        // Demo mode's page opens a session for anyone, as anyone (support included): it
        // never runs with a real host's key or a real billing system.
        if demo {
            for conflicting in ["PORTAL_HOST_PUBLIC_KEY", "PORTAL_BILLING_URL"] {
                if get(conflicting).is_some_and(|v| !v.trim().is_empty()) {
                    return Err(err(
                        "PORTAL_DEMO",
                        format!(
                            "is on while {conflicting} is set: demo mode lets anyone open a session \
                             as anyone, so it never runs beside a real host or billing system; \
                             unset PORTAL_DEMO (or {conflicting} for a demo)"
                        ),
                    ));
                }
            }
        }
        if let Some(url) = &billing_url
            && !(url.starts_with("mysql://") || url.starts_with("mariadb://"))
        {
            return Err(err(
                "PORTAL_BILLING_URL",
                "must be a mysql:// URL of the WHMCS database (unset: the built-in store)",
            ));
        }
        let personnummer_fields = match get("PORTAL_WHMCS_PERSONNUMMER_FIELDS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| f.parse::<i64>().ok().filter(|n| *n > 0))
                .collect::<Option<Vec<i64>>>()
                .ok_or_else(|| {
                    err(
                        "PORTAL_WHMCS_PERSONNUMMER_FIELDS",
                        "expected the ids of WHMCS client custom fields, comma-separated, e.g. 3,7",
                    )
                })?,
        };
        let timezone = get("PORTAL_WHMCS_TIMEZONE")
            .map(|z| z.trim().to_string())
            .filter(|z| !z.is_empty())
            .unwrap_or_else(|| crate::billing::whmcs::DEFAULT_TIMEZONE.into());
        if crate::billing::whmcs::timezone(&timezone).is_none() {
            return Err(err(
                "PORTAL_WHMCS_TIMEZONE",
                "expected the time zone WHMCS runs in, by its name, e.g. Europe/Oslo",
            ));
        }
        let company_rule = crate::billing::whmcs::company::CompanyRule::parse(
            &get("PORTAL_WHMCS_COMPANY_RULE").unwrap_or_default(),
        )
        .map_err(|why| err("PORTAL_WHMCS_COMPANY_RULE", why))?;
        let api = match &billing_url {
            Some(_) => Some(whmcs_api(&get)?),
            None => None,
        };
        let listen = get("PORTAL_LISTEN")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|_| err("PORTAL_LISTEN", "expected host:port, e.g. 127.0.0.1:8080"))?;
        let metrics_listen = match get("PORTAL_METRICS_LISTEN") {
            Some(addr) if !addr.trim().is_empty() => {
                let addr: SocketAddr = addr.trim().parse().map_err(|_| {
                    err(
                        "PORTAL_METRICS_LISTEN",
                        "expected host:port, e.g. 127.0.0.1:9464 (unset: no metrics)",
                    )
                })?;
                if addr == listen && addr.port() != 0 {
                    return Err(err(
                        "PORTAL_METRICS_LISTEN",
                        "must not be PORTAL_LISTEN: the metrics are served apart from the API",
                    ));
                }
                Some(addr)
            }
            _ => None,
        };
        let host_issuer = match get("PORTAL_HOST_ISSUER") {
            Some(i) if !i.trim().is_empty() => i.trim().to_string(),
            _ if demo => DEMO_ISSUER.to_string(),
            _ => {
                return Err(err(
                    "PORTAL_HOST_ISSUER",
                    "required: the issuer name in the host's launch tokens",
                ));
            }
        };
        let host_keys = match get("PORTAL_HOST_PUBLIC_KEY") {
            Some(list) => host_keys(&list)?,
            None if demo => vec![HostKeySource::unnamed(
                &crate::auth::keys::ensure_dev_key_pair(&data_dir)
                    .map_err(|e| {
                        err(
                            "PORTAL_HOST_PUBLIC_KEY",
                            format!("cannot create the demo key pair: {e}"),
                        )
                    })?
                    .public_pem,
            )],
            None => {
                return Err(err(
                    "PORTAL_HOST_PUBLIC_KEY",
                    "required: path to the host's Ed25519 public key (PEM), or kid=path,kid=path",
                ));
            }
        };
        crate::auth::launch_token::HostKey::from_sources(&host_issuer, &host_keys)
            .map_err(|e| err("PORTAL_HOST_PUBLIC_KEY", e))?;
        let allowed_origins: Vec<String> = get("PORTAL_ALLOWED_ORIGINS")
            .map(|s: String| {
                s.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        for o in &allowed_origins {
            if !(o.starts_with("https://") || o.starts_with("http://"))
                || o.matches('/').count() != 2
            {
                return Err(err(
                    "PORTAL_ALLOWED_ORIGINS",
                    format!("{o:?} is not an origin like https://billing.example.no"),
                ));
            }
        }
        let operator_config = match get("PORTAL_CONFIG") {
            Some(p) => PathBuf::from(p),
            None if demo => PathBuf::from("config/operator.example.toml"),
            None => PathBuf::from("config/operator.toml"),
        };
        let seconds = |key: &str, default: i64| -> Result<i64, SettingsError> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| err(key, "expected a positive number of seconds")),
            }
        };
        // A number of seconds, fractions allowed, within what `within` accepts.
        let duration = |key: &str,
                        default: std::time::Duration,
                        within: &dyn Fn(f64) -> bool,
                        expected: &str|
         -> Result<std::time::Duration, SettingsError> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && within(*s))
                    .map(std::time::Duration::from_secs_f64)
                    .ok_or_else(|| err(key, expected)),
            }
        };
        let shutdown_grace = duration(
            "PORTAL_SHUTDOWN_GRACE_SECONDS",
            SHUTDOWN_GRACE_DEFAULT,
            &|s| (0.0..=3600.0).contains(&s),
            "expected a number of seconds from 0 to 3600, e.g. 20 or 0.5",
        )?;
        let session_idle_seconds = seconds("PORTAL_SESSION_IDLE_SECONDS", 15 * 60)?;
        let session_max_seconds = seconds("PORTAL_SESSION_MAX_SECONDS", 8 * 3600)?;
        let max_flush = crate::auth::session_uses::MAX_FLUSH_INTERVAL;
        let session_flush_interval = duration(
            "PORTAL_SESSION_FLUSH_SECONDS",
            std::time::Duration::from_secs(1),
            &|s| s > 0.0 && s <= max_flush.as_secs_f64(),
            "expected a number of seconds above 0 and at most 30, e.g. 1 or 0.5",
        )?;
        let read_cache = duration(
            "PORTAL_READ_CACHE_SECONDS",
            READ_CACHE_DEFAULT,
            &|s| (0.0..=2.0).contains(&s),
            "expected a number of seconds from 0 to 2, e.g. 0.25 or 0",
        )?;
        let audit = super::audit::AuditSettings::from_lookup(&get, demo, &data_dir)?;
        Ok(Settings {
            database_url,
            billing_url,
            whmcs: crate::billing::whmcs::WhmcsSettings {
                personnummer_fields,
                timezone,
                api,
                company_rule,
            },
            listen,
            metrics_listen,
            host_issuer,
            host_keys,
            allowed_origins,
            demo,
            data_dir,
            operator_config,
            widget_dir: PathBuf::from(
                get("PORTAL_WIDGET_DIR").unwrap_or_else(|| "app/dist".into()),
            ),
            session_idle_seconds,
            session_max_seconds,
            session_flush_interval,
            read_cache,
            mail: super::mail::MailSettings::from_lookup(&get)?,
            worker: super::worker::WorkerSettings::from_lookup(&get)?,
            log_format: log_format(&get)?,
            shutdown_grace,
            rate_limits: super::limits::RateLimitSettings::from_lookup(&get)?,
            retention_sweep: match get("PORTAL_RETENTION_SWEEP").as_deref().map(str::trim) {
                None | Some("") => sweep_by_default,
                Some("on") => true,
                Some("off") => false,
                Some(_) => {
                    return Err(err(
                        "PORTAL_RETENTION_SWEEP",
                        "expected on or off (unset: on with the built-in store, off with a billing system)",
                    ));
                }
            },
            erasure_approval: match get("PORTAL_ERASURE_APPROVAL").as_deref().map(str::trim) {
                None | Some("" | "0" | "off") => false,
                Some("1" | "on") => true,
                Some(_) => {
                    return Err(err(
                        "PORTAL_ERASURE_APPROVAL",
                        "expected 1 (on) or 0 (off, the default)",
                    ));
                }
            },
            exports: ExportLimits {
                concurrent: match get("PORTAL_EXPORT_CONCURRENT") {
                    None => ExportLimits::DEFAULT.concurrent,
                    Some(v) => v
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=64).contains(n))
                        .ok_or_else(|| {
                            err(
                                "PORTAL_EXPORT_CONCURRENT",
                                "expected a number of exports from 1 to 64, below the billing pool's size",
                            )
                        })?,
                },
                deadline: duration(
                    "PORTAL_EXPORT_DEADLINE_SECONDS",
                    ExportLimits::DEFAULT.deadline,
                    &|s| (1.0..=86400.0).contains(&s),
                    "expected a number of seconds from 1 to 86400, e.g. 300",
                )?,
            },
            audit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Where the demo key pair of these settings is written: a folder per test, so one
    /// test's clean-up never pulls the keys from under another running beside it in the
    /// same process.
    fn key_dir() -> std::path::PathBuf {
        let thread = format!("{:?}", std::thread::current().id());
        let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
        std::env::temp_dir().join(format!("portal-settings-{}-{thread}", std::process::id()))
    }

    /// The settings of a demo server with `pairs` set, its key pair in a folder of its own.
    fn with(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let dir = key_dir().to_string_lossy().into_owned();
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(move |key| match key {
            "PORTAL_DEMO" => Some("1".into()),
            "PORTAL_DATA_DIR" => Some(dir.clone()),
            _ => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
        })
    }

    #[test]
    fn whmcs_runs_in_oslo_unless_told_and_an_unknown_zone_is_refused() {
        assert_eq!(with(&[]).unwrap().whmcs.timezone, "Europe/Oslo");
        let zone = |v: &str| with(&[("PORTAL_WHMCS_TIMEZONE", v)]);
        assert_eq!(
            zone(" Europe/Stockholm ").unwrap().whmcs.timezone,
            "Europe/Stockholm"
        );
        assert_eq!(zone("UTC").unwrap().whmcs.timezone, "UTC");
        for bad in ["Europe/Osl", "CET+1", "oslo"] {
            assert_eq!(zone(bad).unwrap_err().key, "PORTAL_WHMCS_TIMEZONE", "{bad}");
        }
    }

    #[test]
    fn a_company_is_a_client_with_a_legal_form_unless_the_operator_sets_another_rule() {
        use crate::billing::whmcs::company::CompanyRule;
        assert_eq!(
            with(&[]).unwrap().whmcs.company_rule,
            CompanyRule::LegalForm
        );
        let rule = |v: &str| with(&[("PORTAL_WHMCS_COMPANY_RULE", v)]);
        assert_eq!(
            rule("company_name").unwrap().whmcs.company_rule,
            CompanyRule::CompanyName
        );
        assert_eq!(
            rule(" group:2,5 ").unwrap().whmcs.company_rule,
            CompanyRule::Group(vec![2, 5])
        );
        assert_eq!(
            rule("custom_field:4=Bedrift").unwrap().whmcs.company_rule,
            CompanyRule::CustomField {
                field: 4,
                value: "Bedrift".into()
            }
        );
        for bad in ["company", "group:x", "custom_field:4", "tax_id:1"] {
            let e = rule(bad).unwrap_err();
            assert_eq!(e.key, "PORTAL_WHMCS_COMPANY_RULE", "{bad}");
            assert!(e.message.starts_with("expected "), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn seconds_with_fractions_are_taken_within_their_bounds_and_refused_outside() {
        let read_cache = |v: &str| with(&[("PORTAL_READ_CACHE_SECONDS", v)]);
        assert_eq!(with(&[]).unwrap().read_cache, READ_CACHE_DEFAULT);
        assert_eq!(
            read_cache(" 0.5 ").unwrap().read_cache,
            Duration::from_millis(500)
        );
        assert_eq!(read_cache("0").unwrap().read_cache, Duration::ZERO);
        assert_eq!(read_cache("2").unwrap().read_cache, Duration::from_secs(2));
        for bad in ["2.5", "-1", "NaN", "inf", "soon", ""] {
            let e = read_cache(bad).unwrap_err();
            assert_eq!(e.key, "PORTAL_READ_CACHE_SECONDS", "{bad}");
            assert!(e.message.contains("from 0 to 2"), "{bad}: {e}");
        }

        let flush = |v: &str| with(&[("PORTAL_SESSION_FLUSH_SECONDS", v)]);
        assert_eq!(
            with(&[]).unwrap().session_flush_interval,
            Duration::from_secs(1)
        );
        assert_eq!(
            flush("30").unwrap().session_flush_interval,
            Duration::from_secs(30)
        );
        for bad in ["0", "30.5", "-0.5"] {
            assert_eq!(flush(bad).unwrap_err().key, "PORTAL_SESSION_FLUSH_SECONDS");
        }

        let grace = |v: &str| with(&[("PORTAL_SHUTDOWN_GRACE_SECONDS", v)]);
        assert_eq!(with(&[]).unwrap().shutdown_grace, SHUTDOWN_GRACE_DEFAULT);
        assert_eq!(grace("0").unwrap().shutdown_grace, Duration::ZERO);
        assert_eq!(
            grace("3600").unwrap().shutdown_grace,
            Duration::from_secs(3600)
        );
        assert_eq!(
            grace("3601").unwrap_err().key,
            "PORTAL_SHUTDOWN_GRACE_SECONDS"
        );
        let _ = std::fs::remove_dir_all(key_dir());
    }

    #[test]
    fn the_retention_sweep_is_on_with_the_builtin_store_and_off_with_a_billing_system() {
        // The demo's built-in store: on unless turned off.
        let sweep = |pairs: &[(&str, &str)]| with(pairs).map(|s| s.retention_sweep);
        assert!(sweep(&[]).unwrap());
        assert!(!sweep(&[("PORTAL_RETENTION_SWEEP", "off")]).unwrap());
        assert_eq!(
            sweep(&[("PORTAL_RETENTION_SWEEP", "maybe")])
                .unwrap_err()
                .key,
            "PORTAL_RETENTION_SWEEP"
        );
        // A billing system (never in demo mode): off until the operator turns it on.
        let dir = key_dir();
        crate::auth::keys::ensure_dev_key_pair(&dir).unwrap();
        let key_file = dir
            .join(crate::auth::keys::DEV_PUBLIC_KEY_FILE)
            .to_string_lossy()
            .into_owned();
        let data_dir = dir.to_string_lossy().into_owned();
        let audit_key = dir.join("audit.key");
        crate::auth::keys::write_private(&audit_key, &[9u8; 32]).unwrap();
        let audit_key = audit_key.to_string_lossy().into_owned();
        let api_secret = dir.join("whmcs-api.secret");
        std::fs::write(&api_secret, "s3cret\n").unwrap();
        let api_secret = api_secret.to_string_lossy().into_owned();
        let production = |sweep: Option<&str>, without: &str| {
            let (key_file, data_dir, audit_key, api_secret) = (
                key_file.clone(),
                data_dir.clone(),
                audit_key.clone(),
                api_secret.clone(),
            );
            let sweep = sweep.map(str::to_string);
            let without = without.to_string();
            Settings::from_lookup(move |key| match key {
                k if k == without => None,
                "PORTAL_HOST_ISSUER" => Some("host".into()),
                "PORTAL_HOST_PUBLIC_KEY" => Some(key_file.clone()),
                "PORTAL_AUDIT_KEY_FILE" => Some(audit_key.clone()),
                "PORTAL_DATA_DIR" => Some(data_dir.clone()),
                "PORTAL_BILLING_URL" => Some("mysql://portal@127.0.0.1/whmcs".into()),
                "PORTAL_WHMCS_API_URL" => Some("https://billing.example/includes/api.php".into()),
                "PORTAL_WHMCS_API_IDENTIFIER" => Some("ident".into()),
                "PORTAL_WHMCS_API_SECRET_FILE" => Some(api_secret.clone()),
                "PORTAL_RETENTION_SWEEP" => sweep.clone(),
                _ => None,
            })
        };
        assert!(!production(None, "").unwrap().retention_sweep);
        assert!(production(Some("on"), "").unwrap().retention_sweep);
        // WHMCS's API is how the portal changes anything there: no start without it.
        let api = production(None, "").unwrap().whmcs.api.unwrap();
        assert_eq!(api.secret, "s3cret");
        assert_eq!(api.identifier, "ident");
        assert_eq!(api.access_key, None);
        assert!(!format!("{api:?}").contains("s3cret"));
        for key in [
            "PORTAL_WHMCS_API_URL",
            "PORTAL_WHMCS_API_IDENTIFIER",
            "PORTAL_WHMCS_API_SECRET_FILE",
        ] {
            assert_eq!(production(None, key).unwrap_err().key, key);
        }
        let _ = std::fs::remove_dir_all(key_dir());
    }

    #[test]
    fn four_eyes_on_erasures_is_off_unless_asked_for() {
        let approval = |pairs: &[(&str, &str)]| with(pairs).map(|s| s.erasure_approval);
        assert!(!approval(&[]).unwrap());
        assert!(!approval(&[("PORTAL_ERASURE_APPROVAL", "0")]).unwrap());
        assert!(approval(&[("PORTAL_ERASURE_APPROVAL", "1")]).unwrap());
        assert!(approval(&[("PORTAL_ERASURE_APPROVAL", "on")]).unwrap());
        assert_eq!(
            approval(&[("PORTAL_ERASURE_APPROVAL", "yes please")])
                .unwrap_err()
                .key,
            "PORTAL_ERASURE_APPROVAL"
        );
    }
}
