//! Portability: `GET /api/me/export` is one JSON document with every category, what it
//! is for, who gets it and how long it is kept, and the records themselves, streamed so
//! a big account exports whole.

use portal_domain::api::DataCategory;
use portal_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn logins(export: &Value) -> &Vec<Value> {
    export["categories"]["history"]["records"]["login_history"]
        .as_array()
        .expect("login_history is a list")
}

#[tokio::test]
async fn the_export_is_an_attachment_of_valid_json() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app.get("/api/me/export", &kari).await;

    assert_eq!(resp.status(), StatusCode::OK);
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(header("content-type").starts_with("application/json"));
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(".json"), "{disposition}");
    assert_eq!(header("cache-control"), "no-store");
    let export: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(
        export["schema_version"],
        portal_domain::api::EXPORT_SCHEMA_VERSION
    );
    let generated = export["generated_at"].as_str().unwrap();
    time::OffsetDateTime::parse(generated, &time::format_description::well_known::Rfc3339)
        .expect("generated_at is RFC 3339");
    assert_eq!(export["controller"]["name"], app.operator.controller.name);
    assert_eq!(
        export["controller"]["org_number"],
        app.operator.controller.org_number
    );
    assert_eq!(export["subject"]["id"], "1001");
}

#[tokio::test]
async fn every_category_says_what_it_is_for_who_gets_it_and_how_long_it_is_kept() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let export = app.export(&kari).await;

    let categories = export["categories"].as_object().unwrap();
    let keys: Vec<&str> = categories.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = DataCategory::ALL.iter().map(|c| c.key()).collect();
    expected.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, expected);
    for (key, category) in categories {
        let about = &category["about"];
        assert!(about["purposes"].is_array(), "{key}: {about}");
        assert!(about["recipients"].is_array(), "{key}: {about}");
        assert!(
            about["retention"].as_str().is_some_and(|t| !t.is_empty()),
            "{key}: {about}"
        );
        assert!(!category["records"].is_null(), "{key} has no records");
    }
    let relationship = &categories["customer_relationship"]["about"];
    let recipients: Vec<&str> = relationship["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert!(
        recipients.contains(&"norid") && recipients.contains(&"stripe"),
        "{recipients:?}"
    );
    let purposes: Vec<&str> = relationship["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["legal_basis"].as_str().unwrap())
        .collect();
    assert!(purposes.contains(&"legal_obligation"), "{purposes:?}");
}

#[tokio::test]
async fn the_export_holds_the_records() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    app.put(
        "/api/me/purposes/web_analytics",
        &kari,
        &json!({ "active": true }),
    )
    .await;

    let export = app.export(&kari).await;

    let c = &export["categories"];
    assert_eq!(c["identification"]["records"]["name"], "Kari Nordmann");
    assert_eq!(c["contact"]["records"]["email"], "kari.nordmann@example.no");
    assert_eq!(logins(&export).len(), 50);
    let first = &logins(&export)[0];
    assert!(
        first["ip"].as_str().unwrap().starts_with("203.0.113."),
        "{first}"
    );
    assert!(first["at"].is_string() && first["user_agent"].is_string());
    let invoices = c["customer_relationship"]["records"]["invoices"]
        .as_array()
        .unwrap();
    assert_eq!(invoices.len(), 3);
    assert_eq!(
        c["customer_relationship"]["records"]["domains"][0]["domain"],
        "kari-nordmann.no"
    );
    assert_eq!(
        c["history"]["records"]["support_tickets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(c["marketing"]["records"]["newsletter"]["subscribed"], true);
    let history = c["consents"]["records"]["history"].as_array().unwrap();
    let purposes: Vec<&str> = history
        .iter()
        .map(|h| h["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["web_analytics", "usage_analysis"]);
    assert_eq!(
        c["consents"]["records"]["purposes"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let requests = export["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["id"], request.id);
    assert_eq!(requests[0]["status"], "submitted");
}

#[tokio::test]
async fn the_export_includes_the_full_personnummer() {
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;

    let export = app.export(&anna).await;

    assert_eq!(
        export["categories"]["identification"]["records"]["personnummer"],
        "19850312-2389"
    );
    assert_eq!(logins(&export).len(), 3);
}

#[tokio::test]
async fn a_big_account_exports_every_login_in_order() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let extra = 20_000;
    app.add_logins(extra, |i| format!("agent-{i}")).await;

    let export = app.export(&kari).await;

    let logins = logins(&export);
    assert_eq!(logins.len(), 50 + extra);
    let seeded = app
        .rows("SELECT user_agent FROM billing_login_history WHERE person_id = '1001' ORDER BY id LIMIT 50")
        .await;
    for (row, login) in seeded.iter().zip(logins) {
        assert_eq!(login["user_agent"], row["user_agent"].as_str());
    }
    for (i, login) in logins[50..].iter().enumerate() {
        assert_eq!(
            login["user_agent"],
            format!("agent-{i}"),
            "row {i} out of order"
        );
    }
}

/// Every object in `v` that holds a text in more than one language.
fn multilingual(v: &Value, path: &str, found: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("nb") && map.contains_key("en") {
                found.push(path.to_string());
            }
            for (k, x) in map {
                multilingual(x, &format!("{path}.{k}"), found);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                multilingual(x, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_export_is_indented_and_speaks_the_persons_language_only() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app.get("/api/me/export", &kari).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    assert!(text.lines().count() > 200, "one line per member");
    assert!(text.contains("\n  \"categories\": {"), "indented");
    let nb: Value = serde_json::from_str(&text).unwrap();
    let mut found = Vec::new();
    multilingual(&nb, "", &mut found);
    assert!(found.is_empty(), "texts in several languages at {found:?}");

    let en = app.get("/api/me/export?lang=en", &kari).await;
    let en: Value = serde_json::from_slice(&en.bytes().await.unwrap()).unwrap();
    let retention = |doc: &Value| doc["categories"]["history"]["about"]["retention"].clone();
    assert_ne!(retention(&nb), retention(&en));
    assert_ne!(
        nb["categories"]["customer_relationship"]["records"]["card_data"],
        en["categories"]["customer_relationship"]["records"]["card_data"]
    );
    // A private account has no admin to be.
    let account = &nb["categories"]["customer_relationship"]["records"]["account"];
    assert_eq!(account["kind"], "private");
    assert!(account.get("you_are_account_admin").is_none(), "{account}");

    // An employee of a company account is told whether they are its admin.
    let lars = app.login("2002").await;
    let lars = app.export(&lars).await;
    let account = &lars["categories"]["customer_relationship"]["records"]["account"];
    assert_eq!(account["you_are_account_admin"], false, "{account}");
}

#[tokio::test]
async fn the_html_export_is_a_page_with_the_same_content_in_the_persons_language() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    let resp = app.get("/api/me/export?format=html", &kari).await;

    assert_eq!(resp.status(), StatusCode::OK);
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(header("content-type").starts_with("text/html"));
    assert!(header("content-disposition").contains(".html\""));
    assert_eq!(header("cache-control"), "no-store");
    let page = resp.text().await.unwrap();
    assert!(
        page.starts_with("<!doctype html><html lang=\"nb\">"),
        "{}",
        &page[..80]
    );
    assert!(page.trim_end().ends_with("</html>"), "the page is whole");
    assert!(page.contains("Kari Nordmann") && page.contains("kari.nordmann@example.no"));
    assert!(page.contains("Kontaktopplysninger") && page.contains("Innlogginger"));
    // Every login and invoice, as in the JSON.
    assert_eq!(page.matches("203.0.113.").count(), 50);
    let json = app.export(&kari).await;
    for invoice in json["categories"]["customer_relationship"]["records"]["invoices"]
        .as_array()
        .unwrap()
    {
        let number = invoice["number"].as_str().unwrap();
        assert!(page.contains(number), "invoice {number} missing");
    }
    assert!(
        !page.contains("Contact details"),
        "no English in an nb page"
    );
    // Every heading and label is in words, none a field's key.
    let raw = raw_labels(&page);
    assert!(raw.is_empty(), "labels left as keys: {raw:?}");

    let sv = app.get("/api/me/export?format=html&lang=sv", &kari).await;
    let sv = sv.text().await.unwrap();
    assert!(sv.starts_with("<!doctype html><html lang=\"sv\">"));
    assert!(sv.contains("Kontaktuppgifter") && sv.contains("Inloggningar"));
    let raw = raw_labels(&sv);
    assert!(raw.is_empty(), "labels left as keys: {raw:?}");
}

#[tokio::test]
async fn the_html_export_escapes_what_people_typed() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let contact = app.get("/api/me/contact", &kari).await;
    let contact: Value = contact.json().await.unwrap();
    let mut update = contact["details"].clone();
    update["city"] = json!("<script>alert(1)</script>");
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": contact["version"], "details": update }),
        )
        .await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap()
    );

    let page = app.get("/api/me/export?format=html", &kari).await;
    let page = page.text().await.unwrap();

    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn an_unknown_export_format_or_language_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;

    for query in ["format=pdf", "lang=de", "format=json&extra=1"] {
        let resp = app.get(&format!("/api/me/export?{query}"), &kari).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "malformed_body", "{query}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}

/// The headings and labels of an HTML export that are a field's key (`issued on`), not words.
fn raw_labels(page: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for tag in ["dt", "th", "h2", "h3", "h4"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        for part in page.split(&open).skip(1) {
            let Some(label) = part.split(&close).next() else {
                continue;
            };
            // A key without words is shown as itself, `_` as spaces: lower case first.
            let is_key = label.contains('_') || label.starts_with(|c: char| c.is_ascii_lowercase());
            if is_key {
                out.insert(label.to_string());
            }
        }
    }
    out
}

/// Each export holds a billing connection in one snapshot until it is read, so they are
/// limited: one per person at a time, a few at once, each within a deadline. Eight
/// exports from one session while the first is read at a crawl: the other seven are
/// refused with 429, another person's export too (the one place is taken), and every
/// other call answers. At its deadline the slow export is cut off (the download fails,
/// it does not end as if whole) and its place is free again.
#[tokio::test]
async fn slow_exports_cannot_take_the_api_down() {
    let app = TestApp::spawn_with(|s| {
        s.exports = portal_server::config::settings::ExportLimits {
            concurrent: 1,
            deadline: std::time::Duration::from_secs(2),
        }
    })
    .await;
    // Big enough that it cannot all wait in the socket's buffers.
    app.add_logins(100_000, |i| {
        format!("Mozilla/5.0 (X11; Linux x86_64) slow reader {i:06}")
    })
    .await;
    let kari = app.login("1001").await;
    let anna = app.login("3001").await;

    let first = app.get("/api/me/export", &kari).await;
    assert_eq!(first.status(), StatusCode::OK);
    let others = futures::future::join_all((0..7).map(|_| app.get("/api/me/export", &kari))).await;
    for resp in others {
        assert!(resp.headers().contains_key(reqwest::header::RETRY_AFTER));
        portal_tests::expect_error(
            resp,
            StatusCode::TOO_MANY_REQUESTS,
            portal_domain::ErrorCode::RateLimited,
        )
        .await;
    }
    let resp = app.get("/api/me/export", &anna).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    for (path, token) in [("/api/me/overview", &anna), ("/api/me/contact", &kari)] {
        assert_eq!(
            app.get(path, token).await.status(),
            StatusCode::OK,
            "{path}"
        );
    }

    // Read a chunk a second: the deadline passes, the export is cut off.
    let mut first = first;
    let mut read = 0usize;
    let outcome = loop {
        match first.chunk().await {
            Ok(Some(chunk)) => {
                read += chunk.len();
                if app.state.exports.running() > 0 {
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
            Ok(None) => break Ok(read),
            Err(e) => break Err(e),
        }
    };
    assert!(
        outcome.is_err(),
        "the cut-off export ended as if whole after {read} bytes"
    );
    assert_eq!(app.state.exports.running(), 0);
    let whole: serde_json::Value = app.get_ok("/api/me/export", &anna).await;
    assert!(whole["categories"].is_object());
}
