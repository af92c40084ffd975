//! Four eyes on erasures (`PORTAL_ERASURE_APPROVAL`): an erasure is executed only after a
//! staff member other than the executor approved it; both are in the audit trail.

use portal_domain::ErrorCode;
use portal_domain::api::RequestStatus;
use portal_domain::support::RequestDetail;
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::{act, assign, detail, execute, file_restriction, snapshot_all};

async fn four_eyes() -> TestApp {
    TestApp::spawn_with(|s| s.erasure_approval = true).await
}

/// A second staff member who may decide, S3.
async fn second_decider(app: &TestApp) -> String {
    sqlx::query(
        "INSERT INTO billing_staff (id, name, email, may_decide) VALUES ('S3', 'Stig Sjef', 'stig@eksempel-hosting.no', 1)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.login_as("S3", "STAFF", "support").await.session_token
}

#[tokio::test]
async fn an_erasure_is_executed_only_after_another_staff_member_approved_it() {
    let app = four_eyes().await;
    let kari = app.login("1001").await;
    let siri = app.login("S1").await;
    let tone = app.login("S2").await;
    let stig = second_decider(&app).await;
    let request = app.file_erasure(&kari).await;
    assign(&app, &siri, &request.id).await;
    let d = detail(&app, &siri, &request.id).await;
    assert!(d.approval_required);
    assert!(d.approved_by.is_empty());

    // Not approved: refused, and nothing is written.
    let before = snapshot_all(&app).await;
    let resp = act(&app, &siri, &request.id, "execute", json!({})).await;
    expect_error(
        resp,
        StatusCode::CONFLICT,
        ErrorCode::SecondApprovalRequired,
    )
    .await;
    assert_eq!(snapshot_all(&app).await, before);

    // The executor's own approval does not count, and counts once.
    let d: RequestDetail = expect_json(
        act(&app, &siri, &request.id, "approve", json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d.approved_by, vec!["S1".to_string()]);
    let resp = act(&app, &siri, &request.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    let resp = act(&app, &siri, &request.id, "execute", json!({})).await;
    expect_error(
        resp,
        StatusCode::CONFLICT,
        ErrorCode::SecondApprovalRequired,
    )
    .await;
    // A member who may only triage may not approve either.
    let resp = act(&app, &tone, &request.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;

    // Another member's approval: the erasure is executed.
    let d: RequestDetail = expect_json(
        act(&app, &stig, &request.id, "approve", json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d.approved_by, vec!["S1".to_string(), "S3".to_string()]);
    let done = execute(&app, &siri, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);

    // Both staff members in the audit trail, and in the request's history.
    let trail: Vec<(String, String)> = app
        .rows(&format!(
            "SELECT actor_id, action FROM audit_log WHERE target = '{}' ORDER BY seq",
            request.id
        ))
        .await
        .into_iter()
        .map(|r| (r["actor_id"].clone(), r["action"].clone()))
        .filter(|(_, action)| action == "request.approved" || action == "request.executed")
        .collect();
    assert_eq!(
        trail,
        [
            ("S1".to_string(), "request.approved".to_string()),
            ("S3".to_string(), "request.approved".to_string()),
            ("S1".to_string(), "request.executed".to_string()),
        ]
    );
    let d = detail(&app, &stig, &request.id).await;
    let approvals: Vec<&str> = d
        .events
        .iter()
        .filter(|e| e.event == "second_approval")
        .map(|e| e.actor.person_id.as_str())
        .collect();
    assert_eq!(approvals, ["S1", "S3"]);
    // Executed, nothing is left to approve.
    let resp = act(&app, &siri, &request.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
}

#[tokio::test]
async fn a_restriction_needs_no_second_approval_and_without_the_setting_nothing_does() {
    let app = four_eyes().await;
    let ingrid = app.login("2002").await;
    let siri = app.login("S1").await;
    let restriction = file_restriction(&app, &ingrid).await;
    assert!(!detail(&app, &siri, &restriction.id).await.approval_required);
    let resp = act(&app, &siri, &restriction.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    execute(&app, &siri, &restriction.id).await;

    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let siri = app.login("S1").await;
    let request = app.file_erasure(&kari).await;
    assert!(!detail(&app, &siri, &request.id).await.approval_required);
    let resp = act(&app, &siri, &request.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    let done = execute(&app, &siri, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
}

#[tokio::test]
async fn the_demo_queue_is_seeded_on_a_portal_with_four_eyes_too() {
    let app = four_eyes().await;
    portal_server::demo::seed_requests(&app.state, &app.keys.private_pem, portal_server::http::app)
        .await
        .expect("seed the demo queue");
    let support = app.login("S1").await;
    let completed = crate::support_common::queue(&app, &support, "?status=completed").await;
    assert_eq!(completed.items.len(), 1);
    // The portal itself still asks for four eyes.
    assert!(app.state.settings.erasure_approval);
}
