//! Portal sessions: a bearer token that works until it is ended, left idle for 15
//! minutes, or 8 hours old. Without a live session every self-service route answers 401
//! `unauthenticated`.

use std::collections::BTreeMap;
use std::time::Duration;

use portal_domain::ErrorCode;
use portal_tests::{NO_SESSION, TestApp, expect_error, me_routes};
use reqwest::{Method, StatusCode};

const IDLE: i64 = 15 * 60;
const MAX: i64 = 8 * 3600;

/// Every self-service route refuses `token` (or no credentials) with 401.
async fn assert_every_route_unauthenticated(app: &TestApp, token: Option<&str>, why: &str) {
    for route in me_routes() {
        let resp = app.call(&route, token).await;
        let status = resp.status();
        let body = resp.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{why}: {} {} answered {status}: {body}",
            route.method,
            route.path
        );
        assert!(
            body.contains(r#""code":"unauthenticated""#),
            "{why}: {} {}: {body}",
            route.method,
            route.path
        );
    }
}

async fn assert_alive(app: &TestApp, token: &str) {
    let resp = app.get("/api/me/contact", token).await;
    assert_eq!(resp.status(), StatusCode::OK, "the session should be alive");
}

async fn assert_dead(app: &TestApp, token: &str) {
    let resp = app.get("/api/me/contact", token).await;
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
}

#[tokio::test]
async fn every_route_needs_a_session() {
    let app = TestApp::spawn().await;

    assert_every_route_unauthenticated(&app, None, "no Authorization").await;

    let resp = app
        .request(Method::DELETE, "/api/session")
        .send()
        .await
        .unwrap();
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
}

#[tokio::test]
async fn a_garbage_bearer_token_is_unauthenticated() {
    let app = TestApp::spawn().await;

    assert_every_route_unauthenticated(&app, Some(NO_SESSION), "unknown token").await;
    assert_every_route_unauthenticated(&app, Some(&"x".repeat(5000)), "huge token").await;
}

#[tokio::test]
async fn authorization_headers_that_are_not_a_bearer_session_are_unauthenticated() {
    let app = TestApp::spawn().await;
    let token = app.login("1001").await;
    let launch = app.mint("1001", "A100", "customer");
    for header in [
        String::new(),
        "Bearer".into(),
        "Bearer ".into(),
        format!("Basic {token}"),
        token.clone(),
        format!("Bearer {launch}"),
        format!("Bearer {token}x"),
    ] {
        let resp = app
            .request(Method::GET, "/api/me/contact")
            .header("authorization", header.as_str())
            .send()
            .await
            .unwrap();

        expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
    }
    assert_alive(&app, &token).await;
}

#[tokio::test]
async fn an_ended_session_is_unauthenticated() {
    let app = TestApp::spawn().await;
    let token = app.login("1001").await;
    assert_alive(&app, &token).await;

    let resp = app.delete("/api/session", &token).await;

    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_every_route_unauthenticated(&app, Some(&token), "after DELETE /api/session").await;
    let resp = app.delete("/api/session", &token).await;
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
}

#[tokio::test]
async fn ending_one_session_leaves_the_others() {
    let app = TestApp::spawn().await;
    let first = app.login("1001").await;
    let second = app.login("1001").await;

    app.delete("/api/session", &first).await;

    assert_dead(&app, &first).await;
    assert_alive(&app, &second).await;
}

#[tokio::test]
async fn a_session_idle_for_fifteen_minutes_ends() {
    let app = TestApp::spawn().await;
    let token = app.login("1001").await;

    app.clock.advance(IDLE + 1);

    assert_every_route_unauthenticated(&app, Some(&token), "after 15 min idle").await;
    let ended = app
        .rows("SELECT ended_at FROM sessions WHERE person_id = '1001'")
        .await;
    assert_ne!(
        ended[0]["ended_at"], "NULL",
        "the idle session is marked ended"
    );
}

#[tokio::test]
async fn activity_within_the_idle_window_keeps_the_session_alive() {
    let app = TestApp::spawn().await;
    let token = app.login("1001").await;

    for _ in 0..4 {
        app.clock.advance(IDLE - 60);
        assert_alive(&app, &token).await;
    }
    app.clock.advance(IDLE);
    assert_alive(&app, &token).await;

    app.clock.advance(IDLE + 1);
    assert_dead(&app, &token).await;
}

#[tokio::test]
async fn a_session_ends_after_eight_hours_even_when_used() {
    let app = TestApp::spawn().await;
    let token = app.login("1001").await;
    let step = IDLE - 60;
    let mut elapsed = 0;

    while elapsed + step < MAX {
        app.clock.advance(step);
        elapsed += step;
        assert_alive(&app, &token).await;
    }
    app.clock.advance(MAX - elapsed);

    assert_every_route_unauthenticated(&app, Some(&token), "after 8 h").await;
}

#[tokio::test]
async fn a_new_launch_token_opens_a_new_session_after_the_old_one_ended() {
    let app = TestApp::spawn().await;
    let old = app.login("1001").await;
    app.clock.advance(IDLE + 1);
    assert_dead(&app, &old).await;

    let new = app.login("1001").await;

    assert_alive(&app, &new).await;
    assert_dead(&app, &old).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_logins_all_open_a_session() {
    let app = TestApp::spawn().await;
    let people = [
        ("1001", "A100", "customer"),
        ("2001", "A200", "company_admin"),
        ("2002", "A200", "customer"),
        ("2003", "A200", "customer"),
        ("3001", "A300", "customer"),
        ("S1", "STAFF", "support"),
    ];
    let tokens: Vec<String> = people
        .iter()
        .map(|(person, acct, role)| app.mint(person, acct, role))
        .collect();

    let answers = futures::future::join_all(tokens.iter().map(|t| app.exchange(t))).await;

    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert_eq!(statuses, [StatusCode::CREATED; 6]);
    assert_eq!(app.rows("SELECT token_hash FROM sessions").await.len(), 6);
}

// ------------------------------------------------------------------ uses written in batches

/// A portal that writes the sessions' last uses only every 30 seconds (the longest the
/// settings allow), so a test sees what a use does before it is written.
async fn spawn_batching() -> TestApp {
    TestApp::spawn_with(|s| s.session_flush_interval = Duration::from_secs(30)).await
}

/// The session's row, every column as text.
async fn session_row(app: &TestApp, person: &str) -> BTreeMap<String, String> {
    let rows = app
        .rows(&format!(
            "SELECT token_hash, person_id, account_id, role, locale, created_at, last_seen_at, \
             expires_at, ended_at FROM sessions WHERE person_id = '{person}'"
        ))
        .await;
    assert_eq!(rows.len(), 1, "one session of {person}: {rows:?}");
    rows.into_iter().next().unwrap()
}

fn last_seen(row: &BTreeMap<String, String>) -> i64 {
    row["last_seen_at"].parse().unwrap()
}

/// Uses each session with a read, all within one second of the portal's clock; returns
/// that second.
async fn use_within_one_second(app: &TestApp, tokens: &[&str]) -> i64 {
    loop {
        let before = app.clock.unix();
        for token in tokens {
            assert_alive(app, token).await;
        }
        if app.clock.unix() == before {
            return before;
        }
    }
}

/// Moves the clock to `at`.
fn set_clock(app: &TestApp, at: i64) {
    app.clock.advance(at - app.clock.unix());
}

#[tokio::test]
async fn a_plain_authenticated_read_writes_nothing() {
    let app = spawn_batching().await;
    let token = app.login("1001").await;
    let opened = session_row(&app, "1001").await;
    let before = app.snapshot().await;
    app.clock.advance(10);

    for _ in 0..5 {
        assert_alive(&app, &token).await;
    }

    assert_eq!(
        session_row(&app, "1001").await,
        opened,
        "the session's row is written by no read"
    );
    assert_eq!(app.snapshot().await, before, "no table changed");
}

#[tokio::test]
async fn the_batched_use_is_written_with_the_next_batch() {
    let app = spawn_batching().await;
    let token = app.login("1001").await;
    let opened = last_seen(&session_row(&app, "1001").await);
    app.clock.advance(10);

    let used = use_within_one_second(&app, &[&token]).await;
    assert_eq!(last_seen(&session_row(&app, "1001").await), opened);
    let written = app.state.session_uses.flush(&app.db).await.unwrap();

    assert_eq!(written, 1);
    assert_eq!(last_seen(&session_row(&app, "1001").await), used);
    assert_eq!(app.state.session_uses.waiting(), 0);
}

#[tokio::test]
async fn a_use_not_yet_written_keeps_the_session_alive() {
    let app = spawn_batching().await;
    let token = app.login("1001").await;
    let opened = last_seen(&session_row(&app, "1001").await);
    app.clock.advance(100);
    let used = use_within_one_second(&app, &[&token]).await;
    assert_eq!(
        last_seen(&session_row(&app, "1001").await),
        opened,
        "the use is not written yet"
    );

    // Idle for longer than allowed since the stored use, not since the last one.
    set_clock(&app, used + IDLE - 10);
    assert!(app.clock.unix() - opened > IDLE);

    assert_alive(&app, &token).await;
}

#[tokio::test]
async fn the_idle_limit_holds_to_the_second_with_uses_not_yet_written() {
    let app = spawn_batching().await;
    let first = app.login("1001").await;
    let second = app.login_as("2002", "A200", "customer").await.session_token;
    app.clock.advance(100);
    let used = use_within_one_second(&app, &[&first, &second]).await;

    set_clock(&app, used + IDLE);
    assert_alive(&app, &first).await;
    set_clock(&app, used + IDLE + 1);
    assert_dead(&app, &second).await;

    let ended = session_row(&app, "2002").await;
    assert_ne!(
        ended["ended_at"], "NULL",
        "the idle session is marked ended"
    );
}

#[tokio::test]
async fn a_use_near_the_idle_limit_is_written_before_the_answer() {
    let app = spawn_batching().await;
    let token = app.login("1001").await;
    let opened = last_seen(&session_row(&app, "1001").await);
    app.clock.advance(IDLE - 30);

    // One use only: a second one right after would find the stored use fresh again and
    // be batched, as it should.
    let before = app.clock.unix();
    assert_alive(&app, &token).await;
    let after = app.clock.unix();

    let stored = last_seen(&session_row(&app, "1001").await);
    assert!(stored > opened, "the use is written before the answer");
    assert!(
        (before..=after).contains(&stored),
        "the written use is the request's own: {before} <= {stored} <= {after}"
    );
}

#[tokio::test]
async fn an_ended_session_with_a_use_not_yet_written_stays_ended() {
    let app = spawn_batching().await;
    let token = app.login("1001").await;
    app.clock.advance(10);
    assert_alive(&app, &token).await;

    app.delete("/api/session", &token).await;
    assert_dead(&app, &token).await;
    app.state.session_uses.flush(&app.db).await.unwrap();

    assert_dead(&app, &token).await;
    assert_ne!(session_row(&app, "1001").await["ended_at"], "NULL");
}
