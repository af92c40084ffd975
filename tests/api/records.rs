//! The right of access to the data itself: `GET /api/me/records/{category}` lists what is
//! held, a page of each kind at a time, beside the overview's counts.

use portal_domain::api::{CategoryRecords, RECORDS_PAGE, RecordSection};
use portal_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

fn section<'a>(records: &'a CategoryRecords, key: &str) -> &'a RecordSection {
    records
        .sections
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no section {key} in {records:?}"))
}

fn column(s: &RecordSection, name: &str) -> Vec<String> {
    let i = s.columns.iter().position(|c| c == name).unwrap();
    s.rows.iter().map(|r| r[i].clone()).collect()
}

#[tokio::test]
async fn the_customer_relationship_lists_services_domains_and_invoices() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let records: CategoryRecords = app
        .get_ok("/api/me/records/customer_relationship", &kari)
        .await;

    assert_eq!(section(&records, "invoices").total, 3);
    assert_eq!(section(&records, "invoices").rows.len(), 3);
    assert_eq!(
        column(section(&records, "domains"), "domain"),
        ["kari-nordmann.no"]
    );
    assert!(section(&records, "services").total >= 1);
    for s in &records.sections {
        assert!(s.rows.iter().all(|r| r.len() == s.columns.len()), "{s:?}");
    }
}

#[tokio::test]
async fn long_lists_come_a_page_at_a_time_with_the_total() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let first: CategoryRecords = app.get_ok("/api/me/records/history", &kari).await;
    let logins = section(&first, "logins");
    assert_eq!(logins.total, 50);
    assert_eq!(logins.rows.len() as u64, RECORDS_PAGE);
    assert_eq!(logins.next_offset, Some(RECORDS_PAGE));
    assert!(
        column(logins, "ip")
            .iter()
            .all(|ip| ip.starts_with("203.0.113."))
    );

    let last: CategoryRecords = app
        .get_ok("/api/me/records/history?section=logins&offset=40", &kari)
        .await;
    assert_eq!(last.sections.len(), 1, "only the section asked for");
    let logins = section(&last, "logins");
    assert_eq!(logins.rows.len(), 10);
    assert_eq!(logins.next_offset, None);
    assert_ne!(
        column(logins, "at"),
        column(section(&first, "logins"), "at")[..10].to_vec()
    );
}

#[tokio::test]
async fn the_identity_shows_the_personnummer_masked() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;

    let records: CategoryRecords = app.get_ok("/api/me/records/identification", &anna).await;

    let identity = section(&records, "identity");
    assert_eq!(column(identity, "name"), ["Anna Svensson"]);
    let masked = &column(identity, "personnummer")[0];
    assert!(masked.contains('*') || masked.contains('•'), "{masked}");
    assert!(
        masked.chars().filter(char::is_ascii_digit).count() <= 8,
        "{masked}"
    );
}

#[tokio::test]
async fn an_unknown_category_or_a_bad_page_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app.get("/api/me/records/secrets", &kari).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    for query in ["offset=-1", "offset=x", "page=2"] {
        let resp = app
            .get(&format!("/api/me/records/history?{query}"), &kari)
            .await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "malformed_body", "{query}: {body}");
    }
}

#[tokio::test]
async fn records_of_another_person_are_refused() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let ingrid = app.login("2002").await;
    let ola = app.login("2001").await;

    // Another customer, an employee for a colleague, a company admin for another company.
    for (token, path) in [
        (&kari, "/api/people/3001/records/history"),
        (&ingrid, "/api/people/2003/records/history"),
        (&ola, "/api/people/1001/records/history"),
    ] {
        let resp = app.get(path, token).await;
        assert!(
            matches!(resp.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{path}: {}",
            resp.status()
        );
    }
    // The company admin reads an employee's.
    let lars: CategoryRecords = app.get_ok("/api/people/2003/records/history", &ola).await;
    assert!(!lars.sections.is_empty());
}
