//! How often the API may be called, from `PORTAL_RATE_LIMIT_*` and which header names the
//! client's address behind a reverse proxy (`PORTAL_CLIENT_IP_HEADER`).

use axum::http::HeaderName;

use super::SettingsError;

/// Requests per minute, each limit with a burst of the same size; `0` turns a limit off.
///
/// - `PORTAL_RATE_LIMIT_SESSION`: any API call, per session (default 300).
/// - `PORTAL_RATE_LIMIT_IP`: any API call, per client address (default 1200: the people
///   of one office may share an address).
/// - `PORTAL_RATE_LIMIT_LAUNCH`: launch-token exchanges (`POST /api/session`), per client
///   address (default 30).
/// - `PORTAL_RATE_LIMIT_FILING`: filing an erasure or restriction request, per session
///   (default 5).
/// - `PORTAL_CLIENT_IP_HEADER`: the header the reverse proxy sets to the client's address
///   (e.g. `x-forwarded-for`, whose last entry is taken, or `x-real-ip`). Unset: the
///   address of the connection; a header is trusted only when it is named here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitSettings {
    pub per_session: u32,
    pub per_ip: u32,
    pub launch_per_ip: u32,
    pub filing_per_session: u32,
    pub client_ip_header: Option<HeaderName>,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            per_session: 300,
            per_ip: 1200,
            launch_per_ip: 30,
            filing_per_session: 5,
            client_ip_header: None,
        }
    }
}

impl RateLimitSettings {
    /// No limits at all (tests that are not about them).
    pub fn off() -> RateLimitSettings {
        RateLimitSettings {
            per_session: 0,
            per_ip: 0,
            launch_per_ip: 0,
            filing_per_session: 0,
            client_ip_header: None,
        }
    }

    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<RateLimitSettings, SettingsError> {
        let d = RateLimitSettings::default();
        let per_minute = |key: &str, default: u32| -> Result<u32, SettingsError> {
            match get(key) {
                None => Ok(default),
                Some(v) => v.trim().parse::<u32>().map_err(|_| SettingsError {
                    key: key.into(),
                    message: "expected a number of requests per minute (0: no limit)".into(),
                }),
            }
        };
        let client_ip_header = match get("PORTAL_CLIENT_IP_HEADER") {
            Some(h) if !h.trim().is_empty() => Some(
                HeaderName::from_bytes(h.trim().to_ascii_lowercase().as_bytes()).map_err(|_| {
                    SettingsError {
                        key: "PORTAL_CLIENT_IP_HEADER".into(),
                        message: "expected a header name, e.g. x-forwarded-for".into(),
                    }
                })?,
            ),
            _ => None,
        };
        Ok(RateLimitSettings {
            per_session: per_minute("PORTAL_RATE_LIMIT_SESSION", d.per_session)?,
            per_ip: per_minute("PORTAL_RATE_LIMIT_IP", d.per_ip)?,
            launch_per_ip: per_minute("PORTAL_RATE_LIMIT_LAUNCH", d.launch_per_ip)?,
            filing_per_session: per_minute("PORTAL_RATE_LIMIT_FILING", d.filing_per_session)?,
            client_ip_header,
        })
    }
}
