//! The use cases' one error type. The HTTP layer turns every failure into `ApiErrorBody`
//! JSON with a stable code (`http::error`); internal errors are logged once, with ids
//! only, and hidden from the caller.

use axum::http::StatusCode;
use portal_domain::ValidationCode;
use portal_domain::error::{ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("launch token refused: {0}")]
    InvalidLaunchToken(&'static str),
    #[error("no valid session")]
    Unauthenticated,
    #[error("not allowed for this session")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("malformed body: {0}")]
    MalformedBody(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("the record changed since it was read")]
    VersionConflict,
    #[error("a pending request of this kind exists")]
    DuplicateRequest { existing_id: String },
    #[error("{0}")]
    InvalidState(&'static str),
    #[error("processing of this person's data is restricted")]
    Restricted,
    #[error("an erasure is executed only after another staff member has approved it")]
    SecondApprovalRequired,
    #[error("body too large")]
    PayloadTooLarge,
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("too many requests: try again in {retry_after_seconds} seconds")]
    RateLimited { retry_after_seconds: u64 },
    /// A query parameter beyond its bounds: which one, why, and the message saying them.
    #[error("{message}")]
    QueryOutOfRange {
        param: &'static str,
        code: ValidationCode,
        message: String,
    },
    /// The billing system refused the change by its own rules (WHMCS: a taken e-mail).
    #[error("the billing system refused the change: {}", .0.message)]
    Refused(crate::billing::Refusal),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("database lookup: {0}")]
    Lookup(#[from] rusqlite::Error),
    #[error(transparent)]
    Billing(#[from] crate::billing::BillingError),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn parts(&self) -> (StatusCode, ErrorCode) {
        use ApiError::*;
        match self {
            InvalidLaunchToken(_) => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidLaunchToken),
            Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            MalformedBody(_) => (StatusCode::BAD_REQUEST, ErrorCode::MalformedBody),
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            ),
            VersionConflict => (StatusCode::CONFLICT, ErrorCode::VersionConflict),
            DuplicateRequest { .. } => (StatusCode::CONFLICT, ErrorCode::DuplicateRequest),
            InvalidState(_) => (StatusCode::CONFLICT, ErrorCode::InvalidState),
            Restricted => (StatusCode::CONFLICT, ErrorCode::Restricted),
            SecondApprovalRequired => (StatusCode::CONFLICT, ErrorCode::SecondApprovalRequired),
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            QueryOutOfRange { .. } => (StatusCode::BAD_REQUEST, ErrorCode::QueryOutOfRange),
            RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Refused(r) => match r.code.as_str() {
                "email_taken" => (StatusCode::CONFLICT, ErrorCode::EmailTaken),
                "invoice_snapshots_off" => (StatusCode::CONFLICT, ErrorCode::InvoiceSnapshotsOff),
                "invalid_email" => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::ValidationFailed,
                ),
                _ => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BillingRefused),
            },
            Database(_) | Lookup(_) | Billing(_) | Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Whether a database error is a unique-constraint violation (on either backend).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db
                    .code()
                    .is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
        }
        _ => false,
    }
}
