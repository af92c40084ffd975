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
    assert_eq!(
        recipients,
        ["norid", "tld_registries", "stripe", "paypal", "aws"]
    );
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
