//! Restriction of processing: when granted, no newsletter goes out, optional purposes are
//! suspended and the contact details are frozen, and the subject's overview says so;
//! lifting is announced to the subject first, then done. And the recipients (GDPR art.
//! 19): a rectification, erasure or restriction becomes one task per affected recipient,
//! which support marks done and the subject sees.

use portal_domain::ErrorCode;
use portal_domain::api::{ContactView, DataCategory, Overview};
use portal_domain::support::{
    RecipientNotice, RecipientNoticeReason, RecipientTask, RestrictionState,
};
use portal_server::rights::preferences::newsletter_audience;
use portal_tests::{TestApp, expect_error, expect_json, kari_details};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::{act, audit_actions, execute, file_restriction, notices};

async fn audience(app: &TestApp) -> Vec<String> {
    newsletter_audience(&app.state)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.person_id)
        .collect()
}

async fn change_phone(app: &TestApp, token: &str, phone: &str) -> reqwest::Response {
    let contact: ContactView = app.get_ok("/api/me/contact", token).await;
    let mut details = kari_details();
    details["phone"] = json!(phone);
    app.put(
        "/api/me/contact",
        token,
        &json!({ "version": contact.version, "details": details }),
    )
    .await
}

#[tokio::test]
async fn a_granted_restriction_stops_all_processing_but_storage() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = file_restriction(&app, &kari).await;
    let support = app.login("S1").await;
    assert_eq!(audience(&app).await, ["1001", "2001"]);

    execute(&app, &support, &request.id).await;

    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;
    let notice = overview.restriction.expect("the overview says so");
    assert_eq!(notice.request_id, request.id);
    assert_eq!(notice.contested, "The postal address on my invoices");
    assert!(notice.newsletter_paused);
    assert!(notice.contact_frozen);
    assert_eq!(
        notice.suspended_purposes,
        ["product_news", "usage_analysis"]
    );
    assert_eq!(
        audience(&app).await,
        ["2001"],
        "no newsletter while restricted"
    );
    let before: ContactView = app.get_ok("/api/me/contact", &kari).await;
    let resp = change_phone(&app, &kari, "+4740000000").await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::Restricted).await;
    let after: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(after, before);
    let tasks = app
        .rows("SELECT reason FROM recipient_tasks WHERE person_id = '1001'")
        .await;
    // Every recipient of her data, and only those: she has a .no domain and never
    // consented to Gravatar.
    assert_eq!(tasks.len(), 4);
    assert!(tasks.iter().all(|t| t["reason"] == "restriction"));
    let anna = app.login("3001").await;
    let annas: Overview = app.get_ok("/api/me/overview", &anna).await;
    assert!(annas.restriction.is_none());
}

#[tokio::test]
async fn lifting_is_announced_to_the_subject_first_then_done() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = file_restriction(&app, &kari).await;
    let support = app.login("S1").await;
    execute(&app, &support, &request.id).await;

    let resp = act(&app, &support, &request.id, "restriction/lift", json!({})).await;
    let error = expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    assert!(error.message.contains("told"), "{error:?}");

    let resp = act(
        &app,
        &support,
        &request.id,
        "restriction/announce-lifting",
        json!({}),
    )
    .await;
    let announced: RestrictionState = expect_json(resp, StatusCode::OK).await;
    assert!(announced.lifting_announced_at.is_some());
    assert!(announced.lifted_at.is_none());
    let notice = notices(&app)
        .await
        .into_iter()
        .find(|n| n.2 == "restriction_lifting")
        .expect("the subject is told before the lifting");
    assert_eq!(notice.1, "kari.nordmann@example.no");
    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;
    assert!(overview.restriction.unwrap().lifting_announced_at.is_some());
    let resp = act(
        &app,
        &support,
        &request.id,
        "restriction/announce-lifting",
        json!({}),
    )
    .await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;

    let resp = act(&app, &support, &request.id, "restriction/lift", json!({})).await;
    let lifted: RestrictionState = expect_json(resp, StatusCode::OK).await;

    assert!(lifted.lifted_at.is_some());
    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;
    assert!(overview.restriction.is_none());
    let resp = change_phone(&app, &kari, "+4740000000").await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(audience(&app).await, ["1001", "2001"]);
    let actions = audit_actions(&app, "1001").await;
    let announced_at = actions
        .iter()
        .position(|a| a == "restriction.lifting_announced")
        .unwrap();
    let lifted_at = actions
        .iter()
        .position(|a| a == "restriction.lifted")
        .unwrap();
    assert!(announced_at < lifted_at, "{actions:?}");
    let resp = act(&app, &support, &request.id, "restriction/lift", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    // A new restriction may be requested and granted again.
    let again = file_restriction(&app, &kari).await;
    execute(&app, &support, &again.id).await;
}

#[tokio::test]
async fn an_erasure_request_grants_no_restriction_controls() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;

    for action in ["restriction/announce-lifting", "restriction/lift"] {
        let resp = act(&app, &support, &request.id, action, json!({})).await;
        expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    }
}

#[tokio::test]
async fn a_rectification_becomes_a_task_per_recipient_of_contact_data() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let support = app.login("S1").await;

    let resp = change_phone(&app, &kari, "+4740000000").await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;

    let tasks: Vec<RecipientTask> = app.get_ok("/api/support/recipient-tasks", &support).await;
    let mut keys: Vec<&str> = tasks.iter().map(|t| t.recipient_key.as_str()).collect();
    keys.sort();
    // Stripe and PayPal receive no contact data: they are not told. Gravatar gets it only
    // with her consent, and the other registries only for a domain outside .no.
    assert_eq!(keys, ["aws", "norid"]);
    assert!(
        tasks
            .iter()
            .all(|t| t.reason == RecipientNoticeReason::Rectification
                && t.person_id == "1001"
                && t.request_id.is_none()
                && t.fields == ["phone"]
                && t.categories == [DataCategory::Contact]
                && t.done_at.is_none())
    );

    let mine: Vec<RecipientNotice> = app.get_ok("/api/me/recipient-notices", &kari).await;
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|n| n.passed_on_at.is_none()));
    let norid = tasks.iter().find(|t| t.recipient_key == "norid").unwrap();
    let path = format!("/api/support/recipient-tasks/{}/done", norid.id);
    let resp = app.post(&path, &support, &json!({})).await;
    let done: RecipientTask = expect_json(resp, StatusCode::OK).await;
    assert_eq!(done.done_by.as_deref(), Some("S1"));
    assert!(done.done_at.is_some());
    let resp = app.post(&path, &support, &json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    let resp = app
        .post(
            "/api/support/recipient-tasks/nope/done",
            &support,
            &json!({}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;

    let open: Vec<RecipientTask> = app.get_ok("/api/support/recipient-tasks", &support).await;
    assert_eq!(open.len(), 1);
    let all: Vec<RecipientTask> = app
        .get_ok("/api/support/recipient-tasks?open=false", &support)
        .await;
    assert_eq!(all.len(), 2);
    // Support sees whom it is about, what changed and how to reach the recipient.
    assert!(all.iter().all(|t| t.person_name == "Kari Nordmann"));
    assert!(all.iter().all(|t| t.recipient_contact.is_some()));
    let mine: Vec<RecipientNotice> = app.get_ok("/api/me/recipient-notices", &kari).await;
    let passed: Vec<&str> = mine
        .iter()
        .filter(|n| n.passed_on_at.is_some())
        .map(|n| n.recipient_name.nb.as_str())
        .collect();
    assert_eq!(passed, ["Norid AS"]);
    // Another person sees none of it.
    let anna = app.login("3001").await;
    let annas: Vec<RecipientNotice> = app.get_ok("/api/me/recipient-notices", &anna).await;
    assert!(annas.is_empty());
    assert!(
        audit_actions(&app, "1001")
            .await
            .contains(&"recipient_task.done".to_string())
    );
}
