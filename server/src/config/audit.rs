//! The audit trail's key and checkpoints, from `PORTAL_AUDIT_*` (see `store::audit` and
//! `store::audit_checkpoints`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::SettingsError;
use crate::store::audit::AuditKey;

/// The demo's key, made in its data folder on first start.
pub const DEMO_KEY_FILE: &str = "audit.key";
/// The checkpoints' folder under the data folder unless `PORTAL_AUDIT_CHECKPOINT_DIR` says
/// otherwise.
pub const CHECKPOINT_DIR_DEFAULT: &str = "audit-checkpoints";
/// How often the chains' heads are signed by default: hourly.
pub const CHECKPOINT_EVERY_DEFAULT: Duration = Duration::from_secs(3600);

/// `PORTAL_AUDIT_KEY_FILE` (required outside demo mode), `PORTAL_AUDIT_CHECKPOINT_DIR`
/// (default `<data dir>/audit-checkpoints`; `off`: the database and the log only) and
/// `PORTAL_AUDIT_CHECKPOINT_SECONDS` (default 3600).
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// The key the entries and checkpoints are sealed with; never in the database.
    pub key: AuditKey,
    /// Where it was read from.
    pub key_file: PathBuf,
    /// Where each checkpoint is also written, a file of its own; `None`: not at all.
    pub checkpoint_dir: Option<PathBuf>,
    /// How often the background work signs a checkpoint.
    pub checkpoint_every: Duration,
}

fn err(key: &str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        key: key.into(),
        message: message.into(),
    }
}

impl AuditSettings {
    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
        demo: bool,
        data_dir: &Path,
    ) -> Result<AuditSettings, SettingsError> {
        const KEY: &str = "PORTAL_AUDIT_KEY_FILE";
        let key_file = get(KEY)
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        let (key_file, key) = match key_file {
            Some(path) => {
                let path = PathBuf::from(path);
                let key = AuditKey::read(&path).map_err(|e| err(KEY, e))?;
                (path, key)
            }
            // The demo makes its own, beside its host key pair.
            None if demo => {
                let path = data_dir.join(DEMO_KEY_FILE);
                let key = AuditKey::read_or_create(&path)
                    .map_err(|e| err(KEY, format!("cannot create the demo's audit key: {e}")))?;
                (path, key)
            }
            None => {
                return Err(err(
                    KEY,
                    "required: the file of the audit trail's secret key, at least 32 random bytes \
                     (e.g. `head -c 32 /dev/urandom > audit.key && chmod 600 audit.key`); it seals \
                     the audit trail and its checkpoints and must not be kept in the database",
                ));
            }
        };
        let checkpoint_dir = match get("PORTAL_AUDIT_CHECKPOINT_DIR").as_deref().map(str::trim) {
            None | Some("") => Some(data_dir.join(CHECKPOINT_DIR_DEFAULT)),
            Some("off") => None,
            Some(path) => Some(PathBuf::from(path)),
        };
        let checkpoint_every = match get("PORTAL_AUDIT_CHECKPOINT_SECONDS") {
            None => CHECKPOINT_EVERY_DEFAULT,
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|s| (60..=86_400).contains(s))
                .map(Duration::from_secs)
                .ok_or_else(|| {
                    err(
                        "PORTAL_AUDIT_CHECKPOINT_SECONDS",
                        "expected a whole number of seconds from 60 to 86400, e.g. 3600",
                    )
                })?,
        };
        Ok(AuditSettings {
            key,
            key_file,
            checkpoint_dir,
            checkpoint_every,
        })
    }

    /// A fresh key written into `dir` (the owner's alone) and the checkpoints in
    /// `dir/audit-checkpoints`: what a test or a tool that starts a portal of its own uses.
    pub fn in_folder(dir: &Path) -> Result<AuditSettings, String> {
        let key_file = dir.join(DEMO_KEY_FILE);
        let key = AuditKey::read_or_create(&key_file)?;
        Ok(AuditSettings {
            key,
            key_file,
            checkpoint_dir: Some(dir.join(CHECKPOINT_DIR_DEFAULT)),
            checkpoint_every: CHECKPOINT_EVERY_DEFAULT,
        })
    }

    /// Whether others than the owner may read the key file: worth a warning.
    pub fn key_file_shared(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(&self.key_file)
                .map(|m| m.permissions().mode() & 0o077 != 0)
                .unwrap_or(false)
        }
        #[cfg(not(unix))]
        {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_key_is_required_outside_demo_mode_and_made_in_it() {
        let dir =
            std::env::temp_dir().join(format!("portal-audit-settings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let none: &[(&str, String)] = &[];
        let missing = AuditSettings::from_lookup(&lookup(none), false, &dir).unwrap_err();
        assert_eq!(missing.key, "PORTAL_AUDIT_KEY_FILE");
        assert!(missing.message.starts_with("required"), "{missing}");
        assert!(!dir.exists(), "nothing is made outside demo mode");

        let demo = AuditSettings::from_lookup(&lookup(none), true, &dir).unwrap();
        assert_eq!(demo.key_file, dir.join(DEMO_KEY_FILE));
        assert_eq!(std::fs::read(&demo.key_file).unwrap().len(), 32);
        assert!(!demo.key_file_shared());
        assert_eq!(demo.checkpoint_dir, Some(dir.join(CHECKPOINT_DIR_DEFAULT)));
        assert_eq!(demo.checkpoint_every, CHECKPOINT_EVERY_DEFAULT);

        let key_file = demo.key_file.to_string_lossy().into_owned();
        let pairs = [
            ("PORTAL_AUDIT_KEY_FILE", key_file.clone()),
            ("PORTAL_AUDIT_CHECKPOINT_DIR", "off".to_string()),
            ("PORTAL_AUDIT_CHECKPOINT_SECONDS", "600".to_string()),
        ];
        let production = AuditSettings::from_lookup(&lookup(&pairs), false, &dir).unwrap();
        assert_eq!(production.checkpoint_dir, None);
        assert_eq!(production.checkpoint_every, Duration::from_secs(600));

        std::fs::write(dir.join("short.key"), b"0123456789").unwrap();
        let short = [(
            "PORTAL_AUDIT_KEY_FILE",
            dir.join("short.key").to_string_lossy().into_owned(),
        )];
        let e = AuditSettings::from_lookup(&lookup(&short), false, &dir).unwrap_err();
        assert_eq!(e.key, "PORTAL_AUDIT_KEY_FILE");
        assert!(e.message.contains("10 bytes"), "{e}");
        let absent = [(
            "PORTAL_AUDIT_KEY_FILE",
            "/nonexistent/audit.key".to_string(),
        )];
        let e = AuditSettings::from_lookup(&lookup(&absent), true, &dir).unwrap_err();
        assert!(
            e.message.contains("cannot read /nonexistent/audit.key"),
            "{e}"
        );
        for bad in ["0", "59", "86401", "hourly"] {
            let pairs = [
                ("PORTAL_AUDIT_KEY_FILE", key_file.clone()),
                ("PORTAL_AUDIT_CHECKPOINT_SECONDS", bad.to_string()),
            ];
            let e = AuditSettings::from_lookup(&lookup(&pairs), false, &dir).unwrap_err();
            assert_eq!(e.key, "PORTAL_AUDIT_CHECKPOINT_SECONDS", "{bad}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
