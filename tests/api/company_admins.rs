//! Company admins acting for the persons of their company: the list of people, every
//! self-service route at `/api/people/{person}/...`, who may call each of them, what is
//! recorded (actor and subject, the audit trail, a notice to the employee) and what the
//! employee sees of it in `/api/me/activity`.
//!
//! A person the caller may not act for is 404 on `/api/people/{person}/...`, whether they
//! exist or not; support is 403 there as on `/api/me`; no session is 401.

use std::collections::BTreeMap;

use portal_domain::api::{
    AccountPerson, ActivityEntry, ContactView, RequestStatus, RequestView, Role,
};
use portal_domain::{ErrorCode, ValidationCode};
use portal_tests::{
    NO_SESSION, SECOND_ADMIN, SECOND_COMPANY, SECOND_EMPLOYEE, TestApp, expect_error, expect_json,
    kari_details, me_routes, status_and_text,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Every `/api/me/...` route, at `/api/people/{person}/...`.
fn people_routes(person: &str) -> Vec<(Method, String, Option<serde_json::Value>)> {
    me_routes()
        .into_iter()
        .map(|r| {
            let path = r
                .path
                .replacen("/api/me/", &format!("/api/people/{person}/"), 1);
            (r.method, path, r.body)
        })
        .collect()
}

async fn call(
    app: &TestApp,
    method: &Method,
    path: &str,
    body: &Option<serde_json::Value>,
    token: Option<&str>,
) -> (StatusCode, String) {
    let mut builder = app.request(method.clone(), path);
    if let Some(t) = token {
        builder = builder.bearer_auth(t);
    }
    if let Some(b) = body {
        builder = builder.json(b);
    }
    status_and_text(builder.send().await.unwrap()).await
}

/// What a caller who may act for the person gets from each route with the bodies of
/// `me_routes` (the withdraw route names an unknown request: 404 either way; see
/// `withdrawing_for_someone_else_is_checked_against_the_requests_owner`).
fn allowed_status(method: &Method, path: &str) -> StatusCode {
    if path.ends_with("/withdraw") {
        StatusCode::NOT_FOUND
    } else if *method == Method::POST {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

async fn audit_rows(app: &TestApp) -> Vec<BTreeMap<String, String>> {
    app.rows("SELECT seq, actor_id, actor_role, action, subject_id, target, fields FROM audit_log ORDER BY seq")
        .await
}

async fn outbox_rows(app: &TestApp) -> Vec<BTreeMap<String, String>> {
    app.rows("SELECT person_id, recipient, locale, kind, params, status FROM outbox ORDER BY created_at, id")
        .await
}

// ------------------------------------------------------------------ the matrix

#[tokio::test]
async fn every_people_route_answers_each_caller_as_the_rules_say() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let support = app.login("S1").await;

    // (caller, token, subject): the cells that must be refused, and how.
    let refused: Vec<(&str, Option<&str>, &str, StatusCode)> = vec![
        ("no session", None, "2002", StatusCode::UNAUTHORIZED),
        (
            "unknown session",
            Some(NO_SESSION),
            "2002",
            StatusCode::UNAUTHORIZED,
        ),
        ("support", Some(&support), "2002", StatusCode::FORBIDDEN),
        ("support", Some(&support), "1001", StatusCode::FORBIDDEN),
        (
            "customer, another's data",
            Some(&customer),
            "2002",
            StatusCode::NOT_FOUND,
        ),
        (
            "customer, another's data",
            Some(&customer),
            "3001",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, another company's employee",
            Some(&admin_a),
            SECOND_EMPLOYEE,
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, another company's admin",
            Some(&admin_a),
            SECOND_ADMIN,
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, a private customer",
            Some(&admin_a),
            "1001",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, no such person",
            Some(&admin_a),
            "9999",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B, company A's employee",
            Some(&admin_b),
            "2002",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B, company A's admin",
            Some(&admin_b),
            "2001",
            StatusCode::NOT_FOUND,
        ),
    ];
    let before = app.snapshot().await;
    for (who, token, subject, expected) in &refused {
        for (method, path, body) in people_routes(subject) {
            let (status, text) = call(&app, &method, &path, &body, *token).await;
            assert_eq!(status, *expected, "{who}: {method} {path}: {text}");
        }
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused call changed something"
    );

    // The cells that must be allowed: own data, and an admin's own company.
    let allowed: Vec<(&str, &str, &str)> = vec![
        ("customer, own data", &customer, "1001"),
        ("admin A, own data", &admin_a, "2001"),
        ("admin A, own company's employee", &admin_a, "2002"),
        ("admin B, own data", &admin_b, SECOND_ADMIN),
        ("admin B, own company's employee", &admin_b, SECOND_EMPLOYEE),
    ];
    for (who, token, subject) in allowed {
        for (method, path, body) in people_routes(subject) {
            let (status, text) = call(&app, &method, &path, &body, Some(token)).await;
            // The body sets Kari's name and e-mail: an employee's login is theirs alone.
            // An account's own details are its holder's: not an employee's, nor for their
            // admin to open through them.
            let expected =
                if who.ends_with("employee") && path.ends_with("/contact") && method == Method::PUT
                {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else if who.ends_with("employee") && path.ends_with("/account") {
                    StatusCode::FORBIDDEN
                } else {
                    allowed_status(&method, &path)
                };
            assert_eq!(status, expected, "{who}: {method} {path}: {text}");
        }
    }
}

#[tokio::test]
async fn only_a_company_admin_has_the_list_of_people_and_only_of_their_company() {
    let app = TestApp::spawn().await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;

    let a: Vec<AccountPerson> = app.get_ok("/api/people", &admin_a).await;
    let b: Vec<AccountPerson> = app.get_ok("/api/people", &admin_b).await;

    let ids = |list: &[AccountPerson]| list.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    let mut a_ids = ids(&a);
    a_ids.sort();
    assert_eq!(a_ids, ["2001", "2002", "2003"]);
    let ola = a.iter().find(|p| p.id == "2001").unwrap();
    assert!(ola.is_admin);
    assert_eq!(ola.email, "ola.hansen@nordlys.example.no");
    let ingrid = a.iter().find(|p| p.id == "2002").unwrap();
    assert_eq!(ingrid.name, "Ingrid Berg");
    assert!(!ingrid.is_admin);
    let mut b_ids = ids(&b);
    b_ids.sort();
    assert_eq!(b_ids, [SECOND_ADMIN, SECOND_EMPLOYEE]);

    let customer = app.login("1001").await;
    let employee = app.login("2002").await;
    let support = app.login("S1").await;
    for (who, token) in [
        ("customer", &customer),
        ("employee", &employee),
        ("support", &support),
    ] {
        let resp = app.get("/api/people", token).await;
        let (status, text) = status_and_text(resp).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {text}");
    }
    let resp = app
        .request(Method::GET, "/api/people")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_admin_whose_rights_are_withdrawn_in_billing_loses_them_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let _: ContactView = app.get_ok("/api/people/2002/contact", &admin).await;

    sqlx::query("UPDATE billing_persons SET is_account_admin = 0 WHERE id = '2001'")
        .execute(&app.db)
        .await
        .unwrap();

    let resp = app.get("/api/people/2002/contact", &admin).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    let resp = app.get("/api/people", &admin).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    // Their own data stays theirs.
    let _: ContactView = app.get_ok("/api/people/2001/contact", &admin).await;
}

#[tokio::test]
async fn withdrawing_for_someone_else_is_checked_against_the_requests_owner() {
    let app = TestApp::spawn().await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let customer = app.login("1001").await;
    let support = app.login("S1").await;
    let body = json!({ "grounds": ["no_longer_necessary"], "details": "" });
    let resp = app
        .post("/api/people/2002/requests/erasure", &admin_a, &body)
        .await;
    let request: RequestView = expect_json(resp, StatusCode::CREATED).await;
    let id = &request.id;

    let refused: Vec<(&str, Option<&str>, String, StatusCode)> = vec![
        (
            "no session",
            None,
            format!("/api/people/2002/requests/{id}/withdraw"),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "support",
            Some(&support),
            format!("/api/people/2002/requests/{id}/withdraw"),
            StatusCode::FORBIDDEN,
        ),
        (
            "customer",
            Some(&customer),
            format!("/api/people/2002/requests/{id}/withdraw"),
            StatusCode::NOT_FOUND,
        ),
        (
            "customer, own path",
            Some(&customer),
            format!("/api/people/1001/requests/{id}/withdraw"),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B",
            Some(&admin_b),
            format!("/api/people/2002/requests/{id}/withdraw"),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B, own employee's path",
            Some(&admin_b),
            format!("/api/people/{SECOND_EMPLOYEE}/requests/{id}/withdraw"),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, another employee's path",
            Some(&admin_a),
            format!("/api/people/2003/requests/{id}/withdraw"),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (who, token, path, expected) in refused {
        let (status, text) = call(&app, &Method::POST, &path, &None, token).await;
        assert_eq!(status, expected, "{who}: {path}: {text}");
    }

    let resp = app
        .post(
            &format!("/api/people/2002/requests/{id}/withdraw"),
            &admin_a,
            &json!({}),
        )
        .await;
    let withdrawn: RequestView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(withdrawn.status, RequestStatus::Withdrawn);
}

// ------------------------------------------------------------------ what is recorded

#[tokio::test]
async fn an_admins_change_records_actor_and_subject_and_sends_the_employee_a_notice() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let contact: ContactView = app.get_ok("/api/people/2002/contact", &admin).await;
    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["phone"] = json!("+4799887766");

    let resp = app
        .put(
            "/api/people/2002/contact",
            &admin,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;

    let after: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(after.details.phone, "+4799887766");
    assert_eq!(after.changes[0].actor.person_id, "2001");
    assert_eq!(after.changes[0].actor.role, Role::CompanyAdmin);
    assert_eq!(after.changes[0].fields, ["phone"]);
    let changes = app
        .rows("SELECT person_id, actor_id, actor_role, fields FROM contact_changes")
        .await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["person_id"], "2002");
    assert_eq!(changes[0]["actor_id"], "2001");
    assert_eq!(changes[0]["actor_role"], "company_admin");

    let audit = audit_rows(&app).await;
    let actions: Vec<(&str, &str, &str, &str)> = audit
        .iter()
        .map(|r| {
            (
                r["actor_id"].as_str(),
                r["action"].as_str(),
                r["subject_id"].as_str(),
                r["target"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("2001", "data.opened", "2002", "contact"),
            ("2001", "contact.corrected", "2002", ""),
        ]
    );
    assert_eq!(audit[1]["fields"], "phone");
    assert_eq!(audit[1]["actor_role"], "company_admin");

    let outbox = outbox_rows(&app).await;
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    assert_eq!(outbox[0]["person_id"], "2002");
    assert_eq!(outbox[0]["kind"], "admin_acted");
    assert_eq!(outbox[0]["locale"], "nb");
    assert_eq!(outbox[0]["status"], "pending");
    // The notice goes to the address on file, and holds no value that changed.
    assert_eq!(outbox[0]["recipient"], "ingrid.berg@nordlys.example.no");
    let params: serde_json::Value = serde_json::from_str(&outbox[0]["params"]).unwrap();
    assert_eq!(params["action"], "contact.corrected");
    assert_eq!(params["fields"], json!(["phone"]));
    assert!(!outbox[0]["params"].contains("99887766"), "{outbox:?}");
}

#[tokio::test]
async fn every_kind_of_change_an_admin_makes_for_someone_else_sends_a_notice() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let p = "/api/people/2003";

    let resp = app
        .put(
            &format!("{p}/newsletter"),
            &admin,
            &json!({ "subscribed": true, "segment": "business" }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .put(
            &format!("{p}/purposes/web_analytics"),
            &admin,
            &json!({ "active": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .post(
            &format!("{p}/requests/restriction"),
            &admin,
            &json!({ "contested": "my address", "reason": "wrong", "service_pause_acknowledged": true }),
        )
        .await;
    let request: RequestView = expect_json(resp, StatusCode::CREATED).await;
    assert_eq!(request.filed_by.person_id, "2001");
    assert_eq!(request.filed_by.role, Role::CompanyAdmin);
    let resp = app
        .post(
            &format!("{p}/requests/{}/withdraw", request.id),
            &admin,
            &json!({}),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    let (outbox, receipts): (Vec<_>, Vec<_>) = outbox_rows(&app)
        .await
        .into_iter()
        .partition(|r| r["kind"] == "admin_acted");
    // The request itself is acknowledged to its subject as any request is.
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(receipts[0]["kind"], "request_received");
    assert_eq!(receipts[0]["person_id"], "2003");
    let receipt: serde_json::Value = serde_json::from_str(&receipts[0]["params"]).unwrap();
    assert_eq!(receipt["request_id"], request.id.as_str());
    assert_eq!(receipt["request_kind"], "restriction");
    // Written within the same second: their order in the table is not theirs to keep.
    let mut actions: Vec<String> = outbox
        .iter()
        .map(|r| {
            assert_eq!(r["person_id"], "2003");
            assert_eq!(r["kind"], "admin_acted");
            assert_eq!(r["locale"], "en");
            let params: serde_json::Value = serde_json::from_str(&r["params"]).unwrap();
            params["action"].as_str().unwrap().to_string()
        })
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        [
            "newsletter.subscribed",
            "purpose.switched_on",
            "request.filed",
            "request.withdrawn"
        ]
    );
    let filed = app
        .rows("SELECT person_id, account_id, filed_by_id, filed_by_role FROM privacy_requests")
        .await;
    assert_eq!(filed[0]["person_id"], "2003");
    assert_eq!(filed[0]["account_id"], "A200");
    assert_eq!(filed[0]["filed_by_id"], "2001");
}

#[tokio::test]
async fn acting_for_oneself_sends_no_notice_and_records_no_opening() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let employee = app.login("2002").await;

    let _: ContactView = app.get_ok("/api/people/2001/contact", &admin).await;
    let _: ContactView = app.get_ok("/api/me/contact", &admin).await;
    let resp = app
        .put(
            "/api/people/2001/newsletter",
            &admin,
            &json!({ "subscribed": false, "segment": null }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .put(
            "/api/me/purposes/web_analytics",
            &employee,
            &json!({ "active": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    assert!(outbox_rows(&app).await.is_empty());
    let audit = audit_rows(&app).await;
    assert!(
        audit.iter().all(|r| r["action"] != "data.opened"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn a_refused_change_leaves_no_notice() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;

    let resp = app
        .put(
            "/api/people/2002/contact",
            &admin,
            &json!({ "version": 99, "details": kari_details() }),
        )
        .await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
    assert!(outbox_rows(&app).await.is_empty());
    let audit = audit_rows(&app).await;
    assert!(audit.iter().all(|r| r["action"] != "contact.corrected"));
}

#[tokio::test]
async fn every_view_an_admin_opens_of_an_employee_is_in_the_audit_trail() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;

    for (method, path, _) in people_routes("2002") {
        if method == Method::GET {
            let resp = app.get(&path, &admin).await;
            // The account's own details are not the employee's: refused, never opened.
            if path.ends_with("/account") {
                assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{path}");
                continue;
            }
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            let _ = resp.bytes().await.unwrap();
        }
    }

    let audit = audit_rows(&app).await;
    let opened: Vec<&str> = audit
        .iter()
        .filter(|r| r["action"] == "data.opened")
        .map(|r| {
            assert_eq!(r["actor_id"], "2001");
            assert_eq!(r["actor_role"], "company_admin");
            assert_eq!(r["subject_id"], "2002");
            r["target"].as_str()
        })
        .collect();
    assert_eq!(
        opened,
        [
            "overview",
            "records/history",
            "export",
            "contact",
            "newsletter",
            "purposes",
            "erasure-preview",
            "requests"
        ]
    );
}

// ------------------------------------------------------------------ what the employee sees

#[tokio::test]
async fn the_employee_sees_what_their_admin_did_and_when() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let employee = app.login("2002").await;
    let contact: ContactView = app.get_ok("/api/people/2002/contact", &admin).await;
    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["phone"] = json!("+4799887766");
    details["city"] = json!("Oslo");
    let resp = app
        .put(
            "/api/people/2002/contact",
            &admin,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    // The employee's own changes are not "activity by others".
    let resp = app
        .put(
            "/api/me/purposes/web_analytics",
            &employee,
            &json!({ "active": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    let resp = app.get("/api/me/activity", &employee).await;
    let (status, text) = status_and_text(resp).await;

    assert_eq!(status, StatusCode::OK, "{text}");
    let activity: Vec<ActivityEntry> = serde_json::from_str(&text).unwrap();
    let seen: Vec<(&str, &str, Vec<String>)> = activity
        .iter()
        .map(|a| {
            assert_eq!(a.actor.person_id, "2001");
            assert_eq!(a.actor.role, Role::CompanyAdmin);
            (a.action.as_str(), a.target.as_str(), a.fields.clone())
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "contact.corrected",
                "",
                vec!["phone".to_string(), "city".to_string()]
            ),
            ("data.opened", "contact", vec![]),
        ],
        "newest first"
    );
    assert!(activity[0].at >= activity[1].at);
    assert!(
        !text.contains("99887766") && !text.contains("Oslo"),
        "values in {text}"
    );

    // Paging back from the newest entry leaves the older one.
    let older: Vec<ActivityEntry> = app
        .get_ok(
            &format!("/api/me/activity?before={}", activity[0].seq),
            &employee,
        )
        .await;
    assert_eq!(older, activity[1..]);

    // Another employee sees none of it; the admin's own activity is empty too.
    let lars = app.login("2003").await;
    let none: Vec<ActivityEntry> = app.get_ok("/api/me/activity", &lars).await;
    assert!(none.is_empty(), "{none:?}");
    let own: Vec<ActivityEntry> = app.get_ok("/api/me/activity", &admin).await;
    assert!(own.is_empty(), "{own:?}");
}

#[tokio::test]
async fn activity_is_each_persons_own_and_not_supports() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let support = app.login("S1").await;

    let mine: Vec<ActivityEntry> = app.get_ok("/api/me/activity", &customer).await;
    assert!(mine.is_empty());
    let resp = app.get("/api/me/activity", &support).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    let resp = app
        .request(Method::GET, "/api/me/activity")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = app.get("/api/me/activity?person=2002", &customer).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // There is no activity view of someone else.
    let admin = app.login("2001").await;
    let resp = app.get("/api/people/2002/activity", &admin).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_never_reaches_support_functions() {
    let app = TestApp::spawn().await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;

    for token in [&admin_a, &admin_b] {
        let resp = app.get("/api/support/audit/verify", token).await;
        expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    }
}

/// An employee's name, e-mail and language are their own login: their admin sees them
/// read-only and is refused with `own_login`; the company's record of them (phone,
/// address) is the admin's to correct, and the employee changes their login themself.
#[tokio::test]
async fn an_admin_corrects_the_companys_record_of_an_employee_never_their_login() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let contact: ContactView = app.get_ok("/api/people/2002/contact", &admin).await;
    assert_eq!(contact.login_fields, ["name", "email", "language"]);
    let before = app.snapshot().await;
    for (field, value) in [
        ("email", json!("ola.hansen+ingrid@nordlys.example.no")),
        ("name", json!("Ingrid Annen")),
        ("language", json!("en")),
    ] {
        let mut details = serde_json::to_value(&contact.details).unwrap();
        details[field] = value;
        details["phone"] = json!("+4799887766");
        let resp = app
            .put(
                "/api/people/2002/contact",
                &admin,
                &json!({ "version": contact.version, "details": details }),
            )
            .await;
        let error = expect_error(
            resp,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        )
        .await;
        let fields: Vec<(&str, ValidationCode)> = error
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code))
            .collect();
        assert_eq!(fields, [(field, ValidationCode::OwnLogin)]);
    }
    // Nothing of a refused change was written, not even the phone beside it.
    assert_eq!(app.snapshot().await, before);

    let employee = app.login("2002").await;
    let mine: ContactView = app.get_ok("/api/me/contact", &employee).await;
    let mut details = serde_json::to_value(&mine.details).unwrap();
    details["email"] = json!("ingrid.b@nordlys.example.no");
    let resp = app
        .put(
            "/api/me/contact",
            &employee,
            &json!({ "version": mine.version, "details": details }),
        )
        .await;
    let after: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(after.details.email, "ingrid.b@nordlys.example.no");
}
