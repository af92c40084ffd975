//! Company or private, on WHMCS: the operator's rule (`PORTAL_WHMCS_COMPANY_RULE`) decides,
//! and with it who may launch as a company admin and whether an holder's erasure
//! anonymises their account. The fixture's clients 2 (Nordlys Webbyrå AS) and 4
//! (Fjellvind Data AS) are in client group 1 "Bedrift" and have "Bedrift" in the client
//! drop-down 3 "Kundetype"; Kari's client 1 has "Privat" there.

use portal_domain::api::{AccountKind, Overview, RequestStatus};
use portal_server::billing::whmcs::company::CompanyRule;
use portal_server::billing::whmcs::{Whmcs, WhmcsSettings};
use portal_tests::TestApp;
use portal_tests::whmcs::WhmcsDb;
use reqwest::StatusCode;

use crate::support_common::execute;

/// The account kind the session of `sub` on `acct` as `role` shows, or `None` when the
/// launch is refused.
async fn kind(app: &TestApp, sub: &str, acct: &str, role: &str) -> Option<AccountKind> {
    let resp = app.exchange(&app.mint(sub, acct, role)).await;
    if resp.status() != StatusCode::CREATED {
        return None;
    }
    let info: portal_domain::api::SessionInfo = resp.json().await.unwrap();
    Some(info.person.account_kind)
}

#[tokio::test]
async fn by_default_a_sole_trader_is_private_and_their_erasure_anonymises_their_account() {
    let db = WhmcsDb::create().await;
    db.keep_invoice_snapshots().await;
    db.end_domains(1).await;
    // Kari trades as a sole trader: a firm name and the organisation number every
    // Norwegian enkeltpersonforetak has, as a VAT number.
    db.exec(
        "UPDATE tblclients SET companyname = 'Hansen Rørlegger ENK', tax_id = 'NO 912 345 678 MVA' \
         WHERE id = 1",
    )
    .await;
    let app = TestApp::spawn_whmcs(&db).await;

    assert_eq!(
        kind(&app, "1", "1", "customer").await,
        Some(AccountKind::Private)
    );
    // A private account has no company admin.
    assert_eq!(kind(&app, "1", "1", "company_admin").await, None);
    // Limited companies stay companies, with a tax id or without.
    assert_eq!(
        kind(&app, "2", "2", "company_admin").await,
        Some(AccountKind::Company)
    );
    assert_eq!(
        kind(&app, "6", "4", "company_admin").await,
        Some(AccountKind::Company)
    );
    // What she is shown of herself says so too.
    let kari = app.login_as("1", "1", "customer").await.session_token;
    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;
    assert_eq!(overview.subject.account_kind, AccountKind::Private);
    assert_eq!(overview.subject.account_name, "Hansen Rørlegger ENK");

    // Her account is her own: her erasure anonymises it, firm name and number included.
    let request = app.file_erasure(&kari).await;
    let support = app
        .login_as("admin-1", "staff", "support")
        .await
        .session_token;
    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
    let client = &db
        .rows("SELECT firstname, companyname, tax_id FROM tblclients WHERE id = 1")
        .await[0];
    assert_eq!(client["firstname"], "Erased");
    assert_eq!(client["companyname"], "");
    assert_eq!(client["tax_id"], "");
    db.drop_database().await;
}

#[tokio::test]
async fn by_default_a_swedish_number_tells_a_company_from_a_sole_trader() {
    let db = WhmcsDb::create().await;
    let app = TestApp::spawn_whmcs(&db).await;
    // Anna's enskild firma: a firm name without a legal form and her personnummer as the
    // VAT number.
    db.exec(
        "UPDATE tblclients SET companyname = 'Svensson Design', tax_id = 'SE800101123101' WHERE id = 3",
    )
    .await;
    assert_eq!(
        kind(&app, "5", "3", "customer").await,
        Some(AccountKind::Private)
    );
    assert_eq!(kind(&app, "5", "3", "company_admin").await, None);
    // An aktiebolag's organisationsnummer makes a company, whatever the name says.
    db.exec("UPDATE tblclients SET tax_id = '556036-0793' WHERE id = 3")
        .await;
    assert_eq!(
        kind(&app, "5", "3", "company_admin").await,
        Some(AccountKind::Company)
    );
    db.drop_database().await;
}

#[tokio::test]
async fn under_a_group_rule_the_client_group_decides_and_a_typed_company_name_does_not() {
    let db = WhmcsDb::create().await;
    let app =
        TestApp::spawn_whmcs_with(&db, |s| s.whmcs.company_rule = CompanyRule::Group(vec![1]))
            .await;
    // Kari typed a company name, legal form and all, but is in no company group.
    db.exec("UPDATE tblclients SET companyname = 'Nordmann Foto AS' WHERE id = 1")
        .await;
    assert_eq!(
        kind(&app, "1", "1", "customer").await,
        Some(AccountKind::Private)
    );
    assert_eq!(kind(&app, "1", "1", "company_admin").await, None);
    assert_eq!(
        kind(&app, "2", "2", "company_admin").await,
        Some(AccountKind::Company)
    );
    // Out of the group, Fjellvind is private; Anna, put in it, a company.
    db.exec("UPDATE tblclients SET groupid = 0 WHERE id = 4")
        .await;
    db.exec("UPDATE tblclients SET groupid = 1 WHERE id = 3")
        .await;
    assert_eq!(kind(&app, "6", "4", "company_admin").await, None);
    assert_eq!(
        kind(&app, "6", "4", "customer").await,
        Some(AccountKind::Private)
    );
    assert_eq!(
        kind(&app, "5", "3", "company_admin").await,
        Some(AccountKind::Company)
    );
    db.drop_database().await;
}

#[tokio::test]
async fn under_a_custom_field_rule_the_fields_value_decides() {
    let db = WhmcsDb::create().await;
    let app = TestApp::spawn_whmcs_with(&db, |s| {
        s.whmcs.company_rule = CompanyRule::CustomField {
            field: 3,
            value: "bedrift".into(),
        }
    })
    .await;
    db.exec("UPDATE tblclients SET companyname = 'Nordmann Foto AS' WHERE id = 1")
        .await;
    // "Privat", whatever the company field says; no value at all is private too.
    assert_eq!(
        kind(&app, "1", "1", "customer").await,
        Some(AccountKind::Private)
    );
    assert_eq!(
        kind(&app, "5", "3", "customer").await,
        Some(AccountKind::Private)
    );
    assert_eq!(
        kind(&app, "2", "2", "company_admin").await,
        Some(AccountKind::Company)
    );
    // Read as typed: trimmed, in any case.
    db.exec(
        "INSERT INTO tblcustomfieldsvalues (fieldid, relid, value, created_at, updated_at) \
         VALUES (3, 3, ' BEDRIFT ', NOW(), NOW())",
    )
    .await;
    assert_eq!(
        kind(&app, "5", "3", "company_admin").await,
        Some(AccountKind::Company)
    );
    db.exec("UPDATE tblcustomfieldsvalues SET value = 'Privat' WHERE fieldid = 3 AND relid = 4")
        .await;
    assert_eq!(kind(&app, "6", "4", "company_admin").await, None);
    db.drop_database().await;
}

#[tokio::test]
async fn a_rule_naming_a_group_or_field_whmcs_lacks_stops_the_start() {
    let db = WhmcsDb::create().await;
    let connect = |rule: CompanyRule| {
        let url = db.url.clone();
        async move {
            Whmcs::connect(
                &url,
                WhmcsSettings {
                    company_rule: rule,
                    ..WhmcsSettings::default()
                },
            )
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
        }
    };
    let field = |field: i64, value: &str| CompanyRule::CustomField {
        field,
        value: value.into(),
    };
    for (rule, why) in [
        (CompanyRule::Group(vec![1, 9]), "no client group 9"),
        // A product field, not a client's; a field that does not exist.
        (field(2, "Norsk"), "no client custom field 2"),
        (field(99, "Bedrift"), "no client custom field 99"),
        // A value the drop-down cannot hold.
        (field(3, "Firma"), "no option \"Firma\""),
    ] {
        let e = connect(rule.clone()).await.unwrap_err();
        assert!(e.contains("PORTAL_WHMCS_COMPANY_RULE"), "{rule:?}: {e}");
        assert!(e.contains(why), "{rule:?}: {e}");
    }
    for rule in [
        CompanyRule::Group(vec![1, 2]),
        field(3, "BEDRIFT"),
        // A text field may hold anything.
        field(1, "Bedrift"),
        CompanyRule::TaxId,
    ] {
        connect(rule.clone())
            .await
            .unwrap_or_else(|e| panic!("{rule:?}: {e}"));
    }
    db.drop_database().await;
}

#[tokio::test]
async fn readiness_warns_while_the_addons_rule_is_not_the_portals() {
    let db = WhmcsDb::create().await;
    let app =
        TestApp::spawn_whmcs_with(&db, |s| s.whmcs.company_rule = CompanyRule::Group(vec![1]))
            .await;
    let warnings = || async {
        let body: serde_json::Value = app
            .client
            .get(format!("{}/readyz", app.address))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["warnings"].clone()
    };
    // The addon, never saved with the setting, tells companies by their legal form.
    assert!(
        warnings()
            .await
            .as_array()
            .unwrap()
            .contains(&"whmcs_company_rule_differs".into())
    );
    // The same rule, however it is spelled.
    db.exec(
        "INSERT INTO tbladdonmodules (module, setting, value) VALUES ('privacyportal', 'company_rule', 'Group: 1')",
    )
    .await;
    assert!(
        !warnings()
            .await
            .as_array()
            .unwrap()
            .contains(&"whmcs_company_rule_differs".into())
    );
    db.drop_database().await;
}
