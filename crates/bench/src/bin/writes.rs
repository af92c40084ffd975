//! The writes: `PUT /api/me/newsletter` through the release server from many people at
//! once (wrk, 64 connections, 256 sessions of generated customers taken in turn), on
//! SQLite and on Postgres. Two kinds of write side by side:
//!   toggle  subscribe and unsubscribe in turn: every write is a change, with its audit
//!           entry and consent history;
//!   same    subscribe again: the same transaction and row write, nothing to audit.
//! Prints requests per second and p99 of each, their ratio, the share of writes that
//! appended an audit entry, and on Postgres what the server's connections waited for
//! while the toggles ran (sampled from `pg_stat_activity` and `pg_locks` every 50 ms).
//!
//! usage: writes-bench [--server PATH] [--dir DIR] [--postgres URL] [--duration SECONDS]
//!                     [--connections N] [--persons N] [--only sqlite|postgres]
//!
//! `--postgres` names the server (default `postgres://postgres@127.0.0.1:5432`); the bench
//! database `portal_bench_writes` is created there when missing and reused.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use portal_bench::{
    free_port, open_session, peak_rss_kib, postgres_url, time_now, wait_until_listening,
};

const POSTGRES_DATABASE: &str = "portal_bench_writes";
const LUA: &str = include_str!("../../wrk/newsletter.lua");

struct Args {
    server: String,
    dir: String,
    postgres: String,
    duration: u32,
    connections: u32,
    persons: usize,
    only: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        server: "target/release/privacy-portal".into(),
        dir: "bench-data/writes".into(),
        postgres: "postgres://postgres@127.0.0.1:5432".into(),
        duration: 10,
        connections: 64,
        persons: 256,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => a.server = value,
            "--dir" => a.dir = value,
            "--postgres" => a.postgres = value,
            "--duration" => a.duration = value.parse().expect("--duration takes seconds"),
            "--connections" => a.connections = value.parse().expect("--connections takes a number"),
            "--persons" => a.persons = value.parse().expect("--persons takes a number"),
            "--only" => a.only = Some(value),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

#[derive(Clone, Copy)]
struct Run {
    rps: f64,
    p99_ms: f64,
    requests: u64,
    non_2xx: u64,
}

fn millis(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn wrk(a: &Args, base: &str, script: &str, tokens: &str, mode: &str) -> Run {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{}", a.connections),
            &format!("-d{}s", a.duration),
        ])
        .args(["--timeout", "10s", "--latency", "-s", script])
        .arg(format!("{base}/api/me/newsletter"))
        .args(["--", tokens, mode])
        .stderr(Stdio::inherit())
        .output()
        .expect("run wrk (Debian package `wrk`)");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut run = Run {
        rps: 0.0,
        p99_ms: f64::NAN,
        requests: 0,
        non_2xx: 0,
    };
    for line in text.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            run.rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("99%") {
            run.p99_ms = millis(v.trim());
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            run.non_2xx = v.trim().parse().unwrap_or(0);
        } else if let Some((n, _)) = line.split_once(" requests in ") {
            run.requests = n.trim().parse().unwrap_or(0);
        }
    }
    assert!(run.rps > 0.0, "wrk measured nothing:\n{text}");
    run
}

fn person_id(i: usize) -> String {
    format!("9{i:05}")
}

/// Generated customers, each on a private account of their own, kept and reused.
async fn people(db: &sqlx::AnyPool, n: usize) {
    let now = time_now();
    let mut tx = db.begin().await.expect("begin");
    for i in 0..n {
        let id = person_id(i);
        let account = format!("W{id}");
        sqlx::query(
            "INSERT INTO billing_accounts (id, kind, name, country, created_at) VALUES ($1, 'private', $2, 'NO', $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&account)
        .bind(format!("Bench Person {i}"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("account");
        sqlx::query(
            "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, country, language, created_at) \
             VALUES ($1, $2, 1, $3, $4, 'NO', 'nb', $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(&account)
        .bind(format!("Bench Person {i}"))
        .bind(format!("bench-{i}@example.no"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("person");
    }
    tx.commit().await.expect("commit");
}

async fn count(db: &sqlx::AnyPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.expect("count")
}

/// What the portal's Postgres connections waited for, sampled until `stop`.
async fn sample_waits(url: String, stop: Arc<AtomicBool>) -> (u64, BTreeMap<String, u64>) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("sampler");
    let mut samples = 0;
    let mut waits = BTreeMap::new();
    while !stop.load(Ordering::Relaxed) {
        // Advisory locks in the one-key form (objsubid 1) are the audit trail's; the
        // two-key form (objsubid 2) with class 1 is a person's.
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT CASE \
               WHEN l.locktype = 'advisory' AND l.objsubid = 1 THEN 'advisory lock: audit trail' \
               WHEN l.locktype = 'advisory' AND l.objsubid = 2 AND l.classid = 1 THEN 'advisory lock: a person' \
               WHEN l.locktype = 'advisory' THEN 'advisory lock: other' \
               WHEN l.locktype IS NOT NULL THEN 'lock: ' || l.locktype \
               ELSE coalesce(a.wait_event_type || ': ' || a.wait_event, 'on CPU') END, \
             count(*) \
             FROM pg_stat_activity a \
             LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted \
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state = 'active' \
             GROUP BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .expect("sample");
        for (what, n) in rows {
            *waits.entry(what).or_insert(0) += n as u64;
        }
        samples += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (samples, waits)
}

struct Measured {
    name: &'static str,
    toggle: Run,
    same: Run,
    audited: f64,
    waits: Option<(u64, BTreeMap<String, u64>)>,
    portal_kib: u64,
}

async fn measure(a: &Args, name: &'static str, url: &str) -> Measured {
    std::fs::create_dir_all(&a.dir).expect("create the benchmark directory");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(&a.server)
        .arg("serve")
        .env("PORTAL_DEMO", "1")
        .env("PORTAL_DATA_DIR", &a.dir)
        .env("PORTAL_DATABASE_URL", url)
        .env("PORTAL_LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL_LOG", "warn")
        .env("PORTAL_WORKER", "off")
        .env("PORTAL_RATE_LIMIT_SESSION", "0")
        .env("PORTAL_RATE_LIMIT_IP", "0")
        .env("PORTAL_RATE_LIMIT_LAUNCH", "0")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", a.server));
    wait_until_listening(&format!("{base}/healthz"), &mut server).await;
    // The server has brought the schema to its own version (an older build's too).
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(url)
        .await
        .expect("open the benchmark database");
    people(&db, a.persons).await;

    let client = reqwest::Client::new();
    let mut tokens = String::new();
    for i in 0..a.persons {
        let id = person_id(i);
        let token = open_session(&client, &base, &a.dir, &id, &format!("W{id}")).await;
        tokens.push_str(&token);
        tokens.push('\n');
    }
    let tokens_file = format!("{}/sessions-{name}.txt", a.dir);
    std::fs::write(&tokens_file, tokens).expect("write the sessions");
    let script = format!("{}/newsletter.lua", a.dir);
    std::fs::write(&script, LUA).expect("write the wrk script");

    // Everyone unsubscribed, as the toggles' first write expects.
    sqlx::query("DELETE FROM newsletter_subscriptions WHERE person_id LIKE '9%'")
        .execute(&db)
        .await
        .expect("reset");
    let before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = url
        .starts_with("postgres")
        .then(|| tokio::spawn(sample_waits(url.to_string(), stop.clone())));
    let toggle = wrk(a, &base, &script, &tokens_file, "toggle");
    stop.store(true, Ordering::Relaxed);
    let waits = match sampler {
        Some(s) => Some(s.await.expect("sampler")),
        None => None,
    };
    let after = count(&db, "SELECT COUNT(*) FROM audit_log").await;
    let same = wrk(a, &base, &script, &tokens_file, "same");
    assert_eq!(toggle.non_2xx + same.non_2xx, 0, "some writes failed");
    let portal_kib = peak_rss_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    db.close().await;
    Measured {
        name,
        toggle,
        same,
        audited: (after - before) as f64 / toggle.requests.max(1) as f64,
        waits,
        portal_kib,
    }
}

#[tokio::main]
async fn main() {
    let a = args();
    let mut all = Vec::new();
    if a.only.as_deref() != Some("postgres") {
        let url = format!("sqlite://{}/portal.db?mode=rwc", a.dir);
        all.push(measure(&a, "SQLite", &url).await);
    }
    if a.only.as_deref() != Some("sqlite") {
        let url = postgres_url(&a.postgres, POSTGRES_DATABASE).await;
        all.push(measure(&a, "Postgres", &url).await);
    }
    println!(
        "writes (PUT /api/me/newsletter), wrk -t2 -c{} {} s per run, {} people, server {}",
        a.connections, a.duration, a.persons, a.server
    );
    println!(
        "  {:<8}  {:>18}  {:>18}  {:>12}  {:>8}  {:>8}",
        "", "toggle req/s p99", "same req/s p99", "toggle/same", "audited", "VmHWM"
    );
    for m in &all {
        println!(
            "  {:<8}  {:>8.0} {:>7.1}ms  {:>8.0} {:>7.1}ms  {:>12.3}  {:>7.0}%  {:>5.1} MB",
            m.name,
            m.toggle.rps,
            m.toggle.p99_ms,
            m.same.rps,
            m.same.p99_ms,
            m.toggle.rps / m.same.rps,
            m.audited * 100.0,
            m.portal_kib as f64 / 1024.0
        );
    }
    for m in &all {
        if let Some((samples, waits)) = &m.waits {
            println!(
                "  {} during the toggles, active connections by what they waited for (mean of {samples} samples):",
                m.name
            );
            let mut sorted: Vec<_> = waits.iter().collect();
            sorted.sort_by(|x, y| y.1.cmp(x.1));
            for (what, n) in sorted {
                println!("    {:>6.1}  {what}", *n as f64 / (*samples).max(1) as f64);
            }
        }
    }
}
