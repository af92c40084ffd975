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
    let app = TestApp::spawn_whmcs(&whmcs).await;
    assert_eq!(probe(&app, "/readyz").await.0, StatusCode::OK);

    whmcs.exec("DROP TABLE tblclients").await;

    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, json!({ "status": "not_ready", "down": ["billing"] }));
    whmcs.drop_database().await;
}
