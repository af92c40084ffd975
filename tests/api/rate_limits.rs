//! Rate limits: over a limit the API answers `429 rate_limited` with `Retry-After`, per
//! session and per client address, stricter on the launch-token exchange and on filing a
//! request; another session, or another address, is not affected.

use portal_domain::ErrorCode;
use portal_server::config::limits::RateLimitSettings;
use portal_tests::{TestApp, expect_error};
use reqwest::StatusCode;

async fn spawn(limits: RateLimitSettings) -> TestApp {
    TestApp::spawn_with(move |s| s.rate_limits = limits).await
}

/// Asserts a 429 with the error body and a `Retry-After` of whole seconds.
async fn limited(resp: reqwest::Response) {
    let retry_after: u64 = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .unwrap_or_else(|| panic!("no Retry-After on {}", resp.status()))
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let error = expect_error(resp, StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited).await;
    assert!(error.message.contains("try again"), "{}", error.message);
}

#[tokio::test]
async fn a_session_over_its_limit_is_refused_and_another_session_is_not() {
    let app = spawn(RateLimitSettings {
        per_session: 5,
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;
    for _ in 0..5 {
        assert_eq!(
            app.get("/api/me/overview", &kari).await.status(),
            StatusCode::OK
        );
    }
    limited(app.get("/api/me/overview", &kari).await).await;
    limited(app.get("/api/me/contact", &kari).await).await;
    // The same address, another session: not counted with Kari's.
    for _ in 0..5 {
        assert_eq!(
            app.get("/api/me/overview", &anna).await.status(),
            StatusCode::OK
        );
    }
    // Health checks are not rate limited.
    let resp = app
        .request(reqwest::Method::GET, "/healthz")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_address_over_its_limit_is_refused_whatever_the_session() {
    let app = spawn(RateLimitSettings {
        per_ip: 4,
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;
    assert_eq!(
        app.get("/api/me/overview", &kari).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/me/overview", &anna).await.status(),
        StatusCode::OK
    );
    limited(app.get("/api/me/overview", &anna).await).await;
    // Without a session, or with a made-up one, it is the same address.
    limited(app.get("/api/me/overview", portal_tests::NO_SESSION).await).await;
    limited(app.get("/api/me/overview", &kari).await).await;
    // A forwarded-for header is not trusted unless configured.
    let resp = app
        .authed(reqwest::Method::GET, "/api/me/overview", &kari)
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    limited(resp).await;
}

#[tokio::test]
async fn behind_a_proxy_the_configured_header_names_the_client() {
    let app = spawn(RateLimitSettings {
        per_ip: 2,
        client_ip_header: Some("x-forwarded-for".parse().unwrap()),
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    let from = |ip: &'static str| {
        app.authed(reqwest::Method::GET, "/api/me/overview", &kari)
            // The last entry is the one the proxy appended; the first is the client's say.
            .header("x-forwarded-for", format!("198.51.100.77, {ip}"))
            .send()
    };
    assert_eq!(from("203.0.113.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(from("203.0.113.1").await.unwrap().status(), StatusCode::OK);
    limited(from("203.0.113.1").await.unwrap()).await;
    // Another client behind the same proxy is not affected.
    assert_eq!(from("203.0.113.2").await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn the_launch_token_exchange_is_limited_more_strictly() {
    let app = spawn(RateLimitSettings {
        launch_per_ip: 3,
        per_ip: 100,
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    app.login("3001").await;
    app.login("2001").await;
    limited(app.exchange(&app.mint("1001", "A100", "customer")).await).await;
    // Refused tokens count too: guessing is limited.
    limited(app.exchange("not-a-token").await).await;
    // Other calls from the address go on.
    assert_eq!(
        app.get("/api/me/overview", &kari).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn filing_requests_is_limited_more_strictly_per_session() {
    let app = spawn(RateLimitSettings {
        filing_per_session: 1,
        per_session: 100,
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;
    app.file_erasure(&kari).await;
    let body = crate::support_common::restriction_body();
    limited(app.post("/api/me/requests/restriction", &kari, &body).await).await;
    // Reading goes on, and another session files its own.
    assert_eq!(
        app.get("/api/me/requests", &kari).await.status(),
        StatusCode::OK
    );
    app.file_erasure(&anna).await;
}

/// A host holds a whole IPv6 /64 and can step through it: its addresses share one
/// bucket, another /64 has its own, and an IPv4 address written as IPv6 is that address.
#[tokio::test]
async fn an_ipv6_client_is_counted_by_its_64() {
    let app = spawn(RateLimitSettings {
        per_ip: 2,
        client_ip_header: Some("x-forwarded-for".parse().unwrap()),
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    let from = |ip: &'static str| {
        app.authed(reqwest::Method::GET, "/api/me/overview", &kari)
            .header("x-forwarded-for", ip)
            .send()
    };
    assert_eq!(
        from("2001:db8:1:2::1").await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        from("2001:db8:1:2:ffff:1:2:3").await.unwrap().status(),
        StatusCode::OK
    );
    limited(from("2001:db8:1:2:abcd::9").await.unwrap()).await;
    assert_eq!(
        from("2001:db8:1:3::1").await.unwrap().status(),
        StatusCode::OK
    );

    assert_eq!(from("203.0.113.5").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        from("::ffff:203.0.113.5").await.unwrap().status(),
        StatusCode::OK
    );
    limited(from("203.0.113.5").await.unwrap()).await;
    assert_eq!(from("203.0.113.6").await.unwrap().status(), StatusCode::OK);
}

/// A session is counted once it is verified: made-up bearers are refused as such (401),
/// get no bucket of their own, and leave the real session's count alone.
#[tokio::test]
async fn a_made_up_bearer_gets_no_session_bucket() {
    let app = spawn(RateLimitSettings {
        per_session: 2,
        ..RateLimitSettings::off()
    })
    .await;
    let kari = app.login("1001").await;
    for i in 0..20 {
        let made_up = format!("{}{i}", "x".repeat(40));
        for _ in 0..3 {
            let resp = app.get("/api/me/overview", &made_up).await;
            expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
        }
    }
    assert_eq!(app.state.limiters.session_buckets(), 0);
    for _ in 0..2 {
        assert_eq!(
            app.get("/api/me/overview", &kari).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(app.state.limiters.session_buckets(), 1);
    limited(app.get("/api/me/overview", &kari).await).await;
}
