//! Support roles in the built-in store: a member who may only triage reads, assigns,
//! notes, asks and extends, but is refused (403, nothing written) where a request is
//! decided or carried out; a role that loses deciding loses it at its next call. The same
//! by WHMCS admin role is in `whmcs.rs`.

use portal_domain::ErrorCode;
use portal_domain::support::{QueuePage, RequestDetail};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::{act, execute, file_restriction, queue, snapshot_all};

/// The calls that decide or carry out, on an erasure request and a granted restriction.
fn decisions<'a>(erasure: &'a str, restriction: &'a str) -> [(&'a str, &'static str); 4] {
    [
        (erasure, "reject"),
        (erasure, "execute"),
        (restriction, "restriction/announce-lifting"),
        (restriction, "restriction/lift"),
    ]
}

#[tokio::test]
async fn a_triage_only_member_works_a_request_but_may_not_decide_it() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let employee = app.login("2002").await;
    let decider = app.login("S1").await;
    let triage = app.login("S2").await;
    let karis = app.file_erasure(&customer).await;
    let ingrids = file_restriction(&app, &employee).await;
    execute(&app, &decider, &ingrids.id).await;

    assert!(queue(&app, &decider, "").await.may_decide);
    let page = queue(&app, &triage, "").await;
    assert!(!page.may_decide);
    assert!(page.items.iter().any(|i| i.id == karis.id));

    // Triage: read, preview, assign, note, extend; and ask, on Lars's request.
    let _: RequestDetail = app
        .get_ok(&format!("/api/support/requests/{}", karis.id), &triage)
        .await;
    let resp = app
        .get(
            &format!("/api/support/requests/{}/erasure-preview", karis.id),
            &triage,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let lars = app.login("2003").await;
    let lars = app.file_erasure(&lars).await;
    for (id, action, body) in [
        (&karis.id, "assign", json!({})),
        (&karis.id, "notes", json!({ "text": "address checked" })),
        (
            &karis.id,
            "extend",
            json!({ "months": 1, "reason": "several systems to go through" }),
        ),
        (
            &lars.id,
            "ask",
            json!({ "question": "Which e-mail address is yours?" }),
        ),
    ] {
        let detail: RequestDetail =
            expect_json(act(&app, &triage, id, action, body).await, StatusCode::OK).await;
        assert_eq!(&detail.request.id, id, "{action}");
    }

    // Deciding and executing: refused, and nothing at all is written.
    let before = snapshot_all(&app).await;
    for (id, action) in decisions(&karis.id, &ingrids.id) {
        let body = if action == "reject" {
            json!({ "reason": "no ground applies" })
        } else {
            json!({})
        };
        let resp = act(&app, &triage, id, action, body).await;
        let err = expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
        assert!(!err.message.is_empty(), "{action}");
    }
    assert_eq!(snapshot_all(&app).await, before);

    // A member who may decide does, on the same requests.
    for (id, action) in decisions(&karis.id, &ingrids.id) {
        let body = if action == "reject" {
            json!({ "reason": "no ground applies" })
        } else {
            json!({})
        };
        let resp = act(&app, &decider, id, action, body).await;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        // The rejection ends the erasure request: executing it after is a conflict, not
        // a refusal.
        let expected = if action == "execute" {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{action}: {text}");
    }
}

#[tokio::test]
async fn a_role_that_loses_deciding_loses_it_at_its_next_call() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let support = app.login("S1").await;
    let karis = app.file_erasure(&customer).await;
    crate::support_common::assign(&app, &support, &karis.id).await;
    assert!(queue(&app, &support, "").await.may_decide);

    sqlx::query("UPDATE billing_staff SET may_decide = 0 WHERE id = 'S1'")
        .execute(&app.db)
        .await
        .unwrap();

    // The same session, at its next call: triage only.
    let page: QueuePage = queue(&app, &support, "").await;
    assert!(!page.may_decide);
    let before = snapshot_all(&app).await;
    let resp = act(&app, &support, &karis.id, "execute", json!({})).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    assert_eq!(snapshot_all(&app).await, before);
    let resp = act(
        &app,
        &support,
        &karis.id,
        "notes",
        json!({ "text": "waiting for someone who decides" }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);

    // Given back, it is back at the next call too.
    sqlx::query("UPDATE billing_staff SET may_decide = 1 WHERE id = 'S1'")
        .execute(&app.db)
        .await
        .unwrap();
    let resp = act(&app, &support, &karis.id, "execute", json!({})).await;
    assert_eq!(resp.status(), StatusCode::OK);
}
