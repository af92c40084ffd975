//! Helpers the support-console, execution and sweep tests share.

use std::collections::BTreeMap;

use portal_domain::api::RequestView;
use portal_domain::support::{QueuePage, RequestDetail};
use portal_tests::{TestApp, database, expect_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The tables this part of the portal added, with the audit trail and the outbox, on top
/// of the ones every "nothing changed" check already covers.
const MORE_TABLES: &[&str] = &[
    "audit_log",
    "outbox",
    "request_notes",
    "restrictions",
    "recipient_tasks",
    "retention_ledger",
    "marketing_suppressions",
    "erased_persons",
    "anonymised_accounts",
    "request_status_counts",
    "request_open_due_counts",
];

/// Every row of every table, as sorted lines; sessions without their last use.
pub async fn snapshot_all(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let mut tables: Vec<&str> = database::TABLES.to_vec();
    for t in MORE_TABLES {
        if !tables.contains(t) {
            tables.push(t);
        }
    }
    let mut out = BTreeMap::new();
    for table in tables {
        let mut lines: Vec<String> = app
            .rows(&format!("SELECT * FROM {table}"))
            .await
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .filter(|(column, _)| !(table == "sessions" && column == "last_seen_at"))
                    .map(|(column, value)| format!("{column}={value}"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        lines.sort();
        out.insert(table.to_string(), lines);
    }
    out
}

pub fn restriction_body() -> Value {
    json!({
        "contested": "The postal address on my invoices",
        "reason": "I moved in March; the old address is wrong.",
        "service_pause_acknowledged": true,
    })
}

/// Files a restriction request as `token`, expecting 201.
pub async fn file_restriction(app: &TestApp, token: &str) -> RequestView {
    let resp = app
        .post("/api/me/requests/restriction", token, &restriction_body())
        .await;
    expect_json(resp, StatusCode::CREATED).await
}

pub async fn queue(app: &TestApp, token: &str, query: &str) -> QueuePage {
    app.get_ok(&format!("/api/support/requests{query}"), token)
        .await
}

pub async fn detail(app: &TestApp, token: &str, id: &str) -> RequestDetail {
    app.get_ok(&format!("/api/support/requests/{id}"), token)
        .await
}

/// `POST /api/support/requests/{id}/{action}` with `body`.
pub async fn act(
    app: &TestApp,
    token: &str,
    id: &str,
    action: &str,
    body: Value,
) -> reqwest::Response {
    app.post(
        &format!("/api/support/requests/{id}/{action}"),
        token,
        &body,
    )
    .await
}

/// Executes a request as support, expecting 200: assigned to the caller first, as
/// executing needs (again, for a request already theirs, changes nothing).
pub async fn execute(app: &TestApp, token: &str, id: &str) -> RequestView {
    assign(app, token, id).await;
    expect_json(
        act(app, token, id, "execute", json!({})).await,
        StatusCode::OK,
    )
    .await
}

/// Assigns a request to the caller (support), if it is still open.
pub async fn assign(app: &TestApp, token: &str, id: &str) {
    let resp = act(app, token, id, "assign", json!({})).await;
    assert!(
        resp.status() == StatusCode::OK || resp.status() == StatusCode::CONFLICT,
        "assign: {}",
        resp.status()
    );
}

/// The request as its subject sees it.
pub async fn my_request(app: &TestApp, token: &str, id: &str) -> RequestView {
    let list: Vec<RequestView> = app.get_ok("/api/me/requests", token).await;
    list.into_iter()
        .find(|r| r.id == id)
        .expect("the subject sees the request")
}

/// The outbox, oldest first: (person, recipient, kind, params).
pub async fn notices(app: &TestApp) -> Vec<(String, String, String, Value)> {
    app.rows("SELECT person_id, recipient, kind, params FROM outbox ORDER BY created_at, id")
        .await
        .into_iter()
        .map(|r| {
            (
                r["person_id"].clone(),
                r["recipient"].clone(),
                r["kind"].clone(),
                serde_json::from_str(&r["params"]).unwrap(),
            )
        })
        .collect()
}

/// The audit trail's actions about `subject`, in order.
pub async fn audit_actions(app: &TestApp, subject: &str) -> Vec<String> {
    app.rows(&format!(
        "SELECT action FROM audit_log WHERE subject_id = '{subject}' ORDER BY seq"
    ))
    .await
    .into_iter()
    .map(|r| r["action"].clone())
    .collect()
}

/// Moves the clock by whole days.
pub fn advance_days(app: &TestApp, days: i64) {
    app.clock.advance(days * 86_400);
}

/// The counters the database keeps for the queue (requests per status, open requests per
/// current due date) agree with a count over every request.
pub async fn assert_queue_counters_exact(app: &TestApp) {
    let kept = app
        .rows("SELECT status, requests FROM request_status_counts WHERE requests <> 0 ORDER BY status")
        .await;
    let counted = app
        .rows(
            "SELECT status, CAST(COUNT(*) AS BIGINT) AS requests FROM privacy_requests \
             GROUP BY status ORDER BY status",
        )
        .await;
    assert_eq!(kept, counted, "requests per status");
    let kept = app
        .rows("SELECT due_on, requests FROM request_open_due_counts ORDER BY due_on")
        .await;
    let counted = app
        .rows(
            "SELECT COALESCE(extended_due_on, due_on) AS due_on, CAST(COUNT(*) AS BIGINT) AS requests \
             FROM privacy_requests WHERE status IN ('submitted', 'in_progress', 'awaiting_subject') \
             GROUP BY COALESCE(extended_due_on, due_on) ORDER BY due_on",
        )
        .await;
    assert_eq!(kept, counted, "open requests per due date");
}
