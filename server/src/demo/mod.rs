//! Demo mode: the demo people (their billing data is the billing backend's, see
//! `billing::builtin::demo`), the portal's part of the demo dataset, and `/demo`, a
//! mock billing client area that embeds the widget exactly as a real host would (one
//! script tag, one element, a launch token signed server-side for the chosen person).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use time::Date;

use crate::auth::keys::{self, LaunchClaims};
use crate::state::AppState;

/// A person of the demo dataset: (id, account, role, locale, name).
pub struct DemoPerson {
    pub id: &'static str,
    pub account: &'static str,
    pub role: &'static str,
    pub locale: &'static str,
    pub name: &'static str,
    pub label: &'static str,
}

pub const DEMO_PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        id: "1001",
        account: "A100",
        role: "customer",
        locale: "nb",
        name: "Kari Nordmann",
        label: "privatkunde",
    },
    DemoPerson {
        id: "2001",
        account: "A200",
        role: "company_admin",
        locale: "nb",
        name: "Ola Hansen",
        label: "bedriftsadministrator, Nordlys Webbyrå AS",
    },
    DemoPerson {
        id: "2002",
        account: "A200",
        role: "customer",
        locale: "nb",
        name: "Ingrid Berg",
        label: "ansatt, Nordlys Webbyrå AS",
    },
    DemoPerson {
        id: "2003",
        account: "A200",
        role: "customer",
        locale: "en",
        name: "Lars Johansen",
        label: "ansatt, Nordlys Webbyrå AS",
    },
    DemoPerson {
        id: "3001",
        account: "A300",
        role: "customer",
        locale: "sv",
        name: "Anna Svensson",
        label: "privatkund (Sverige)",
    },
    DemoPerson {
        id: "S1",
        account: "STAFF",
        role: "support",
        locale: "nb",
        name: "Siri Støtte",
        label: "support",
    },
];

pub fn demo_person(id: &str) -> Option<&'static DemoPerson> {
    DEMO_PEOPLE.iter().find(|p| p.id == id)
}

/// Seeds the demo dataset once: the billing system's part (the built-in store's; a WHMCS
/// database brings its own) and the portal's (newsletter subscriptions, a consent).
pub async fn seed(state: &AppState, today: Date, now: i64) -> Result<(), crate::StartError> {
    state
        .billing
        .seed_demo(today, now)
        .await
        .map_err(|e| crate::StartError::Demo(e.to_string()))?;
    let mut tx = state.db.begin().await?;
    let first = sqlx::query(
        "INSERT INTO seeded_datasets (name, seeded_at) VALUES ('demo', $1) ON CONFLICT (name) DO NOTHING",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if first.rows_affected() != 1 {
        return Ok(());
    }
    let c = &mut *tx;
    for (person, segment) in [("1001", "private_person"), ("2001", "business")] {
        sqlx::query("INSERT INTO newsletter_subscriptions (person_id, subscribed, segment, changed_at) VALUES ($1, 1, $2, $3)")
            .bind(person).bind(segment).bind(now)
            .execute(&mut *c).await?;
    }
    // Kari gave consent to usage analysis when she signed up.
    sqlx::query("INSERT INTO purpose_choices (person_id, purpose_key, active, changed_at) VALUES ($1, $2, 1, $3)")
        .bind("1001").bind("usage_analysis").bind(now - 400 * 86_400)
        .execute(&mut *c).await?;
    sqlx::query("INSERT INTO consent_history (person_id, purpose_key, old_active, new_active, at, actor_id, actor_role) VALUES ($1, $2, 0, 1, $3, $1, 'customer')")
        .bind("1001").bind("usage_analysis").bind(now - 400 * 86_400)
        .execute(&mut *c).await?;
    tx.commit().await?;
    tracing::info!("demo dataset seeded");
    Ok(())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/demo") }))
        .route("/demo", get(demo_page))
}

#[derive(Deserialize)]
struct DemoQuery {
    person: Option<String>,
    locale: Option<String>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Mints a launch token for a demo person with the demo host key.
pub fn mint(state: &AppState, person: &DemoPerson, locale: Option<&str>) -> Result<String, String> {
    let pair = keys::ensure_dev_key_pair(&state.settings.data_dir).map_err(|e| e.to_string())?;
    let claims = LaunchClaims::new(
        &state.settings.host_issuer,
        person.id,
        person.account,
        person.role,
        Some(locale.unwrap_or(person.locale)),
        state.clock.unix(),
        120,
    );
    keys::sign(&claims, &pair.private_pem).map_err(|e| e.to_string())
}

async fn demo_page(State(state): State<AppState>, Query(q): Query<DemoQuery>) -> Response {
    let person = demo_person(q.person.as_deref().unwrap_or("1001")).unwrap_or(&DEMO_PEOPLE[0]);
    let locale = q
        .locale
        .as_deref()
        .and_then(portal_domain::Locale::parse)
        .map(|l| l.code());
    let token = match mint(&state, person, locale) {
        Ok(t) => t,
        Err(e) => {
            return (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot sign a demo token: {e}"),
            )
                .into_response();
        }
    };
    let switcher: String = DEMO_PEOPLE
        .iter()
        .map(|p| {
            let selected = if p.id == person.id { " selected" } else { "" };
            format!(
                "<option value=\"{}\"{selected}>{} ({})</option>",
                p.id,
                escape(p.name),
                escape(p.label)
            )
        })
        .collect();
    let html = DEMO_PAGE
        .replace("{{SWITCHER}}", &switcher)
        .replace("{{NAME}}", &escape(person.name))
        .replace("{{TOKEN}}", &escape(&token))
        .replace("{{LOCALE}}", locale.unwrap_or(person.locale));
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

const DEMO_PAGE: &str = include_str!("page.html");
