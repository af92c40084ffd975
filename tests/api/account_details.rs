//! An account's own details (`/api/me/account`), apart from anyone's login: only the
//! account's holder sees and corrects them, with the shared rules, a version check, an
//! audit entry, and nothing written when the change is refused. The login's name and
//! e-mail (`/api/me/contact`) stay as they were.

use portal_domain::api::{AccountView, ContactView};
use portal_domain::{ErrorCode, ValidationCode};
use portal_tests::{TestApp, expect_error, expect_json, kari_account_details};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_holder_corrects_the_accounts_details_and_the_login_stays() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let contact: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert!(contact.holds_account);
    let view: AccountView = app.get_ok("/api/me/account", &kari).await;
    assert_eq!(view.details.name, "Kari Nordmann");
    assert_eq!(view.details.street, "Storgata 1");

    let mut details = kari_account_details();
    details["phone"] = json!("22 33 44 55");
    details["address2"] = json!("Leilighet H0301");
    details["state"] = json!("Oslo");
    details["email"] = json!("faktura@kari-nordmann.no");
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": view.version, "details": details }),
        )
        .await;
    let after: AccountView = expect_json(resp, StatusCode::OK).await;
    // Read in the account's country, stored as E.164.
    assert_eq!(after.details.phone, "+4722334455");
    assert_eq!(after.details.address2, "Leilighet H0301");
    assert_eq!(after.details.email, "faktura@kari-nordmann.no");
    assert_ne!(after.version, view.version);
    // The login is hers, and apart: its e-mail is not the account's billing e-mail.
    let login: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(login.details.email, "kari.nordmann@example.no");
    assert_eq!(login.details.phone, contact.details.phone);
    assert_eq!(login.version, contact.version);
    let audit = app
        .rows("SELECT actor_id, action, subject_id, subject_account, fields FROM audit_log WHERE action = 'account.corrected'")
        .await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0]["subject_account"], "A100");
    assert_eq!(audit[0]["fields"], "email,phone,address2,state");

    // The old version is stale now: nothing is overwritten.
    let before = app.snapshot().await;
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": view.version, "details": kari_account_details() }),
        )
        .await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn bad_account_details_are_refused_field_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let view: AccountView = app.get_ok("/api/me/account", &kari).await;
    let before = app.snapshot().await;
    let mut details = kari_account_details();
    details["email"] = json!("not an address");
    details["state"] = json!("x".repeat(101));
    details["postal_code"] = json!("");
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": view.version, "details": details }),
        )
        .await;
    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    let fields: Vec<(String, ValidationCode)> = error
        .fields
        .iter()
        .map(|f| (f.field.clone(), f.code))
        .collect();
    assert_eq!(
        fields,
        [
            ("email".to_string(), ValidationCode::InvalidEmail),
            ("postal_code".to_string(), ValidationCode::Required),
            ("state".to_string(), ValidationCode::TooLong),
        ]
    );
    // A login field is not an account's: refused, not ignored.
    let mut with_language = kari_account_details();
    with_language["language"] = json!("sv");
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": view.version, "details": with_language }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn only_the_holder_reaches_the_accounts_details() {
    let app = TestApp::spawn().await;
    // Anna holds A300 and is invited to the company A200.
    sqlx::query(
        "INSERT INTO billing_person_accounts (person_id, account_id, is_owner, created_at) \
         VALUES ('3001', 'A200', 0, 0)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let own = app.login_as("3001", "A300", "customer").await.session_token;
    let invited = app.login_as("3001", "A200", "customer").await.session_token;
    let employee = app.login("2002").await;
    let ola = app.login("2001").await;
    let kari = app.login("1001").await;

    let annas: AccountView = app.get_ok("/api/me/account", &own).await;
    assert_eq!(annas.details.name, "Anna Svensson");
    let olas: AccountView = app.get_ok("/api/me/account", &ola).await;
    assert_eq!(olas.details.company, "Nordlys Webbyrå AS");
    let karis: AccountView = app.get_ok("/api/me/account", &kari).await;
    assert_ne!(karis.details, annas.details);

    let before = app.snapshot().await;
    // Not the holder: an invited user, an employee, the admin through an employee.
    for (token, base) in [
        (&invited, "/api/me"),
        (&employee, "/api/me"),
        (&ola, "/api/people/2002"),
        (&ola, "/api/people/3001"),
    ] {
        let contact: ContactView = app.get_ok(&format!("{base}/contact"), token).await;
        assert!(!contact.holds_account, "{base}");
        let resp = app.get(&format!("{base}/account"), token).await;
        expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
        let resp = app
            .put(
                &format!("{base}/account"),
                token,
                &json!({ "version": olas.version, "details": kari_account_details() }),
            )
            .await;
        expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    }
    // Another customer's account is not reachable at all.
    let resp = app.get("/api/people/1001/account", &own).await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused call changed something"
    );
}
