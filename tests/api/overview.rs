//! Access: what is held about me, counted per category, with its purposes and legal
//! basis, recipients and retention, and where to complain.

use portal_domain::api::{CategoryOverview, DataCategory, LegalBasis, Overview};
use portal_tests::TestApp;

fn category(overview: &Overview, category: DataCategory) -> &CategoryOverview {
    overview
        .categories
        .iter()
        .find(|c| c.category == category)
        .unwrap_or_else(|| panic!("no {category:?} in the overview"))
}

#[tokio::test]
async fn the_overview_describes_every_category_held() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;

    let order: Vec<DataCategory> = overview.categories.iter().map(|c| c.category).collect();
    assert_eq!(order, DataCategory::ALL);
    for c in &overview.categories {
        assert!(c.title.is_complete(), "{:?}", c.category);
        assert!(c.description.is_complete(), "{:?}", c.category);
        assert!(c.retention.is_complete(), "{:?}", c.category);
    }
    let records: Vec<u64> = overview.categories.iter().map(|c| c.records).collect();
    // 2 services + 1 domain + 3 invoices + the account; 50 logins + 1 ticket.
    assert_eq!(records, [1, 1, 7, 51, 0, 1, 1]);
    assert_eq!(overview.subject.id, "1001");
    assert_eq!(overview.erasure_days, 30);
    assert_eq!(overview.backup_retention_days, 180);
}

#[tokio::test]
async fn each_category_names_its_purposes_bases_and_recipients_from_the_configuration() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let overview: Overview = app.get_ok("/api/me/overview", &kari).await;

    let relationship = category(&overview, DataCategory::CustomerRelationship);
    let purposes: Vec<(&str, LegalBasis)> = relationship
        .purposes
        .iter()
        .map(|p| (p.key.as_str(), p.legal_basis))
        .collect();
    assert_eq!(
        purposes,
        [
            ("service_delivery", LegalBasis::Contract),
            ("bookkeeping", LegalBasis::LegalObligation),
        ]
    );
    let recipients: Vec<&str> = relationship
        .recipients
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    // Only who gets her data: her one domain is a .no, so no other registry.
    assert_eq!(recipients, ["norid", "stripe", "paypal", "aws"]);
    let marketing = category(&overview, DataCategory::Marketing);
    assert_eq!(marketing.purposes[0].key, "product_news");
    assert_eq!(
        marketing.purposes[0].legal_basis,
        LegalBasis::LegitimateInterest
    );
    assert_eq!(
        relationship.retention,
        app.operator.categories["customer_relationship"].retention
    );
}

#[tokio::test]
async fn the_overview_names_the_controller_and_where_to_complain() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;

    let overview: Overview = app.get_ok("/api/me/overview", &anna).await;

    assert_eq!(overview.controller.name, "Eksempel Hosting AS");
    assert_eq!(overview.controller.dpo_email, "dpo@eksempel-hosting.no");
    assert_eq!(overview.supervisory_authority.name, "Datatilsynet");
    assert!(overview.supervisory_authority.url.starts_with("https://"));
}

#[tokio::test]
async fn an_employees_overview_counts_no_company_records() {
    let app = TestApp::spawn().await;
    let employee = app.login("2002").await;

    let overview: Overview = app.get_ok("/api/me/overview", &employee).await;

    assert_eq!(
        category(&overview, DataCategory::CustomerRelationship).records,
        1
    );
    assert_eq!(category(&overview, DataCategory::History).records, 5);
}

#[tokio::test]
async fn a_person_living_in_another_eea_country_is_shown_their_own_authority_too() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;
    let kari = app.login("1001").await;

    let anna: Overview = app.get_ok("/api/me/overview", &anna).await;
    let kari: Overview = app.get_ok("/api/me/overview", &kari).await;

    // Anna lives in Sweden: IMY beside the controller's Datatilsynet (Art. 77).
    let local = anna.local_authority.expect("Anna is shown IMY");
    assert!(local.name.contains("IMY"), "{}", local.name);
    assert_eq!(local.url, "https://www.imy.se/");
    assert_eq!(anna.supervisory_authority.name, "Datatilsynet");
    // Kari lives in Norway, where the controller's authority is already hers.
    assert!(kari.local_authority.is_none());
}

#[tokio::test]
async fn api_answers_are_compressed_for_a_client_that_asks() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    for encoding in ["gzip", "br"] {
        let resp = app
            .authed(reqwest::Method::GET, "/api/me/overview", &kari)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(
            resp.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            Some(encoding)
        );
        let compressed = resp.bytes().await.unwrap().len();
        let plain = app.get("/api/me/overview", &kari).await;
        assert!(plain.headers().get("content-encoding").is_none());
        let plain = plain.bytes().await.unwrap().len();
        assert!(
            compressed * 3 < plain,
            "{encoding}: {compressed} of {plain} bytes"
        );
    }
}
