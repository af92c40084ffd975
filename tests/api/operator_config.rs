//! An invalid operator configuration stops start-up with a message naming the key.

use portal_server::Application;
use portal_tests::{Scratch, example_operator_config, test_settings};

/// Starts the portal on a copy of the example configuration with `from` replaced by
/// `to`, and returns the start-up error.
async fn start_with(from: &str, to: &str) -> String {
    let scratch = Scratch::new();
    let example = std::fs::read_to_string(example_operator_config()).unwrap();
    assert!(example.contains(from), "the example lacks {from:?}");
    let path = scratch.path().join("operator.toml");
    std::fs::write(&path, example.replacen(from, to, 1)).unwrap();
    let keys = portal_server::auth::keys::generate();
    let url = format!(
        "sqlite://{}?mode=rwc",
        scratch.path().join("portal.db").display()
    );
    let mut settings = test_settings(url, &keys.public_pem, scratch.path());
    settings.operator_config = path;

    match Application::build(settings).await {
        Ok(_) => panic!("the portal started with {to:?} in its configuration"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn an_out_of_range_value_names_its_key() {
    let error = start_with("erasure_days = 30", "erasure_days = 90").await;

    assert!(error.contains("retention.erasure_days"), "{error}");
}

#[tokio::test]
async fn a_purpose_that_breaks_the_law_names_its_key() {
    let error = start_with(
        "legal_basis = \"contract\"\ncan_opt_out = false",
        "legal_basis = \"contract\"\ncan_opt_out = true",
    )
    .await;

    assert!(error.contains("purposes[0].can_opt_out"), "{error}");
}

#[tokio::test]
async fn a_bad_country_names_its_key() {
    let error = start_with("country = \"NO\"", "country = \"Norge\"").await;

    assert!(error.contains("controller.country"), "{error}");
}

#[tokio::test]
async fn a_missing_translation_names_its_key() {
    let error = start_with(
        "title = { nb = \"Identifikasjon\", sv = \"Identifiering\", en = \"Identification\" }",
        "title = { nb = \"Identifikasjon\", sv = \"Identifiering\", en = \" \" }",
    )
    .await;

    assert!(error.contains("categories.identification.title"), "{error}");
}

#[tokio::test]
async fn an_unknown_key_is_named() {
    let error = start_with("backup_days = 180", "backup_days = 180\nbackup_years = 1").await;

    assert!(error.contains("backup_years"), "{error}");
}

#[tokio::test]
async fn a_missing_file_is_named() {
    let scratch = Scratch::new();
    let keys = portal_server::auth::keys::generate();
    let url = format!(
        "sqlite://{}?mode=rwc",
        scratch.path().join("portal.db").display()
    );
    let mut settings = test_settings(url, &keys.public_pem, scratch.path());
    settings.operator_config = scratch.path().join("nowhere.toml");

    let error = match Application::build(settings).await {
        Ok(_) => panic!("the portal started without its configuration"),
        Err(e) => e.to_string(),
    };

    assert!(error.contains("nowhere.toml"), "{error}");
}

#[tokio::test]
async fn an_operator_text_without_swedish_is_refused() {
    let dpo = start_with(
        "dpo_name = { nb = \"Personvernombudet\", sv = \"Dataskyddsombudet\", en = \"The data protection officer\" }",
        "dpo_name = { nb = \"Personvernombudet\", en = \"The data protection officer\" }",
    )
    .await;
    assert!(dpo.contains("dpo_name") && dpo.contains("sv"), "{dpo}");

    let recipient = start_with(
        "name = { nb = \"Andre toppdomeneregistre\", sv = \"Andra toppdomänregister\", en = \"Other TLD registries\" }",
        "name = { nb = \"Andre toppdomeneregistre\", sv = \"\", en = \"Other TLD registries\" }",
    )
    .await;
    assert!(recipient.contains("recipients["), "{recipient}");
    assert!(recipient.contains("name"), "{recipient}");
}
