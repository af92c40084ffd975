//! Who is calling, as handlers receive it: the session behind the bearer token, the
//! subject of a self-service route (`/api/me/...` or `/api/people/{person}/...`), or a
//! member of staff. Each rejection is the API's error body.

use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
use axum::http::Method;
use axum::http::request::Parts;

use crate::auth::sessions::{self, Session};
use crate::error::ApiError;
use crate::rights::subject::{self, Subject};
use crate::state::AppState;
use crate::support::{Decider, Staff};

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or(ApiError::Unauthenticated)?;
        let value = header.to_str().map_err(|_| ApiError::Unauthenticated)?;
        let token = value
            .strip_prefix("Bearer ")
            .ok_or(ApiError::Unauthenticated)?;
        let session = sessions::authenticate(state, token.trim()).await?;
        // A verified session's call counts against its limits, once however many
        // extractors ask for the session.
        if parts.extensions.insert(SessionCounted).is_none() {
            let filing = parts.method == Method::POST
                && parts.extensions.get::<MatchedPath>().is_some_and(|p| {
                    let p = p.as_str();
                    p.ends_with("/requests/erasure") || p.ends_with("/requests/restriction")
                });
            state.limiters.count_session(&session.token_hash, filing)?;
        }
        Ok(session)
    }
}

/// Marks a request whose session has been counted against the rate limits.
#[derive(Clone, Copy)]
struct SessionCounted;

/// The path parameter that names the subject on `/api/people/{person}/...`.
const PERSON_PARAM: &str = "person";

impl FromRequestParts<AppState> for Subject {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        // A path whose parameters do not decode names no one we could find.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let named = params
            .iter()
            .find(|(key, _)| *key == PERSON_PARAM)
            .map(|(_, value)| value.to_string());
        // Which view is opened (`contact`, `export`…), for the audit trail when someone
        // reads another person's data.
        let view = (parts.method == Method::GET)
            .then(|| {
                parts
                    .extensions
                    .get::<MatchedPath>()
                    .and_then(|p| p.as_str().split_once("{person}").map(|(_, rest)| rest))
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string()
            })
            .map(|view| match params.iter().find(|(k, _)| *k == "category") {
                // Which category's records: the audit trail says which data was seen.
                Some((_, c)) => view.replace("{category}", c),
                None => view,
            });
        subject::resolve(state, session, named, view.as_deref()).await
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        Staff::of(state, &session).await
    }
}

impl FromRequestParts<AppState> for Decider {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Decider::of(Staff::from_request_parts(parts, state).await?)
    }
}
