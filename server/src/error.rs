//! The API's one error type. Every failure becomes `ApiErrorBody` JSON with a stable
//! code; internal errors are logged once, with ids only, and hidden from the caller.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_domain::error::{ApiErrorBody, ErrorCode, FieldError};

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
    #[error("body too large")]
    PayloadTooLarge,
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, ErrorCode) {
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
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            Database(_) | Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let message = match &self {
            ApiError::Database(e) => {
                tracing::error!(error = %e, "database error");
                "internal error".to_string()
            }
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                "internal error".to_string()
            }
            // The reason goes to the log for the operator; the caller learns only that
            // the token was refused, so probing reveals nothing.
            ApiError::InvalidLaunchToken(reason) => {
                tracing::warn!(reason, "launch token refused");
                "the launch token was refused".to_string()
            }
            other => other.to_string(),
        };
        let mut body = ApiErrorBody::new(code, message);
        match self {
            ApiError::Validation(fields) => body.error.fields = fields,
            ApiError::DuplicateRequest { existing_id } => {
                body.error.existing_id = Some(existing_id)
            }
            _ => {}
        }
        (status, Json(body)).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge
            }
            other => ApiError::MalformedBody(other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::NotFound
    }
}

/// `Json` whose rejections are our error body, so even a malformed request gets the
/// documented shape.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
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
