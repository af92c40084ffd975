//! An erasure leaves nothing of the person in any column the list of WHMCS's personal
//! data (`personal_data::PERSONAL_DATA`) says is anonymised or deleted: a query per
//! listed column, for each of the person's values, after a real erasure.

use portal_domain::api::RequestStatus;
use portal_server::billing::whmcs::personal_data::{Handling, PERSONAL_DATA};
use portal_tests::TestApp;
use portal_tests::whmcs::WhmcsDb;

use crate::support_common::execute;

#[tokio::test]
async fn after_an_erasure_no_listed_column_holds_the_persons_values() {
    let db = WhmcsDb::create().await;
    db.keep_invoice_snapshots().await;
    db.end_domains(1).await;
    // What WHMCS itself leaves behind: the old values of a profile change in its log, a
    // reply of hers in her ticket, a staff note on it.
    db.exec(
        "INSERT INTO tblactivitylog (date, description, user, userid, user_id, admin_id, ipaddr) VALUES \
         (NOW(), 'Client Profile Modified - Address 1: ''Gamleveien 2'' to ''Storgata 1'' - User ID: 1', \
          'Kari Nordmann', 1, 1, 0, '203.0.113.7')",
    )
    .await;
    // What hangs off the ended service 2 and the seven-year-old invoice 1 (its payment is
    // tblaccounts 1): WHMCS's own delete takes it along, and so does the erasure.
    db.exec(
        "INSERT INTO tblhostingconfigoptions (relid, configid, optionid, qty) VALUES (2, 1, 1, 0)",
    )
    .await;
    db.exec(
        "INSERT INTO tblcustomfieldsvalues (fieldid, relid, value, created_at, updated_at) \
         VALUES (2, 2, 'postkasse-kari', NOW(), NOW())",
    )
    .await;
    let app = TestApp::spawn_whmcs(&db).await;
    let kari = app.login_as("1", "1", "customer").await.session_token;
    let request = app.file_erasure(&kari).await;
    let support = app
        .login_as("admin-1", "staff", "support")
        .await
        .session_token;
    // Her values, as the fixture holds them (and WHMCS's log held them before).
    let needles = [
        "Nordmann",
        "kari.nordmann@example.no",
        "Storgata 1",
        "Gamleveien 2",
        "91234567",
        "203.0.113.7",
        "ti0031a400",
    ];
    // Before, the same check finds her everywhere: it can fail.
    let (before, _) = holding(&db, &needles).await;
    assert!(before.len() >= 15, "{before:#?}");

    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);

    let (left, checked) = holding(&db, &needles).await;
    assert!(checked > 90, "{checked}");
    assert!(left.is_empty(), "left behind: {left:#?}");
    // Her stored card and the staff note on her ticket are gone, not only hidden.
    for sql in [
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblpaymethods WHERE userid = 1",
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblcreditcards WHERE pay_method_id NOT IN (SELECT id FROM tblpaymethods)",
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblticketnotes WHERE ticketid = 1",
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblhostingconfigoptions WHERE relid = 2",
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblcustomfieldsvalues WHERE fieldid = 2 AND relid = 2",
        "SELECT CAST(COUNT(*) AS CHAR) FROM tblaccounts WHERE invoiceid = 1",
    ] {
        assert_eq!(db.value(sql).await, "0", "{sql}");
    }
    db.drop_database().await;
}

/// Which anonymised or deleted columns hold which of `needles`, and how many checks ran.
async fn holding(db: &WhmcsDb, needles: &[&str]) -> (Vec<String>, usize) {
    let mut left = Vec::new();
    let mut checked = 0;
    for (table, columns, handling) in PERSONAL_DATA {
        if matches!(handling, Handling::Kept(_)) {
            continue;
        }
        for column in *columns {
            checked += 1;
            // One query per column: which of her values it still holds.
            let found = needles
                .iter()
                .map(|n| format!("IF(CAST(`{column}` AS CHAR) LIKE '%{n}%', '{n} ', '')"))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = db
                .rows(&format!(
                    "SELECT DISTINCT CONCAT({found}) AS found FROM {table} HAVING found <> ''"
                ))
                .await;
            for row in rows {
                left.push(format!("{table}.{column} holds {}", row["found"].trim()));
            }
        }
    }
    (left, checked)
}
