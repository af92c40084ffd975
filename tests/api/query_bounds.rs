//! Query parameters have upper bounds: a value beyond them is `400 query_out_of_range`
//! naming the parameter, and the largest allowed value is still served. The bounds are
//! checked after the session, so a caller without the right learns nothing from them.

use portal_domain::ErrorCode;
use portal_domain::ValidationCode;
use portal_tests::{SECOND_ADMIN, SECOND_COMPANY, TestApp, expect_error};
use reqwest::StatusCode;

async fn refused(app: &TestApp, token: &str, path: &str, param: &str, code: ValidationCode) {
    let resp = app.get(path, token).await;
    let error = expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::QueryOutOfRange).await;
    assert_eq!(error.fields.len(), 1, "{path}: {error:?}");
    assert_eq!(error.fields[0].field, param, "{path}");
    assert_eq!(error.fields[0].code, code, "{path}");
    assert!(error.message.contains(param), "{path}: {}", error.message);
}

async fn served(app: &TestApp, token: &str, path: &str) {
    let resp = app.get(path, token).await;
    let status = resp.status();
    let text = resp.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}: {text}");
}

#[tokio::test]
async fn the_support_queue_refuses_a_page_or_search_beyond_its_bounds() {
    let app = TestApp::spawn().await;
    let support = app.login("S1").await;
    let q = "a".repeat(100);
    served(&app, &support, "/api/support/requests?limit=100").await;
    served(&app, &support, &format!("/api/support/requests?q={q}")).await;
    for (query, param, code) in [
        ("limit=101", "limit", ValidationCode::OutOfRange),
        ("limit=0", "limit", ValidationCode::OutOfRange),
        (&format!("q={q}b"), "q", ValidationCode::TooLong),
        // Characters, not bytes: 101 two-byte letters are too many, 100 are not.
        (
            &format!("q={}", "%C3%B8".repeat(101)),
            "q",
            ValidationCode::TooLong,
        ),
        (
            &format!("assignee={}", "S".repeat(65)),
            "assignee",
            ValidationCode::TooLong,
        ),
        (
            &format!("after={}", "x".repeat(81)),
            "after",
            ValidationCode::TooLong,
        ),
    ] {
        let path = format!("/api/support/requests?{query}");
        refused(&app, &support, &path, param, code).await;
    }
    served(
        &app,
        &support,
        &format!("/api/support/requests?q={}", "%C3%B8".repeat(100)),
    )
    .await;
}

#[tokio::test]
async fn records_and_activity_refuse_a_cursor_beyond_its_bounds() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    served(&app, &kari, "/api/me/records/history?offset=1000000").await;
    served(&app, &kari, "/api/me/activity?before=9007199254740991").await;
    for (path, param, code) in [
        (
            "/api/me/records/history?offset=1000001".to_string(),
            "offset",
            ValidationCode::OutOfRange,
        ),
        (
            format!("/api/me/records/history?section={}", "s".repeat(65)),
            "section",
            ValidationCode::TooLong,
        ),
        (
            "/api/me/activity?before=9007199254740992".to_string(),
            "before",
            ValidationCode::OutOfRange,
        ),
        (
            "/api/me/activity?before=0".to_string(),
            "before",
            ValidationCode::OutOfRange,
        ),
        (
            format!("/api/me/export?lang={}", "e".repeat(17)),
            "lang",
            ValidationCode::TooLong,
        ),
        (
            format!("/api/me/export?format={}", "j".repeat(17)),
            "format",
            ValidationCode::TooLong,
        ),
    ] {
        refused(&app, &kari, &path, param, code).await;
    }
}

#[tokio::test]
async fn an_overlong_query_string_is_refused_on_any_api_route() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    // Within the bound, an unknown parameter is the usual malformed request.
    let resp = app
        .get(
            &format!("/api/me/records/history?x={}", "y".repeat(2000)),
            &kari,
        )
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    for path in ["/api/me/overview", "/api/me/contact", "/api/nowhere"] {
        let path = format!("{path}?x={}", "y".repeat(2047));
        refused(&app, &kari, &path, "query", ValidationCode::TooLong).await;
    }
}

#[tokio::test]
async fn a_caller_without_the_right_is_refused_before_the_bounds_are_checked() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let ola = app.login("2001").await;
    let other_admin = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let support = app.login("S1").await;
    // A customer and a company admin at the support queue; another customer's, another
    // company's records; support at a person's records: refused, whatever the bounds.
    for (token, path) in [
        (&kari, "/api/support/requests?limit=1000"),
        (&ola, "/api/support/requests?limit=1000"),
        (&kari, "/api/people/3001/records/history?offset=99999999"),
        (
            &other_admin,
            "/api/people/2003/records/history?offset=99999999",
        ),
        (&support, "/api/me/activity?before=0"),
    ] {
        let resp = app.get(path, token).await;
        assert!(
            matches!(resp.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{path}: {}",
            resp.status()
        );
    }
    let resp = app
        .get("/api/support/requests?limit=1000", portal_tests::NO_SESSION)
        .await;
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
}
