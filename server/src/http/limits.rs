//! Rate limits of the API (`config::limits`): per session and per client address for any
//! call, stricter on the launch-token exchange (per address) and on filing a request (per
//! session). Over a limit the answer is `429 rate_limited` with `Retry-After`. Each server
//! keeps its own counts, in memory.
//!
//! An address is counted by what a client holds: an IPv6 client by its /64 (a host gets a
//! whole prefix and could step through it), an IPv4 one by its address. A session is
//! counted once it is verified (`count_session`, from the session extractor): a made-up
//! bearer gets no bucket of its own, only its address's.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::limits::RateLimitSettings;
use crate::error::ApiError;
use crate::state::AppState;

/// A session's key: part of its token's hash, so the tokens themselves are not kept here.
type SessionKey = [u8; 16];

/// The address `ip` is counted under: an IPv6 address's /64, an IPv4 address (also one
/// written as IPv4-mapped IPv6) as it is.
pub fn counted_address(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

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
        from_header.or(peer).map(counted_address)
    }

    /// Counts a call of a verified session (its token's SHA-256, in hex), and a filing
    /// when `filing`: `Err` when over a limit.
    pub fn count_session(&self, token_hash: &str, filing: bool) -> Result<(), ApiError> {
        let mut key: SessionKey = [0; 16];
        if hex::decode_to_slice(token_hash.get(..32).unwrap_or(""), &mut key).is_err() {
            return Ok(());
        }
        check(&self.per_session, Some(&key))
            .and_then(|()| {
                if filing {
                    check(&self.filing_per_session, Some(&key))
                } else {
                    Ok(())
                }
            })
            .map_err(|retry_after_seconds| {
                tracing::info!(filing, retry_after_seconds, "rate limited");
                ApiError::RateLimited {
                    retry_after_seconds,
                }
            })
    }

    /// Sessions with a bucket now (for tests of what a made-up bearer costs).
    pub fn session_buckets(&self) -> usize {
        self.per_session.as_ref().map_or(0, |l| l.len())
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
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str())
        .unwrap_or("");
    let launch = req.method() == Method::POST && route.ends_with("/session");
    let verdict = check(&limiters.per_ip, ip.as_ref()).and_then(|()| {
        if launch {
            check(&limiters.launch_per_ip, ip.as_ref())
        } else {
            Ok(())
        }
    });
    match verdict {
        Ok(()) => next.run(req).await,
        Err(retry_after_seconds) => {
            tracing::info!(launch, retry_after_seconds, "rate limited");
            ApiError::RateLimited {
                retry_after_seconds,
            }
            .into_response()
        }
    }
}
