//! The clock: a request's deadline may be extended once, by one or two months, only while
//! the original due date has not passed, and only with a reason, which the subject is told
//! at once.

use portal_domain::api::RequestView;
use portal_domain::support::RequestDetail;
use portal_domain::{ErrorCode, extended_due_date};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::{act, advance_days, my_request, notices, queue, snapshot_all};

const REASON: &str = "Your data sits in three systems that we must search by hand.";

async fn filed(app: &TestApp) -> RequestView {
    let kari = app.login("1001").await;
    app.file_erasure(&kari).await
}

#[tokio::test]
async fn an_extension_moves_the_due_date_and_tells_the_subject_why() {
    let app = TestApp::spawn().await;
    let request = filed(&app).await;
    let support = app.login("S1").await;

    let resp = act(
        &app,
        &support,
        &request.id,
        "extend",
        json!({ "months": 2, "reason": REASON }),
    )
    .await;

    let extended: RequestDetail = expect_json(resp, StatusCode::OK).await;
    let new_due = extended_due_date(request.due_on, 2).unwrap();
    assert_eq!(extended.due_on, new_due);
    assert_eq!(
        extended.request.due_on, request.due_on,
        "the original stays"
    );
    assert_eq!(extended.request.extended_due_on, Some(new_due));
    assert!(!extended.may_extend);
    let kari = app.login("1001").await;
    let seen = my_request(&app, &kari, &request.id).await;
    assert_eq!(seen.extended_due_on, Some(new_due));
    assert_eq!(seen.extension_reason.as_deref(), Some(REASON));
    let notice = notices(&app)
        .await
        .into_iter()
        .find(|n| n.2 == "request_extended")
        .expect("the subject is told at once");
    assert_eq!(notice.0, "1001");
    assert_eq!(notice.1, "kari.nordmann@example.no");
    assert_eq!(notice.3["reason"], REASON);
    assert_eq!(notice.3["due_on"], portal_domain::format_iso_date(new_due));
    let page = queue(&app, &support, "").await;
    assert_eq!(page.items[0].due_on, new_due);
    assert!(page.items[0].extended);
    let events: Vec<&str> = extended.events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events, ["received", "extended"]);
    assert_eq!(extended.events[1].note.as_deref(), Some(REASON));
}

#[tokio::test]
async fn the_deadline_is_extended_only_once() {
    let app = TestApp::spawn().await;
    let request = filed(&app).await;
    let support = app.login("S1").await;
    let body = json!({ "months": 1, "reason": REASON });
    let resp = act(&app, &support, &request.id, "extend", body.clone()).await;
    let first: RequestDetail = expect_json(resp, StatusCode::OK).await;
    let before = snapshot_all(&app).await;

    let resp = act(&app, &support, &request.id, "extend", body).await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    assert_eq!(
        snapshot_all(&app).await,
        before,
        "a refused extension changed something"
    );
    assert_eq!(
        first.request.extended_due_on,
        extended_due_date(request.due_on, 1)
    );
}

#[tokio::test]
async fn the_deadline_can_be_extended_on_the_due_date_but_not_after_it() {
    let app = TestApp::spawn().await;
    let on_the_day = filed(&app).await;
    let today = app.clock.today();
    advance_days(&app, (on_the_day.due_on - today).whole_days());
    assert_eq!(app.clock.today(), on_the_day.due_on);
    let support = app.login("S1").await;
    let body = json!({ "months": 1, "reason": REASON });

    let resp = act(&app, &support, &on_the_day.id, "extend", body.clone()).await;
    let _: RequestDetail = expect_json(resp, StatusCode::OK).await;

    let app = TestApp::spawn().await;
    let late = filed(&app).await;
    let today = app.clock.today();
    advance_days(&app, (late.due_on - today).whole_days() + 1);
    let support = app.login("S1").await;
    let before = snapshot_all(&app).await;

    let resp = act(&app, &support, &late.id, "extend", body).await;

    let error = expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    assert!(error.message.contains("due date has passed"), "{error:?}");
    assert_eq!(snapshot_all(&app).await, before);
    let d: RequestDetail = app
        .get_ok(&format!("/api/support/requests/{}", late.id), &support)
        .await;
    assert!(!d.may_extend);
    assert!(d.overdue);
}

#[tokio::test]
async fn an_extension_needs_a_reason_and_one_or_two_months() {
    let app = TestApp::spawn().await;
    let request = filed(&app).await;
    let support = app.login("S1").await;
    let before = snapshot_all(&app).await;

    for (body, field) in [
        (json!({ "months": 1, "reason": "" }), "reason"),
        (json!({ "months": 1, "reason": " \n " }), "reason"),
        (json!({ "months": 3, "reason": REASON }), "months"),
        (json!({ "months": 0, "reason": REASON }), "months"),
    ] {
        let resp = act(&app, &support, &request.id, "extend", body.clone()).await;
        let error = expect_error(
            resp,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        )
        .await;
        assert_eq!(error.fields[0].field, field, "{body}");
    }
    for body in [
        json!({ "months": 1 }),
        json!({ "months": 1, "reason": REASON, "due_on": "2099-01-01" }),
        json!({ "months": -1, "reason": REASON }),
    ] {
        let resp = act(&app, &support, &request.id, "extend", body).await;
        expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    }
    assert_eq!(snapshot_all(&app).await, before);
}

#[tokio::test]
async fn a_decided_request_cannot_be_extended() {
    let app = TestApp::spawn().await;
    let request = filed(&app).await;
    let support = app.login("S1").await;
    let resp = act(
        &app,
        &support,
        &request.id,
        "reject",
        json!({ "reason": "No." }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);

    let resp = act(
        &app,
        &support,
        &request.id,
        "extend",
        json!({ "months": 1, "reason": REASON }),
    )
    .await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
}
