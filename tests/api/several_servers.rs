//! Two real `privacy-portal` processes on one database, sending one outbox through one mail
//! server: every notice goes out exactly once, and when one server is killed mid-batch
//! (SIGKILL), the other sends what it had claimed once the claims' lease has run out.
//!
//! Sessions on two servers: ending one (logout, erasure) is seen by the other at once; a
//! use one server has not written yet reaches the other in time, and is written when the
//! server stops. The rows a server keeps for a moment: its own changes are read
//! at once, another server's once the kept rows are too old, and a kept row never ends a
//! session another server has kept in use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use portal_domain::Locale;
use portal_domain::api::{ContactView, SessionInfo};
use portal_server::config::settings::Settings;
use portal_server::notices::outbox::{self, NoticeKind};
use portal_tests::processes::{PortalEnv, Server};
use portal_tests::smtp_sink::{ReceivedMail, SmtpSink};
use portal_tests::{TestApp, kari_details};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::execute;

/// The server binary, built from the server's `main.rs` with the tests.
const BINARY: &str = env!("CARGO_BIN_EXE_privacy-portal-under-test");

/// Writes `n` pending notices straight into the outbox; returns their ids.
async fn pending_notices(app: &TestApp, n: usize) -> BTreeSet<String> {
    let kinds = [
        NoticeKind::RequestReceived,
        NoticeKind::RequestExtended,
        NoticeKind::AdminActed,
        NoticeKind::RequestCompleted,
    ];
    let mut ids = BTreeSet::new();
    let mut conn = app.db.acquire().await.unwrap();
    for i in 0..n {
        let id = outbox::enqueue(
            &mut conn,
            &format!("P{i}"),
            &format!("person{i}@example.test"),
            Locale::ALL[i % 3],
            kinds[i % kinds.len()],
            &json!({ "request_id": format!("R{i}"), "due_on": "2031-01-31" }),
            app.clock.unix() - 1000 + i as i64,
        )
        .await
        .unwrap();
        ids.insert(id);
    }
    ids
}

fn server_env(sink: &SmtpSink, lease_seconds: i64) -> Vec<(&'static str, String)> {
    vec![
        ("PORTAL_SMTP_URL", sink.url()),
        ("PORTAL_SMTP_FROM", "Portal <portal@example.test>".into()),
        ("PORTAL_WORKER_INTERVAL_SECONDS", "0.2".into()),
        ("PORTAL_WORKER_LEASE_SECONDS", lease_seconds.to_string()),
        ("PORTAL_WORKER_BATCH", "5".into()),
    ]
}

/// Outbox ids by how often each arrived.
fn deliveries(messages: &[ReceivedMail]) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for m in messages {
        let id = m
            .message_id()
            .strip_suffix("@privacy-portal")
            .unwrap_or_else(|| panic!("unexpected Message-ID in {}", m.data))
            .to_string();
        *seen.entry(id).or_insert(0) += 1;
    }
    seen
}

/// Waits until no notice is pending (the mail server has a message a moment before its
/// sender hears back and marks the row).
async fn wait_until_none_pending(app: &TestApp) {
    for _ in 0..200 {
        let pending = app
            .rows("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'")
            .await;
        if pending[0]["n"] == "0" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn logs(servers: &[&Server]) -> String {
    servers
        .iter()
        .map(|s| format!("--- {}:\n{}", s.name, s.log()))
        .collect()
}

#[tokio::test]
async fn two_servers_send_every_notice_exactly_once() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start_with(Duration::from_millis(80)).await;
    let ids = pending_notices(&app, 60).await;
    let binary = Path::new(BINARY);
    let env = PortalEnv::for_app(&app);

    let a = env.serve(binary, "server-a", &server_env(&sink, 30));
    let b = env.serve(binary, "server-b", &server_env(&sink, 30));
    let messages = sink.wait_for(ids.len(), Duration::from_secs(60)).await;
    // Anything sent twice would arrive within a few more rounds.
    tokio::time::sleep(Duration::from_secs(1)).await;
    wait_until_none_pending(&app).await;
    let messages_after = sink.messages();

    assert_eq!(messages.len(), ids.len(), "{}", logs(&[&a, &b]));
    assert_eq!(messages_after.len(), ids.len(), "a notice went out twice");
    let seen = deliveries(&messages_after);
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), ids);
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    let by_server = app
        .rows("SELECT locked_by, status, COUNT(*) AS n FROM outbox GROUP BY locked_by, status ORDER BY locked_by")
        .await;
    assert!(
        by_server.iter().all(|r| r["status"] == "sent"),
        "{by_server:?}"
    );
    let servers: Vec<&str> = by_server.iter().map(|r| r["locked_by"].as_str()).collect();
    assert_eq!(
        servers,
        ["server-a", "server-b"],
        "both servers took a share: {by_server:?}"
    );
    let blank = app
        .rows("SELECT COUNT(*) AS n FROM outbox WHERE recipient <> ''")
        .await;
    assert_eq!(blank[0]["n"], "0");
    // The daily sweep both servers offer to run ran once, by one of them.
    let mut runs = Vec::new();
    for _ in 0..200 {
        runs = app
            .rows("SELECT job, locked_by, finished_at, attempts FROM job_runs WHERE job = 'retention_sweep'")
            .await;
        if runs.iter().all(|r| r["finished_at"] != "NULL") && !runs.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["job"], "retention_sweep");
    assert_eq!(runs[0]["attempts"], "1");
    assert_ne!(runs[0]["finished_at"], "NULL", "{}", logs(&[&a, &b]));
    // The right person got each one.
    for m in &messages_after {
        assert_eq!(m.rcpt_to.len(), 1);
        assert!(m.rcpt_to[0].ends_with("@example.test"));
    }
}

#[tokio::test]
async fn a_killed_servers_claimed_notices_are_sent_by_the_other_after_the_lease() {
    const LEASE: i64 = 4;
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start_with(Duration::from_millis(150)).await;
    let ids = pending_notices(&app, 20).await;
    let binary = Path::new(BINARY);
    let env = PortalEnv::for_app(&app);

    // Server A alone, until it is part-way through its first batch of five.
    let mut a = env.serve(binary, "server-a", &server_env(&sink, LEASE));
    let before_kill = sink.wait_for(2, Duration::from_secs(30)).await;
    assert!(
        before_kill.len() >= 2,
        "server A sent nothing:\n{}",
        logs(&[&a])
    );
    a.kill().await;
    let killed_at = SystemTime::now();
    // A commit A sent just before it died may still be applied by the database; what is
    // stranded is what remains claimed once that has settled.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let stranded = app
        .rows("SELECT id, locked_until FROM outbox WHERE status = 'pending' AND locked_by = 'server-a'")
        .await;
    assert!(!stranded.is_empty(), "server A held no claim when it died");
    let lease_end = stranded
        .iter()
        .map(|r| r["locked_until"].parse::<i64>().unwrap())
        .max()
        .unwrap();

    let b = env.serve(binary, "server-b", &server_env(&sink, LEASE));
    let all = loop {
        let seen = deliveries(&sink.messages());
        if seen.len() >= ids.len() {
            break seen;
        }
        assert!(
            killed_at.elapsed().unwrap() < Duration::from_secs(60),
            "not everything arrived: {} of {}\n{}",
            seen.len(),
            ids.len(),
            logs(&[&a, &b])
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // Nothing lost.
    assert_eq!(all.keys().cloned().collect::<BTreeSet<_>>(), ids);
    wait_until_none_pending(&app).await;
    let rows = app
        .rows("SELECT id, status, locked_by FROM outbox ORDER BY id")
        .await;
    assert!(rows.iter().all(|r| r["status"] == "sent"), "{rows:?}");
    // What A had claimed, B sent — and only once A's lease was over.
    let messages = sink.messages();
    for r in &stranded {
        let row = rows.iter().find(|x| x["id"] == r["id"]).unwrap();
        assert_eq!(row["locked_by"], "server-b", "{row:?}");
        let sent_at: Vec<i64> = messages
            .iter()
            .filter(|m| m.message_id() == format!("{}@privacy-portal", r["id"]))
            .map(|m| m.received_at.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64)
            .collect();
        assert!(
            sent_at.iter().any(|at| *at >= lease_end - 1),
            "{} sent at {sent_at:?}, never after the lease ended at {lease_end}",
            r["id"]
        );
    }
    // At most the one message in flight when A died went out twice (SMTP cannot take it
    // back), and only one of A's.
    let twice: Vec<(&String, &usize)> = all.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.len() <= 1, "{twice:?}");
    for (id, _) in twice {
        assert!(stranded.iter().any(|r| &r["id"] == id), "{id} was not A's");
    }
}

// ------------------------------------------------------------------ sessions on two servers

const IDLE: i64 = 15 * 60;

/// Writes the sessions' last uses only every 30 seconds, the longest the settings allow.
fn batching(settings: &mut Settings) {
    settings.session_flush_interval = Duration::from_secs(30);
}

async fn alive(app: &TestApp, token: &str) -> bool {
    let status = app.get("/api/me/contact", token).await.status();
    assert!(
        status == StatusCode::OK || status == StatusCode::UNAUTHORIZED,
        "{status}"
    );
    status == StatusCode::OK
}

async fn last_seen(app: &TestApp, person: &str) -> i64 {
    let rows = app
        .rows(&format!(
            "SELECT last_seen_at FROM sessions WHERE person_id = '{person}' AND ended_at IS NULL"
        ))
        .await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0]["last_seen_at"].parse().unwrap()
}

#[tokio::test]
async fn logging_out_on_one_server_ends_the_session_on_the_other_at_once() {
    let a = TestApp::spawn_with(batching).await;
    let b = a.another_server(batching).await;
    let token = a.login("1001").await;
    a.clock.advance(10);
    // A use B has noted and not written.
    assert!(alive(&b, &token).await);

    let resp = a.delete("/api/session", &token).await;

    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert!(!alive(&b, &token).await, "B still takes the ended session");
    assert!(!alive(&a, &token).await);
}

#[tokio::test]
async fn an_erasure_on_one_server_ends_the_session_on_the_other_at_once() {
    let a = TestApp::spawn_with(batching).await;
    let b = a.another_server(batching).await;
    let kari = a.login("1001").await;
    a.clock.advance(10);
    assert!(alive(&b, &kari).await);
    let request = b.file_erasure(&kari).await;
    let support = a.login("S1").await;

    execute(&a, &support, &request.id).await;

    assert!(
        !alive(&b, &kari).await,
        "B still takes the erased person's session"
    );
}

#[tokio::test]
async fn a_use_near_the_idle_limit_is_seen_by_the_other_server() {
    let a = TestApp::spawn_with(batching).await;
    let b = a.another_server(batching).await;
    let token = a.login("1001").await;
    let opened = last_seen(&a, "1001").await;
    a.clock.advance(IDLE - 30);
    // Within the write-through margin of the idle limit: A writes it before answering.
    assert!(alive(&a, &token).await);

    a.clock.advance(IDLE - 30);
    assert!(a.clock.unix() - opened > IDLE);

    assert!(alive(&b, &token).await, "B did not see A's use");
}

#[tokio::test]
async fn a_batched_use_reaches_the_other_server_with_the_next_batch() {
    let a = TestApp::spawn().await;
    let b = a.another_server(|_| {}).await;
    let token = a.login("1001").await;
    let opened = last_seen(&a, "1001").await;
    a.clock.advance(100);
    let used = a.clock.unix();
    assert!(alive(&a, &token).await);

    // The default batch is written every second.
    let mut written = opened;
    for _ in 0..100 {
        written = last_seen(&a, "1001").await;
        if written > opened {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        written >= used,
        "the use was not written: {written} < {used}"
    );
    a.clock.advance(written + IDLE - 5 - a.clock.unix());
    assert!(a.clock.unix() - opened > IDLE);

    assert!(alive(&b, &token).await, "B did not see A's use");
}

#[tokio::test]
async fn a_server_stopping_writes_the_uses_it_has_not_written_yet() {
    let app = TestApp::spawn().await;
    let binary = Path::new(BINARY);
    let env = PortalEnv::for_app(&app);
    let flush = [("PORTAL_SESSION_FLUSH_SECONDS", "30".to_string())];
    let mut server = env.serve(binary, "server-a", &flush);
    let address = server.address().await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let launch = app.mint("1001", "A100", "customer");
    let opened: SessionInfo = client
        .post(format!("{address}/api/session"))
        .json(&json!({ "launch_token": launch }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created = last_seen(&app, "1001").await;
    // The server's clock is the system's: a use a second later is a later use.
    while SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        <= created
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let resp = client
        .get(format!("{address}/api/me/contact"))
        .bearer_auth(&opened.session_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(last_seen(&app, "1001").await, created, "not written yet");

    assert!(server.terminate().await, "{}", server.log());

    assert!(
        last_seen(&app, "1001").await > created,
        "the use was lost:\n{}",
        server.log()
    );
}

// ------------------------------------------------------------------ rows a server keeps

/// Keeps what the authenticated path reads for `seconds`.
fn keeping(seconds: f64) -> impl Fn(&mut Settings) {
    move |settings| settings.read_cache = Duration::from_secs_f64(seconds)
}

async fn city(app: &TestApp, token: &str) -> (String, usize) {
    let view: ContactView = app.get_ok("/api/me/contact", token).await;
    (view.details.city, view.changes.len())
}

async fn move_to(app: &TestApp, token: &str, city: &str) {
    let view: ContactView = app.get_ok("/api/me/contact", token).await;
    let mut details = kari_details();
    details["city"] = json!(city);
    let body = json!({ "version": view.version, "details": details });
    assert_eq!(
        app.put("/api/me/contact", token, &body).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_kept_session_is_not_ended_for_a_use_the_other_server_has_written() {
    let a = TestApp::spawn_with(keeping(30.0)).await;
    let b = a.another_server(keeping(30.0)).await;
    let token = a.login("1001").await;
    // B keeps the session as opened.
    assert!(alive(&b, &token).await);
    a.clock.advance(IDLE - 30);
    // Near the idle limit: A writes the use through.
    assert!(alive(&a, &token).await);
    a.clock.advance(IDLE - 30);

    // By the row B keeps the session is idle; by the stored one it is not.
    assert!(alive(&b, &token).await, "B ended a session in use");
    assert!(alive(&a, &token).await);
}

#[tokio::test]
async fn a_server_reads_its_own_correction_at_once() {
    let a = TestApp::spawn_with(keeping(30.0)).await;
    let kari = a.login("1001").await;
    assert_eq!(city(&a, &kari).await, ("Oslo".to_string(), 0));

    move_to(&a, &kari, "Bergen").await;

    assert_eq!(city(&a, &kari).await, ("Bergen".to_string(), 1));
}

#[tokio::test]
async fn another_servers_correction_is_read_once_the_kept_rows_are_too_old() {
    let a = TestApp::spawn_with(keeping(0.3)).await;
    let b = a.another_server(keeping(0.3)).await;
    let kari = a.login("1001").await;
    assert_eq!(city(&b, &kari).await, ("Oslo".to_string(), 0));

    move_to(&a, &kari, "Bergen").await;
    tokio::time::sleep(Duration::from_millis(350)).await;

    assert_eq!(city(&b, &kari).await, ("Bergen".to_string(), 1));
}
