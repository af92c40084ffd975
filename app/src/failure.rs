//! What can go wrong with an API call, and what the person is told about it.
//!
//! The browser side (`http`) only moves bytes; turning a status and a body into a typed
//! result happens here, in plain code the host tests exercise.

use portal_domain::error::ApiErrorDetail;
use portal_domain::{ApiErrorBody, ErrorCode, FieldError, Locale};
use serde::de::DeserializeOwned;

use crate::i18n::{Key, error_key, t};
use crate::json;

/// A failed API call.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The API refused the call and said why in its error body.
    Api { status: u16, detail: ApiErrorDetail },
    /// An error status without the API's error body (a proxy's error page, say).
    Http { status: u16 },
    /// No answer at all: offline, DNS, a blocked cross-origin call.
    Network,
    /// A success status whose body is not what the API promises.
    Unexpected,
}

impl ApiFailure {
    /// The API's error code, when it gave one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Api { detail, .. } => Some(detail.code),
            _ => None,
        }
    }

    /// True when the session is over and only reloading the page helps.
    pub fn ends_session(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::Unauthenticated | ErrorCode::InvalidLaunchToken)
        ) || matches!(self, ApiFailure::Http { status: 401 })
    }

    /// Per-field refusals of a `validation_failed` answer.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiFailure::Api { detail, .. } => &detail.fields,
            _ => &[],
        }
    }

    /// The id of the pending request a `duplicate_request` refers to.
    pub fn existing_id(&self) -> Option<&str> {
        match self {
            ApiFailure::Api { detail, .. } => detail.existing_id.as_deref(),
            _ => None,
        }
    }

    /// The text that explains it.
    pub fn key(&self) -> Key {
        match self {
            ApiFailure::Api { detail, .. } => error_key(detail.code),
            ApiFailure::Http { status: 401 } => Key::SessionEnded,
            ApiFailure::Http { status: 413 } => Key::ErrTooLarge,
            ApiFailure::Http { .. } | ApiFailure::Unexpected => Key::ErrInternal,
            ApiFailure::Network => Key::ErrNetwork,
        }
    }

    /// What the person reads.
    pub fn message(&self, locale: Locale) -> &'static str {
        t(locale, self.key())
    }
}

/// Turns an answer into the value it promises, or into the failure it reports. An empty
/// body (204) decodes as JSON `null`, which is what `()` expects.
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        let body = if body.trim().is_empty() { "null" } else { body };
        return json::from_str(body).map_err(|_| ApiFailure::Unexpected);
    }
    Err(match json::from_str::<ApiErrorBody>(body) {
        Ok(b) => ApiFailure::Api {
            status,
            detail: b.error,
        },
        Err(_) => ApiFailure::Http { status },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::ValidationCode;
    use portal_domain::api::{NewsletterView, PurposeUpdate};

    #[test]
    fn success_bodies_decode_into_api_types() {
        let v: NewsletterView = decode(
            200,
            r#"{"subscribed":true,"segment":"journalist","changed_at":"2026-11-21T12:00:00Z"}"#,
        )
        .unwrap();
        assert!(v.subscribed);
        let unit: () = decode(204, "").unwrap();
        assert_eq!(unit, ());
        assert_eq!(
            decode::<PurposeUpdate>(200, "<html>"),
            Err(ApiFailure::Unexpected)
        );
    }

    #[test]
    fn error_bodies_keep_code_fields_and_existing_id() {
        let body = r#"{"error":{"code":"validation_failed","message":"bad","fields":[{"field":"phone","code":"invalid_phone"}]}}"#;
        let f = decode::<()>(422, body).unwrap_err();
        assert_eq!(f.code(), Some(ErrorCode::ValidationFailed));
        assert_eq!(f.field_errors()[0].field, "phone");
        assert_eq!(f.field_errors()[0].code, ValidationCode::InvalidPhone);
        assert_eq!(
            f.message(Locale::En),
            "Some fields are not filled in correctly."
        );

        let dup = r#"{"error":{"code":"duplicate_request","message":"dup","existing_id":"r-7"}}"#;
        let f = decode::<()>(409, dup).unwrap_err();
        assert_eq!(f.existing_id(), Some("r-7"));
        assert!(!f.ends_session());
    }

    #[test]
    fn unauthenticated_and_bad_launch_tokens_end_the_session() {
        let body = r#"{"error":{"code":"unauthenticated","message":"x"}}"#;
        let f = decode::<()>(401, body).unwrap_err();
        assert!(f.ends_session());
        assert_eq!(
            f.message(Locale::Nb),
            "Økten din er avsluttet. Last inn siden på nytt for å fortsette."
        );
        let body = r#"{"error":{"code":"invalid_launch_token","message":"x"}}"#;
        let f = decode::<()>(401, body).unwrap_err();
        assert!(f.ends_session());
        assert!(f.message(Locale::En).contains("login link has expired"));
        // A bare 401 from something in front of the API means the same to the person.
        assert!(decode::<()>(401, "").unwrap_err().ends_session());
    }

    #[test]
    fn foreign_error_pages_and_network_failures_get_plain_messages() {
        let f = decode::<()>(502, "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(f, ApiFailure::Http { status: 502 });
        assert_eq!(f.code(), None);
        assert!(f.message(Locale::Sv).starts_with("Något gick fel"));
        assert!(
            ApiFailure::Network
                .message(Locale::Nb)
                .starts_with("Fikk ikke kontakt")
        );
    }
}
