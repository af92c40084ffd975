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
    DemoPerson {
        id: "S2",
        account: "STAFF",
        role: "support",
        locale: "nb",
        name: "Tone Mottak",
        label: "support, kun sortering",
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
    for (person, account, segment) in [
        ("1001", "A100", "private_person"),
        ("2001", "A200", "business"),
    ] {
        sqlx::query("INSERT INTO newsletter_subscriptions (account_id, person_id, subscribed, segment, changed_at) VALUES ($1, $2, 1, $3, $4)")
            .bind(account).bind(person).bind(segment).bind(now)
            .execute(&mut *c).await?;
    }
    // Kari gave consent to usage analysis when she signed up.
    sqlx::query("INSERT INTO purpose_choices (account_id, person_id, purpose_key, active, changed_at) VALUES ('A100', $1, $2, 1, $3)")
        .bind("1001").bind("usage_analysis").bind(now - 400 * 86_400)
        .execute(&mut *c).await?;
    sqlx::query("INSERT INTO consent_history (account_id, person_id, purpose_key, old_active, new_active, at, actor_id, actor_role) VALUES ('A100', $1, $2, 0, 1, $3, $1, 'customer')")
        .bind("1001").bind("usage_analysis").bind(now - 400 * 86_400)
        .execute(&mut *c).await?;
    tx.commit().await?;
    tracing::info!("demo dataset seeded");
    Ok(())
}

/// One demo request: who files it, how many days ago, what it is, and what support has
/// done with it since.
struct DemoRequest {
    person: &'static DemoPerson,
    days_ago: i64,
    path: &'static str,
    body: serde_json::Value,
    /// Support's steps, each `(days after filing, action, body)`.
    steps: &'static [(i64, &'static str, &'static str)],
}

/// The customers behind the support console's demo queue; not in the host page's picker.
const QUEUE_PEOPLE: &[DemoPerson] = &[
    queue_person("5001", "A500", "nb", "Erik Dahl"),
    queue_person("5002", "A501", "sv", "Sofia Lund"),
    queue_person("5003", "A502", "nb", "Mats Berg"),
    queue_person("5004", "A503", "nb", "Nora Vik"),
    queue_person("5005", "A504", "nb", "Jon Strand"),
];

const fn queue_person(
    id: &'static str,
    account: &'static str,
    locale: &'static str,
    name: &'static str,
) -> DemoPerson {
    DemoPerson {
        id,
        account,
        role: "customer",
        locale,
        name,
        label: "privatkunde",
    }
}

/// Seeds the support console's queue once, in demo mode: a request received, one in
/// progress, one awaiting the person, one overdue and an erasure completed with records
/// kept. They are filed and handled through the API itself, on a clock set back to the day
/// each happened (sessions are opened today), so their events, deadlines, audit trail and notices are what the portal
/// would have written then. A billing system without these customers (a WHMCS database)
/// gets no demo queue. Launch tokens are signed with the host key `private_pem` (in demo
/// mode, the demo key pair's); `api` builds the router the calls go through (the
/// portal's own, `http::app`, which serves this module's page in turn).
pub async fn seed_requests(
    state: &AppState,
    private_pem: &str,
    api: fn(AppState) -> Router,
) -> Result<(), crate::StartError> {
    // The demo's history is one member's work: its executed erasure was carried out
    // without the second approval a portal with four eyes asks for today.
    let single;
    let state = if state.settings.erasure_approval {
        let mut settings = crate::config::settings::Settings::clone(&state.settings);
        settings.erasure_approval = false;
        single = state.with_settings(settings);
        &single
    } else {
        state
    };
    let done: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM seeded_datasets WHERE name = 'demo_requests'")
            .fetch_one(&state.db)
            .await?;
    if done > 0 {
        return Ok(());
    }
    let erasure = serde_json::json!({
        "grounds": ["no_longer_necessary"],
        "details": "Jeg har flyttet til en annen leverandør og trenger ikke kontoen lenger.",
    });
    let restriction = serde_json::json!({
        "contested": "Adressen på fakturaene",
        "reason": "Jeg flyttet i mars; den gamle adressen står fortsatt der.",
        "service_pause_acknowledged": true,
    });
    let requests = [
        DemoRequest {
            person: &QUEUE_PEOPLE[0],
            days_ago: 2,
            path: "/api/me/requests/erasure",
            body: erasure.clone(),
            steps: &[],
        },
        DemoRequest {
            person: &QUEUE_PEOPLE[1],
            days_ago: 9,
            path: "/api/me/requests/restriction",
            body: serde_json::json!({
                "contested": "Adressen på fakturorna",
                "reason": "Jag flyttade i mars; den gamla adressen står kvar.",
                "service_pause_acknowledged": true,
            }),
            steps: &[(1, "assign", "{}")],
        },
        DemoRequest {
            person: &QUEUE_PEOPLE[2],
            days_ago: 15,
            path: "/api/me/requests/erasure",
            body: erasure.clone(),
            steps: &[
                (1, "assign", "{}"),
                (
                    2,
                    "ask",
                    r#"{"question":"Gjelder ønsket også e-postkontoen mats@bergfoto.no, som står på et annet kundenummer?"}"#,
                ),
            ],
        },
        DemoRequest {
            person: &QUEUE_PEOPLE[3],
            days_ago: 40,
            path: "/api/me/requests/restriction",
            body: restriction,
            steps: &[],
        },
        DemoRequest {
            person: &QUEUE_PEOPLE[4],
            days_ago: 20,
            path: "/api/me/requests/erasure",
            body: erasure,
            steps: &[(1, "assign", "{}"), (3, "execute", "{}")],
        },
    ];
    let staff = DEMO_PEOPLE
        .iter()
        .find(|p| p.role == "support")
        .expect("a demo support person");
    for p in QUEUE_PEOPLE {
        let known = state
            .billing
            .person(p.account, p.id)
            .await
            .map_err(|e| crate::StartError::Demo(e.to_string()))?;
        if known.is_none() {
            tracing::info!(
                person = p.id,
                "this billing system has no demo queue customers"
            );
            return Ok(());
        }
    }
    for r in &requests {
        let past = state.with_clock(crate::clock::Clock::offset_by(-r.days_ago * 86_400));
        // Sessions are opened now (a launch token is checked against the real time); what
        // is done with them happens on the day set back.
        let customer = session(state, r.person, private_pem, api).await?;
        let filed = call(api(past), "POST", r.path, &customer, &r.body.to_string()).await?;
        let id = filed["id"]
            .as_str()
            .ok_or_else(|| crate::StartError::Demo(format!("filing answered {filed}")))?
            .to_string();
        for (after, action, body) in r.steps {
            let then = state.with_clock(crate::clock::Clock::offset_by(
                (after - r.days_ago) * 86_400,
            ));
            let support = session(state, staff, private_pem, api).await?;
            let path = format!("/api/support/requests/{id}/{action}");
            call(api(then), "POST", &path, &support, body).await?;
        }
    }
    sqlx::query("INSERT INTO seeded_datasets (name, seeded_at) VALUES ('demo_requests', $1)")
        .bind(state.clock.unix())
        .execute(&state.db)
        .await?;
    tracing::info!("demo requests seeded");
    Ok(())
}

/// A session for `person` through the launch-token exchange.
async fn session(
    state: &AppState,
    person: &DemoPerson,
    private_pem: &str,
    api: fn(AppState) -> Router,
) -> Result<String, crate::StartError> {
    let token = mint_with(state, person, None, private_pem).map_err(crate::StartError::Demo)?;
    let body = serde_json::json!({ "launch_token": token }).to_string();
    let info = call(api(state.clone()), "POST", "/api/session", "", &body).await?;
    info["session_token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| crate::StartError::Demo(format!("the session answered {info}")))
}

/// One API call through the router itself, as a client would make it.
async fn call(
    api: Router,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> Result<serde_json::Value, crate::StartError> {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if !token.is_empty() {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let req = req
        .body(axum::body::Body::from(body.to_string()))
        .map_err(|e| crate::StartError::Demo(e.to_string()))?;
    let resp = api
        .oneshot(req)
        .await
        .map_err(|e| crate::StartError::Demo(e.to_string()))?;
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .map_err(|e| crate::StartError::Demo(e.to_string()))?;
    if !status.is_success() {
        return Err(crate::StartError::Demo(format!(
            "{method} {path}: {status} {}",
            String::from_utf8_lossy(&bytes)
        )));
    }
    serde_json::from_slice(&bytes).map_err(|e| crate::StartError::Demo(e.to_string()))
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
    mint_with(state, person, locale, &pair.private_pem)
}

/// Mints a launch token for a demo person with the host key `private_pem`.
fn mint_with(
    state: &AppState,
    person: &DemoPerson,
    locale: Option<&str>,
    private_pem: &str,
) -> Result<String, String> {
    let claims = LaunchClaims::new(
        &state.settings.host_issuer,
        person.id,
        person.account,
        person.role,
        Some(locale.unwrap_or(person.locale)),
        state.clock.unix(),
        120,
    );
    keys::sign(&claims, private_pem).map_err(|e| e.to_string())
}

async fn demo_page(State(state): State<AppState>, Query(q): Query<DemoQuery>) -> Response {
    use crate::http::bounds::{KEY_MAX, max_chars};
    if let Err(e) = max_chars("person", q.person.as_deref(), KEY_MAX)
        .and_then(|()| max_chars("locale", q.locale.as_deref(), KEY_MAX))
    {
        return e.into_response();
    }
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
