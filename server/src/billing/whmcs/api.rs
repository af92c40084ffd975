//! WHMCS's remote API (`includes/api.php`), through which the portal makes every change
//! WHMCS has an action for, so WHMCS's own validation runs and its hooks fire (the
//! mailing-list addon hears of an opt-out on `ClientEdit`, a registrar module of a new
//! address). Why the remote API and not `localAPI` in the addon: see the README.
//!
//! WHMCS answers a refused action with HTTP 200 and `result=error`; those come back as a
//! [`Refusal`] with a stable code. An access fault (403: a wrong secret, an address not on
//! the allow list, an action the API role lacks) is the operator's to fix, and three
//! failed logins ban the portal's address: after the first, no call is made again until
//! the portal restarts with other settings, and `/readyz` says so.

use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

use super::super::{BillingError, BillingResult, Refusal};

/// How the portal reaches WHMCS's API (`PORTAL_WHMCS_API_*`).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSettings {
    /// `https://billing.example.com/includes/api.php`.
    pub url: String,
    /// The API credential (Setup > Staff Management > Manage API Credentials).
    pub identifier: String,
    pub secret: String,
    /// `$api_access_key` of WHMCS's `configuration.php`, where the host uses one instead
    /// of (or as well as) the IP allow list.
    pub access_key: Option<String>,
}

impl std::fmt::Debug for ApiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiSettings")
            .field("url", &self.url)
            .field("identifier", &self.identifier)
            .finish_non_exhaustive()
    }
}

pub struct Api {
    settings: ApiSettings,
    http: reqwest::Client,
    /// Set by the first access fault: WHMCS bans an address after three failed logins,
    /// so the portal stops calling rather than lock itself (and the host's staff) out.
    denied: Mutex<Option<String>>,
}

/// What a call did not achieve.
#[derive(Debug)]
pub enum CallError {
    /// WHMCS ran the action and refused it (`result=error`): trying again changes nothing.
    Refused(Refusal),
    /// Unreachable, an unreadable answer, or an access fault: nothing is known to have
    /// happened; the caller keeps the command for later.
    Failed(BillingError),
}

impl From<CallError> for BillingError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Refused(r) => {
                BillingError::Data(format!("WHMCS refused the change: {}", r.message))
            }
            CallError::Failed(e) => e,
        }
    }
}

impl Api {
    pub fn new(settings: ApiSettings) -> BillingResult<Api> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            // The credential never follows a redirect to another address.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| BillingError::Data(format!("WHMCS API client: {e}")))?;
        Ok(Api {
            settings,
            http,
            denied: Mutex::new(None),
        })
    }

    /// Why the portal no longer calls WHMCS's API, if it stopped.
    pub fn denied(&self) -> Option<String> {
        self.denied.lock().map(|d| d.clone()).unwrap_or(None)
    }

    /// Calls `action` with `params` (sent as they are: WHMCS encodes what it stores).
    pub async fn call(&self, action: &str, params: &[(&str, String)]) -> Result<Value, CallError> {
        if let Some(why) = self.denied() {
            return Err(CallError::Failed(BillingError::Data(format!(
                "WHMCS API calls stopped after an access fault ({why}): fix the credential, allow list or API role, then restart"
            ))));
        }
        let mut form: Vec<(&str, String)> = vec![
            ("action", action.to_string()),
            ("identifier", self.settings.identifier.clone()),
            ("secret", self.settings.secret.clone()),
            ("responsetype", "json".into()),
        ];
        if let Some(k) = &self.settings.access_key {
            form.push(("accesskey", k.clone()));
        }
        form.extend(params.iter().cloned());
        let failed = |what: String| CallError::Failed(BillingError::Data(what));
        let answer = self
            .http
            .post(&self.settings.url)
            .form(&form)
            .send()
            .await
            .map_err(|e| failed(format!("WHMCS API {action}: {}", e.without_url())))?;
        let status = answer.status();
        let body = answer
            .text()
            .await
            .map_err(|e| failed(format!("WHMCS API {action}: {}", e.without_url())))?;
        let json: Option<Value> = serde_json::from_str(&body).ok();
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if status == reqwest::StatusCode::FORBIDDEN || status == reqwest::StatusCode::BAD_REQUEST {
            let why = format!("{action}: HTTP {} {message}", status.as_u16());
            tracing::error!(reason = %why, "WHMCS API refused the portal's access; no more calls until restart");
            if let Ok(mut d) = self.denied.lock() {
                *d = Some(why.clone());
            }
            return Err(failed(format!("WHMCS API access fault: {why}")));
        }
        let Some(json) = json.filter(|_| status.is_success()) else {
            return Err(failed(format!(
                "WHMCS API {action}: HTTP {} without a JSON answer",
                status.as_u16()
            )));
        };
        match json.get("result").and_then(Value::as_str) {
            Some("success") => Ok(json),
            Some("error") => Err(CallError::Refused(refusal(&message))),
            _ => Err(failed(format!(
                "WHMCS API {action}: an answer without a result"
            ))),
        }
    }
}

/// WHMCS's refusal message, as a code the portal answers with.
pub fn refusal(message: &str) -> Refusal {
    let code = match message.trim() {
        // UpdateClient (clients and legacy sub-accounts) and UpdateUser (logins).
        "Duplicate Email Address" | "A user already exists with that email address" => {
            "email_taken"
        }
        "The email address entered is not valid" => "invalid_email",
        m if m.contains("domain related notifications") => "domain_contact_required",
        _ => "billing_refused",
    };
    Refusal {
        code: code.into(),
        message: message.trim().to_string(),
    }
}

/// WHMCS's booleans: `1` or `0` (its API reads the word `false` as true).
pub fn flag(on: bool) -> String {
    if on { "1" } else { "0" }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whmcs_refusals_become_stable_codes() {
        assert_eq!(refusal("Duplicate Email Address").code, "email_taken");
        assert_eq!(
            refusal("A user already exists with that email address").code,
            "email_taken"
        );
        assert_eq!(
            refusal("The email address entered is not valid").code,
            "invalid_email"
        );
        assert_eq!(refusal("Client ID Not Found").code, "billing_refused");
        assert_eq!(
            refusal("Client ID Not Found").message,
            "Client ID Not Found"
        );
    }

    #[test]
    fn booleans_are_sent_as_digits() {
        assert_eq!(flag(false), "0");
        assert_eq!(flag(true), "1");
    }
}
