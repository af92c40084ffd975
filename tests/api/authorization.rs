//! Deny by default: support has no self-service portal, one customer never reaches
//! another's data, a company admin sees only themself through `/api/me`, an employee's
//! data holds no company invoices, and no one can set a field a write body does not have.

use portal_domain::ErrorCode;
use portal_domain::api::{ContactView, RequestStatus, RequestView};
use portal_tests::{TestApp, expect_error, expect_json, kari_details, me_routes};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn support_is_forbidden_on_every_self_service_route() {
    let app = TestApp::spawn().await;
    let support = app.login("S1").await;
    let before = app.snapshot().await;

    for route in me_routes() {
        let resp = app.call(&route, Some(&support)).await;
        let status = resp.status();
        let body = resp.text().await.unwrap();

        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{} {}: {body}",
            route.method,
            route.path
        );
        assert!(body.contains(r#""code":"forbidden""#), "{body}");
    }
    assert_eq!(app.snapshot().await, before, "support changed something");
}

#[tokio::test]
async fn a_customer_cannot_withdraw_another_customers_request() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;
    let request = app.file_erasure(&kari).await;

    let resp = app
        .post(
            &format!("/api/me/requests/{}/withdraw", request.id),
            &anna,
            &json!({}),
        )
        .await;

    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let karis: Vec<RequestView> = app.get_ok("/api/me/requests", &kari).await;
    assert_eq!(karis, vec![request.clone()]);
    assert_eq!(karis[0].status, RequestStatus::Submitted);
    let annas: Vec<RequestView> = app.get_ok("/api/me/requests", &anna).await;
    assert!(annas.is_empty(), "Anna sees Kari's request: {annas:?}");
}

#[tokio::test]
async fn an_unknown_request_id_is_not_found() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    for id in [
        "00000000-0000-4000-8000-000000000000",
        "x",
        "%27%20OR%201%3D1",
    ] {
        let resp = app
            .post(
                &format!("/api/me/requests/{id}/withdraw"),
                &kari,
                &json!({}),
            )
            .await;

        expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    }
}

/// No id, person or key is written with a NUL byte, and Postgres cannot even compare text
/// with one: a path holding one names nothing, on every kind of route.
#[tokio::test]
async fn a_path_with_a_nul_byte_names_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let admin = app.login("2001").await;
    let support = app.login("S1").await;

    for (method, path, token) in [
        (Method::POST, "/api/me/requests/a%00b/withdraw", &kari),
        (Method::POST, "/api/me/requests/%00/answer", &kari),
        (Method::PUT, "/api/me/purposes/web%00analytics", &kari),
        (Method::GET, "/api/me/records/contact%00", &kari),
        (Method::GET, "/api/people/2002%00/overview", &admin),
        (Method::GET, "/api/support/requests/a%00b", &support),
        (Method::POST, "/api/support/requests/a%00b/assign", &support),
        (
            Method::POST,
            "/api/support/recipient-tasks/%00/done",
            &support,
        ),
    ] {
        let mut req = app.authed(method.clone(), path, token);
        if method != Method::GET {
            req = req.json(&json!({ "active": true, "answer": "x" }));
        }
        let resp = req.send().await.unwrap();

        let error = expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
        assert_eq!(error.message, "not found", "{method} {path}");
    }
}

#[tokio::test]
async fn a_company_admin_sees_only_their_own_data_through_me() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;

    let contact: ContactView = app.get_ok("/api/me/contact", &admin).await;
    let export = app.export(&admin).await;

    assert_eq!(contact.details.name, "Ola Hansen");
    assert_eq!(export["subject"]["id"], "2001");
    let history = &export["categories"]["history"]["records"];
    assert_eq!(history["login_history"].as_array().unwrap().len(), 5);
    assert!(history["support_tickets"].as_array().unwrap().is_empty());
    let text = export.to_string();
    for other in [
        "Ingrid",
        "Lars Johansen",
        "Kari",
        "kari-nordmann.no",
        "Anna",
    ] {
        assert!(!text.contains(other), "the admin's export holds {other:?}");
    }
}

#[tokio::test]
async fn an_employees_export_holds_no_company_invoices() {
    let app = TestApp::spawn().await;
    let employee = app.login("2002").await;

    let export = app.export(&employee).await;

    let relationship = &export["categories"]["customer_relationship"]["records"];
    assert_eq!(relationship["invoices"], json!([]));
    assert_eq!(relationship["services"], json!([]));
    assert_eq!(relationship["account"]["you_are_account_admin"], false);
    let text = export.to_string();
    assert!(
        !text.contains("-0051"),
        "company invoice number in the export"
    );
    assert!(
        !text.contains("149000"),
        "company invoice amount in the export"
    );
    assert!(!text.contains("Ola Hansen"));
    assert_eq!(export["subject"]["id"], "2002");
}

/// Sends `body` to `route` as `token` and expects 400 `malformed_body`.
async fn assert_malformed(app: &TestApp, method: Method, path: &str, token: &str, body: Value) {
    let resp = app
        .authed(method.clone(), path, token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "{method} {path} {body}: {text}"
    );
    assert!(text.contains(r#""code":"malformed_body""#), "{text}");
}

fn details_with(key: &str, value: Value) -> Value {
    let mut details = kari_details();
    details[key] = value;
    details
}

#[tokio::test]
async fn unknown_fields_in_write_bodies_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let details = kari_details();
    let before = app.snapshot().await;

    let cases = [
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details, "role": "support" }),
        ),
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details, "person_id": "3001" }),
        ),
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details, "account_id": "A200" }),
        ),
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details_with("version", json!(7)) }),
        ),
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details_with("personnummer", json!("19850312-2389")) }),
        ),
        (
            Method::PUT,
            "/api/me/contact",
            json!({ "version": 1, "details": details_with("is_account_admin", json!(1)) }),
        ),
        (
            Method::PUT,
            "/api/me/newsletter",
            json!({ "subscribed": false, "segment": null, "person_id": "2001" }),
        ),
        (
            Method::PUT,
            "/api/me/purposes/web_analytics",
            json!({ "active": true, "role": "support" }),
        ),
        (
            Method::PUT,
            "/api/me/purposes/web_analytics",
            json!({ "active": true, "actor": { "person_id": "S1", "role": "support" } }),
        ),
        (
            Method::POST,
            "/api/me/requests/erasure",
            json!({ "grounds": ["objection"], "details": "", "status": "completed" }),
        ),
        (
            Method::POST,
            "/api/me/requests/erasure",
            json!({ "grounds": ["objection"], "due_on": "2099-01-01" }),
        ),
        (
            Method::POST,
            "/api/me/requests/restriction",
            json!({
                "contested": "address",
                "reason": "wrong",
                "service_pause_acknowledged": true,
                "person_id": "3001",
            }),
        ),
    ];
    for (method, path, body) in cases {
        assert_malformed(&app, method, path, &kari, body).await;
    }

    assert_eq!(
        app.snapshot().await,
        before,
        "a refused body changed the database"
    );
}

#[tokio::test]
async fn a_session_request_cannot_name_its_own_role() {
    let app = TestApp::spawn().await;
    let launch = app.mint("2002", "A200", "customer");

    let resp = app
        .request(Method::POST, "/api/session")
        .json(&json!({ "launch_token": launch, "role": "company_admin" }))
        .send()
        .await
        .unwrap();

    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    assert!(app.rows("SELECT * FROM sessions").await.is_empty());
}

#[tokio::test]
async fn an_employee_acts_as_themself_not_as_the_company() {
    let app = TestApp::spawn().await;
    let employee = app.login("2002").await;
    let admin = app.login("2001").await;

    let contact: ContactView = app.get_ok("/api/me/contact", &employee).await;
    let resp = app
        .put(
            "/api/me/newsletter",
            &employee,
            &json!({ "subscribed": true, "segment": "business" }),
        )
        .await;

    assert_eq!(contact.details.name, "Ingrid Berg");
    let _: Value = expect_json(resp, StatusCode::OK).await;
    let admins: Value = app.get_ok("/api/me/newsletter", &admin).await;
    assert_eq!(admins["subscribed"], true);
    let subscriptions = app
        .rows("SELECT person_id FROM newsletter_subscriptions ORDER BY person_id")
        .await;
    let ids: Vec<&str> = subscriptions
        .iter()
        .map(|r| r["person_id"].as_str())
        .collect();
    assert_eq!(ids, ["1001", "2001", "2002"]);
}

#[tokio::test]
async fn only_the_hosts_origin_may_call_from_a_browser() {
    let host = "https://billing.example.no";
    let app = TestApp::spawn_with(|s| s.allowed_origins = vec![host.into()]).await;
    let preflight = |origin: &str| {
        app.request(Method::OPTIONS, "/api/me/contact")
            .header("origin", origin)
            .header("access-control-request-method", "PUT")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };

    let allowed = preflight(host).await.unwrap();
    let refused = preflight("https://evil.example").await.unwrap();
    let lookalike = preflight("https://billing.example.no.evil.example")
        .await
        .unwrap();

    let allow_origin = |r: &reqwest::Response| {
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(allow_origin(&allowed).as_deref(), Some(host));
    assert_eq!(allow_origin(&refused), None);
    assert_eq!(allow_origin(&lookalike), None);
    let kari = app.login("1001").await;
    let resp = app
        .authed(Method::GET, "/api/me/contact", &kari)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(allow_origin(&resp), None);
}

/// Anna owns her private account A300 and is invited to Nordlys (A200). What she asked
/// for on A300 (a request, a purpose choice, a correction) is neither listed nor
/// reachable by id on A200, by her or by Nordlys's admin, and the reverse; every `/api/me`
/// route answers on A200 as for anyone there, and a refused call changes nothing.
#[tokio::test]
async fn the_same_persons_data_on_another_account_is_neither_listed_nor_reachable() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "INSERT INTO billing_person_accounts (person_id, account_id, is_owner, created_at) \
         VALUES ('3001', 'A200', 0, 0)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    // A ticket and a login of hers on each account.
    for sql in [
        "INSERT INTO billing_tickets (id, person_id, account_id, opened_at, subject, body, status) \
         VALUES ('T310', '3001', 'A300', 0, 'Fråga om min faktura', 'Hej', 'open'), \
         ('T320', '3001', 'A200', 0, 'Tilgang til Nordlys sitt webhotell', 'Hej', 'open')",
        "INSERT INTO billing_login_history (person_id, account_id, at, ip, user_agent) \
         VALUES ('3001', 'A300', 1, '192.0.2.30', 'Firefox'), ('3001', 'A200', 2, '192.0.2.20', 'Safari')",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    let own = app.login_as("3001", "A300", "customer").await.session_token;
    let invited = app.login_as("3001", "A200", "customer").await.session_token;
    let ola = app.login("2001").await;
    let support = app.login("S1").await;

    let request = app.file_erasure(&own).await;
    crate::support_common::assign(&app, &support, &request.id).await;
    let resp = crate::support_common::act(
        &app,
        &support,
        &request.id,
        "ask",
        json!({ "question": "Gäller det ditt eget konto?" }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .put(
            "/api/me/purposes/web_analytics",
            &own,
            &json!({ "active": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let contact: ContactView = app.get_ok("/api/me/contact", &own).await;
    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["city"] = json!("Uppsala");
    let resp = app
        .put(
            "/api/me/contact",
            &own,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    // Her erasure preview says her login stays for another account, never which.
    for (token, path) in [
        (&own, "/api/me/erasure-preview"),
        (&invited, "/api/me/erasure-preview"),
        (&ola, "/api/people/3001/erasure-preview"),
    ] {
        let preview: Value = app.get_ok(path, token).await;
        assert_eq!(preview["login_used_elsewhere"], json!(true), "{path}");
        let text = preview.to_string();
        for account in ["A300", "Anna Svensson", "A200", "Nordlys"] {
            assert!(!text.contains(account), "{path} names {account}: {text}");
        }
    }
    let kari = app.login("1001").await;
    let preview: Value = app.get_ok("/api/me/erasure-preview", &kari).await;
    assert_eq!(preview["login_used_elsewhere"], json!(false));

    let before = app.snapshot().await;
    for token in [&invited, &ola] {
        let base = if token == &ola {
            "/api/people/3001"
        } else {
            "/api/me"
        };
        let requests: Vec<RequestView> = app.get_ok(&format!("{base}/requests"), token).await;
        assert!(requests.is_empty(), "{base}: {requests:?}");
        for action in ["withdraw", "answer"] {
            let resp = app
                .post(
                    &format!("{base}/requests/{}/{action}", request.id),
                    token,
                    &json!({ "answer": "Ja." }),
                )
                .await;
            expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
        }
        let purposes: Value = app.get_ok(&format!("{base}/purposes"), token).await;
        assert_eq!(purposes["history"], json!([]), "{base}");
        let contact: ContactView = app.get_ok(&format!("{base}/contact"), token).await;
        assert!(contact.changes.is_empty(), "{base}: {:?}", contact.changes);
        let export = app
            .get(&format!("{base}/export"), token)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !export.contains(&request.id),
            "{base}: the export names the request"
        );
        // Her history rows on A300 are not among A200's records, and A200's are.
        let history = app
            .get(&format!("{base}/records/history"), token)
            .await
            .text()
            .await
            .unwrap();
        for (text, shown) in [
            ("Fråga om min faktura", false),
            ("192.0.2.30", false),
            ("Tilgang til Nordlys sitt webhotell", true),
            ("192.0.2.20", true),
        ] {
            assert_eq!(history.contains(text), shown, "{base}: {text} in {history}");
            assert_eq!(export.contains(text), shown, "{base}: {text} in the export");
        }
    }
    let snapshot_without_audit = |mut s: std::collections::BTreeMap<&'static str, Vec<String>>| {
        // Opening an employee's data is audited; nothing else may change.
        s.remove("audit_log");
        s.remove("sessions");
        s
    };
    assert_eq!(
        snapshot_without_audit(app.snapshot().await),
        snapshot_without_audit(before)
    );

    // Filed on A200 too: a pending request on A300 neither blocks nor names it.
    let there = app.file_erasure(&invited).await;
    assert_ne!(there.id, request.id);
    let mine: Vec<RequestView> = app.get_ok("/api/me/requests", &own).await;
    let ids: Vec<&str> = mine.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [request.id.as_str()]);
    assert_eq!(mine[0].status, RequestStatus::AwaitingSubject);

    // What others did with her data is shown on the account it was done on: Ola's
    // openings on A200, support's handling of her A300 request on A300.
    let activity = |token: String| {
        let app = &app;
        async move {
            let entries: Vec<Value> = app.get_ok("/api/me/activity", &token).await;
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["actor"]["person_id"].as_str().unwrap(),
                        e["action"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let on_own = activity(own.clone()).await;
    let on_invited = activity(invited.clone()).await;
    assert!(
        on_own.iter().any(|e| e == "S1 request.assigned"),
        "{on_own:?}"
    );
    assert!(!on_own.iter().any(|e| e.starts_with("2001 ")), "{on_own:?}");
    assert!(
        on_invited.iter().any(|e| e == "2001 data.opened"),
        "{on_invited:?}"
    );
    assert!(
        !on_invited.iter().any(|e| e.starts_with("S1 ")),
        "{on_invited:?}"
    );
    // The trail with accounts in it still checks out.
    let report: Value = app.get_ok("/api/support/audit/verify", &support).await;
    assert_eq!(report["intact"], json!(true), "{report}");
}
