//! Where notices go: the SMTP relay and the sender, from `PORTAL_SMTP_*`.

use std::str::FromStr;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

use super::SettingsError;

/// Where notices go: `PORTAL_SMTP_URL` (e.g. `smtp://127.0.0.1:2525`, `smtp://user:pass@
/// host:587?tls=required`, `smtps://host`) and `PORTAL_SMTP_FROM`. Without a URL, notices
/// are written to the log (id and kind only).
#[derive(Clone, Default)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub from: String,
}

impl std::fmt::Debug for MailSettings {
    // The URL may hold the relay's password: show whether it is set, not what it is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp", &self.smtp_url.is_some())
            .field("from", &self.from)
            .finish()
    }
}

/// The sender address when none is configured.
pub const DEFAULT_FROM: &str = "Privacy portal <privacy-portal@localhost>";

impl MailSettings {
    /// Notices to the log only.
    pub fn log_only() -> MailSettings {
        MailSettings {
            smtp_url: None,
            from: DEFAULT_FROM.into(),
        }
    }

    /// Notices by SMTP through `url`, from `from`.
    pub fn smtp(url: &str, from: &str) -> MailSettings {
        MailSettings {
            smtp_url: Some(url.into()),
            from: from.into(),
        }
    }

    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<MailSettings, SettingsError> {
        let bad = |key: &str, message: String| SettingsError {
            key: key.into(),
            message,
        };
        let smtp_url = get("PORTAL_SMTP_URL").filter(|u| !u.trim().is_empty());
        let from = get("PORTAL_SMTP_FROM").unwrap_or_else(|| DEFAULT_FROM.into());
        let settings = MailSettings { smtp_url, from };
        Mailbox::from_str(&settings.from).map_err(|e| {
            bad(
                "PORTAL_SMTP_FROM",
                format!("not an e-mail address like \"Name <privacy@example.no>\": {e}"),
            )
        })?;
        if let Some(url) = &settings.smtp_url {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|_| {
                bad(
                    "PORTAL_SMTP_URL",
                    "expected smtp://host:port, smtp://host:587?tls=required or smtps://host"
                        .into(),
                )
            })?;
        }
        Ok(settings)
    }
}
