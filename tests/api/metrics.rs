//! `GET /metrics` on the metrics listener: the Prometheus text format, the API's requests
//! by route template and status, and the state of the work (open and overdue requests, the
//! outbox, the last retention sweep, the sessions). It is never served on the API's port,
//! needs no session and names no one.

use portal_server::worker::{self, JobOutcome};
use portal_tests::TestApp;
use reqwest::StatusCode;

async fn metrics_app() -> TestApp {
    TestApp::spawn_with(|s| s.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await
}

async fn scrape(app: &TestApp) -> String {
    let url = format!("{}/metrics", app.metrics_address.as_ref().unwrap());
    let resp = app.client.get(url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let content_type = resp.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    resp.text().await.unwrap()
}

/// The value of the sample `name` whose labels include every one of `labels`; `None` when
/// there is no such sample.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (series_name, series_labels) = match series.split_once('{') {
                Some((n, rest)) => (n, rest.trim_end_matches('}')),
                None => (series, ""),
            };
            let all = labels
                .iter()
                .all(|(k, v)| series_labels.contains(&format!("{k}=\"{v}\"")));
            (series_name == name && all).then(|| value.parse().unwrap())
        })
}

fn requests(text: &str, route: &str, status: &str) -> f64 {
    sample(
        text,
        "portal_http_request_duration_seconds_count",
        &[("route", route), ("status", status)],
    )
    .unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_are_off_by_default_and_never_on_the_api_port() {
    let off = TestApp::spawn().await;
    assert!(off.metrics_address.is_none());
    let app = metrics_app().await;
    let support = app.login("S1").await;
    for resp in [
        app.request(reqwest::Method::GET, "/metrics")
            .send()
            .await
            .unwrap(),
        app.get("/metrics", &support).await,
        app.get("/api/metrics", &support).await,
    ] {
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        assert!(!resp.text().await.unwrap().contains("portal_"));
    }
    // The metrics listener serves nothing but the metrics.
    let url = format!("{}/api/me/overview", app.metrics_address.as_ref().unwrap());
    let resp = app
        .client
        .get(url)
        .bearer_auth(&support)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status() {
    let app = metrics_app().await;
    let before = scrape(&app).await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;
    for token in [&kari, &anna, &kari] {
        assert_eq!(
            app.get("/api/me/overview", token).await.status(),
            StatusCode::OK
        );
    }
    let resp = app.get("/api/people/3001/overview", &kari).await;
    let refused = resp.status();
    assert!(refused.is_client_error());
    app.get("/api/nowhere/1001", &kari).await;

    let after = scrape(&app).await;
    assert_eq!(
        requests(&after, "/api/me/overview", "200") - requests(&before, "/api/me/overview", "200"),
        3.0
    );
    assert_eq!(requests(&after, "/api/session", "201"), 2.0);
    assert_eq!(
        requests(&after, "/api/people/{person}/overview", refused.as_str()),
        1.0
    );
    assert!(requests(&after, "unmatched", "404") >= 1.0);
    // Route templates, never the paths asked for: no id and no token in any label.
    assert!(!after.contains("/api/people/3001"), "{after}");
    assert!(!after.contains("nowhere"), "{after}");
    assert!(!after.contains(&kari) && !after.contains(&anna));
    // Latency buckets of the same series.
    let bucket = sample(
        &after,
        "portal_http_request_duration_seconds_bucket",
        &[
            ("route", "/api/me/overview"),
            ("status", "200"),
            ("le", "+Inf"),
        ],
    );
    assert_eq!(bucket, Some(3.0));
    assert_eq!(sample(&after, "portal_sessions_active", &[]), Some(2.0));
    assert_eq!(sample(&after, "portal_metrics_database_up", &[]), Some(1.0));
    // The scrape itself is not an API request.
    assert!(!after.contains("route=\"/metrics\""), "{after}");
}

#[tokio::test]
async fn the_state_of_the_work_follows_requests_notices_and_the_sweep() {
    let app = metrics_app().await;
    let before = scrape(&app).await;
    let open = |text: &str| {
        sample(text, "portal_requests_open", &[("status", "submitted")]).unwrap_or(0.0)
    };
    let outbox = |text: &str, status: &str| {
        sample(text, "portal_notice_outbox", &[("status", status)]).unwrap()
    };
    assert_eq!(sample(&before, "portal_requests_overdue", &[]), Some(0.0));
    assert_eq!(
        sample(
            &before,
            "portal_retention_sweep_last_success_timestamp_seconds",
            &[]
        ),
        Some(0.0)
    );

    let kari = app.login("1001").await;
    app.file_erasure(&kari).await;
    let filed = scrape(&app).await;
    assert_eq!(open(&filed) - open(&before), 1.0);
    // Its receipt waits in the outbox (no background loop runs in tests).
    assert!(outbox(&filed, "pending") > outbox(&before, "pending"));

    let pending = app
        .rows("SELECT id FROM outbox WHERE status = 'pending'")
        .await;
    sqlx::query("UPDATE outbox SET status = 'failed' WHERE id = $1")
        .bind(&pending[0]["id"])
        .execute(&app.db)
        .await
        .unwrap();
    let failed = scrape(&app).await;
    assert_eq!(outbox(&failed, "failed") - outbox(&filed, "failed"), 1.0);
    assert_eq!(outbox(&filed, "pending") - outbox(&failed, "pending"), 1.0);

    // A month and more later, the request is overdue, and the sweep has run.
    app.clock.advance(40 * 86_400);
    let sweep = worker::periodic_jobs()
        .into_iter()
        .find(|j| j.name == worker::RETENTION_SWEEP)
        .unwrap();
    let started = app.clock.unix();
    let outcome = worker::run_if_due(&app.state, &sweep, "metrics-test", 60)
        .await
        .unwrap();
    let finished = app.clock.unix();
    assert!(matches!(outcome, JobOutcome::Ran(Ok(_))), "{outcome:?}");
    let later = scrape(&app).await;
    assert_eq!(sample(&later, "portal_requests_overdue", &[]), Some(1.0));
    let swept = sample(
        &later,
        "portal_retention_sweep_last_success_timestamp_seconds",
        &[],
    )
    .unwrap();
    assert!(
        (started as f64..=finished as f64).contains(&swept),
        "{started} {swept} {finished}"
    );
    // Kari's session has been idle for 40 days: it no longer counts.
    assert_eq!(sample(&later, "portal_sessions_active", &[]), Some(0.0));
}
