//! Launch tokens: how the host's billing client area hands us a logged-in person.
//!
//! A launch token is a JWT the host signs with its Ed25519 key (`alg: EdDSA`, nothing
//! else). `jsonwebtoken` checks the signature, `exp`, `nbf`, `iss` and `aud`; the rest of
//! the contract is checked here: the claims must be present and typed, `iat` not in the
//! future, a lifetime of at most five minutes, no `crit` header we do not understand, and
//! (in `session.rs`) a `jti` never seen before.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use portal_domain::Locale;
use portal_domain::api::Role;
use serde::Deserialize;

/// The `aud` every launch token must name.
pub const AUDIENCE: &str = "privacy-portal";
/// Clock skew tolerated between the host and us.
pub const LEEWAY_SECONDS: i64 = 30;
/// Longest lifetime (`exp - iat`) a launch token may have.
pub const MAX_LIFETIME_SECONDS: i64 = 300;
/// Tokens are at most this long; anything longer is not a launch token.
const MAX_TOKEN_BYTES: usize = 4096;

/// One of the host's public keys as configured: its `kid`, if it has one, and the PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKeySource {
    pub kid: Option<String>,
    pub pem: String,
}

impl HostKeySource {
    /// A key without a `kid`: the one key of a host that does not rotate.
    pub fn unnamed(pem: &str) -> HostKeySource {
        HostKeySource {
            kid: None,
            pem: pem.to_string(),
        }
    }
}

/// The host's public keys and issuer name, decoded once at start-up. Several keys let a
/// host rotate: each token names its key by `kid` (header), an unknown `kid` is refused,
/// and when more than one key is configured a token must name one. Shared, not copied:
/// the server's state is cloned for every request.
#[derive(Clone)]
pub struct HostKey {
    issuer: Arc<str>,
    keys: Arc<[(Option<String>, DecodingKey)]>,
}

impl HostKey {
    pub fn from_pem(issuer: &str, public_pem: &str) -> Result<HostKey, String> {
        Self::from_sources(issuer, &[HostKeySource::unnamed(public_pem)])
    }

    pub fn from_sources(issuer: &str, sources: &[HostKeySource]) -> Result<HostKey, String> {
        if sources.is_empty() {
            return Err("no key given".into());
        }
        if sources.len() > 1 && sources.iter().any(|s| s.kid.is_none()) {
            return Err("with more than one key, every key needs its kid (kid=path)".into());
        }
        let mut keys = Vec::with_capacity(sources.len());
        for s in sources {
            if let Some(kid) = &s.kid
                && keys
                    .iter()
                    .any(|(k, _): &(Option<String>, _)| k.as_ref() == Some(kid))
            {
                return Err(format!("kid {kid:?} is given twice"));
            }
            let key = DecodingKey::from_ed_pem(s.pem.as_bytes()).map_err(|e| {
                let name = s
                    .kid
                    .as_deref()
                    .map(|k| format!(" {k}"))
                    .unwrap_or_default();
                format!("key{name} is not an Ed25519 public key in PEM form: {e}")
            })?;
            keys.push((s.kid.clone(), key));
        }
        Ok(HostKey {
            issuer: issuer.into(),
            keys: keys.into(),
        })
    }

    /// The key a token's `kid` names.
    fn select(&self, kid: Option<&str>) -> Result<&DecodingKey, &'static str> {
        match kid {
            Some(kid) => self
                .keys
                .iter()
                .find(|(k, _)| k.as_deref() == Some(kid))
                .map(|(_, key)| key)
                .ok_or("unknown kid"),
            None if self.keys.len() == 1 => Ok(&self.keys[0].1),
            None => Err("no kid, and more than one host key is configured"),
        }
    }
}

/// A launch token whose every check passed except single use, which needs the database.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedLaunch {
    pub person_id: String,
    pub account_id: String,
    pub role: Role,
    pub locale: Option<Locale>,
    pub jti: String,
    pub expires_at: i64,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    /// RFC 8725 §3.11: when present, it says what kind of token this is; another kind of
    /// JWT signed with the same key (an ID token, a logout token) must not pass as ours.
    #[serde(default)]
    typ: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
    #[serde(default)]
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    /// One string (RFC 7519 §4.1.1); jsonwebtoken also takes a list that merely
    /// contains the issuer.
    iss: String,
    sub: String,
    acct: String,
    role: String,
    #[serde(default)]
    locale: Option<String>,
    iat: i64,
    exp: i64,
    jti: String,
}

/// Verifies a launch token at unix time `now`. The error is a short reason for the log;
/// callers answer every failure with the same 401.
pub fn verify_launch_token(
    token: &str,
    host: &HostKey,
    now: i64,
) -> Result<VerifiedLaunch, &'static str> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err("empty or oversized token");
    }
    let header_b64 = token.split('.').next().ok_or("malformed token")?;
    let header_json = URL_SAFE_NO_PAD
        .decode(header_b64)
        .map_err(|_| "malformed header encoding")?;
    let header: Header = serde_json::from_slice(&header_json).map_err(|_| "malformed header")?;
    if header.alg != "EdDSA" {
        return Err("algorithm other than EdDSA");
    }
    if header
        .typ
        .as_deref()
        .is_some_and(|t| !t.eq_ignore_ascii_case("JWT"))
    {
        return Err("typ other than JWT");
    }
    if header.crit.is_some() {
        // RFC 7515 §4.1.11: a recipient must reject critical extensions it does not know,
        // and we know none.
        return Err("critical header extension");
    }

    let key = host.select(header.kid.as_deref())?;

    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.leeway = LEEWAY_SECONDS as u64;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_issuer(&[&host.issuer]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data = jsonwebtoken::decode::<Claims>(token, key, &validation).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind::*;
        match e.kind() {
            InvalidSignature => "bad signature",
            ExpiredSignature => "expired",
            ImmatureSignature => "not valid yet (nbf)",
            InvalidIssuer => "wrong issuer",
            InvalidAudience => "wrong audience",
            MissingRequiredClaim(_) => "missing claim",
            InvalidAlgorithm | InvalidAlgorithmName => "algorithm other than EdDSA",
            Json(_) => "missing or mistyped claim",
            _ => "malformed token",
        }
    })?;
    let c = data.claims;
    if c.iss != *host.issuer {
        return Err("wrong issuer");
    }
    // jsonwebtoken does not check `iat`; a token from the future was not made by a host
    // with a sane clock.
    if c.iat > now + LEEWAY_SECONDS {
        return Err("issued in the future");
    }
    // Checked: a far-past `iat` must not wrap the difference round into a short lifetime.
    if c.exp
        .checked_sub(c.iat)
        .is_none_or(|l| l > MAX_LIFETIME_SECONDS)
    {
        return Err("lifetime over 300 seconds");
    }
    // The crate's own expiry check already ran; repeat it on our clock, which tests move.
    if c.exp + LEEWAY_SECONDS < now {
        return Err("expired");
    }
    let nonempty = |s: &str, max: usize| {
        !s.trim().is_empty() && s.len() <= max && !s.chars().any(char::is_control)
    };
    if !nonempty(&c.sub, 64) || !nonempty(&c.acct, 64) || !nonempty(&c.jti, 128) {
        return Err("empty or oversized sub, acct or jti");
    }
    let role = Role::parse(&c.role).ok_or("unknown role")?;
    let locale = match c.locale {
        None => None,
        Some(l) => Some(Locale::parse(&l).ok_or("unknown locale")?),
    };
    Ok(VerifiedLaunch {
        person_id: c.sub,
        account_id: c.acct,
        role,
        locale,
        jti: c.jti,
        expires_at: c.exp,
    })
}
