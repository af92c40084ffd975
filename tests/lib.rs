//! The test harness of the privacy portal's API.
//!
//! `TestApp::spawn()` starts the portal on a free port against a fresh database of its
//! own (SQLite by default; Postgres when `PORTAL_TEST_DATABASE` holds a `postgres://`
//! URL), seeded with the demo dataset, with a clock the test moves by hand. It hands the
//! test typed helpers: log in as a demo person, call the API with a bearer token, craft
//! launch tokens good and bad, and look straight into the database.

pub mod database;
pub mod processes;
pub mod smtp_sink;
pub mod whmcs;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portal_domain::api::{RequestView, SessionInfo};
use portal_domain::error::{ApiErrorBody, ApiErrorDetail, ErrorCode};
use portal_server::Application;
use portal_server::auth::keys::KeyPair;
use portal_server::clock::Clock;
use portal_server::config::operator::OperatorConfig;
use portal_server::config::settings::Settings;
use portal_server::store::db::Db;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub use database::{Backend, backend};

/// The `iss` the test host signs its launch tokens with.
pub const ISSUER: &str = "test-billing";

/// A bearer token that belongs to no session.
pub const NO_SESSION: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// The operator configuration shipped with the repository.
pub fn example_operator_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../config/operator.example.toml")
}

fn init_tracing_once() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            portal_server::init_tracing();
        }
    });
}

/// A directory of the test's own, removed when the test ends.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("portal-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Settings as a test runs the portal: port 0, no demo mode, the example operator
/// configuration, the given host key and database, and an audit key of its own made in
/// `dir` (with the checkpoints' folder beside it).
pub fn test_settings(database_url: String, host_public_key_pem: &str, dir: &Path) -> Settings {
    Settings {
        database_url,
        billing_url: None,
        whmcs: Default::default(),
        listen: "127.0.0.1:0".parse().expect("a socket address"),
        metrics_listen: None,
        host_issuer: ISSUER.into(),
        host_keys: vec![portal_server::auth::launch_token::HostKeySource::unnamed(
            host_public_key_pem,
        )],
        allowed_origins: Vec::new(),
        demo: false,
        data_dir: dir.to_path_buf(),
        operator_config: example_operator_config(),
        widget_dir: dir.join("widget"),
        session_idle_seconds: 15 * 60,
        session_max_seconds: 8 * 3600,
        session_flush_interval: std::time::Duration::from_secs(1),
        read_cache: portal_server::config::settings::READ_CACHE_DEFAULT,
        // Tests drive background work by hand, or switch it on themselves.
        mail: portal_server::notices::MailSettings::log_only(),
        worker: portal_server::worker::WorkerSettings::disabled(),
        log_format: Default::default(),
        shutdown_grace: portal_server::config::settings::SHUTDOWN_GRACE_DEFAULT,
        // Tests that are about the limits set their own.
        rate_limits: portal_server::config::limits::RateLimitSettings::off(),
        exports: portal_server::config::settings::ExportLimits::DEFAULT,
        retention_sweep: true,
        audit: portal_server::config::audit::AuditSettings::in_folder(dir)
            .expect("make an audit key"),
        erasure_approval: false,
    }
}

/// A running portal with the demo dataset.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// `http://127.0.0.1:<port>` of the metrics listener, where the settings ask for one.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub db: Db,
    pub operator: Arc<OperatorConfig>,
    /// The host's key pair: the portal knows the public half.
    pub keys: KeyPair,
    /// The running portal's state, for tests that drive its background work by hand.
    pub state: portal_server::state::AppState,
    _scratch: Scratch,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Like `spawn`, with the settings adjusted first.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        Self::start(configure, true).await
    }

    /// A portal whose billing system is the WHMCS database `whmcs` (the fixture's client
    /// custom field 1 holds personal identity numbers). No demo data: WHMCS brings its own.
    pub async fn spawn_whmcs(whmcs: &whmcs::WhmcsDb) -> TestApp {
        Self::spawn_whmcs_with(whmcs, |_| {}).await
    }

    pub async fn spawn_whmcs_with(
        whmcs: &whmcs::WhmcsDb,
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let url = whmcs.url.clone();
        let api = whmcs.api_settings();
        Self::start(
            move |s| {
                s.billing_url = Some(url);
                s.whmcs.api = Some(api);
                s.whmcs.personnummer_fields = vec![1];
                // As a WHMCS deployment starts: the sweep is off until turned on.
                s.retention_sweep = false;
                configure(s);
            },
            false,
        )
        .await
    }

    async fn start(configure: impl FnOnce(&mut Settings), demo_data: bool) -> TestApp {
        init_tracing_once();
        let scratch = Scratch::new();
        let keys = portal_server::auth::keys::generate();
        let database_url = database::fresh_database_url(scratch.path()).await;
        let mut settings = test_settings(database_url, &keys.public_pem, scratch.path());
        configure(&mut settings);
        let clock = Clock::default();
        let app = match Application::build_with_clock(settings, clock.clone()).await {
            Ok(app) => app,
            Err(e) => panic!("the portal did not start: {e}"),
        };
        if demo_data {
            portal_server::demo::seed(app.state(), clock.today(), clock.unix())
                .await
                .expect("seed the demo dataset");
            seed_second_company(&app.state().db, clock.unix())
                .await
                .expect("seed the second company");
        }
        TestApp::running(app, clock, keys, scratch)
    }

    /// A second portal on this one's database, with the same host key and the same clock
    /// (a move of either clock moves both), its settings adjusted by `configure`. Nothing
    /// is seeded: it sees this portal's data.
    pub async fn another_server(&self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        let scratch = Scratch::new();
        let mut settings = (*self.state.settings).clone();
        settings.data_dir = scratch.path().to_path_buf();
        settings.widget_dir = scratch.path().join("widget");
        configure(&mut settings);
        let app = match Application::build_with_clock(settings, self.clock.clone()).await {
            Ok(app) => app,
            Err(e) => panic!("the second portal did not start: {e}"),
        };
        TestApp::running(
            app,
            self.clock.clone(),
            KeyPair {
                private_pem: self.keys.private_pem.clone(),
                public_pem: self.keys.public_pem.clone(),
            },
            scratch,
        )
    }

    /// Serves `app` in the background.
    fn running(app: Application, clock: Clock, keys: KeyPair, scratch: Scratch) -> TestApp {
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        let db = app.state().db.clone();
        let operator = app.state().operator.clone();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .expect("an HTTP client");
        TestApp {
            address,
            metrics_address,
            client,
            clock,
            db,
            operator,
            keys,
            state,
            _scratch: scratch,
        }
    }

    // ------------------------------------------------------------------ launch tokens

    /// Valid claims for `person` under `acct` in `role`, issued now, valid two minutes.
    pub fn claims(&self, person: &str, acct: &str, role: &str) -> Value {
        let now = self.clock.unix();
        json!({
            "iss": ISSUER,
            "aud": "privacy-portal",
            "sub": person,
            "acct": acct,
            "role": role,
            "iat": now,
            "exp": now + 120,
            "jti": uuid::Uuid::new_v4().to_string(),
        })
    }

    /// A valid launch token.
    pub fn mint(&self, person: &str, acct: &str, role: &str) -> String {
        self.mint_claims(&self.claims(person, acct, role))
    }

    /// Any claims, signed with the host's key under the usual EdDSA header.
    pub fn mint_claims(&self, claims: &Value) -> String {
        self.sign_raw(&eddsa_header(), claims)
    }

    /// Any header and claims, signed with the host's Ed25519 key whatever the header says.
    pub fn sign_raw(&self, header: &Value, claims: &Value) -> String {
        sign_ed25519(&self.keys.private_pem, header, claims)
    }

    /// `POST /api/session` with the launch token.
    pub async fn exchange(&self, launch_token: &str) -> Response {
        self.request(Method::POST, "/api/session")
            .json(&json!({ "launch_token": launch_token }))
            .send()
            .await
            .expect("POST /api/session")
    }

    /// Opens a session for a demo person in their demo role and returns its token.
    pub async fn login(&self, person: &str) -> String {
        let p = portal_server::demo::demo_person(person)
            .unwrap_or_else(|| panic!("{person} is not a demo person"));
        self.login_as(p.id, p.account, p.role).await.session_token
    }

    pub async fn login_as(&self, person: &str, acct: &str, role: &str) -> SessionInfo {
        let resp = self.exchange(&self.mint(person, acct, role)).await;
        expect_json(resp, StatusCode::CREATED).await
    }

    // ------------------------------------------------------------------ HTTP

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A request without credentials.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A request with `Authorization: Bearer <token>`.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        send(self.authed(Method::GET, path, token)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        send(self.authed(Method::PUT, path, token).json(body)).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        send(self.authed(Method::POST, path, token).json(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        send(self.authed(Method::DELETE, path, token)).await
    }

    /// `GET path` as `token`, expecting 200 and a JSON body of type `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str, token: &str) -> T {
        expect_json(self.get(path, token).await, StatusCode::OK).await
    }

    /// `GET /api/me/export` as `token`: 200 and the parsed document.
    pub async fn export(&self, token: &str) -> Value {
        let resp = self.get("/api/me/export", token).await;
        expect_json(resp, StatusCode::OK).await
    }

    /// Files an erasure request as `token`, expecting 201.
    pub async fn file_erasure(&self, token: &str) -> RequestView {
        let body = json!({ "grounds": ["no_longer_necessary"], "details": "I have moved on." });
        let resp = self.post("/api/me/requests/erasure", token, &body).await;
        expect_json(resp, StatusCode::CREATED).await
    }

    // ------------------------------------------------------------------ database

    /// One query's rows, each column rendered as text (`NULL` for null).
    pub async fn rows(&self, sql: &str) -> Vec<BTreeMap<String, String>> {
        database::rows(&self.db, sql).await
    }

    /// Every row of every table, for "nothing changed" checks. The session's last use is
    /// left out: using a session is allowed to refresh it.
    pub async fn snapshot(&self) -> BTreeMap<&'static str, Vec<String>> {
        database::snapshot(&self.db).await
    }
}

// ---------------------------------------------------------------------- tokens

pub fn eddsa_header() -> Value {
    json!({ "alg": "EdDSA", "typ": "JWT" })
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `base64url(header).base64url(claims)`, the part of a JWT its signature covers.
pub fn signing_input(header: &Value, claims: &Value) -> String {
    format!("{}.{}", b64(header.to_string()), b64(claims.to_string()))
}

/// Signs header and claims with an Ed25519 private key (PEM) whatever `alg` says.
pub fn sign_ed25519(private_pem: &str, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let key =
        jsonwebtoken::EncodingKey::from_ed_pem(private_pem.as_bytes()).expect("an Ed25519 key");
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::EdDSA)
            .expect("sign");
    format!("{input}.{signature}")
}

/// `claims` with `key` set to `value`.
pub fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

/// `claims` without `key`.
pub fn without(mut claims: Value, key: &str) -> Value {
    claims
        .as_object_mut()
        .expect("claims are an object")
        .remove(key);
    claims
}

// ---------------------------------------------------------------------- responses

pub async fn send(builder: RequestBuilder) -> Response {
    builder.send().await.expect("the portal answers")
}

/// Asserts the status and parses the JSON body, showing the body when either fails.
pub async fn expect_json<T: DeserializeOwned>(resp: Response, status: StatusCode) -> T {
    let (got, text) = status_and_text(resp).await;
    assert_eq!(got, status, "unexpected status; body: {text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {text}"))
}

/// Asserts the status and the error body's `code`, and returns the error.
pub async fn expect_error(resp: Response, status: StatusCode, code: ErrorCode) -> ApiErrorDetail {
    let body: ApiErrorBody = expect_json(resp, status).await;
    assert_eq!(body.error.code, code, "unexpected error code: {body:?}");
    body.error
}

pub async fn status_and_text(resp: Response) -> (StatusCode, String) {
    let status = resp.status();
    let text = resp.text().await.expect("read the body");
    (status, text)
}

/// A self-service route with a body that would be accepted.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub body: Option<Value>,
}

/// Every `/api/me/...` route, each with a well-formed body where it takes one.
pub fn me_routes() -> Vec<Route> {
    let route =
        |method: Method, path: &'static str, body: Option<Value>| Route { method, path, body };
    vec![
        route(Method::GET, "/api/me/overview", None),
        route(Method::GET, "/api/me/records/history", None),
        route(Method::GET, "/api/me/export", None),
        route(Method::GET, "/api/me/contact", None),
        route(
            Method::PUT,
            "/api/me/contact",
            Some(json!({ "version": 1, "details": kari_details() })),
        ),
        route(Method::GET, "/api/me/account", None),
        route(
            Method::PUT,
            "/api/me/account",
            Some(json!({ "version": 1, "details": kari_account_details() })),
        ),
        route(Method::GET, "/api/me/newsletter", None),
        route(
            Method::PUT,
            "/api/me/newsletter",
            Some(json!({ "subscribed": false, "segment": null })),
        ),
        route(Method::GET, "/api/me/purposes", None),
        route(
            Method::PUT,
            "/api/me/purposes/web_analytics",
            Some(json!({ "active": true })),
        ),
        route(Method::GET, "/api/me/erasure-preview", None),
        route(Method::GET, "/api/me/requests", None),
        route(
            Method::POST,
            "/api/me/requests/erasure",
            Some(json!({ "grounds": ["objection"], "details": "" })),
        ),
        route(
            Method::POST,
            "/api/me/requests/restriction",
            Some(json!({
                "contested": "my address",
                "reason": "it is wrong",
                "service_pause_acknowledged": true,
            })),
        ),
        route(
            Method::POST,
            "/api/me/requests/00000000-0000-4000-8000-000000000000/withdraw",
            None,
        ),
    ]
}

impl TestApp {
    /// Calls `route` as `token` (or without credentials).
    pub async fn call(&self, route: &Route, token: Option<&str>) -> Response {
        let mut builder = self.request(route.method.clone(), route.path);
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = &route.body {
            builder = builder.json(body);
        }
        send(builder).await
    }

    /// Gives Kari `n` more logins, one a second from a day ago on, the `i`-th with the user
    /// agent `agent(i)`; in batches of a thousand rows.
    pub async fn add_logins(&self, n: usize, agent: impl Fn(usize) -> String) {
        let base = self.clock.unix() - 86_400;
        for batch in 0..n.div_ceil(1000) {
            let values: Vec<String> = (batch * 1000..((batch + 1) * 1000).min(n))
                .map(|i| {
                    format!(
                        "('1001', {}, '198.51.100.{}', '{}')",
                        base + i as i64,
                        i % 250,
                        agent(i)
                    )
                })
                .collect();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO billing_login_history (person_id, at, ip, user_agent) VALUES {}",
                values.join(", ")
            )))
            .execute(&self.db)
            .await
            .unwrap();
        }
    }
}

/// Kari's contact details as seeded, in the shape `PUT /api/me/contact` takes.
pub fn kari_details() -> Value {
    json!({
        "name": "Kari Nordmann",
        "email": "kari.nordmann@example.no",
        "phone": "+4791234567",
        "street": "Storgata 1",
        "postal_code": "0155",
        "city": "Oslo",
        "country": "NO",
        "company": "",
        "language": "nb",
    })
}

/// The details of Kari's account (A100) as the demo starts them: her own.
pub fn kari_account_details() -> Value {
    json!({
        "name": "Kari Nordmann",
        "company": "",
        "email": "kari.nordmann@example.no",
        "phone": "+4791234567",
        "street": "Storgata 1",
        "address2": "",
        "postal_code": "0155",
        "city": "Oslo",
        "state": "",
        "country": "NO",
    })
}

/// A second company beside the demo's Nordlys Webbyrå AS (A200): account A400 with its admin
/// 4001 and an employee 4002, so tests can show one company's admin never reaches another's.
pub const SECOND_COMPANY: &str = "A400";
pub const SECOND_ADMIN: &str = "4001";
pub const SECOND_EMPLOYEE: &str = "4002";

/// Adds the second company to a seeded database.
pub async fn seed_second_company(db: &Db, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO billing_accounts (id, kind, name, org_number, country, created_at) \
         VALUES ('A400', 'company', 'Fjellvind Data AS', '998 877 665', 'NO', $1)",
    )
    .bind(now)
    .execute(db)
    .await?;
    for (id, admin, name, email, language) in [
        (
            "4001",
            1i64,
            "Per Fjell",
            "per.fjell@fjellvind.example.no",
            "nb",
        ),
        ("4002", 0, "Siv Vind", "siv.vind@fjellvind.example.no", "sv"),
    ] {
        sqlx::query(
            "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, phone, street, postal_code, \
             city, country, company, language, created_at) \
             VALUES ($1, 'A400', $2, $3, $4, '', 'Fjellveien 2', '9008', 'Tromsø', 'NO', 'Fjellvind Data AS', $5, $6)",
        )
        .bind(id)
        .bind(admin)
        .bind(name)
        .bind(email)
        .bind(language)
        .bind(now)
        .execute(db)
        .await?;
    }
    Ok(())
}
