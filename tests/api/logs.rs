//! Logs carry ids, never personal values or tokens.
//!
//! The test runs itself again in a child process with the portal's own logging set up
//! (`TEST_LOG`, so `portal_server::init_tracing`, at trace level), acts there, and reads
//! the child's log from its stderr. A process of its own is the only way to see every
//! log line whatever else runs alongside. The same holds of the JSON lines that
//! `PORTAL_LOG_FORMAT=json` writes for a log collector.

use portal_tests::{TestApp, kari_details};
use reqwest::StatusCode;
use serde_json::json;

const PROBE: &str = "PORTAL_TEST_LOG_PROBE";
const NAME: &str = "logs::logs_carry_ids_never_personal_values_or_tokens";

#[tokio::test]
async fn logs_carry_ids_never_personal_values_or_tokens() {
    if std::env::var_os(PROBE).is_some() {
        return act_and_name_the_secrets().await;
    }
    let (stdout, log) = act_in_a_child("text").await;
    assert!(
        serde_json::from_str::<serde_json::Value>(log.lines().next().unwrap()).is_err(),
        "{log}"
    );
    check_the_log(&stdout, &log);
}

#[tokio::test]
async fn json_logs_carry_ids_and_route_templates_never_personal_values_or_tokens() {
    let (stdout, log) = act_in_a_child("json").await;
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string()),
        "{log}"
    );
    let opened = lines
        .iter()
        .find(|l| l["message"] == "session opened")
        .unwrap_or_else(|| panic!("no session opened:\n{log}"));
    assert_eq!(opened["span"]["path"], "/api/session", "{opened}");
    assert!(
        lines
            .iter()
            .any(|l| l["span"]["path"] == "/api/me/requests/erasure"),
        "{log}"
    );
    check_the_log(&stdout, &log);
}

/// Runs the probe in a child process logging in `format`; returns its stdout and log.
async fn act_in_a_child(format: &str) -> (String, String) {
    let child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(PROBE, "1")
        .env("TEST_LOG", "1")
        .env(
            "PORTAL_LOG",
            "trace,hyper=off,hyper_util=off,h2=off,reqwest=off,rustls=off",
        )
        .env("PORTAL_LOG_FORMAT", format)
        .env_remove("RUST_LOG")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&child.stdout).into_owned();
    let log = String::from_utf8_lossy(&child.stderr).into_owned();
    assert!(child.status.success(), "the child failed:\n{stdout}\n{log}");
    (stdout, log)
}

fn check_the_log(stdout: &str, log: &str) {
    let secrets: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("SECRET "))
        .collect();
    assert!(secrets.len() >= 10, "the child named no secrets:\n{stdout}");
    assert!(log.contains("session opened"), "nothing was logged:\n{log}");
    assert!(
        log.contains("1001") && log.contains("launch token refused"),
        "{log}"
    );
    assert!(log.contains("audit checkpoint signed"), "{log}");
    for secret in secrets {
        assert!(!log.contains(secret), "the log holds {secret:?}:\n{log}");
    }
}

async fn act_and_name_the_secrets() {
    let app = TestApp::spawn().await;
    let launch = app.mint("1001", "A100", "customer");
    let refused = app.mint("1001", "A200", "customer");
    let mut secrets = vec![
        "kari.hemmelig@example.no".to_string(),
        "+4798765432".into(),
        "Hemmelig gate 9".into(),
        "leaky@@example".into(),
        "a private reason 4711".into(),
        "Kari Nordmann".into(),
        "kari.nordmann@example.no".into(),
        "19850312".into(),
        "garbage-bearer-0815".into(),
    ];

    let session: serde_json::Value = app.exchange(&launch).await.json().await.unwrap();
    let kari = session["session_token"].as_str().unwrap().to_string();
    app.exchange(&refused).await;
    app.get("/api/me/contact", "garbage-bearer-0815").await;
    let mut details = kari_details();
    details["email"] = json!(secrets[0]);
    details["phone"] = json!(secrets[1]);
    details["street"] = json!(secrets[2]);
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": 1, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    details["email"] = json!(secrets[3]);
    let resp = app
        .put(
            "/api/me/contact",
            &kari,
            &json!({ "version": 2, "details": details }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unsubscribe = json!({ "subscribed": false, "segment": null });
    app.put("/api/me/newsletter", &kari, &unsubscribe).await;
    let body = json!({ "grounds": ["objection"], "details": secrets[4] });
    let resp = app.post("/api/me/requests/erasure", &kari, &body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    app.export(&kari).await;
    let anna = app.login("3001").await;
    app.export(&anna).await;
    app.delete("/api/session", &kari).await;
    // The audit checkpoint's log line carries its MAC, never the key it is made with.
    let audit = &app.state.settings.audit;
    portal_server::store::audit_checkpoints::write(
        &app.db,
        portal_server::store::audit_checkpoints::Target::of(audit),
        app.clock.unix(),
        "test",
    )
    .await
    .unwrap();
    let key: String = std::fs::read(&audit.key_file)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();

    secrets.extend([launch, refused, kari, anna, key]);
    for secret in secrets {
        println!("SECRET {secret}");
    }
}
