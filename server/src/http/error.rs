//! Errors as the API answers them: every failure is `ApiErrorBody` JSON with a stable
//! code, and even a malformed request body gets that shape.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_domain::error::ApiErrorBody;

use crate::error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let message = match &self {
            ApiError::Database(e) => {
                tracing::error!(error = %e, "database error");
                "internal error".to_string()
            }
            ApiError::Billing(e) => {
                tracing::error!(error = %e, "billing system error");
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
        let retry_after = match &self {
            ApiError::RateLimited {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            _ => None,
        };
        match self {
            ApiError::Validation(fields) => body.error.fields = fields,
            ApiError::DuplicateRequest { existing_id } => {
                body.error.existing_id = Some(existing_id)
            }
            ApiError::Refused(r) => {
                let code = match r.code.as_str() {
                    "email_taken" => Some(portal_domain::ValidationCode::Taken),
                    "invalid_email" => Some(portal_domain::ValidationCode::InvalidEmail),
                    _ => None,
                };
                body.error.fields = code
                    .map(|code| portal_domain::error::FieldError {
                        field: "email".into(),
                        code,
                    })
                    .into_iter()
                    .collect();
            }
            ApiError::QueryOutOfRange { param, code, .. } => {
                body.error.fields = vec![portal_domain::error::FieldError {
                    field: param.into(),
                    code,
                }]
            }
            _ => {}
        }
        let mut res = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        res
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
