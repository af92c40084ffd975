//! Rectification: reading and correcting contact details, validated by the shared rules,
//! guarded by a version so no edit silently overwrites another, and logged (who, when,
//! which fields, never the values).

use portal_domain::api::{ContactView, Role};
use portal_domain::{ErrorCode, Locale};
use portal_tests::{TestApp, expect_error, expect_json, kari_details};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn update(version: i64, details: Value) -> Value {
    json!({ "version": version, "details": details })
}

fn kari_with(changes: &[(&str, &str)]) -> Value {
    let mut details = kari_details();
    for (key, value) in changes {
        details[*key] = json!(value);
    }
    details
}

#[tokio::test]
async fn contact_details_are_read_with_a_version() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let view: ContactView = app.get_ok("/api/me/contact", &kari).await;

    assert_eq!(view.version, 1);
    assert_eq!(view.details.name, "Kari Nordmann");
    assert_eq!(view.details.email, "kari.nordmann@example.no");
    assert_eq!(view.details.phone, "+4791234567");
    assert_eq!(view.details.country, "NO");
    assert_eq!(view.details.language, Locale::Nb);
    assert_eq!(view.personnummer_masked, None);
    assert!(view.changes.is_empty());
}

#[tokio::test]
async fn the_personnummer_is_only_ever_shown_masked() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;

    let resp = app.get("/api/me/contact", &anna).await;

    let text = resp.text().await.unwrap();
    let view: ContactView = serde_json::from_str(&text).unwrap();
    assert_eq!(view.personnummer_masked.as_deref(), Some("19850312-****"));
    assert!(
        !text.contains("2389"),
        "the full personnummer leaked: {text}"
    );
    for path in ["/api/me/overview", "/api/me/erasure-preview"] {
        let text = app.get(path, &anna).await.text().await.unwrap();
        assert!(
            !text.contains("19850312-2389"),
            "{path} shows the personnummer"
        );
    }
}

#[tokio::test]
async fn good_details_are_normalised_saved_and_bump_the_version() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let details = kari_with(&[
        ("phone", "+47 400 00 000"),
        ("country", "se"),
        ("email", " Kari@Example.NO "),
        ("postal_code", "111 22"),
        ("language", "en"),
    ]);

    let resp = app.put("/api/me/contact", &kari, &update(1, details)).await;

    let view: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(view.version, 2);
    assert_eq!(view.details.phone, "+4740000000");
    assert_eq!(view.details.country, "SE");
    assert_eq!(view.details.email, "Kari@example.no");
    assert_eq!(view.details.language, Locale::En);
    let reread: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(reread.details, view.details);
    assert_eq!(reread.version, 2);
    let stored = app
        .rows("SELECT phone, country, version FROM billing_persons WHERE id = '1001'")
        .await;
    assert_eq!(stored[0]["phone"], "+4740000000");
    assert_eq!(stored[0]["country"], "SE");
    assert_eq!(stored[0]["version"], "2");
}

#[tokio::test]
async fn each_change_is_recorded_without_its_values() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let now = app.clock.unix();
    let details = kari_with(&[("phone", "+4740000000"), ("city", "Trondheim")]);

    let resp = app.put("/api/me/contact", &kari, &update(1, details)).await;

    let view: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(view.changes.len(), 1);
    let change = &view.changes[0];
    assert_eq!(change.fields, ["phone", "city"]);
    assert_eq!(change.actor.person_id, "1001");
    assert_eq!(change.actor.role, Role::Customer);
    assert!((now..=now + 5).contains(&change.at.unix_timestamp()));
    let rows = app.rows("SELECT * FROM contact_changes").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["person_id"], "1001");
    assert_eq!(rows[0]["actor_id"], "1001");
    assert_eq!(rows[0]["actor_role"], "customer");
    assert_eq!(rows[0]["fields"], "phone,city");
    for value in rows[0].values() {
        assert!(!value.contains("4740000000") && !value.contains("Trondheim"));
    }
}

#[tokio::test]
async fn saving_unchanged_details_changes_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let before = app.snapshot().await;

    let resp = app
        .put("/api/me/contact", &kari, &update(1, kari_details()))
        .await;

    let view: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(view.version, 1);
    assert!(view.changes.is_empty());
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn invalid_details_name_every_bad_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let before = app.snapshot().await;
    let details = kari_with(&[
        ("name", " "),
        ("email", "kari@"),
        ("phone", "912 34 567"),
        ("postal_code", "01;55"),
        ("country", "XX"),
        ("city", ""),
        ("street", "Storgata\u{7} 1"),
    ]);

    let resp = app.put("/api/me/contact", &kari, &update(1, details)).await;

    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    let mut fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "city",
            "country",
            "email",
            "name",
            "phone",
            "postal_code",
            "street"
        ]
    );
    let codes: Value = serde_json::to_value(&error.fields).unwrap();
    assert!(codes.to_string().contains("invalid_phone"), "{codes}");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn an_unknown_language_is_a_malformed_body() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &update(1, kari_with(&[("language", "de")])),
        )
        .await;

    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_keeps_the_newer_data() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let first = kari_with(&[("city", "Bergen")]);
    let resp = app.put("/api/me/contact", &kari, &update(1, first)).await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;

    let stale = kari_with(&[("city", "Tromsø")]);
    let resp = app.put("/api/me/contact", &kari, &update(1, stale)).await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
    let view: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(view.details.city, "Bergen");
    assert_eq!(view.version, 2);
    assert_eq!(view.changes.len(), 1);
}

#[tokio::test]
async fn a_version_from_the_future_is_a_conflict() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &update(2, kari_with(&[("city", "Bergen")])),
        )
        .await;

    expect_error(resp, StatusCode::CONFLICT, ErrorCode::VersionConflict).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_simultaneous_edits_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let second_tab = app.login("1001").await;
    let bergen = update(1, kari_with(&[("city", "Bergen")]));
    let tromso = update(1, kari_with(&[("city", "Tromsø")]));

    let (a, b) = tokio::join!(
        app.put("/api/me/contact", &kari, &bergen),
        app.put("/api/me/contact", &second_tab, &tromso),
    );

    let (a_status, b_status) = (a.status(), b.status());
    let bodies = (a.text().await.unwrap(), b.text().await.unwrap());
    let mut statuses = [a_status, b_status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{bodies:?}"
    );
    let loser = if a_status == StatusCode::OK {
        &bodies.1
    } else {
        &bodies.0
    };
    assert!(loser.contains(r#""code":"version_conflict""#), "{loser}");
    let winner = if a_status == StatusCode::OK {
        "Bergen"
    } else {
        "Tromsø"
    };
    let view: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(view.details.city, winner);
    assert_eq!(view.version, 2);
    assert_eq!(view.changes.len(), 1);
}

#[tokio::test]
async fn a_company_admins_change_is_recorded_with_their_role() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    let mut details = kari_details();
    details["name"] = json!("Ola Hansen");
    details["company"] = json!("Nordlys Webbyrå AS");

    let resp = app
        .put("/api/me/contact", &admin, &update(1, details))
        .await;

    let view: ContactView = expect_json(resp, StatusCode::OK).await;
    assert_eq!(view.changes[0].actor.person_id, "2001");
    assert_eq!(view.changes[0].actor.role, Role::CompanyAdmin);
    let karis = app
        .rows("SELECT city, version FROM billing_persons WHERE id = '1001'")
        .await;
    assert_eq!(karis[0]["version"], "1", "Kari's record was touched");
}
