//! What the API does with requests that are not what it expects: every failure is our
//! JSON error body with a stable code, and reading never changes anything.

use futures::stream;
use portal_domain::ErrorCode;
use portal_tests::{TestApp, expect_error, kari_details};
use reqwest::{Method, StatusCode};
use serde_json::json;

const LIMIT: usize = 16 * 1024;

#[tokio::test]
async fn a_body_that_is_not_json_is_malformed() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    for body in ["not json", "{", "", "[]", "{\"version\": \"one\"}", "null"] {
        let resp = app
            .authed(Method::PUT, "/api/me/contact", &kari)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();

        expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    }
}

#[tokio::test]
async fn a_body_without_a_json_content_type_is_unsupported() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let body = json!({ "subscribed": false, "segment": null }).to_string();

    let resp = app
        .authed(Method::PUT, "/api/me/newsletter", &kari)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    expect_error(
        resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await;

    let resp = app
        .authed(Method::PUT, "/api/me/newsletter", &kari)
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .await
        .unwrap();
    expect_error(
        resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await;

    let newsletter: serde_json::Value = app.get_ok("/api/me/newsletter", &kari).await;
    assert_eq!(
        newsletter["subscribed"], true,
        "the refused body was applied"
    );
}

fn oversized_contact_update() -> String {
    let mut details = kari_details();
    details["street"] = json!("x".repeat(LIMIT));
    json!({ "version": 1, "details": details }).to_string()
}

#[tokio::test]
async fn a_body_over_16_kib_is_too_large() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .authed(Method::PUT, "/api/me/contact", &kari)
        .header("content-type", "application/json")
        .body(oversized_contact_update())
        .send()
        .await
        .unwrap();

    expect_error(
        resp,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await;
}

#[tokio::test]
async fn a_streamed_body_over_16_kib_is_too_large() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    // Sent chunked, with no Content-Length to refuse it by.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = oversized_contact_update()
        .into_bytes()
        .chunks(1024)
        .map(|c| Ok(c.to_vec()))
        .collect();

    let resp = app
        .authed(Method::PUT, "/api/me/contact", &kari)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream::iter(chunks)))
        .send()
        .await
        .unwrap();

    expect_error(
        resp,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await;
}

#[tokio::test]
async fn an_oversized_session_request_is_too_large() {
    let app = TestApp::spawn().await;

    let resp = app.exchange(&"A".repeat(LIMIT + 1)).await;

    expect_error(
        resp,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await;
}

#[tokio::test]
async fn a_body_just_under_the_limit_is_read() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let mut details = kari_details();
    details["street"] = json!("x".repeat(LIMIT - 1000));

    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": 1, "details": details }),
        )
        .await;

    // Read and validated, not refused for its size: the street is too long.
    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(error.fields.len(), 1);
    assert_eq!(error.fields[0].field, "street");
}

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    for path in [
        "/api/nothing",
        "/api/me",
        "/api/me/nothing",
        "/api/me/requests/x/approve",
        "/api/me/contact/extra",
        "/api/support/nothing",
    ] {
        let resp = app.get(path, &kari).await;

        expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    }
    let resp = app
        .request(Method::GET, "/api/nothing")
        .send()
        .await
        .unwrap();
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    for (method, path) in [
        (Method::DELETE, "/api/me/contact"),
        (Method::POST, "/api/me/contact"),
        (Method::GET, "/api/session"),
        (Method::PUT, "/api/session"),
        (Method::POST, "/api/me/overview"),
        (Method::PUT, "/api/me/requests"),
        (Method::GET, "/api/me/requests/erasure"),
        (Method::GET, "/api/me/purposes/web_analytics"),
        (Method::DELETE, "/api/me/export"),
    ] {
        let resp = app
            .authed(method.clone(), path, &kari)
            .send()
            .await
            .unwrap();

        let status = resp.status();
        let body = resp.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {body}"
        );
        assert!(
            body.contains(r#""code":"method_not_allowed""#),
            "{method} {path}: {body}"
        );
    }
}

#[tokio::test]
async fn reading_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut tokens = Vec::new();
    for person in ["1001", "2001", "2002", "3001"] {
        tokens.push(app.login(person).await);
    }
    // Something to read in every table the portal writes.
    let kari = &tokens[0];
    app.file_erasure(kari).await;
    let resp = app
        .put(
            "/api/me/purposes/web_analytics",
            kari,
            &json!({ "active": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let mut details = kari_details();
    details["city"] = json!("Bergen");
    let resp = app
        .put(
            "/api/me/contact",
            kari,
            &json!({ "version": 1, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let before = app.snapshot().await;

    for token in &tokens {
        for path in [
            "/api/me/overview",
            "/api/me/export",
            "/api/me/contact",
            "/api/me/newsletter",
            "/api/me/purposes",
            "/api/me/erasure-preview",
            "/api/me/requests",
        ] {
            let resp = app.get(path, token).await;
            assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
            resp.bytes().await.unwrap();
        }
    }

    assert_eq!(app.snapshot().await, before);
}
