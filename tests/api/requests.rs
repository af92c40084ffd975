//! Erasure and restriction requests: the preview of what erasure keeps and why, filing
//! with a legal due date, one pending request per kind, listing and withdrawing.

use portal_domain::api::{
    DataCategory, ErasureGround, ErasurePreview, RequestKind, RequestStatus, RequestView, Role,
};
use portal_domain::{ErrorCode, due_date};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;
use time::{Date, Month};

fn dec31(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).unwrap()
}

fn restriction(acknowledged: bool) -> serde_json::Value {
    json!({
        "contested": "The postal address on my invoices",
        "reason": "I moved in March; the old address is wrong.",
        "service_pause_acknowledged": acknowledged,
    })
}

async fn withdraw(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.post(
        &format!("/api/me/requests/{id}/withdraw"),
        token,
        &json!({}),
    )
    .await
}

// ------------------------------------------------------------------------- preview

#[tokio::test]
async fn the_erasure_preview_shows_what_is_kept_under_which_rule_and_until_when() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let today = app.clock.today();
    let y = today.year();

    let preview: ErasurePreview = app.get_ok("/api/me/erasure-preview", &kari).await;

    let kept: Vec<(&str, Option<Date>)> = preview
        .keep
        .iter()
        .map(|k| (k.record.en.as_str(), k.until))
        .collect();
    let invoice_rule = &app.operator.retention.invoice_rule;
    let this_year = format!("Invoice {y}-0042");
    let three_years_ago = format!("Invoice {}-0317", y - 3);
    assert!(
        kept.contains(&(this_year.as_str(), Some(dec31(y + 5)))),
        "{kept:?}"
    );
    assert!(
        kept.contains(&(three_years_ago.as_str(), Some(dec31(y + 2)))),
        "{kept:?}"
    );
    assert!(
        !kept
            .iter()
            .any(|(r, _)| r.contains(&format!("{}-0108", y - 7))),
        "{kept:?}"
    );
    for held in preview
        .keep
        .iter()
        .filter(|k| k.record.en.starts_with("Invoice"))
    {
        assert_eq!(&held.rule, invoice_rule);
        assert_eq!(held.category, DataCategory::CustomerRelationship);
    }
    let domain_until = Date::from_calendar_date(2027, Month::May, 2).unwrap();
    if today <= domain_until {
        assert!(
            kept.contains(&("Domain kari-nordmann.no", Some(domain_until))),
            "{kept:?}"
        );
        let domain = preview
            .keep
            .iter()
            .find(|k| k.record.en.contains("kari-nordmann.no"));
        assert_eq!(domain.unwrap().rule, app.operator.retention.domain_rule);
    }
    // The running service is no legal hold: it is shown apart, as a contract.
    assert!(
        !kept.iter().any(|(r, _)| r.starts_with("Service")),
        "{kept:?}"
    );
    assert_eq!(preview.contracts.len(), 1, "{:?}", preview.contracts);
    assert_eq!(preview.contracts[0].record.en, "Service: Webhotell Medium");
    assert!(preview.contracts[0].rule.en.contains("keeps running"));

    let past = preview
        .erase_now
        .iter()
        .find(|e| e.what.en == "Invoices past their retention period")
        .expect("the seven-year-old invoice is erased now");
    assert_eq!(past.records, 1);
    assert!(
        preview
            .erase_now
            .iter()
            .any(|e| e.category == DataCategory::History && e.records == 50),
        "the 50 logins are erased now"
    );
    assert_eq!(preview.erasure_days, 30);
    assert_eq!(preview.backup_retention_days, 180);
}

#[tokio::test]
async fn an_employees_preview_holds_no_company_invoices() {
    let app = TestApp::spawn().await;
    let employee = app.login("2002").await;

    let preview: ErasurePreview = app.get_ok("/api/me/erasure-preview", &employee).await;

    assert!(
        preview
            .keep
            .iter()
            .all(|k| !k.record.en.starts_with("Invoice"))
    );
}

// ------------------------------------------------------------------------- filing

#[tokio::test]
async fn an_erasure_request_is_filed_with_a_due_date_one_month_out() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let now = app.clock.unix();
    let body = json!({
        "grounds": ["objection", "no_longer_necessary", "objection"],
        "details": "  Please remove my data.  ",
    });

    let resp = app.post("/api/me/requests/erasure", &kari, &body).await;

    let request: RequestView = expect_json(resp, StatusCode::CREATED).await;
    assert_eq!(request.kind, RequestKind::Erasure);
    assert_eq!(request.status, RequestStatus::Submitted);
    assert_eq!(request.due_on, due_date(app.clock.today()));
    assert_eq!(
        request.grounds,
        [ErasureGround::NoLongerNecessary, ErasureGround::Objection]
    );
    assert_eq!(request.details, "Please remove my data.");
    assert_eq!(request.filed_by.person_id, "1001");
    assert_eq!(request.filed_by.role, Role::Customer);
    assert!((now..=now + 5).contains(&request.received_at.unix_timestamp()));
    let events = app
        .rows("SELECT request_id, event, actor_id FROM request_events")
        .await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["request_id"], request.id);
    assert_eq!(events[0]["event"], "received");
}

#[tokio::test]
async fn a_request_filed_on_31_january_is_due_on_the_last_day_of_february() {
    let app = TestApp::spawn().await;
    let today = app.clock.today();
    let next_jan31 = (today.year()..)
        .map(|y| Date::from_calendar_date(y, Month::January, 31).unwrap())
        .find(|d| *d > today)
        .unwrap();
    let noon = next_jan31
        .with_hms(12, 0, 0)
        .unwrap()
        .assume_utc()
        .unix_timestamp();
    app.clock.advance(noon - app.clock.unix());
    let kari = app.login("1001").await;

    let request = app.file_erasure(&kari).await;

    let february = Month::February.length(next_jan31.year());
    assert_eq!(
        request.due_on,
        Date::from_calendar_date(next_jan31.year(), Month::February, february).unwrap()
    );
}

#[tokio::test]
async fn an_erasure_request_needs_a_ground() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .post(
            "/api/me/requests/erasure",
            &kari,
            &json!({ "grounds": [], "details": "" }),
        )
        .await;

    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(error.fields[0].field, "grounds");
    let resp = app
        .post(
            "/api/me/requests/erasure",
            &kari,
            &json!({ "grounds": ["because"] }),
        )
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    assert!(app.rows("SELECT id FROM privacy_requests").await.is_empty());
}

#[tokio::test]
async fn a_second_pending_erasure_request_returns_the_first() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let first = app.file_erasure(&kari).await;

    let resp = app
        .post(
            "/api/me/requests/erasure",
            &kari,
            &json!({ "grounds": ["objection"] }),
        )
        .await;

    let error = expect_error(resp, StatusCode::CONFLICT, ErrorCode::DuplicateRequest).await;
    assert_eq!(error.existing_id.as_deref(), Some(first.id.as_str()));
    let rows = app.rows("SELECT id FROM privacy_requests").await;
    assert_eq!(rows.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_simultaneous_erasure_requests_create_exactly_one() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let body = json!({ "grounds": ["objection"], "details": "" });

    let (a, b) = tokio::join!(
        app.post("/api/me/requests/erasure", &kari, &body),
        app.post("/api/me/requests/erasure", &kari, &body),
    );

    let (a_status, b_status) = (a.status(), b.status());
    let bodies = (a.text().await.unwrap(), b.text().await.unwrap());
    let mut statuses = [a_status, b_status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{bodies:?}"
    );
    let (created, refused) = if a_status == StatusCode::CREATED {
        (&bodies.0, &bodies.1)
    } else {
        (&bodies.1, &bodies.0)
    };
    let created: RequestView = serde_json::from_str(created).unwrap();
    let refused: serde_json::Value = serde_json::from_str(refused).unwrap();
    assert_eq!(refused["error"]["code"], "duplicate_request");
    assert_eq!(refused["error"]["existing_id"], created.id);
    assert_eq!(app.rows("SELECT id FROM privacy_requests").await.len(), 1);
}

#[tokio::test]
async fn a_restriction_request_needs_the_service_pause_acknowledged() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .post("/api/me/requests/restriction", &kari, &restriction(false))
        .await;

    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["service_pause_acknowledged"]);
    assert!(app.rows("SELECT id FROM privacy_requests").await.is_empty());
}

#[tokio::test]
async fn an_acknowledged_restriction_request_is_filed() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .post("/api/me/requests/restriction", &kari, &restriction(true))
        .await;

    let request: RequestView = expect_json(resp, StatusCode::CREATED).await;
    assert_eq!(request.kind, RequestKind::Restriction);
    assert_eq!(request.status, RequestStatus::Submitted);
    assert_eq!(request.contested, "The postal address on my invoices");
    assert_eq!(
        request.reason,
        "I moved in March; the old address is wrong."
    );
    assert_eq!(request.due_on, due_date(app.clock.today()));
}

#[tokio::test]
async fn the_list_shows_each_request_with_its_due_date() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let erasure = app.file_erasure(&kari).await;
    let resp = app
        .post("/api/me/requests/restriction", &kari, &restriction(true))
        .await;
    let restriction: RequestView = expect_json(resp, StatusCode::CREATED).await;

    let mut list: Vec<RequestView> = app.get_ok("/api/me/requests", &kari).await;

    list.sort_by_key(|r| r.kind.as_str());
    assert_eq!(list, [erasure, restriction]);
    assert!(list.iter().all(|r| r.due_on == due_date(app.clock.today())));
}

// ------------------------------------------------------------------------- withdrawing

#[tokio::test]
async fn a_pending_request_can_be_withdrawn_once() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;

    let resp = withdraw(&app, &kari, &request.id).await;

    let withdrawn: RequestView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(withdrawn.status, RequestStatus::Withdrawn);
    assert_eq!(withdrawn.id, request.id);
    let list: Vec<RequestView> = app.get_ok("/api/me/requests", &kari).await;
    assert_eq!(list[0].status, RequestStatus::Withdrawn);
    let events = app
        .rows("SELECT event FROM request_events ORDER BY id")
        .await;
    let events: Vec<&str> = events.iter().map(|e| e["event"].as_str()).collect();
    assert_eq!(events, ["received", "withdrawn"]);

    let resp = withdraw(&app, &kari, &request.id).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
}

#[tokio::test]
async fn after_a_withdrawal_a_new_erasure_request_can_be_filed() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let first = app.file_erasure(&kari).await;
    let resp = withdraw(&app, &kari, &first.id).await;
    assert_eq!(resp.status(), StatusCode::OK);

    let second = app.file_erasure(&kari).await;

    assert_ne!(second.id, first.id);
    assert_eq!(second.status, RequestStatus::Submitted);
    let list: Vec<RequestView> = app.get_ok("/api/me/requests", &kari).await;
    assert_eq!(list.len(), 2);
    let resp = app
        .post(
            "/api/me/requests/erasure",
            &kari,
            &json!({ "grounds": ["objection"] }),
        )
        .await;
    let error = expect_error(resp, StatusCode::CONFLICT, ErrorCode::DuplicateRequest).await;
    assert_eq!(error.existing_id, Some(second.id));
}

#[tokio::test]
async fn a_decided_request_cannot_be_withdrawn() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    sqlx::query("UPDATE privacy_requests SET status = 'completed' WHERE id = $1")
        .bind(&request.id)
        .execute(&app.db)
        .await
        .unwrap();

    let resp = withdraw(&app, &kari, &request.id).await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    let rows = app.rows("SELECT status FROM privacy_requests").await;
    assert_eq!(rows[0]["status"], "completed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawing_twice_at_once_withdraws_once() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;

    let (a, b) = tokio::join!(
        withdraw(&app, &kari, &request.id),
        withdraw(&app, &kari, &request.id),
    );

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let events = app
        .rows("SELECT event FROM request_events WHERE event = 'withdrawn'")
        .await;
    assert_eq!(events.len(), 1);
}
