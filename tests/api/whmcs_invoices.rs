//! Kept invoices stay true after an erasure: WHMCS prints their buyer from its snapshot
//! only while "Store Client Data Snapshot" is on, so with it off an erasure that
//! anonymises the account is refused (naming the setting), and with it on every kept
//! invoice's snapshot prints the buyer as WHMCS would have stored it, and nothing more.

use portal_domain::ErrorCode;
use portal_domain::api::RequestStatus;
use portal_tests::whmcs::WhmcsDb;
use portal_tests::{TestApp, expect_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support_common::{act, assign, execute};

const SNAPSHOTS_ON: &str = "UPDATE tblconfiguration SET value = 'on' \
     WHERE setting = 'StoreClientDataSnapshotOnInvoiceCreation'";

async fn readiness(app: &TestApp) -> Value {
    app.client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn login(app: &TestApp, sub: &str, acct: &str, role: &str) -> String {
    app.login_as(sub, acct, role).await.session_token
}

#[tokio::test]
async fn with_snapshots_off_an_erasure_is_refused_naming_the_setting() {
    let db = WhmcsDb::create().await;
    db.end_domains(1).await;
    let app = TestApp::spawn_whmcs(&db).await;
    let ready = readiness(&app).await;
    assert!(
        ready["warnings"]
            .as_array()
            .unwrap()
            .contains(&json!("whmcs_invoice_snapshots_off")),
        "{ready}"
    );
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let support = login(&app, "admin-1", "staff", "support").await;
    assign(&app, &support, &request.id).await;

    let resp = act(&app, &support, &request.id, "execute", json!({})).await;

    let error = expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvoiceSnapshotsOff).await;
    assert!(
        error.message.contains("Store Client Data Snapshot"),
        "{}",
        error.message
    );
    // Nothing happened: her client is as it was, the request still open.
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 1")
            .await,
        "Kari"
    );
    let view = crate::support_common::detail(&app, &support, &request.id).await;
    assert_eq!(view.request.status, RequestStatus::InProgress);

    // Turned on: the same request is executed.
    db.exec(SNAPSHOTS_ON).await;
    let ready = readiness(&app).await;
    assert!(
        !ready["warnings"]
            .as_array()
            .unwrap()
            .contains(&json!("whmcs_invoice_snapshots_off"))
    );
    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
    db.drop_database().await;
}

#[tokio::test]
async fn every_kept_invoice_prints_its_buyer_as_whmcs_would_after_an_erasure() {
    let db = WhmcsDb::create().await;
    db.exec(SNAPSHOTS_ON).await;
    db.end_domains(1).await;
    // Kari's invoices go to her accountant, a billing contact with its own address and
    // tax id; a reference is a custom field shown on invoices, staff's note one that is not.
    db.exec(
        "INSERT INTO tblcontacts (id, userid, firstname, lastname, companyname, email, address1, address2, city, \
         state, postcode, country, phonenumber, tax_id, subaccount, password, permissions, domainemails, \
         generalemails, invoiceemails, productemails, supportemails, affiliateemails, pwresetkey, created_at, \
         updated_at, pwresetexpiry) VALUES (9, 1, 'Regn', 'Skap &amp; Co', 'Tall AS', 'regnskap@example.no', \
         'Regnskapsveien 1', '', 'Hamar', '', '2317', 'NO', '+47.62000000', 'NO999888777', 0, '', '', 0, 0, 1, 0, 0, 0, '', \
         NOW(), NOW(), NULL)",
    )
    .await;
    db.exec("UPDATE tblclients SET billingcid = 9 WHERE id = 1")
        .await;
    db.exec(
        "INSERT INTO tblcustomfields (id, type, relid, fieldname, fieldtype, description, fieldoptions, regexpr, \
         adminonly, required, showorder, showinvoice, sortorder, created_at, updated_at) VALUES \
         (7, 'client', 0, 'Referanse', 'text', '', '', '', '', '', 'on', 'on', 0, NOW(), NOW()), \
         (8, 'client', 0, 'Kundenotat', 'text', '', '', '', 'on', '', '', '', 0, NOW(), NOW())",
    )
    .await;
    db.exec(
        "INSERT INTO tblcustomfieldsvalues (fieldid, relid, value, created_at, updated_at) VALUES \
         (7, 1, 'PO-4411', NOW(), NOW()), (8, 1, 'Ringer ofte', NOW(), NOW())",
    )
    .await;
    let app = TestApp::spawn_whmcs(&db).await;
    let kari = login(&app, "1", "1", "customer").await;
    let request = app.file_erasure(&kari).await;
    let support = login(&app, "admin-1", "staff", "support").await;

    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);

    let rows = db
        .rows(
            "SELECT CAST(m.invoiceid AS CHAR) AS invoice, m.clientsdetails, m.customfields FROM mod_invoicedata m \
             JOIN tblinvoices i ON i.id = m.invoiceid WHERE i.userid = 1 ORDER BY m.invoiceid",
        )
        .await;
    let kept: Vec<String> = db
        .rows("SELECT CAST(id AS CHAR) AS id FROM tblinvoices WHERE userid = 1 ORDER BY id")
        .await
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(
        rows.iter()
            .map(|r| r["invoice"].clone())
            .collect::<Vec<_>>(),
        kept,
        "every kept invoice has a snapshot"
    );
    for row in &rows {
        let details: Value = serde_json::from_str(&row["clientsdetails"])
            .unwrap_or_else(|e| panic!("invoice {}: not JSON ({e})", row["invoice"]));
        // What WHMCS prints, field by field.
        let old = row["invoice"] == "2";
        let expected = if old {
            // WHMCS's own snapshot from back then (her old address), rewritten without
            // what the invoice does not print.
            json!({
                "userid": 1, "firstname": "Kari", "lastname": "Nordmann", "companyname": "",
                "address1": "Gamleveien 2", "address2": "", "city": "Oslo", "state": "",
                "postcode": "0555", "country": "NO", "tax_id": "",
            })
        } else {
            // Written before the erasure, as WHMCS's getDetails('billing') gives it: the
            // billing contact's name and address (stored encoded, as WHMCS stores them),
            // its tax id, the country's name, the field shown on invoices.
            json!({
                "userid": 1, "id": 1, "billingcid": 9, "firstname": "Regn", "lastname": "Skap &amp; Co",
                "fullname": "Regn Skap &amp; Co", "companyname": "Tall AS", "address1": "Regnskapsveien 1",
                "address2": "", "city": "Hamar", "fullstate": "", "state": "", "postcode": "2317",
                "countrycode": "NO", "country": "NO", "countryname": "Norway", "tax_id": "NO999888777",
                "currency": 1, "language": "norwegian", "customfields": [{ "id": 7, "value": "PO-4411" }],
            })
        };
        let (details, expected) = (details.as_object().unwrap(), expected.as_object().unwrap());
        for (key, value) in expected {
            assert_eq!(
                details.get(key),
                Some(value),
                "invoice {} field {key}",
                row["invoice"]
            );
        }
        // Nothing else: no e-mail, phone, staff notes, login or the hidden field.
        for key in details.keys() {
            assert!(
                expected.contains_key(key),
                "invoice {}: {key} kept",
                row["invoice"]
            );
        }
        if !old {
            let fields: Value = serde_json::from_str(&row["customfields"]).unwrap();
            assert_eq!(
                fields,
                json!([{ "id": 7, "fieldname": "Referanse", "value": "PO-4411" }])
            );
        }
        assert!(!row["clientsdetails"].contains("Ringer ofte"));
        assert!(!row["clientsdetails"].contains("@example.no"));
    }
    // The live client row is anonymised, so the snapshot is what prints her.
    assert_eq!(
        db.value("SELECT firstname FROM tblclients WHERE id = 1")
            .await,
        "Erased"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_registered_domain_keeps_the_account_and_its_invoices_print_it_still() {
    let db = WhmcsDb::create().await;
    // Snapshots off, as on a fresh install: nothing an invoice prints is anonymised here,
    // so the erasure goes ahead.
    let app = TestApp::spawn_whmcs(&db).await;
    let kari = login(&app, "1", "1", "customer").await;
    let preview: portal_domain::api::ErasurePreview =
        app.get_ok("/api/me/erasure-preview", &kari).await;
    assert!(preview.account_kept_for_domain);
    let request = app.file_erasure(&kari).await;
    let support = login(&app, "admin-1", "staff", "support").await;

    let done = execute(&app, &support, &request.id).await;

    assert_eq!(done.status, RequestStatus::Completed);
    // kari-nordmann.no is registered to her: the client, its registrant, stays whole, and
    // renewal invoices keep reaching her; her login is anonymised.
    assert_eq!(
        db.value(
            "SELECT CONCAT(firstname, ' ', lastname, ', ', address1) FROM tblclients WHERE id = 1"
        )
        .await,
        "Kari Nordmann, Storgata 1"
    );
    assert_eq!(
        db.value("SELECT first_name FROM tblusers WHERE id = 1")
            .await,
        "Erased"
    );
    assert_eq!(
        db.value("SELECT status FROM tbldomains WHERE id = 1").await,
        "Active"
    );
    db.drop_database().await;
}
