//! Rate limits of the API (`config::limits`): per session and per client address for any
//! call, stricter on the launch-token exchange (per address) and on filing a request (per
//! session). Over a limit the answer is `429 rate_limited` with `Retry-After`. Each server
//! keeps its own counts, in memory.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::config::limits::RateLimitSettings;
use crate::error::ApiError;
use crate::state::AppState;

/// A session's key: part of its token's hash, so the tokens themselves are not kept here.
type SessionKey = [u8; 16];

/// How many calls pass between two sweeps of the keys no longer limited.
const SWEEP_EVERY: u64 = 4096;

pub struct RateLimiters {
    per_session: Option<DefaultKeyedRateLimiter<SessionKey>>,
    per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    launch_per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    filing_per_session: Option<DefaultKeyedRateLimiter<SessionKey>>,
    client_ip_header: Option<HeaderName>,
    calls: AtomicU64,
}

fn keyed<K>(per_minute: u32) -> Option<DefaultKeyedRateLimiter<K>>
where
    K: std::hash::Hash + Eq + Clone,
{
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

impl RateLimiters {
    pub fn new(settings: &RateLimitSettings) -> RateLimiters {
        RateLimiters {
            per_session: keyed(settings.per_session),
            per_ip: keyed(settings.per_ip),
            launch_per_ip: keyed(settings.launch_per_ip),
            filing_per_session: keyed(settings.filing_per_session),
            client_ip_header: settings.client_ip_header.clone(),
            calls: AtomicU64::new(0),
        }
    }

    /// The client's address: the configured header's (its last entry, the one the
    /// nearest proxy wrote) where one is configured and holds an address, else the
    /// connection's.
    fn client_ip(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
        let from_header = self.client_ip_header.as_ref().and_then(|name| {
            let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
            value.rsplit(',').next()?.trim().parse().ok()
        });
        from_header.or(peer)
    }

    fn sweep(&self) {
        if !self
            .calls
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            return;
        }
        for l in [&self.per_session, &self.filing_per_session]
            .into_iter()
            .flatten()
        {
            l.retain_recent();
        }
        for l in [&self.per_ip, &self.launch_per_ip].into_iter().flatten() {
            l.retain_recent();
        }
    }
}

fn session_key(headers: &HeaderMap) -> Option<SessionKey> {
    let token = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?
        .trim();
    let digest = Sha256::digest(token.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    Some(key)
}

/// `Err(seconds to wait)` when `key` is over `limiter`'s limit.
fn check<K>(limiter: &Option<DefaultKeyedRateLimiter<K>>, key: Option<&K>) -> Result<(), u64>
where
    K: std::hash::Hash + Eq + Clone,
{
    let (Some(limiter), Some(key)) = (limiter, key) else {
        return Ok(());
    };
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(limiter.clock().now());
        // Whole seconds, rounded up: a client that waits as long is let through.
        (wait.as_millis().div_ceil(1000) as u64).max(1)
    })
}

pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limiters = &state.limiters;
    limiters.sweep();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = limiters.client_ip(req.headers(), peer);
    let session = session_key(req.headers());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str())
        .unwrap_or("");
    let post = req.method() == Method::POST;
    let launch = post && route.ends_with("/session");
    let filing =
        post && (route.ends_with("/requests/erasure") || route.ends_with("/requests/restriction"));
    let verdict = check(&limiters.per_ip, ip.as_ref())
        .and_then(|()| check(&limiters.per_session, session.as_ref()))
        .and_then(|()| {
            if launch {
                check(&limiters.launch_per_ip, ip.as_ref())
            } else {
                Ok(())
            }
        })
        .and_then(|()| {
            if filing {
                check(&limiters.filing_per_session, session.as_ref())
            } else {
                Ok(())
            }
        });
    match verdict {
        Ok(()) => next.run(req).await,
        Err(retry_after_seconds) => {
            tracing::info!(launch, filing, retry_after_seconds, "rate limited");
            ApiError::RateLimited {
                retry_after_seconds,
            }
            .into_response()
        }
    }
}
