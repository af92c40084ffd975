//! The newsletter: unsubscribing takes effect at once and leaves nothing on the list;
//! re-subscribing picks a segment; both are recorded in the consent history.

use portal_domain::ErrorCode;
use portal_domain::api::{NewsletterSegment, NewsletterView, PurposesView, Role};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

async fn set(app: &TestApp, token: &str, body: serde_json::Value) -> NewsletterView {
    let resp = app.put("/api/me/newsletter", token, &body).await;
    expect_json(resp, StatusCode::OK).await
}

#[tokio::test]
async fn a_subscriber_sees_their_subscription() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let view: NewsletterView = app.get_ok("/api/me/newsletter", &kari).await;

    assert!(view.subscribed);
    assert_eq!(view.segment, Some(NewsletterSegment::PrivatePerson));
    assert!(view.changed_at.is_some());
}

#[tokio::test]
async fn someone_never_subscribed_is_not_subscribed() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;

    let view: NewsletterView = app.get_ok("/api/me/newsletter", &anna).await;

    assert!(!view.subscribed);
    assert_eq!(view.segment, None);
    assert_eq!(view.changed_at, None);
}

#[tokio::test]
async fn unsubscribing_takes_effect_at_once_and_leaves_nothing_on_the_list() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let answer = set(&app, &kari, json!({ "subscribed": false, "segment": null })).await;

    assert!(!answer.subscribed);
    let view: NewsletterView = app.get_ok("/api/me/newsletter", &kari).await;
    assert!(!view.subscribed);
    assert_eq!(view.segment, None);
    let rows = app
        .rows("SELECT * FROM newsletter_subscriptions WHERE person_id = '1001'")
        .await;
    assert!(rows.is_empty(), "the list still holds Kari: {rows:?}");
}

#[tokio::test]
async fn unsubscribing_is_recorded_in_the_consent_history() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    set(&app, &kari, json!({ "subscribed": false, "segment": null })).await;

    let purposes: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    let latest = &purposes.history[0];
    assert_eq!(latest.purpose, "newsletter");
    assert!(latest.old_active);
    assert!(!latest.new_active);
    assert_eq!(latest.actor.person_id, "1001");
    assert_eq!(latest.actor.role, Role::Customer);
    let rows = app
        .rows("SELECT purpose_key, old_active, new_active, actor_id FROM consent_history WHERE purpose_key = 'newsletter'")
        .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["old_active"], "1");
    assert_eq!(rows[0]["new_active"], "0");
}

#[tokio::test]
async fn re_subscribing_with_a_segment() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    set(&app, &kari, json!({ "subscribed": false, "segment": null })).await;

    set(
        &app,
        &kari,
        json!({ "subscribed": true, "segment": "journalist" }),
    )
    .await;

    let view: NewsletterView = app.get_ok("/api/me/newsletter", &kari).await;
    assert!(view.subscribed);
    assert_eq!(view.segment, Some(NewsletterSegment::Journalist));
    let rows = app
        .rows("SELECT segment FROM newsletter_subscriptions WHERE person_id = '1001'")
        .await;
    assert_eq!(rows[0]["segment"], "journalist");
    let purposes: PurposesView = app.get_ok("/api/me/purposes", &kari).await;
    let newsletter: Vec<(bool, bool)> = purposes
        .history
        .iter()
        .filter(|c| c.purpose == "newsletter")
        .map(|c| (c.old_active, c.new_active))
        .collect();
    assert_eq!(newsletter, [(false, true), (true, false)], "newest first");
}

#[tokio::test]
async fn changing_only_the_segment_adds_no_consent_history() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let view = set(
        &app,
        &kari,
        json!({ "subscribed": true, "segment": "business" }),
    )
    .await;

    assert_eq!(view.segment, Some(NewsletterSegment::Business));
    let rows = app
        .rows("SELECT id FROM consent_history WHERE purpose_key = 'newsletter'")
        .await;
    assert!(rows.is_empty());
}

#[tokio::test]
async fn an_invalid_segment_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let before = app.snapshot().await;

    for segment in [json!("vip"), json!(""), json!(3), json!("Business")] {
        let resp = app
            .put(
                "/api/me/newsletter",
                &kari,
                &json!({ "subscribed": true, "segment": segment }),
            )
            .await;

        expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    }
    assert_eq!(app.snapshot().await, before);
}
