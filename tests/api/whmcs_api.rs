//! The portal's changes reach WHMCS through WHMCS's own API (played by the PHP stand-in,
//! `tests/whmcs/api`): its checks run, its hooks fire, its refusals come back as clear
//! errors that are never retried, and the host's locked profile fields are respected.

use portal_domain::api::{AccountView, ContactView, NewsletterView};
use portal_domain::{ErrorCode, ValidationCode};
use portal_tests::whmcs::WhmcsDb;
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn whmcs() -> (WhmcsDb, TestApp) {
    let db = WhmcsDb::create().await;
    let app = TestApp::spawn_whmcs(&db).await;
    (db, app)
}

async fn login(app: &TestApp, sub: &str, acct: &str, role: &str) -> String {
    app.login_as(sub, acct, role).await.session_token
}

/// The stand-in's table of actions: which hooks WHMCS fires for each.
fn hooks_of(action: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("whmcs/api/actions.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    table[action]["hooks"]
        .as_array()
        .unwrap_or_else(|| panic!("{action} is not in actions.json"))
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect()
}

/// The worker's pass over pending billing commands, as a server whose lease has run out.
async fn carry_through(app: &TestApp) -> portal_server::changes::billing::CommandReport {
    app.clock
        .advance(portal_server::changes::billing::inline_lease_seconds(&app.state) + 3600);
    portal_server::changes::billing::carry_through(&app.state, "worker", 60, 20)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_newsletter_opt_out_fires_the_hook_the_mailing_list_addon_listens_to() {
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    assert!(hooks_of("UpdateClient").contains(&"ClientEdit".to_string()));

    let resp = app
        .put(
            "/api/me/newsletter",
            &kari,
            &json!({ "subscribed": false, "segment": null }),
        )
        .await;

    let view: NewsletterView = expect_json(resp, StatusCode::OK).await;
    assert!(!view.subscribed);
    assert_eq!(db.api_calls("UpdateClient").await, 1);
    let edits: Vec<Value> = db
        .hooks()
        .await
        .into_iter()
        .filter(|(h, _)| h == "ClientEdit")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0]["userid"].to_string().trim_matches('"'), "1");
    assert_eq!(edits[0]["isOptedInToMarketingEmails"], json!(false));
    // WHMCS's own record of the objection: the flag and a consent row.
    assert_eq!(
        db.value("SELECT CAST(marketing_emails_opt_in AS CHAR) FROM tblclients WHERE id = 1")
            .await,
        "0"
    );
    assert_eq!(
        db.value("SELECT CAST(opt_in AS CHAR) FROM tblmarketing_consent WHERE userid = 1 ORDER BY id DESC LIMIT 1")
            .await,
        "0"
    );
    // Asked again: nothing left to change, so WHMCS is not called again.
    let again = app
        .put(
            "/api/me/newsletter",
            &kari,
            &json!({ "subscribed": false, "segment": null }),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(db.api_calls("UpdateClient").await, 1);
    db.drop_database().await;
}

#[tokio::test]
async fn a_taken_email_is_refused_once_with_409_and_never_retried() {
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    let ola_login = db.value("SELECT email FROM tblusers WHERE id = 2").await;
    let ola_client = db.value("SELECT email FROM tblclients WHERE id = 2").await;

    // Her login's e-mail, as another user's: WHMCS's UpdateUser refuses it.
    let before: ContactView = app.get_ok("/api/me/contact", &kari).await;
    let mut details = serde_json::to_value(&before.details).unwrap();
    details["email"] = json!(ola_login);
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": before.version, "details": details }),
        )
        .await;
    let body = expect_error(resp, StatusCode::CONFLICT, ErrorCode::EmailTaken).await;
    assert_eq!(body.fields[0].field, "email");
    assert_eq!(body.fields[0].code, ValidationCode::Taken);
    assert_eq!(db.api_calls("UpdateUser").await, 1);

    // The account's billing e-mail, as another client's: UpdateClient refuses it.
    let account: AccountView = app.get_ok("/api/me/account", &kari).await;
    let mut acct = serde_json::to_value(&account.details).unwrap();
    acct["email"] = json!(ola_client);
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": account.version, "details": acct }),
        )
        .await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::EmailTaken).await;
    assert_eq!(db.api_calls("UpdateClient").await, 1);

    // Nothing changed, and the worker has nothing to try again.
    assert_ne!(
        db.value("SELECT email FROM tblusers WHERE id = 1").await,
        ola_login
    );
    let report = carry_through(&app).await;
    assert_eq!(report.claimed, 0, "{report:?}");
    assert_eq!(db.api_calls("UpdateUser").await, 1);
    assert_eq!(db.api_calls("UpdateClient").await, 1);
    let refused: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT status, last_error FROM billing_commands WHERE kind IN ('update_contact', 'update_account')",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(refused.len(), 2, "{refused:?}");
    for (status, error) in &refused {
        assert_eq!(status, "refused");
        assert!(
            error.as_deref().unwrap_or("").starts_with("email_taken"),
            "{error:?}"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn a_field_the_host_locked_is_read_only_and_refused() {
    let (db, app) = whmcs().await;
    db.exec("UPDATE tblconfiguration SET value = 'email,address1' WHERE setting = 'ClientsProfileUneditableFields'")
        .await;
    let kari = login(&app, "1", "1", "customer").await;

    let account: AccountView = app.get_ok("/api/me/account", &kari).await;
    assert_eq!(account.locked_fields, vec!["email", "street"]);
    let contact: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(contact.locked_fields, vec!["email"]);

    let mut acct = serde_json::to_value(&account.details).unwrap();
    acct["street"] = json!("Storgata 99");
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": account.version, "details": acct }),
        )
        .await;
    let body = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(body.fields[0].field, "street");
    assert_eq!(body.fields[0].code, ValidationCode::Locked);

    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["email"] = json!("kari.ny@example.no");
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    let body = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(body.fields[0].code, ValidationCode::Locked);
    // The fields the host left open still change.
    let mut acct = serde_json::to_value(&account.details).unwrap();
    acct["city"] = json!("Bergen");
    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": account.version, "details": acct }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(db.api_calls("UpdateUser").await, 0);
    assert_eq!(db.api_calls("UpdateClient").await, 1);
    db.drop_database().await;
}

#[tokio::test]
async fn texts_whmcs_stores_encoded_read_and_write_as_typed() {
    let (db, app) = whmcs().await;
    db.exec("UPDATE tblclients SET companyname = 'Nordlys &amp; S&#039;nn AS' WHERE id = 2")
        .await;
    let ola = login(&app, "2", "2", "company_admin").await;
    let account: AccountView = app.get_ok("/api/me/account", &ola).await;
    assert_eq!(account.details.company, "Nordlys & S'nn AS");

    let kari = login(&app, "1", "1", "customer").await;
    let before: ContactView = app.get_ok("/api/me/contact", &kari).await;
    let mut details = serde_json::to_value(&before.details).unwrap();
    details["name"] = json!("Kari O'Brien & Co");
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": before.version, "details": details }),
        )
        .await;
    let after: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(after.details.name, "Kari O'Brien & Co");
    // Stored as WHMCS stores what it is given, and its UserEdit hook fired.
    assert_eq!(
        db.value("SELECT CONCAT(first_name, '|', last_name) FROM tblusers WHERE id = 1")
            .await,
        "Kari O&#039;Brien &amp;|Co"
    );
    assert!(db.hooks().await.iter().any(|(h, _)| h == "UserEdit"));
    db.drop_database().await;
}

#[tokio::test]
async fn the_portals_mysql_user_has_exactly_the_readmes_grants() {
    use sqlx::Connection;
    let db = WhmcsDb::create().await;
    let user = db
        .url
        .trim_start_matches("mysql://")
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let expected = portal_tests::whmcs::readme_grants(&db.name, &user).len();
    let granted = db
        .value(&format!(
            "SELECT CAST(COUNT(DISTINCT TABLE_NAME) AS CHAR) FROM information_schema.TABLE_PRIVILEGES \
             WHERE GRANTEE = \"'{user}'@'%'\" AND TABLE_SCHEMA = '{}'",
            db.name
        ))
        .await;
    assert_eq!(granted, expected.to_string());
    let mut conn = sqlx::MySqlConnection::connect(&db.url).await.unwrap();
    // What the README does not grant stays out of reach: other addons' settings (their
    // API keys), API credentials and roles.
    for table in ["tbladdonmodules", "tbldeviceauth", "tblapi_roles"] {
        let read = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM {table} LIMIT 1"
        )))
        .fetch_all(&mut conn)
        .await;
        assert!(read.is_err(), "{table} is readable");
    }
    // The row locks the portal takes before a change are allowed (MySQL 8 asks for more
    // than SELECT for them).
    let mut tx = conn.begin().await.unwrap();
    sqlx::query(
        "SELECT command_id FROM mod_privacyportal_commands WHERE command_id = 'x' FOR UPDATE",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    drop(conn);
    db.drop_database().await;
}
