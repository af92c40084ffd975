//! Portal sessions: a launch token is exchanged, once, for an opaque random token that
//! the widget keeps in memory. Only its SHA-256 is stored. A session ends after a spell
//! of idleness, at its hard expiry, or when ended with `DELETE /api/session`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portal_domain::Locale;
use portal_domain::api::{Actor, Role, SessionInfo};
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use crate::auth::launch_token::{self as auth, LEEWAY_SECONDS};
use crate::auth::session_uses::WRITE_THROUGH_MARGIN_SECONDS;
use crate::billing;
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::state::AppState;
use crate::store::recent::SessionRow;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub person_id: String,
    pub account_id: String,
    pub role: Role,
    pub locale: Locale,
}

impl Session {
    pub fn actor(&self) -> Actor {
        Actor {
            person_id: self.person_id.clone(),
            role: self.role,
        }
    }
}

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    hex::encode(digest)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Exchanges a launch token for a session.
pub async fn open(state: &AppState, launch_token: &str) -> ApiResult<SessionInfo> {
    let now = state.clock.unix();
    let launch = auth::verify_launch_token(launch_token, &state.host_key, now)
        .map_err(ApiError::InvalidLaunchToken)?;

    // The token must name a person the billing system knows under that account, in a role
    // they hold there, now: the host's word is checked against the billing data at every
    // launch.
    let mut local_authority = None;
    let (summary, default_locale) = match launch.role {
        Role::Support => {
            let Some(staff) = state.billing.staff(&launch.person_id).await? else {
                return Err(ApiError::InvalidLaunchToken(
                    "support token for someone who is not active staff",
                ));
            };
            let summary = portal_domain::api::PersonSummary {
                id: launch.person_id.clone(),
                display_name: staff.name,
                account_id: launch.account_id.clone(),
                account_name: state.operator.controller.name.clone(),
                account_kind: portal_domain::api::AccountKind::Company,
            };
            (summary, Locale::default())
        }
        Role::Customer | Role::CompanyAdmin => {
            let Some(person) = state
                .billing
                .person(&launch.account_id, &launch.person_id)
                .await?
            else {
                return Err(ApiError::InvalidLaunchToken(
                    "person not registered under that account",
                ));
            };
            if launch.role == Role::CompanyAdmin && !person.is_admin {
                return Err(ApiError::InvalidLaunchToken(
                    "company_admin token for someone who is not an admin",
                ));
            }
            let account = state
                .billing
                .account(&person.account_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if launch.role == Role::CompanyAdmin
                && account.kind != portal_domain::api::AccountKind::Company
            {
                return Err(ApiError::InvalidLaunchToken(
                    "company_admin token for a private account",
                ));
            }
            let country = if person.details.country.trim().is_empty() {
                &account.country
            } else {
                &person.details.country
            };
            local_authority = state.operator.local_authority(country);
            (billing::summary(&person, &account), person.locale())
        }
    };

    let mut tx = crate::store::db::begin_write(&state.db).await?;
    // An erased person's login may still work in the billing system (a WHMCS user erased
    // on one account keeps the login for the others): on the account they were erased on
    // it opens nothing. ('' is an erasure from before erasures were kept per account.)
    if launch.role != Role::Support {
        let erased: Option<i64> = sqlx::query_scalar(
            "SELECT erased_at FROM erased_persons WHERE person_id = $1 AND account_id IN ($2, '') LIMIT 1",
        )
        .bind(&launch.person_id)
        .bind(&launch.account_id)
        .fetch_optional(&mut *tx)
        .await?;
        if erased.is_some() {
            return Err(ApiError::InvalidLaunchToken(
                "person erased on that account",
            ));
        }
    }
    // Single use: the id is remembered until the token could no longer be valid anyway.
    sqlx::query("DELETE FROM used_launch_tokens WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let used = sqlx::query("INSERT INTO used_launch_tokens (jti, expires_at) VALUES ($1, $2)")
        .bind(&launch.jti)
        .bind(launch.expires_at + LEEWAY_SECONDS)
        .execute(&mut *tx)
        .await;
    match used {
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::InvalidLaunchToken("token id already used"));
        }
        other => other?,
    };

    let token = new_token();
    let expires_at = now + state.settings.session_max_seconds;
    let locale = launch.locale.unwrap_or(default_locale);
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, account_id, role, locale, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(hash(&token))
    .bind(&launch.person_id)
    .bind(&launch.account_id)
    .bind(launch.role.as_str())
    .bind(locale.code())
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(person = %launch.person_id, role = launch.role.as_str(), "session opened");

    Ok(SessionInfo {
        session_token: token,
        expires_at: crate::clock::from_unix(expires_at),
        idle_timeout_seconds: state.settings.session_idle_seconds as u32,
        role: launch.role,
        locale,
        person: summary,
        supervisory_authority: state.operator.authority(),
        local_authority,
    })
}

const LIVE_SESSION: &str = "SELECT person_id, account_id, role, locale, last_seen_at, expires_at \
     FROM sessions WHERE token_hash = $1 AND ended_at IS NULL";

/// The live session of `token_hash`, as stored: a key lookup on a SQLite file (see
/// `store::reads`), else through the pool.
async fn stored(state: &AppState, token_hash: &str) -> ApiResult<Option<SessionRow>> {
    let Some(reads) = &state.reads else {
        return Ok(sqlx::query_as(LIVE_SESSION)
            .bind(token_hash)
            .fetch_optional(&state.db)
            .await?);
    };
    let found = reads.read(|c| {
        c.prepare_cached(LIVE_SESSION)?
            .query_row([token_hash], |r| {
                // By place in `LIVE_SESSION`.
                Ok(SessionRow {
                    person_id: r.get(0)?,
                    account_id: r.get(1)?,
                    role: r.get(2)?,
                    locale: r.get(3)?,
                    last_seen_at: r.get(4)?,
                    expires_at: r.get(5)?,
                })
            })
            .optional()
    })?;
    Ok(found)
}

/// The live session of `token_hash`: as just read (see `store::recent`), or from the
/// database. `true` with a row that was kept.
async fn live(state: &AppState, token_hash: &str) -> ApiResult<Option<(SessionRow, bool)>> {
    if let Some(row) = state.recent.session(token_hash) {
        return Ok(Some((row, true)));
    }
    let ticket = state.recent.ticket();
    let row = stored(state, token_hash).await?;
    if let Some(row) = &row {
        state.recent.put_session(ticket, token_hash, row);
    }
    Ok(row.map(|r| (r, false)))
}

/// Whether the session has ended by time: at its hard expiry, or idle for longer than
/// the settings allow since `last_seen`.
fn timed_out(state: &AppState, row: &SessionRow, last_seen: i64, now: i64) -> bool {
    now >= row.expires_at || now - last_seen > state.settings.session_idle_seconds
}

/// Finds the live session for a bearer token and records its use: in this server's
/// memory, written with the next batch, or at once when the stored use nears the idle
/// limit (see `session_uses`). A plain authenticated read writes nothing.
pub async fn authenticate(state: &AppState, token: &str) -> ApiResult<Session> {
    if token.is_empty() || token.len() > 100 {
        return Err(ApiError::Unauthenticated);
    }
    let now = state.clock.unix();
    let token_hash = hash(token);
    let (mut row, kept) = live(state, &token_hash)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let uses = &state.session_uses;
    let last_seen = |row: &SessionRow| {
        uses.latest(&token_hash)
            .map_or(row.last_seen_at, |u| u.max(row.last_seen_at))
    };
    if kept && timed_out(state, &row, last_seen(&row), now) {
        // A kept row may miss a use another server has written since: the session ends
        // only on what is stored.
        row = stored(state, &token_hash)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
    }
    let stored_use = row.last_seen_at;
    let last_seen = last_seen(&row);
    let idle = state.settings.session_idle_seconds;
    if timed_out(state, &row, last_seen, now) {
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&token_hash)
            .execute(&state.db)
            .await?;
        state.recent.clear();
        uses.forget_up_to(&token_hash, i64::MAX);
        return Err(ApiError::Unauthenticated);
    }
    if now > last_seen {
        if now - stored_use >= idle - WRITE_THROUGH_MARGIN_SECONDS {
            // Another server reads only the stored use: write it before answering.
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
            )
            .bind(now)
            .bind(&token_hash)
            .execute(&state.db)
            .await?;
            state.recent.seen(&token_hash, now);
            uses.forget_up_to(&token_hash, now);
        } else {
            uses.note(&token_hash, now);
        }
    }
    Ok(Session {
        token_hash,
        person_id: row.person_id,
        account_id: row.account_id,
        role: Role::parse(&row.role)
            .ok_or_else(|| ApiError::Internal("stored session has an unknown role".into()))?,
        locale: Locale::parse(&row.locale).unwrap_or_default(),
    })
}

/// Ends the session. It answers once no server keeps the session as live any more (see
/// `store::recent`): once the caller hears it has ended, every server refuses its token.
pub async fn end(state: &AppState, session: &Session) -> ApiResult<()> {
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE token_hash = $2 AND ended_at IS NULL")
        .bind(state.clock.unix())
        .bind(&session.token_hash)
        .execute(&state.db)
        .await?;
    state.recent.clear();
    state
        .session_uses
        .forget_up_to(&session.token_hash, i64::MAX);
    state.recent.settle().await;
    Ok(())
}
