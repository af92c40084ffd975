//! Launch tokens: how the host's billing client area hands us a logged-in person.
//!
//! A launch token is a JWT the host signs with its Ed25519 key (`alg: EdDSA`, nothing
//! else). `jsonwebtoken` checks the signature, `exp`, `nbf`, `iss` and `aud`; the rest of
//! the contract is checked here: the claims must be present and typed, `iat` not in the
//! future, a lifetime of at most five minutes, no `crit` header we do not understand, and
//! (in `session.rs`) a `jti` never seen before.

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

/// The host's public key and issuer name, decoded once at start-up.
#[derive(Clone)]
pub struct HostKey {
    issuer: String,
    key: DecodingKey,
}

impl HostKey {
    pub fn from_pem(issuer: &str, public_pem: &str) -> Result<HostKey, String> {
        let key = DecodingKey::from_ed_pem(public_pem.as_bytes())
            .map_err(|e| format!("not an Ed25519 public key in PEM form: {e}"))?;
        Ok(HostKey {
            issuer: issuer.to_string(),
            key,
        })
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
    #[serde(default)]
    crit: Option<serde_json::Value>,
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
    if header.crit.is_some() {
        // RFC 7515 §4.1.11: a recipient must reject critical extensions it does not know,
        // and we know none.
        return Err("critical header extension");
    }

    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.leeway = LEEWAY_SECONDS as u64;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_issuer(&[&host.issuer]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data = jsonwebtoken::decode::<Claims>(token, &host.key, &validation).map_err(|e| {
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
    if c.iss != host.issuer {
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
