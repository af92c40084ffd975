//! The portal on a real WHMCS 8 schema in MariaDB: who may launch it, what it reads, and
//! what its writes leave in WHMCS's own tables. The fixture's ids are in
//! `tests/whmcs/README.md`: user 1 Kari owns private client 1, user 2 Ola owns company
//! client 2 with users 3 (Ingrid) and 4 (Lars) and contact 1, user 5 Anna owns Swedish
//! client 3, user 6 owns company client 4, user 8 belongs to clients 1 and 4; admin 1 is
//! active staff, admin 2 disabled, admin 3 active in a role that may only triage.

use portal_domain::api::{
    AccountPerson, AccountView, ContactView, NewsletterView, Overview, RequestStatus,
};
use portal_domain::{ErrorCode, ValidationCode};
use portal_tests::whmcs::WhmcsDb;
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support_common::{act, execute, file_restriction, queue, snapshot_all};

async fn whmcs() -> (WhmcsDb, TestApp) {
    let db = WhmcsDb::create().await;
    let app = TestApp::spawn_whmcs(&db).await;
    (db, app)
}

async fn login(app: &TestApp, sub: &str, acct: &str, role: &str) -> String {
    app.login_as(sub, acct, role).await.session_token
}

#[tokio::test]
async fn a_launch_is_checked_against_whmcs_users_owners_and_admins() {
    let (db, app) = whmcs().await;
    for (sub, acct, role, ok) in [
        ("1", "1", "customer", true),
        ("2", "2", "company_admin", true),
        ("3", "2", "customer", true),
        // Not the owner of the company account.
        ("3", "2", "company_admin", false),
        // The owner of a private account is no company admin.
        ("1", "1", "company_admin", false),
        // Not linked to that client.
        ("3", "1", "customer", false),
        ("8", "4", "customer", true),
        ("8", "2", "customer", false),
        ("contact-1", "2", "customer", true),
        ("999", "1", "customer", false),
        ("admin-1", "staff", "support", true),
        // Active, in a role the addon lets triage only.
        ("admin-3", "staff", "support", true),
        // Disabled staff, and a user who is no admin.
        ("admin-2", "staff", "support", false),
        ("1", "staff", "support", false),
    ] {
        let resp = app.exchange(&app.mint(sub, acct, role)).await;
        let status = resp.status();
        assert_eq!(
            status == StatusCode::CREATED,
            ok,
            "{sub}/{acct}/{role}: {}",
            resp.text().await.unwrap_or_default()
        );
    }
    // A contact cannot log in to WHMCS, but a token for one is no more than the host's
    // word: the host decides who logs in; the portal checks the person exists there.
    let staff = app.login_as("admin-1", "staff", "support").await;
    assert_eq!(staff.person.display_name, "Siri Støtte");
    db.drop_database().await;
}

#[tokio::test]
async fn an_owner_sees_their_login_and_the_clients_details_apart_and_an_employee_only_their_login()
{
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    let ingrid = login(&app, "3", "2", "customer").await;
    let anna = login(&app, "5", "3", "customer").await;

    let k: ContactView = app.get_ok("/api/me/contact", &kari).await;
    let i: ContactView = app.get_ok("/api/me/contact", &ingrid).await;
    let a: ContactView = app.get_ok("/api/me/contact", &anna).await;

    // Her login (tblusers): name, e-mail, language; no address of its own.
    assert_eq!(k.details.name, "Kari Nordmann");
    assert_eq!(k.details.phone, "");
    assert_eq!(k.fields, ["name", "email", "language"]);
    assert!(k.holds_account);
    // The client she owns (tblclients), apart.
    let account: AccountView = app.get_ok("/api/me/account", &kari).await;
    assert_eq!(account.details.name, "Kari Nordmann");
    assert_eq!(account.details.phone, "+4791234567");
    assert_eq!(account.details.city, "Oslo");
    assert_eq!(account.details.country, "NO");
    assert_eq!(i.details.name, "Ingrid Berg");
    assert_eq!(i.details.street, "");
    assert_eq!(i.fields, ["name", "email", "language"]);
    assert!(!i.holds_account);
    let resp = app.get("/api/me/account", &ingrid).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    assert_eq!(a.details.language, portal_domain::Locale::Sv);
    // The personnummer is the configured client custom field, masked.
    assert_eq!(a.personnummer_masked.as_deref(), Some("19800101-****"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_correction_updates_whmcs_leaves_an_activity_entry_and_refuses_a_stale_revision() {
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    let login_before = db
        .value("SELECT CONCAT(first_name, ' ', email) FROM tblusers WHERE id = 1")
        .await;
    let before: AccountView = app.get_ok("/api/me/account", &kari).await;
    let mut details = serde_json::to_value(&before.details).unwrap();
    details["phone"] = json!("912 34 000");
    details["city"] = json!("Bergen");
    details["address2"] = json!("Leilighet H0201");
    details["state"] = json!("Vestland");

    let resp = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": before.version, "details": details }),
        )
        .await;

    let after: AccountView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(after.details.phone, "+4791234000");
    assert_ne!(after.version, before.version);
    let row = &db
        .rows("SELECT phonenumber, city, address2, state FROM tblclients WHERE id = 1")
        .await[0];
    assert_eq!(row["phonenumber"], "+47.91234000");
    assert_eq!(row["city"], "Bergen");
    assert_eq!(row["address2"], "Leilighet H0201");
    assert_eq!(row["state"], "Vestland");
    // Her login is another record: untouched.
    assert_eq!(
        db.value("SELECT CONCAT(first_name, ' ', email) FROM tblusers WHERE id = 1")
            .await,
        login_before
    );
    let log = db
        .rows("SELECT description, user, CAST(userid AS CHAR) AS userid FROM tblactivitylog WHERE user = 'Privacy portal'")
        .await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0]["description"].contains("phone, address2, city, state"),
        "{log:?}"
    );
    assert_eq!(log[0]["userid"], "1");

    // The version read before is stale now: refused, nothing written.
    details["city"] = json!("Tromsø");
    let stale = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": before.version, "details": details }),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
    assert_eq!(
        db.value("SELECT city FROM tblclients WHERE id = 1").await,
        "Bergen"
    );

    // A change made in WHMCS itself makes the portal's version stale too.
    db.exec("UPDATE tblclients SET address1 = 'Storgata 9' WHERE id = 1")
        .await;
    details["city"] = json!("Bergen");
    let under = app
        .put(
            "/api/me/account",
            &kari,
            &json!({ "version": after.version, "details": details }),
        )
        .await;
    expect_error(under, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
    assert_eq!(
        db.value("SELECT address1 FROM tblclients WHERE id = 1")
            .await,
        "Storgata 9"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn what_whmcs_does_not_keep_for_a_user_cannot_be_set_and_emoji_are_refused() {
    let (db, app) = whmcs().await;
    let ingrid = login(&app, "3", "2", "customer").await;
    let view: ContactView = app.get_ok("/api/me/contact", &ingrid).await;
    let mut details = serde_json::to_value(&view.details).unwrap();
    details["street"] = json!("Kaigaten 4");

    let resp = app
        .put(
            "/api/me/contact",
            &ingrid,
            &json!({ "version": view.version, "details": details }),
        )
        .await;

    let err = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(err.fields[0].field, "street");
    assert_eq!(err.fields[0].code.code(), "not_kept");

    // Her name is hers to correct: her login changes, the company's client row does not.
    details["street"] = json!("");
    details["name"] = json!("Ingrid Berg-Olsen");
    let ok = app
        .put(
            "/api/me/contact",
            &ingrid,
            &json!({ "version": view.version, "details": details }),
        )
        .await;
    let _: ContactView = expect_json(ok, StatusCode::OK).await;
    let user = &db
        .rows("SELECT first_name, last_name FROM tblusers WHERE id = 3")
        .await[0];
    assert_eq!(user["first_name"], "Ingrid");
    assert_eq!(user["last_name"], "Berg-Olsen");
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 2")
            .await,
        "Ola"
    );

    // utf8mb3 cannot hold emoji: refused before anything is written.
    let view: ContactView = app.get_ok("/api/me/contact", &ingrid).await;
    let mut details = serde_json::to_value(&view.details).unwrap();
    details["name"] = json!("Ingrid 😀");
    let resp = app
        .put(
            "/api/me/contact",
            &ingrid,
            &json!({ "version": view.version, "details": details }),
        )
        .await;
    let err = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(err.fields[0].code.code(), "unsupported_characters");
    assert_eq!(
        db.value("SELECT last_name FROM tblusers WHERE id = 3")
            .await,
        "Berg-Olsen"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn leaving_the_newsletter_opts_out_in_whmcs_with_a_consent_row() {
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    let consents_before: usize = db
        .rows("SELECT id FROM tblmarketing_consent WHERE userid = 1")
        .await
        .len();

    // She opted in in WHMCS; the portal shows it, and she can leave here.
    let view: NewsletterView = app.get_ok("/api/me/newsletter", &kari).await;
    assert!(view.subscribed);
    let resp = app
        .put(
            "/api/me/newsletter",
            &kari,
            &json!({ "subscribed": false, "segment": null }),
        )
        .await;

    let view: NewsletterView = expect_json(resp, StatusCode::OK).await;
    assert!(!view.subscribed);
    let flags = &db
        .rows("SELECT CAST(marketing_emails_opt_in AS SIGNED) AS opt_in, CAST(emailoptout AS SIGNED) AS opt_out FROM tblclients WHERE id = 1")
        .await[0];
    assert_eq!(flags["opt_in"], "0");
    assert_eq!(flags["opt_out"], "1");
    let consents = db
        .rows("SELECT CAST(opt_in AS SIGNED) AS opt_in FROM tblmarketing_consent WHERE userid = 1 ORDER BY id")
        .await;
    assert_eq!(consents.len(), consents_before + 1);
    assert_eq!(consents.last().unwrap()["opt_in"], "0");
    assert!(
        !db.rows(
            "SELECT id FROM tblactivitylog WHERE description LIKE 'Opted Out from Marketing Emails%'"
        )
        .await
        .is_empty()
    );
    db.drop_database().await;
}

/// Secrets of the fixture (hashes, tokens, 2FA, card and bank blobs, EPP codes, gateway
/// customer ids, ticket access keys) that must never leave WHMCS.
const SECRETS: &[&str] = &[
    "$2y$10$",
    "rmb-kari",
    "rst-ingrid",
    "ZW5jOmNhcmRudW06",
    "ZW5jOmV4cGRhdGU6",
    "ZW5jOnsic2VjcmV0",
    "ZW5jOmJhbmthY2N0",
    "EPP-7Qx",
    "cus_KxFixture",
    "ZW5jOmhvc3RpbmctcGFzc3dvcmQt",
];

#[tokio::test]
async fn the_export_holds_what_whmcs_holds_and_no_secret() {
    let (db, app) = whmcs().await;
    for (sub, acct) in [("1", "1"), ("2", "2"), ("5", "3")] {
        let role = if sub == "2" {
            "company_admin"
        } else {
            "customer"
        };
        let token = login(&app, sub, acct, role).await;
        let resp = app.get("/api/me/export", &token).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let text = resp.text().await.unwrap();
        for s in SECRETS {
            assert!(!text.contains(s), "{sub}: the export holds {s}");
        }
        let doc: Value = serde_json::from_str(&text).unwrap();
        let c = &doc["categories"];
        assert!(
            c["contact"]["records"]["login"][0]["email"].is_string(),
            "{sub}"
        );
        if sub == "1" {
            let h = &c["history"]["records"];
            assert!(!h["activity_log"].as_array().unwrap().is_empty());
            assert!(!h["emails"].as_array().unwrap().is_empty());
            assert_eq!(h["ticket_replies"].as_array().unwrap().len(), 2);
            let cr = &c["customer_relationship"]["records"];
            assert_eq!(cr["invoices"].as_array().unwrap().len(), 3);
            assert_eq!(cr["invoice_snapshots"].as_array().unwrap().len(), 1);
            assert!(!cr["transactions"].as_array().unwrap().is_empty());
            assert!(
                !c["consents"]["records"]["marketing_consent_history"]
                    .as_array()
                    .unwrap()
                    .is_empty()
            );
        }
        if sub == "5" {
            let ids = c["identification"]["records"]["identity_numbers"]
                .as_array()
                .unwrap();
            let values: Vec<&str> = ids.iter().map(|i| i["value"].as_str().unwrap()).collect();
            assert!(values.contains(&"19800101-1234"), "{values:?}");
            assert!(values.contains(&"198001011234"), "{values:?}");
        }
    }
    // The overview counts what the export lists.
    let kari = login(&app, "1", "1", "customer").await;
    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;
    let history = overview
        .categories
        .iter()
        .find(|c| c.category == portal_domain::api::DataCategory::History)
        .unwrap();
    assert!(history.records > 0);
    db.drop_database().await;
}

#[tokio::test]
async fn an_erasure_anonymises_kari_across_whmcs_and_keeps_what_the_law_holds() {
    let (db, app) = whmcs().await;
    db.keep_invoice_snapshots().await;
    db.end_domains(1).await;
    // Ways back in: her login's Google sign-in, her client's Facebook one from before
    // WHMCS 8, and a pending invitation to her client.
    db.exec(
        "INSERT INTO tblauthn_account_links (provider, remote_user_id, user_id, client_id, contact_id, created_at) \
         VALUES ('google', 'g-kari', 1, NULL, NULL, NOW()), ('facebook', 'fb-kari', NULL, 1, NULL, NOW()), \
         ('google', 'g-ola', 2, NULL, NULL, NOW())",
    )
    .await;
    db.exec(
        "INSERT INTO tbluser_invites (token, email, client_id, invited_by, permissions, created_at) \
         VALUES ('tok-regnskap', 'regnskap@example.no', 1, 1, 'invoices', NOW())",
    )
    .await;
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let support = login(&app, "admin-1", "staff", "support").await;
    let kept_invoices: Vec<String> = db
        .rows("SELECT CAST(id AS CHAR) AS id FROM tblinvoices WHERE userid = 1 AND date >= CURDATE() - INTERVAL 4 YEAR")
        .await
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(kept_invoices.len(), 2);

    let done = execute(&app, &support, &request.id).await;

    assert_eq!(done.status, RequestStatus::Completed);
    // WHMCS still logs her in (the owner's link stays); the portal opens nothing for her.
    let resp = app.exchange(&app.mint("1", "1", "customer")).await;
    expect_error(
        resp,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidLaunchToken,
    )
    .await;
    let client = &db
        .rows("SELECT firstname, lastname, email, address1, phonenumber, ip, notes, cardnum FROM tblclients WHERE id = 1")
        .await[0];
    assert_eq!(client["firstname"], "Erased");
    assert!(client["email"].ends_with("@erased.invalid"), "{client:?}");
    for col in ["address1", "phonenumber", "ip", "notes", "cardnum"] {
        assert_eq!(client[col], "", "{col}");
    }
    let user = &db
        .rows("SELECT first_name, email, password, remember_token, last_ip FROM tblusers WHERE id = 1")
        .await[0];
    assert_eq!(user["first_name"], "Erased");
    assert_eq!(user["password"], "");
    assert_eq!(user["last_ip"], "");
    // No way back in: her sign-in links and her client's invitations are gone; Ola's
    // sign-in is his.
    assert_eq!(
        db.value("SELECT GROUP_CONCAT(remote_user_id) FROM tblauthn_account_links")
            .await,
        "g-ola"
    );
    assert_eq!(
        db.value("SELECT CAST(COUNT(*) AS CHAR) FROM tbluser_invites WHERE client_id = 1")
            .await,
        "0"
    );
    // Tickets and replies, e-mails, notes, the activity log's IPs and the person's name.
    assert!(
        db.rows("SELECT id FROM tbltickets WHERE userid = 1 AND title <> '[erased]'")
            .await
            .is_empty()
    );
    assert!(db.rows("SELECT r.id FROM tblticketreplies r JOIN tbltickets t ON t.id = r.tid WHERE t.userid = 1 AND r.message <> '[erased]'").await.is_empty());
    assert!(
        db.rows("SELECT id FROM tblemails WHERE userid = 1")
            .await
            .is_empty()
    );
    assert!(
        db.rows("SELECT id FROM tblnotes WHERE userid = 1")
            .await
            .is_empty()
    );
    assert!(
        db.rows("SELECT id FROM tblactivitylog WHERE userid = 1 AND ipaddr <> ''")
            .await
            .is_empty()
    );
    assert!(
        db.rows(
            "SELECT id FROM tblactivitylog WHERE description LIKE '%kari.nordmann@example.no%'"
        )
        .await
        .is_empty()
    );
    assert!(
        db.rows(
            "SELECT id FROM tblorders WHERE userid = 1 AND (ipaddress <> '' OR fraudoutput <> '')"
        )
        .await
        .is_empty()
    );
    assert!(
        db.rows("SELECT id FROM tblmarketing_consent WHERE userid = 1 AND ip_address <> ''")
            .await
            .is_empty()
    );
    // Every invoice the bookkeeping law keeps still names its buyer, in its snapshot.
    for id in &kept_invoices {
        let snapshot = db
            .rows(&format!(
                "SELECT clientsdetails FROM mod_invoicedata WHERE invoiceid = {id}"
            ))
            .await;
        assert_eq!(snapshot.len(), 1, "invoice {id}");
        assert!(
            snapshot[0]["clientsdetails"].contains("Nordmann"),
            "invoice {id}"
        );
    }
    // The seven-year-old invoice is past its five years: gone.
    assert_eq!(
        db.value("SELECT CAST(COUNT(*) AS CHAR) FROM tblinvoices WHERE userid = 1")
            .await,
        "2"
    );
    // Her domains are no longer registered with the host (one transferred away, one
    // cancelled): gone, as the ended service is.
    assert!(
        db.rows("SELECT domain FROM tbldomains WHERE userid = 1")
            .await
            .is_empty()
    );
    assert!(
        db.rows("SELECT id FROM tblhosting WHERE id = 2")
            .await
            .is_empty()
    );
    // Applied once, and recorded so.
    assert_eq!(
        db.rows("SELECT command_id FROM mod_privacyportal_commands WHERE kind = 'erase_person'")
            .await
            .len(),
        1
    );
    let ledger = app
        .rows("SELECT record_kind, record_id FROM retention_ledger ORDER BY record_kind, record_id")
        .await;
    assert!(
        ledger
            .iter()
            .any(|l| l["record_kind"] == "service" && l["record_id"] == "1")
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_restriction_leaves_a_sticky_note_for_whmcs_staff_until_it_is_lifted() {
    let (db, app) = whmcs().await;
    let anna = login(&app, "5", "3", "customer").await;
    let request = file_restriction(&app, &anna).await;
    let support = login(&app, "admin-1", "staff", "support").await;

    execute(&app, &support, &request.id).await;

    let notes = db
        .rows("SELECT note, CAST(sticky AS SIGNED) AS sticky FROM tblnotes WHERE userid = 3")
        .await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["sticky"], "1");
    assert!(notes[0]["note"].contains("RESTRICTED"));
    // Services keep running.
    assert_eq!(
        db.value("SELECT CAST(domainstatus AS CHAR) FROM tblhosting WHERE userid = 3")
            .await,
        "Active"
    );

    for step in ["announce-lifting", "lift"] {
        let resp = app
            .post(
                &format!("/api/support/requests/{}/restriction/{step}", request.id),
                &support,
                &json!({}),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK, "{step}");
    }
    let notes = db
        .rows("SELECT note, CAST(sticky AS SIGNED) AS sticky FROM tblnotes WHERE userid = 3 ORDER BY id")
        .await;
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.iter().all(|n| n["sticky"] == "0"));
    assert!(notes[1]["note"].contains("lifted"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_company_admin_reaches_the_users_and_contacts_of_their_own_client_only() {
    let (db, app) = whmcs().await;
    let ola = login(&app, "2", "2", "company_admin").await;
    let per = login(&app, "6", "4", "company_admin").await;
    let ingrid = login(&app, "3", "2", "customer").await;
    let support = login(&app, "admin-1", "staff", "support").await;

    let people: Vec<AccountPerson> = app.get_ok("/api/people", &ola).await;
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    for id in ["2", "3", "4", "contact-1"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    assert_eq!(people.iter().filter(|p| p.is_admin).count(), 1);

    // A contact's details are the company's to correct.
    let contact: ContactView = app.get_ok("/api/people/contact-1/contact", &ola).await;
    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["phone"] = json!("+47 400 00 000");
    let resp = app
        .put(
            "/api/people/contact-1/contact",
            &ola,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(
        db.value("SELECT phonenumber FROM tblcontacts WHERE id = 1")
            .await,
        "+47.40000000"
    );

    // A user's name, e-mail and language are their login, one across all their accounts:
    // the admin sees them read-only and cannot change them.
    let user: ContactView = app.get_ok("/api/people/3/contact", &ola).await;
    assert_eq!(user.login_fields, ["name", "email", "language"]);
    assert!(contact.login_fields.is_empty());
    for (field, value) in [
        ("email", json!("ola.overtar@nordlys.example.no")),
        ("name", json!("Ingrid Annen")),
        ("language", json!("en")),
    ] {
        let mut details = serde_json::to_value(&user.details).unwrap();
        details[field] = value;
        let resp = app
            .put(
                "/api/people/3/contact",
                &ola,
                &json!({ "version": user.version, "details": details }),
            )
            .await;
        let error = expect_error(
            resp,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        )
        .await;
        assert_eq!(error.fields[0].field, field);
        assert_eq!(error.fields[0].code, ValidationCode::OwnLogin);
    }
    assert_eq!(
        db.value("SELECT CONCAT(first_name, ' ', email, ' ', language) FROM tblusers WHERE id = 3")
            .await,
        "Ingrid ingrid.berg@nordlys.example.no norwegian"
    );
    // Ingrid herself can.
    let mine: ContactView = app.get_ok("/api/me/contact", &ingrid).await;
    let mut details = serde_json::to_value(&mine.details).unwrap();
    details["email"] = json!("ingrid.b@nordlys.example.no");
    let resp = app
        .put(
            "/api/me/contact",
            &ingrid,
            &json!({ "version": mine.version, "details": details }),
        )
        .await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;

    // Another company's admin, a plain user and support are refused.
    let other = app.get("/api/people/3/contact", &per).await;
    expect_error(other, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let other = app.get("/api/people/contact-1/contact", &per).await;
    expect_error(other, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let plain = app.get("/api/people", &ingrid).await;
    expect_error(plain, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    let plain = app.get("/api/people/4/contact", &ingrid).await;
    expect_error(plain, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let staff = app.get("/api/me/contact", &support).await;
    expect_error(staff, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    // A customer on the console is refused too.
    let console = app.get("/api/support/requests", &ingrid).await;
    expect_error(console, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    db.drop_database().await;
}

#[tokio::test]
async fn support_finds_whmcs_people_by_name_or_address_and_sees_their_names() {
    let (db, app) = whmcs().await;
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let support = login(&app, "admin-1", "staff", "support").await;

    for q in ["kari.nordmann", "NORDMANN", "1"] {
        let page: portal_domain::support::QueuePage = app
            .get_ok(&format!("/api/support/requests?q={q}"), &support)
            .await;
        assert_eq!(page.items.len(), 1, "{q}");
        assert_eq!(page.items[0].id, request.id);
        assert_eq!(page.items[0].subject.name, "Kari Nordmann");
        assert_eq!(page.items[0].subject.account_name, "Kari Nordmann");
        // The console says the retention sweep waits for the operator.
        assert!(page.retention_sweep_off);
    }
    let none: portal_domain::support::QueuePage = app
        .get_ok("/api/support/requests?q=svensson", &support)
        .await;
    assert!(none.items.is_empty());
    db.drop_database().await;
}

#[tokio::test]
async fn a_whmcs_database_missing_a_column_stops_start_up_naming_it() {
    let db = WhmcsDb::create().await;
    db.exec("ALTER TABLE tblclients DROP COLUMN tax_id").await;
    db.exec("DROP TABLE mod_privacyportal_logins").await;
    let scratch = portal_tests::Scratch::new();
    let keys = portal_server::auth::keys::generate();
    let mut settings = portal_tests::test_settings(
        portal_tests::database::fresh_database_url(scratch.path()).await,
        &keys.public_pem,
        scratch.path(),
    );
    settings.billing_url = Some(db.url.clone());

    let failed = portal_server::Application::build(settings).await;

    let message = match failed {
        Ok(_) => panic!("started without tblclients.tax_id"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("tblclients.tax_id"), "{message}");
    assert!(
        message.contains("mod_privacyportal_logins.user_agent"),
        "{message}"
    );
    assert!(message.contains("addon"), "{message}");
    db.drop_database().await;
}

#[tokio::test]
async fn the_retention_sweep_applies_the_customer_rule_to_a_whmcs_client() {
    let (db, app) = whmcs().await;
    db.keep_invoice_snapshots().await;
    // Anna's only service ended four years ago: the three-year customer rule applies.
    db.exec(
        "UPDATE tblhosting SET domainstatus = 'Terminated', termination_date = CURDATE() - INTERVAL 4 YEAR WHERE id = 5",
    )
    .await;
    let sweep = |dry_run| {
        portal_server::retention::sweep::run_sweep(
            &app.state,
            &app.operator,
            app.clock.now(),
            dry_run,
        )
    };

    // She logged in five days ago (the fixture): the relationship has not ended.
    let still = sweep(true).await.unwrap();
    assert!(
        !still.actions.iter().any(|a| a.action == "erase_person"),
        "{still}"
    );
    // Nor while she pays or writes to support; four years of silence on all of it, and
    // the rule applies.
    for (sql, what) in [
        (
            "UPDATE tblusers_clients SET last_login = CURDATE() - INTERVAL 4 YEAR WHERE client_id = 3",
            None,
        ),
        (
            "UPDATE tblclients SET lastlogin = CURDATE() - INTERVAL 4 YEAR WHERE id = 3",
            None,
        ),
        (
            "INSERT INTO tblaccounts (userid, currency, gateway, date, description, amountin, fees, amountout, rate, transid, invoiceid, refundid) \
             VALUES (3, 0, 'stripe', NOW() - INTERVAL 1 MONTH, 'Payment', 100, 0, 0, 1, 'ch_late', 0, 0)",
            Some("a payment a month ago"),
        ),
        ("DELETE FROM tblaccounts WHERE userid = 3", None),
    ] {
        db.exec(sql).await;
        if let Some(what) = what {
            let kept = sweep(true).await.unwrap();
            assert!(
                !kept.actions.iter().any(|a| a.action == "erase_person"),
                "{what}: {kept}"
            );
        }
    }

    let dry = sweep(true).await.unwrap();

    assert!(
        dry.actions
            .iter()
            .any(|a| a.action == "erase_person" && a.record_id == "5"),
        "{dry}"
    );
    assert_eq!(
        db.value("SELECT first_name FROM tblusers WHERE id = 5")
            .await,
        "Anna"
    );

    let real = sweep(false).await.unwrap();

    assert_eq!(
        real.actions, dry.actions,
        "the dry run said what the run does"
    );
    assert_eq!(
        db.value("SELECT first_name FROM tblusers WHERE id = 5")
            .await,
        "Erased"
    );
    // Her .se domain is still registered, with her as its registrant: the account's
    // name and address stay while it is (the domain rule), and so does the registrant
    // field.
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 3")
            .await,
        "Anna"
    );
    assert_eq!(
        db.value("SELECT value FROM tbldomainsadditionalfields WHERE domainid = 3")
            .await,
        "198001011234"
    );
    // The account's own record, her personnummer field with it, stays with the domain.
    assert_eq!(
        db.value("SELECT value FROM tblcustomfieldsvalues WHERE fieldid = 1 AND relid = 3")
            .await,
        "19800101-1234"
    );
    // A second run finds nothing left to do.
    assert!(sweep(false).await.unwrap().actions.is_empty());
    db.drop_database().await;
}

#[tokio::test]
async fn a_whmcs_database_without_the_demo_customers_gets_no_demo_queue() {
    let (db, app) = whmcs().await;
    let before = app.rows("SELECT id FROM privacy_requests").await.len();

    portal_server::demo::seed_requests(&app.state, &app.keys.private_pem, portal_server::http::app)
        .await
        .expect("no demo queue is not an error");

    assert_eq!(
        app.rows("SELECT id FROM privacy_requests").await.len(),
        before
    );
    db.drop_database().await;
}

/// Eva (user 8) uses one login for Kari's private client 1 and for company client 4. An
/// erasure she files on client 4 takes her off client 4 and nothing else: she still
/// opens the portal on client 1 as herself, her login is intact, and Kari's client is
/// untouched. On client 4 she cannot open it again.
#[tokio::test]
async fn an_erasure_filed_on_one_account_leaves_the_same_login_on_another_whole() {
    let (db, app) = whmcs().await;
    db.exec(
        "INSERT INTO mod_privacyportal_logins (user_id, client_id, at, ip, user_agent) VALUES \
         (8, 4, NOW(), '192.0.2.84', 'Firefox'), (8, 1, NOW(), '192.0.2.81', 'Safari')",
    )
    .await;
    db.exec(
        "INSERT INTO tblauthn_account_links (provider, remote_user_id, user_id, created_at) \
         VALUES ('google', 'g-eva', 8, NOW())",
    )
    .await;
    db.exec(
        "INSERT INTO tbluser_invites (token, email, client_id, invited_by, permissions, accepted_at, created_at) \
         VALUES ('tok-eva-4', 'eva.lund@example.no', 4, 6, 'profile', NOW(), NOW()), \
         ('tok-eva-1', 'eva.lund@example.no', 1, 1, 'invoices', NOW(), NOW())",
    )
    .await;
    let eva = login(&app, "8", "4", "customer").await;
    let request = app.file_erasure(&eva).await;
    let support = login(&app, "admin-1", "staff", "support").await;
    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);

    assert_eq!(
        db.value("SELECT GROUP_CONCAT(client_id) FROM tblusers_clients WHERE auth_user_id = 8")
            .await,
        "1"
    );
    assert_eq!(
        db.value("SELECT CONCAT(first_name, ' ', email) FROM tblusers WHERE id = 8")
            .await,
        "Eva eva.lund@example.no"
    );
    assert_eq!(
        db.value("SELECT GROUP_CONCAT(ip ORDER BY client_id) FROM mod_privacyportal_logins WHERE user_id = 8")
            .await,
        "192.0.2.81,"
    );
    assert_eq!(
        db.value("SELECT CONCAT(firstname, ' ', email) FROM tblclients WHERE id = 1")
            .await,
        "Kari kari.nordmann@example.no"
    );
    let resp = app.exchange(&app.mint("8", "4", "customer")).await;
    expect_error(
        resp,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidLaunchToken,
    )
    .await;
    // Her login's sign-in stays with the login; the invitation to client 4 goes, the one
    // to client 1 stays.
    assert_eq!(
        db.value(
            "SELECT GROUP_CONCAT(remote_user_id) FROM tblauthn_account_links WHERE user_id = 8"
        )
        .await,
        "g-eva"
    );
    assert_eq!(
        db.value(
            "SELECT GROUP_CONCAT(token) FROM tbluser_invites WHERE email = 'eva.lund@example.no'"
        )
        .await,
        "tok-eva-1"
    );

    let eva = login(&app, "8", "1", "customer").await;
    let mine: ContactView = app.get_ok("/api/me/contact", &eva).await;
    assert_eq!(mine.details.name, "Eva Lund");
    assert_eq!(mine.details.email, "eva.lund@example.no");
    db.drop_database().await;
}

/// What Eva (user 8) does on company client 4 stays on client 4, and what she does on
/// Kari's client 1 stays there: neither her own session on the other account nor the
/// company admin of client 4 (Per, user 6) lists or reaches it, by id or otherwise.
#[tokio::test]
async fn the_same_login_on_another_account_reaches_nothing_of_this_one() {
    let (db, app) = whmcs().await;
    let on_4 = login(&app, "8", "4", "customer").await;
    let on_1 = login(&app, "8", "1", "customer").await;
    let per = login(&app, "6", "4", "company_admin").await;
    let support = login(&app, "admin-1", "staff", "support").await;

    // On client 4: an erasure request support asks about, the newsletter, a purpose, a
    // corrected language.
    let request = app.file_erasure(&on_4).await;
    crate::support_common::assign(&app, &support, &request.id).await;
    let resp = crate::support_common::act(
        &app,
        &support,
        &request.id,
        "ask",
        json!({ "question": "Which account do you mean?" }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let subscribe = json!({ "subscribed": true, "segment": "business" });
    let resp = app.put("/api/me/newsletter", &on_4, &subscribe).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let off = json!({ "active": false });
    let resp = app.put("/api/me/purposes/product_news", &on_4, &off).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap()
    );
    let contact: ContactView = app.get_ok("/api/me/contact", &on_4).await;
    let mut details = contact.details.clone();
    details.language = portal_domain::Locale::En;
    let body = json!({ "version": contact.version, "details": details });
    let resp = app.put("/api/me/contact", &on_4, &body).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap()
    );

    // On client 1 none of it is there, and the request is not reachable by its id.
    let requests: Vec<Value> = app.get_ok("/api/me/requests", &on_1).await;
    assert!(requests.is_empty(), "{requests:?}");
    let withdraw = format!("/api/me/requests/{}/withdraw", request.id);
    let resp = app.post(&withdraw, &on_1, &json!({})).await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let answer = format!("/api/me/requests/{}/answer", request.id);
    let reply = json!({ "answer": "Client 4." });
    let resp = app.post(&answer, &on_1, &reply).await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let newsletter: NewsletterView = app.get_ok("/api/me/newsletter", &on_1).await;
    assert!(newsletter.changed_at.is_none(), "{newsletter:?}");
    let purposes: Value = app.get_ok("/api/me/purposes", &on_1).await;
    assert_eq!(purposes["history"], json!([]), "{purposes}");
    let contact: ContactView = app.get_ok("/api/me/contact", &on_1).await;
    assert!(contact.changes.is_empty(), "{:?}", contact.changes);
    let passed_on: Vec<Value> = app.get_ok("/api/me/recipient-notices", &on_1).await;
    assert!(passed_on.is_empty(), "{passed_on:?}");
    let export = app.export(&on_1).await;
    assert!(
        !export.to_string().contains(&request.id),
        "the export on client 1 names the request of client 4"
    );
    // A request pending on client 4 neither blocks nor reveals one on client 1.
    let own = app.file_erasure(&on_1).await;
    assert_ne!(own.id, request.id);

    // Per, the admin of client 4, reaches Eva's client-4 request and not her client-1 one.
    let seen: Vec<Value> = app.get_ok("/api/people/8/requests", &per).await;
    let ids: Vec<&str> = seen.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, [request.id.as_str()]);
    let resp = app
        .post(
            &format!("/api/people/8/requests/{}/withdraw", own.id),
            &per,
            &json!({}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;

    // The answer on the right account is taken.
    let resp = app.post(&answer, &on_4, &reply).await;
    assert_eq!(resp.status(), StatusCode::OK);
    db.drop_database().await;
}

/// An owner's login and the client they own are two records in WHMCS: Ola's login is
/// `ola.hansen@…`, Nordlys's billing mailbox `faktura@…` in the name of its bookkeeper.
/// Correcting his login's e-mail changes neither the client's name nor its billing
/// e-mail; correcting the client's phone leaves his login alone.
#[tokio::test]
async fn an_owners_correction_never_overwrites_the_accounts_name_or_billing_email() {
    let (db, app) = whmcs().await;
    db.exec(
        "UPDATE tblclients SET firstname = 'Randi', lastname = 'Regnskap', \
         email = 'faktura@nordlys.example.no' WHERE id = 2",
    )
    .await;
    let ola = login(&app, "2", "2", "company_admin").await;
    let client_before = db
        .value("SELECT CONCAT(firstname, ' ', lastname, ' ', email, ' ', phonenumber) FROM tblclients WHERE id = 2")
        .await;
    let before: ContactView = app.get_ok("/api/me/contact", &ola).await;
    assert_eq!(before.details.email, "ola.hansen@nordlys.example.no");
    let mut details = serde_json::to_value(&before.details).unwrap();
    details["email"] = json!("ola@nordlys.example.no");
    let resp = app
        .put(
            "/api/me/contact",
            &ola,
            &json!({ "version": before.version, "details": details }),
        )
        .await;
    let after: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(after.details.email, "ola@nordlys.example.no");
    assert_eq!(
        db.value("SELECT CONCAT(firstname, ' ', lastname, ' ', email, ' ', phonenumber) FROM tblclients WHERE id = 2")
            .await,
        client_before
    );
    assert_eq!(
        db.value("SELECT email FROM tblusers WHERE id = 2").await,
        "ola@nordlys.example.no"
    );
    // And the company's own details, corrected by its holder, leave his login alone.
    let account: AccountView = app.get_ok("/api/me/account", &ola).await;
    assert_eq!(account.details.email, "faktura@nordlys.example.no");
    let mut company = serde_json::to_value(&account.details).unwrap();
    company["phone"] = json!("+47 400 11 222");
    let resp = app
        .put(
            "/api/me/account",
            &ola,
            &json!({ "version": account.version, "details": company }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        db.value("SELECT CONCAT(firstname, ' ', lastname, ' ', email, ' ', phonenumber) FROM tblclients WHERE id = 2")
            .await,
        "Randi Regnskap faktura@nordlys.example.no +47.40011222"
    );
    assert_eq!(
        db.value("SELECT email FROM tblusers WHERE id = 2").await,
        "ola@nordlys.example.no"
    );
    db.drop_database().await;
}

/// WHMCS writes its date-times in the time zone it runs in, not in UTC: so do the portal's
/// writes (`PORTAL_WHMCS_TIMEZONE`, default Europe/Oslo), or every change it makes would
/// show one or two hours early in WHMCS's own logs and lists.
#[tokio::test]
async fn the_portals_writes_carry_whmcss_own_clock() {
    // Oslo is an hour ahead of UTC in winter and two in summer.
    for (zone, offsets) in [(None, [60, 120]), (Some("UTC"), [0, 0])] {
        let db = WhmcsDb::create().await;
        let app = TestApp::spawn_whmcs_with(&db, |s| {
            if let Some(z) = zone {
                s.whmcs.timezone = z.into();
            }
        })
        .await;
        let kari = login(&app, "1", "1", "customer").await;
        let resp = app
            .put(
                "/api/me/newsletter",
                &kari,
                &json!({ "subscribed": false, "segment": null }),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
        for sql in [
            "SELECT CAST(ROUND(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), date) / 60) AS CHAR) FROM tblactivitylog \
             WHERE user = 'Privacy portal' ORDER BY id DESC LIMIT 1",
            // (The client row and the consent row are WHMCS's own writes now, through its API.)
            "SELECT CAST(ROUND(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), applied_at) / 60) AS CHAR) FROM mod_privacyportal_commands \
             ORDER BY applied_at DESC LIMIT 1",
        ] {
            let text = db.value(sql).await;
            let minutes: i64 = text
                .parse()
                .unwrap_or_else(|_| panic!("{zone:?}: {text:?} from {sql}"));
            assert!(
                offsets.contains(&minutes),
                "{zone:?}: {minutes} min off UTC: {sql}"
            );
        }
        db.drop_database().await;
    }
}

#[tokio::test]
async fn the_addons_access_list_and_deciding_roles_set_what_each_admin_may_do() {
    let (db, app) = whmcs().await;
    db.keep_invoice_snapshots().await;
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let siri = login(&app, "admin-1", "staff", "support").await;
    let tone = login(&app, "admin-3", "staff", "support").await;
    assert!(queue(&app, &siri, "").await.may_decide);
    assert!(!queue(&app, &tone, "").await.may_decide);

    // Tone (role 3) triages...
    for (action, body) in [
        ("assign", json!({})),
        ("notes", json!({ "text": "checked in WHMCS" })),
    ] {
        let resp = act(&app, &tone, &request.id, action, body).await;
        assert_eq!(resp.status(), StatusCode::OK, "{action}");
    }
    // ...but neither rejects nor executes: nothing is written, in the portal or in WHMCS.
    let before = snapshot_all(&app).await;
    let client = db
        .rows(
            "SELECT firstname, lastname, email, address1, phonenumber FROM tblclients WHERE id = 1",
        )
        .await;
    for (action, body) in [
        ("reject", json!({ "reason": "no ground applies" })),
        ("execute", json!({})),
    ] {
        let resp = act(&app, &tone, &request.id, action, body).await;
        expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    }
    assert_eq!(snapshot_all(&app).await, before);
    assert_eq!(
        db.rows(
            "SELECT firstname, lastname, email, address1, phonenumber FROM tblclients WHERE id = 1"
        )
        .await,
        client
    );

    // The host lets role 3 decide and takes it from role 2: each admin's next call says so.
    db.exec(
        "UPDATE tbladdonmodules SET value = '1,3' WHERE module = 'privacyportal' AND setting = 'decide_roles'",
    )
    .await;
    assert!(!queue(&app, &siri, "").await.may_decide);
    let resp = act(&app, &siri, &request.id, "execute", json!({})).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    assert!(queue(&app, &tone, "").await.may_decide);

    // An empty list: every role with access decides.
    db.exec(
        "UPDATE tbladdonmodules SET value = '' WHERE module = 'privacyportal' AND setting = 'decide_roles'",
    )
    .await;
    assert!(queue(&app, &siri, "").await.may_decide);

    // A role taken off the addon's access list is no staff for the portal at all.
    db.exec(
        "UPDATE tbladdonmodules SET value = '1,2' WHERE module = 'privacyportal' AND setting = 'access'",
    )
    .await;
    let resp = app.get("/api/support/requests", &tone).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    let resp = app.exchange(&app.mint("admin-3", "staff", "support")).await;
    assert_ne!(resp.status(), StatusCode::CREATED);

    // Tone's assignment stays; Siri, who may decide, executes.
    let done = execute(&app, &siri, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
    db.drop_database().await;
}

#[tokio::test]
async fn with_four_eyes_a_whmcs_erasure_waits_for_a_second_deciding_admin() {
    let db = WhmcsDb::create().await;
    db.keep_invoice_snapshots().await;
    db.end_domains(1).await;
    let app = TestApp::spawn_whmcs_with(&db, |s| s.erasure_approval = true).await;
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let siri = login(&app, "admin-1", "staff", "support").await;
    let tone = login(&app, "admin-3", "staff", "support").await;
    crate::support_common::assign(&app, &siri, &request.id).await;

    let resp = act(&app, &siri, &request.id, "execute", json!({})).await;
    expect_error(
        resp,
        StatusCode::CONFLICT,
        ErrorCode::SecondApprovalRequired,
    )
    .await;
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 1")
            .await,
        "Kari"
    );
    // Tone's role only triages: her approval is refused.
    let resp = act(&app, &tone, &request.id, "approve", json!({})).await;
    expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
    // Once her role decides, her approval lets Siri execute.
    db.exec(
        "UPDATE tbladdonmodules SET value = '1,2,3' WHERE module = 'privacyportal' AND setting = 'decide_roles'",
    )
    .await;
    let resp = act(&app, &tone, &request.id, "approve", json!({})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done = execute(&app, &siri, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 1")
            .await,
        "Erased"
    );
    let trail = app
        .rows(&format!(
            "SELECT actor_id, action FROM audit_log WHERE target = '{}' AND action IN ('request.approved', 'request.executed') ORDER BY seq",
            request.id
        ))
        .await;
    let trail: Vec<(&str, &str)> = trail
        .iter()
        .map(|r| (r["actor_id"].as_str(), r["action"].as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            ("admin-3", "request.approved"),
            ("admin-1", "request.executed")
        ]
    );
    db.drop_database().await;
}

/// The portal's database user reads the addon's own settings through the addon's view,
/// granted alone as the README says: the rows of other addons (their API keys) stay out
/// of its reach, and the portal still finds who may decide.
#[tokio::test]
async fn the_portals_user_reads_the_addons_own_settings_and_no_other_addons() {
    use sqlx::ConnectOptions;
    let db = WhmcsDb::create().await;
    db.exec("INSERT INTO tbladdonmodules (module, setting, value) VALUES ('mailchimp', 'apiKey', 'key-of-another-addon')")
        .await;
    let user = format!("ppv_{}", &db.name[db.name.len() - 10..]);
    db.exec(&format!(
        "CREATE USER '{user}'@'%' IDENTIFIED BY 'view-only'"
    ))
    .await;
    db.exec(&format!(
        "GRANT SELECT ON `{}`.mod_privacyportal_settings TO '{user}'@'%'",
        db.name
    ))
    .await;
    let options = sqlx::mysql::MySqlConnectOptions::from_url(&db.url.parse().unwrap())
        .unwrap()
        .username(&user)
        .password("view-only");
    let mut conn = options.connect().await.expect("the portal's user connects");
    let settings: Vec<(String, String)> =
        sqlx::query_as("SELECT setting, value FROM mod_privacyportal_settings ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert!(
        settings.contains(&("decide_roles".into(), "1,2".into())),
        "{settings:?}"
    );
    assert!(
        settings.iter().all(|(_, v)| v != "key-of-another-addon"),
        "{settings:?}"
    );
    let denied = sqlx::query("SELECT value FROM tbladdonmodules")
        .fetch_all(&mut conn)
        .await;
    assert!(denied.is_err(), "the addon table itself is not granted");
    drop(conn);
    db.exec(&format!("DROP USER '{user}'@'%'")).await;
    db.drop_database().await;
}
