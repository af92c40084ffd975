//! Purposes: each configured purpose with its legal basis; consent and legitimate
//! interest can be switched off (consent back on), contract and legal obligation cannot;
//! every change is appended to the history with old → new and who.

use portal_domain::ErrorCode;
use portal_domain::api::{LegalBasis, PurposeState, PurposesView, Role};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

async fn set(app: &TestApp, token: &str, key: &str, active: bool) -> PurposesView {
    let resp = app
        .put(
            &format!("/api/me/purposes/{key}"),
            token,
            &json!({ "active": active }),
        )
        .await;
    expect_json(resp, StatusCode::OK).await
}

fn purpose<'a>(view: &'a PurposesView, key: &str) -> &'a PurposeState {
    view.purposes
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("no purpose {key}"))
}

#[tokio::test]
async fn every_configured_purpose_is_listed_with_its_legal_basis() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let view: PurposesView = app.get_ok("/api/me/purposes", &kari).await;

    let listed: Vec<(&str, LegalBasis, bool)> = view
        .purposes
        .iter()
        .map(|p| (p.key.as_str(), p.legal_basis, p.can_opt_out))
        .collect();
    let configured: Vec<(&str, LegalBasis, bool)> = app
        .operator
        .purposes
        .iter()
        .map(|p| (p.key.as_str(), p.legal_basis, p.can_opt_out))
        .collect();
    assert_eq!(listed, configured);
    assert_eq!(listed.len(), 7);
    for p in &view.purposes {
        assert!(
            p.title.is_complete() && p.description.is_complete(),
            "{}",
            p.key
        );
    }
}

#[tokio::test]
async fn purposes_start_from_what_their_basis_implies() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;

    let karis: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    let annas: PurposesView = app.get_ok("/api/me/purposes", &anna).await;

    for key in [
        "service_delivery",
        "bookkeeping",
        "security_logging",
        "product_news",
    ] {
        assert!(
            purpose(&annas, key).active,
            "{key} applies unless objected to"
        );
    }
    for key in ["usage_analysis", "web_analytics", "profile_pictures"] {
        assert!(!purpose(&annas, key).active, "{key} needs consent first");
    }
    assert!(
        purpose(&karis, "usage_analysis").active,
        "Kari consented at sign-up"
    );
    assert_eq!(karis.history.len(), 1);
    assert!(annas.history.is_empty());
}

#[tokio::test]
async fn contract_and_legal_obligation_purposes_cannot_be_switched_off() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let before = app.snapshot().await;

    for key in ["service_delivery", "bookkeeping", "security_logging"] {
        let resp = app
            .put(
                &format!("/api/me/purposes/{key}"),
                &kari,
                &json!({ "active": false }),
            )
            .await;

        expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    }
    assert_eq!(app.snapshot().await, before);
    let view: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    assert!(purpose(&view, "service_delivery").active);
    assert!(purpose(&view, "bookkeeping").active);
}

#[tokio::test]
async fn consent_can_be_given_and_withdrawn() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let on = set(&app, &kari, "web_analytics", true).await;
    let off = set(&app, &kari, "web_analytics", false).await;

    assert!(purpose(&on, "web_analytics").active);
    assert!(!purpose(&off, "web_analytics").active);
    let reread: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    assert!(!purpose(&reread, "web_analytics").active);
    let changes: Vec<(bool, bool)> = reread
        .history
        .iter()
        .filter(|c| c.purpose == "web_analytics")
        .map(|c| (c.old_active, c.new_active))
        .collect();
    assert_eq!(changes, [(true, false), (false, true)], "newest first");
    assert!(
        reread
            .history
            .iter()
            .filter(|c| c.purpose == "web_analytics")
            .all(|c| c.actor.person_id == "1001" && c.actor.role == Role::Customer)
    );
}

#[tokio::test]
async fn withdrawing_a_consent_given_at_sign_up() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let now = app.clock.unix();

    let view = set(&app, &kari, "usage_analysis", false).await;

    assert!(!purpose(&view, "usage_analysis").active);
    let latest = &view.history[0];
    assert_eq!(latest.purpose, "usage_analysis");
    assert!(latest.old_active && !latest.new_active);
    assert!((now..=now + 5).contains(&latest.at.unix_timestamp()));
    let rows = app
        .rows("SELECT active FROM purpose_choices WHERE person_id = '1001' AND purpose_key = 'usage_analysis'")
        .await;
    assert_eq!(rows[0]["active"], "0");
}

#[tokio::test]
async fn a_legitimate_interest_can_be_objected_to() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let view = set(&app, &kari, "product_news", false).await;

    let news = purpose(&view, "product_news");
    assert_eq!(news.legal_basis, LegalBasis::LegitimateInterest);
    assert!(!news.active);
    assert_eq!(view.history[0].purpose, "product_news");
    assert!(view.history[0].old_active && !view.history[0].new_active);
}

#[tokio::test]
async fn an_unknown_purpose_is_not_found() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    for key in ["newsletter", "nothing", "SERVICE_DELIVERY"] {
        let resp = app
            .put(
                &format!("/api/me/purposes/{key}"),
                &kari,
                &json!({ "active": false }),
            )
            .await;

        expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    }
}

#[tokio::test]
async fn a_change_to_the_current_state_adds_no_history() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let before = app.snapshot().await;

    let consent = set(&app, &kari, "usage_analysis", true).await;
    let interest = set(&app, &kari, "product_news", true).await;
    let absent = set(&app, &kari, "profile_pictures", false).await;

    assert_eq!(consent.history.len(), 1);
    assert_eq!(interest.history.len(), 1);
    assert_eq!(absent.history.len(), 1);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_changes_of_different_purposes_both_land() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let on = json!({ "active": true });
    let off = json!({ "active": false });
    let unsubscribe = json!({ "subscribed": false, "segment": null });

    let (a, b, c) = tokio::join!(
        app.put("/api/me/purposes/web_analytics", &kari, &on),
        app.put("/api/me/purposes/product_news", &kari, &off),
        app.put("/api/me/newsletter", &kari, &unsubscribe),
    );

    assert_eq!([a.status(), b.status(), c.status()], [StatusCode::OK; 3]);
    let view: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    assert!(purpose(&view, "web_analytics").active);
    assert!(!purpose(&view, "product_news").active);
    assert_eq!(view.history.len(), 4);
}
