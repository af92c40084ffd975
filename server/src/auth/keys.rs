//! Ed25519 key pairs for the demo's mock billing system, and signing launch tokens with
//! them. A real host keeps its private key; the portal only ever needs the public one.

use std::path::Path;

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
use serde::Serialize;

pub struct KeyPair {
    pub private_pem: String,
    pub public_pem: String,
}

pub const DEV_PRIVATE_KEY_FILE: &str = "dev-host-key.pem";
pub const DEV_PUBLIC_KEY_FILE: &str = "dev-host-key.pub.pem";

/// A fresh Ed25519 key pair, PEM encoded (PKCS#8 private, SPKI public).
pub fn generate() -> KeyPair {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("the operating system's random source");
    let key = SigningKey::from_bytes(&seed);
    KeyPair {
        private_pem: key
            .to_pkcs8_pem(LineEnding::LF)
            .expect("encode private key")
            .to_string(),
        public_pem: key
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("encode public key"),
    }
}

/// The demo key pair in `data_dir`, created on first use.
pub fn ensure_dev_key_pair(data_dir: &Path) -> std::io::Result<KeyPair> {
    let private = data_dir.join(DEV_PRIVATE_KEY_FILE);
    let public = data_dir.join(DEV_PUBLIC_KEY_FILE);
    if private.exists() && public.exists() {
        return Ok(KeyPair {
            private_pem: std::fs::read_to_string(private)?,
            public_pem: std::fs::read_to_string(public)?,
        });
    }
    std::fs::create_dir_all(data_dir)?;
    let pair = generate();
    std::fs::write(&private, &pair.private_pem)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::write(&public, &pair.public_pem)?;
    Ok(pair)
}

/// Claims of a launch token as a host signs them.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub acct: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

impl LaunchClaims {
    /// A token for `person` valid for `ttl` seconds from `now`, with a fresh `jti`.
    pub fn new(
        issuer: &str,
        person: &str,
        account: &str,
        role: &str,
        locale: Option<&str>,
        now: i64,
        ttl: i64,
    ) -> Self {
        LaunchClaims {
            iss: issuer.into(),
            aud: crate::auth::launch_token::AUDIENCE.into(),
            sub: person.into(),
            acct: account.into(),
            role: role.into(),
            locale: locale.map(Into::into),
            iat: now,
            exp: now + ttl,
            jti: uuid::Uuid::new_v4().to_string(),
        }
    }
}

/// Signs any claims with an Ed25519 private key (PEM), as the host does.
pub fn sign<T: Serialize>(
    claims: &T,
    private_pem: &str,
) -> Result<String, jsonwebtoken::errors::Error> {
    let key = jsonwebtoken::EncodingKey::from_ed_pem(private_pem.as_bytes())?;
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA),
        claims,
        &key,
    )
}
