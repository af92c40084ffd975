//! The authorization matrix of the support console and of the subject's new routes: every
//! endpoint × {customer, admin of company A, admin of company B, support, no session} ×
//! {own data, another's}. Only support reaches `/api/support/...`; a customer or an admin
//! is refused there whoever the request is about, and nothing changes.

use portal_domain::api::{ContactView, RequestView};
use portal_domain::support::{RecipientNotice, RecipientTask};
use portal_tests::{
    NO_SESSION, SECOND_ADMIN, SECOND_COMPANY, TestApp, expect_json, kari_details, status_and_text,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support_common::{act, file_restriction, snapshot_all};

/// A support route: method, path (`{id}` a request, `{task}` a recipient task), body, and
/// whether support's own call uses the restriction request (else the erasure request).
struct SupportRoute {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    on_restriction: bool,
}

/// Every `/api/support/...` route, in an order in which support's calls all succeed.
fn support_routes() -> Vec<SupportRoute> {
    let r = |method, path, body: Option<Value>, on_restriction| SupportRoute {
        method,
        path,
        body,
        on_restriction,
    };
    vec![
        r(Method::GET, "/api/support/requests", None, false),
        r(
            Method::GET,
            "/api/support/requests?q=kari&open=true",
            None,
            false,
        ),
        r(Method::GET, "/api/support/requests/{id}", None, false),
        r(
            Method::GET,
            "/api/support/requests/{id}/erasure-preview",
            None,
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/assign",
            None,
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/notes",
            Some(json!({ "text": "checked" })),
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/extend",
            Some(json!({ "months": 1, "reason": "many systems" })),
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/ask",
            Some(json!({ "question": "which address?" })),
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/reject",
            Some(json!({ "reason": "no ground applies" })),
            false,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/execute",
            None,
            true,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/restriction/announce-lifting",
            None,
            true,
        ),
        r(
            Method::POST,
            "/api/support/requests/{id}/restriction/lift",
            None,
            true,
        ),
        r(Method::GET, "/api/support/recipient-tasks", None, false),
        r(
            Method::GET,
            "/api/support/recipient-tasks?open=false",
            None,
            false,
        ),
        r(
            Method::POST,
            "/api/support/recipient-tasks/{task}/done",
            None,
            false,
        ),
    ]
}

async fn call(
    app: &TestApp,
    method: &Method,
    path: &str,
    body: &Option<Value>,
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

#[tokio::test]
async fn only_support_reaches_the_support_console() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let employee = app.login("2002").await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let support = app.login("S1").await;
    let karis = app.file_erasure(&customer).await;
    let ingrids = file_restriction(&app, &employee).await;
    // A rectification of Kari's, for a recipient task to mark done.
    let contact: ContactView = app.get_ok("/api/me/contact", &customer).await;
    let mut details = kari_details();
    details["city"] = json!("Bergen");
    let resp = app
        .put(
            "/api/me/contact",
            &customer,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let tasks: Vec<RecipientTask> = app.get_ok("/api/support/recipient-tasks", &support).await;
    let task = tasks[0].id.clone();
    let path_for =
        |template: &str, request: &str| template.replace("{id}", request).replace("{task}", &task);

    // (who, token, the request named in the path, expected)
    let refused: Vec<(&str, Option<&str>, &str, StatusCode)> = vec![
        ("no session", None, &karis.id, StatusCode::UNAUTHORIZED),
        (
            "unknown session",
            Some(NO_SESSION),
            &karis.id,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "customer, own request",
            Some(&customer),
            &karis.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "customer, another's request",
            Some(&customer),
            &ingrids.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "admin A, own company's request",
            Some(&admin_a),
            &ingrids.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "admin A, another's request",
            Some(&admin_a),
            &karis.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "admin B, company A's request",
            Some(&admin_b),
            &ingrids.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "admin B, a customer's request",
            Some(&admin_b),
            &karis.id,
            StatusCode::FORBIDDEN,
        ),
        (
            "employee, own request",
            Some(&employee),
            &ingrids.id,
            StatusCode::FORBIDDEN,
        ),
    ];
    let before = snapshot_all(&app).await;
    for (who, token, request, expected) in &refused {
        for route in support_routes() {
            let path = path_for(route.path, request);
            let (status, text) = call(&app, &route.method, &path, &route.body, *token).await;
            assert_eq!(status, *expected, "{who}: {} {path}: {text}", route.method);
            let code = if *expected == StatusCode::UNAUTHORIZED {
                "unauthenticated"
            } else {
                "forbidden"
            };
            assert!(
                text.contains(&format!(r#""code":"{code}""#)),
                "{who}: {path}: {text}"
            );
        }
    }
    assert_eq!(
        snapshot_all(&app).await,
        before,
        "a refused call changed something"
    );

    // Executing needs the request assigned.
    crate::support_common::assign(&app, &support, &ingrids.id).await;
    for route in support_routes() {
        let request = if route.on_restriction {
            &ingrids.id
        } else {
            &karis.id
        };
        let path = path_for(route.path, request);
        let (status, text) = call(&app, &route.method, &path, &route.body, Some(&support)).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "support: {} {path}: {text}",
            route.method
        );
    }
}

#[tokio::test]
async fn only_the_subject_or_their_company_admin_answers_a_question() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let other_customer = app.login("3001").await;
    let employee = app.login("2002").await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let support = app.login("S1").await;
    let karis = app.file_erasure(&customer).await;
    let ingrids = app.file_erasure(&employee).await;
    for id in [&karis.id, &ingrids.id] {
        let resp = act(
            &app,
            &support,
            id,
            "ask",
            json!({ "question": "which address?" }),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let answer = Some(json!({ "answer": "the one on file" }));
    let me = |id: &str| format!("/api/me/requests/{id}/answer");
    let people = |person: &str, id: &str| format!("/api/people/{person}/requests/{id}/answer");

    let refused: Vec<(&str, Option<&str>, String, StatusCode)> = vec![
        ("no session", None, me(&karis.id), StatusCode::UNAUTHORIZED),
        (
            "unknown session",
            Some(NO_SESSION),
            me(&karis.id),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "support",
            Some(&support),
            me(&karis.id),
            StatusCode::FORBIDDEN,
        ),
        (
            "support for a person",
            Some(&support),
            people("1001", &karis.id),
            StatusCode::FORBIDDEN,
        ),
        (
            "another customer",
            Some(&other_customer),
            me(&karis.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "customer for another",
            Some(&other_customer),
            people("1001", &karis.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, a private customer's",
            Some(&admin_a),
            people("1001", &karis.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A, own, naming another's request",
            Some(&admin_a),
            me(&ingrids.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B, company A's employee",
            Some(&admin_b),
            people("2002", &ingrids.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B, through /me",
            Some(&admin_b),
            me(&karis.id),
            StatusCode::NOT_FOUND,
        ),
        (
            "employee, naming Kari's request",
            Some(&employee),
            me(&karis.id),
            StatusCode::NOT_FOUND,
        ),
    ];
    let before = snapshot_all(&app).await;
    for (who, token, path, expected) in &refused {
        let (status, text) = call(&app, &Method::POST, path, &answer, *token).await;
        assert_eq!(status, *expected, "{who}: {path}: {text}");
    }
    assert_eq!(
        snapshot_all(&app).await,
        before,
        "a refused answer changed something"
    );

    let (status, text) = call(
        &app,
        &Method::POST,
        &me(&karis.id),
        &answer,
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, text) = call(
        &app,
        &Method::POST,
        &people("2002", &ingrids.id),
        &answer,
        Some(&admin_a),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "admin A for their employee: {text}");
    let answered: RequestView = serde_json::from_str(&text).unwrap();
    assert_eq!(answered.id, ingrids.id);
    let told = crate::support_common::notices(&app)
        .await
        .into_iter()
        .filter(|n| n.2 == "admin_acted" && n.0 == "2002")
        .count();
    assert_eq!(
        told, 1,
        "the employee is told their admin answered for them"
    );
}

#[tokio::test]
async fn recipient_notices_are_seen_by_their_subject_and_their_company_admin_only() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let employee = app.login("2002").await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;
    let support = app.login("S1").await;
    let ingrids = file_restriction(&app, &employee).await;
    crate::support_common::assign(&app, &support, &ingrids.id).await;
    let resp = act(&app, &support, &ingrids.id, "execute", json!({})).await;
    assert_eq!(resp.status(), StatusCode::OK);

    for (who, token, path, expected) in [
        (
            "no session",
            None,
            "/api/me/recipient-notices",
            StatusCode::UNAUTHORIZED,
        ),
        (
            "support",
            Some(support.as_str()),
            "/api/me/recipient-notices",
            StatusCode::FORBIDDEN,
        ),
        (
            "customer for another",
            Some(customer.as_str()),
            "/api/people/2002/recipient-notices",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin B for company A",
            Some(admin_b.as_str()),
            "/api/people/2002/recipient-notices",
            StatusCode::NOT_FOUND,
        ),
        (
            "admin A for a customer",
            Some(admin_a.as_str()),
            "/api/people/1001/recipient-notices",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, text) = call(&app, &Method::GET, path, &None, token).await;
        assert_eq!(status, expected, "{who}: {text}");
    }
    let own: Vec<RecipientNotice> = app.get_ok("/api/me/recipient-notices", &employee).await;
    // Ingrid has no domain and gave no consent to Gravatar: Stripe, PayPal and AWS.
    let keys: Vec<&str> = own.iter().map(|n| n.recipient_key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(
        !keys.contains(&"norid") && !keys.contains(&"gravatar"),
        "{keys:?}"
    );
    let by_admin: Vec<RecipientNotice> = expect_json(
        app.get("/api/people/2002/recipient-notices", &admin_a)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_admin, own);
    let karis: Vec<RecipientNotice> = app.get_ok("/api/me/recipient-notices", &customer).await;
    assert!(karis.is_empty());
}

#[tokio::test]
async fn someone_taken_off_the_staff_loses_the_console_at_once() {
    let app = TestApp::spawn().await;
    let support = app.login("S1").await;
    let _: portal_domain::support::QueuePage = app.get_ok("/api/support/requests", &support).await;

    sqlx::query("DELETE FROM billing_staff WHERE id = 'S1'")
        .execute(&app.db)
        .await
        .unwrap();

    for path in ["/api/support/requests", "/api/support/audit/verify"] {
        let resp = app.get(path, &support).await;
        portal_tests::expect_error(
            resp,
            StatusCode::FORBIDDEN,
            portal_domain::ErrorCode::Forbidden,
        )
        .await;
    }
}
