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
    write_private(&private, pair.private_pem.as_bytes())?;
    std::fs::write(&public, &pair.public_pem)?;
    Ok(pair)
}

/// Writes a secret to `path`: into a new file that is the owner's alone (0600) from its
/// creation, so there is no moment at which the default permissions let others read the
/// key, then renamed into place, so a reader never sees half a key.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = path.with_file_name(format!(".{name}.{}.new", std::process::id()));
    let _ = std::fs::remove_file(&staging);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&staging)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&staging, path)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_private_key_is_the_owners_alone_and_replaced_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("portal-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key.pem");
        // A file left with wide permissions is replaced, not written into.
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, b"secret").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "secret");
        // Nothing is left beside it.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["key.pem"]);

        let pair = ensure_dev_key_pair(&dir.join("demo")).unwrap();
        let private = dir.join("demo").join(DEV_PRIVATE_KEY_FILE);
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            ensure_dev_key_pair(&dir.join("demo")).unwrap().private_pem,
            pair.private_pem
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
