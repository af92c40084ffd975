//! `/healthz` and `/readyz`: for a load balancer, without a session, saying only up or
//! down and which dependency is down.

use portal_tests::TestApp;
use portal_tests::whmcs::WhmcsDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn probe(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let resp = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    assert_eq!(
        resp.headers().get("cache-control").unwrap(),
        "no-store",
        "{path}"
    );
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn a_running_portal_is_alive_and_ready_without_a_session() {
    let app = TestApp::spawn().await;

    assert_eq!(
        probe(&app, "/healthz").await,
        (StatusCode::OK, json!({ "status": "ok" }))
    );
    assert_eq!(
        probe(&app, "/readyz").await,
        (StatusCode::OK, json!({ "status": "ready" }))
    );
}

#[tokio::test]
async fn a_database_behind_this_build_is_not_ready() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&app.db)
    .await
    .unwrap();

    assert_eq!(
        probe(&app, "/readyz").await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "status": "not_ready", "down": ["migrations"] })
        )
    );
    // Alive all the same: restarting it would not help.
    assert_eq!(probe(&app, "/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_billing_database_that_lost_its_tables_is_named_and_nothing_more() {
    let whmcs = WhmcsDb::create().await;
    whmcs.keep_invoice_snapshots().await;
    let app = TestApp::spawn_whmcs(&whmcs).await;
    // Ready; the sweep is off on a host's billing system until the operator turns it on,
    // and the probe says so.
    assert_eq!(
        probe(&app, "/readyz").await,
        (
            StatusCode::OK,
            json!({ "status": "ready", "warnings": ["retention_sweep_off"] })
        )
    );

    whmcs.exec("DROP TABLE tblclients").await;

    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        body,
        json!({ "status": "not_ready", "down": ["billing"], "warnings": ["retention_sweep_off"] })
    );
    whmcs.drop_database().await;
}

/// A pooled connection is checked before use only after it has been idle a while (a
/// round trip on every acquire doubled the round trips of a read): one that the database
/// ended meanwhile, as a restart or a proxy's idle limit does, is replaced, not used.
#[tokio::test]
async fn connections_the_database_ended_while_idle_are_replaced_before_use() {
    let portal_tests::Backend::Postgres(_) = portal_tests::backend() else {
        // A SQLite file has no server that could end a connection.
        return;
    };
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let _: Value = app.get_ok("/api/me/contact", &kari).await;

    let url = app.state.settings.database_url.clone();
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!ended.is_empty(), "the portal's connections were ended");
    tokio::time::sleep(
        portal_server::store::db::CHECK_AFTER_IDLE + std::time::Duration::from_millis(500),
    )
    .await;

    let view: Value = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(view["details"]["name"], "Kari Nordmann");
    let _: Value = app.get_ok("/api/me/overview", &kari).await;
}
