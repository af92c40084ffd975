//! Upper bounds of query parameters. A value beyond them is refused with `400
//! query_out_of_range` naming the parameter, never clamped: a caller asking for a page of
//! a million rows learns that it gets at most a hundred instead of silently fewer.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_domain::ValidationCode;

use crate::error::{ApiError, ApiResult};

/// The whole query string of an API call, in bytes as sent (percent-encoded). The longest
/// a client needs is the support queue's search (100 characters) with its filters.
pub const QUERY_MAX_BYTES: usize = 2048;

/// `GET .../records/{category}?section=`: a section's name is a short key.
pub const RECORDS_SECTION_MAX: usize = 64;
/// `GET .../records/{category}?offset=`: far beyond the rows any person has.
pub const RECORDS_OFFSET_MAX: u64 = 1_000_000;
/// `GET /api/me/activity?before=`: a sequence number, at most the largest integer a
/// JavaScript number holds exactly (the widget's cursor).
pub const ACTIVITY_BEFORE_MAX: i64 = (1 << 53) - 1;
/// `GET /api/support/requests?assignee=`: `me`, `none` or a staff id.
pub const QUEUE_ASSIGNEE_MAX: usize = 64;
/// `GET /api/support/requests?after=`: a cursor, `YYYY-MM-DD:` and a request id.
pub const QUEUE_CURSOR_MAX: usize = 80;
/// `format` and `lang` of the export, `person` and `locale` of the demo page: short keys.
pub const KEY_MAX: usize = 16;

/// A text parameter: at most `max` characters.
pub fn max_chars(param: &'static str, value: Option<&str>, max: usize) -> ApiResult<()> {
    match value {
        Some(v) if v.chars().count() > max => Err(ApiError::QueryOutOfRange {
            param,
            code: ValidationCode::TooLong,
            message: format!("query parameter {param}: at most {max} characters"),
        }),
        _ => Ok(()),
    }
}

/// A number parameter: from `min` to `max`.
pub fn within<N>(param: &'static str, value: Option<N>, min: N, max: N) -> ApiResult<()>
where
    N: PartialOrd + std::fmt::Display,
{
    match value {
        Some(v) if v < min || v > max => Err(ApiError::QueryOutOfRange {
            param,
            code: ValidationCode::OutOfRange,
            message: format!("query parameter {param}: from {min} to {max}"),
        }),
        _ => Ok(()),
    }
}

/// Refuses an API call whose query string is longer than `QUERY_MAX_BYTES`, before any
/// handler parses it.
pub async fn query_length(req: Request, next: Next) -> Response {
    if req.uri().query().is_some_and(|q| q.len() > QUERY_MAX_BYTES) {
        return ApiError::QueryOutOfRange {
            param: "query",
            code: ValidationCode::TooLong,
            message: format!("the query string: at most {QUERY_MAX_BYTES} bytes"),
        }
        .into_response();
    }
    next.run(req).await
}
