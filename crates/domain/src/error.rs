//! The one JSON error body every failing API call returns.

use serde::{Deserialize, Serialize};

use crate::validate::ValidationCode;

/// A stable, machine-readable reason. Clients branch on this, never on the message.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The launch token was refused (signature, algorithm, claims, reuse…).
    InvalidLaunchToken,
    /// No session, an unknown one, or one that has ended.
    Unauthenticated,
    /// A session, but not one allowed to do this.
    Forbidden,
    NotFound,
    /// The body is not JSON, not the expected shape, or has fields we do not know.
    MalformedBody,
    /// The body is well-formed but some values are not acceptable; see `fields`.
    ValidationFailed,
    /// The record changed since it was read; reload and try again.
    VersionConflict,
    /// A pending request of the same kind exists; see `existing_id`.
    DuplicateRequest,
    /// The request is not in a state that allows this.
    InvalidState,
    PayloadTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    /// Processing is restricted (GDPR art. 18) and this change is frozen.
    Restricted,
    /// A query parameter is beyond its bounds (a page size, a search text too long); see
    /// `fields` for which one.
    QueryOutOfRange,
    /// Too many calls in a short time; the `Retry-After` header says when to try again.
    RateLimited,
    /// An erasure is executed only once a staff member other than the one executing it
    /// has approved it (the portal's four-eyes setting).
    SecondApprovalRequired,
    /// The e-mail address is another login's or account's at the billing system, which
    /// keeps each address once; see `fields`.
    EmailTaken,
    /// The billing system refused the change by its own rules; `message` gives its words.
    BillingRefused,
    /// An erasure would anonymise a buyer that kept invoices print from the live record
    /// (WHMCS: "Store Client Data Snapshot" is off); `message` names the setting.
    InvoiceSnapshotsOff,
    Internal,
}

/// One refused field of a body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: ValidationCode,
}

/// `{"error": {"code": "...", "message": "...", ...}}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorDetail {
    pub code: ErrorCode,
    /// For people reading logs or a failed call: English, never personal data.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// The id of the existing record a duplicate or conflict refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
}

impl ApiErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiErrorBody {
            error: ApiErrorDetail {
                code,
                message: message.into(),
                fields: Vec::new(),
                existing_id: None,
            },
        }
    }
}
