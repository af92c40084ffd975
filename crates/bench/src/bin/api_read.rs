//! The authenticated read, side by side: `GET /api/me/contact` through the release server
//! against a bare axum JSON handler (`bare-json`) and against the same server's JSON 404
//! (its middleware alone), with wrk at 64 and at 1000 connections, on SQLite and on
//! Postgres. Prints requests per second and p99 latency of each, the ratios the issue
//! sets targets for, the CPU time the answering server spent per request, and the
//! servers' peak memory (VmHWM).
//!
//! usage: api-read-bench [--server PATH] [--bare PATH] [--dir DIR] [--postgres URL]
//!                       [--duration SECONDS] [--only sqlite|postgres] [--assert]
//!
//! `--postgres` names the server (default `postgres://postgres@127.0.0.1:5432`); the bench
//! database `portal_bench_api` is created there when missing and reused. `--assert` exits
//! with 1 when a ratio misses its target.

use std::process::{Command, Stdio};

use portal_bench::{
    cpu_seconds, free_port, open_session, peak_rss_kib, postgres_url, wait_until_listening,
};

const CONNECTIONS: [u32; 2] = [64, 1000];
const POSTGRES_DATABASE: &str = "portal_bench_api";

struct Args {
    server: String,
    bare: String,
    dir: String,
    postgres: String,
    duration: u32,
    only: Option<String>,
    assert: bool,
}

fn args() -> Args {
    let mut a = Args {
        server: "target/release/privacy-portal".into(),
        bare: "target/release/bare-json".into(),
        dir: "bench-data/api-read".into(),
        postgres: "postgres://postgres@127.0.0.1:5432".into(),
        duration: 5,
        only: None,
        assert: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--assert" {
            a.assert = true;
            continue;
        }
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => a.server = value,
            "--bare" => a.bare = value,
            "--dir" => a.dir = value,
            "--postgres" => a.postgres = value,
            "--duration" => a.duration = value.parse().expect("--duration takes seconds"),
            "--only" => a.only = Some(value),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

/// What one wrk run measured.
#[derive(Clone, Copy)]
struct Run {
    rps: f64,
    p99_ms: f64,
    /// Answers other than 2xx/3xx, and socket errors.
    non_2xx: u64,
    errors: u64,
    /// CPU time the answering server spent per request, in microseconds: steadier than
    /// req/s on a machine where wrk and the server share the cores.
    cpu_us: f64,
}

/// `12.34ms`, `980.00us`, `1.02s` in milliseconds.
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

/// wrk against `url`, served by the process `server`.
fn wrk(url: &str, server: u32, connections: u32, seconds: u32, token: &str) -> Run {
    let cpu_before = cpu_seconds(server);
    let out = Command::new("wrk")
        .args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s")])
        .args(["--timeout", "10s", "--latency"])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .arg(url)
        .stderr(Stdio::inherit())
        .output()
        .expect("run wrk (Debian package `wrk`)");
    let cpu = cpu_seconds(server) - cpu_before;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut run = Run {
        rps: 0.0,
        p99_ms: f64::NAN,
        non_2xx: 0,
        errors: 0,
        cpu_us: f64::NAN,
    };
    for line in text.lines().map(str::trim) {
        // "123456 requests in 5.00s, 45.67MB read"
        if let Some((n, _)) = line.split_once(" requests in ")
            && let Ok(n) = n.parse::<f64>()
        {
            run.cpu_us = cpu * 1e6 / n;
        }
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            run.rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("99%") {
            run.p99_ms = millis(v.trim());
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            run.non_2xx = v.trim().parse().unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("Socket errors:") {
            run.errors = v
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum();
        }
    }
    assert!(run.rps > 0.0, "wrk measured nothing for {url}:\n{text}");
    run
}

/// One backend's figures: by connection count, (contact, 404, bare), and the portal's
/// peak memory.
struct Measured {
    name: &'static str,
    runs: Vec<(u32, Run, Run, Run)>,
    portal_kib: u64,
}

async fn measure(
    a: &Args,
    name: &'static str,
    url: &str,
    (bare, bare_pid): (&str, u32),
) -> Measured {
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
        // The read path alone: no background rounds of notices beside it.
        .env("PORTAL_WORKER", "off")
        // wrk sends one session's reads from one address far past any person's pace: the
        // rate limits would answer most of them with 429.
        .env("PORTAL_RATE_LIMIT_SESSION", "0")
        .env("PORTAL_RATE_LIMIT_IP", "0")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", a.server));
    wait_until_listening(&format!("{base}/healthz"), &mut server).await;

    let token = open_session(&reqwest::Client::new(), &base, &a.dir, "1001", "A100").await;

    let pid = server.id();
    let mut runs = Vec::new();
    for connections in CONNECTIONS {
        let contact = wrk(
            &format!("{base}/api/me/contact"),
            pid,
            connections,
            a.duration,
            &token,
        );
        let missing = wrk(
            &format!("{base}/api/none"),
            pid,
            connections,
            a.duration,
            &token,
        );
        let bare_run = wrk(bare, bare_pid, connections, a.duration, &token);
        assert_eq!(contact.non_2xx, 0, "the contact reads failed");
        runs.push((connections, contact, missing, bare_run));
    }
    let portal_kib = peak_rss_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    Measured {
        name,
        runs,
        portal_kib,
    }
}

#[tokio::main]
async fn main() {
    let a = args();
    let bare_port = free_port();
    let bare_url = format!("http://127.0.0.1:{bare_port}/json");
    let mut bare = Command::new(&a.bare)
        .arg(format!("127.0.0.1:{bare_port}"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", a.bare));
    wait_until_listening(&bare_url, &mut bare).await;

    let mut all = Vec::new();
    if a.only.as_deref() != Some("postgres") {
        let url = format!("sqlite://{}/portal.db?mode=rwc", a.dir);
        all.push(measure(&a, "SQLite", &url, (&bare_url, bare.id())).await);
    }
    if a.only.as_deref() != Some("sqlite") {
        let url = postgres_url(&a.postgres, POSTGRES_DATABASE).await;
        all.push(measure(&a, "Postgres", &url, (&bare_url, bare.id())).await);
    }
    let bare_kib = peak_rss_kib(bare.id());
    let _ = bare.kill();
    let _ = bare.wait();

    println!(
        "authenticated read (GET /api/me/contact), wrk -t2 {} s per run, server {}",
        a.duration, a.server
    );
    println!(
        "  {:<8} {:>5}  {:>18}  {:>18}  {:>18}  {:>15}  {:>15}  {:>17}",
        "",
        "conns",
        "contact req/s p99",
        "404 req/s p99",
        "bare req/s p99",
        "contact/bare",
        "contact/404",
        "p99 contact/bare"
    );
    let mut missed = Vec::new();
    for m in &all {
        for (connections, contact, missing, bare) in &m.runs {
            let to_bare = contact.rps / bare.rps;
            let to_404 = contact.rps / missing.rps;
            let p99 = contact.p99_ms / bare.p99_ms;
            let mark = |ok: bool| if ok { "ok" } else { "MISS" };
            println!(
                "  {:<8} {:>5}  {:>8.0} {:>7.1}ms  {:>8.0} {:>7.1}ms  {:>8.0} {:>7.1}ms  {:>10.3} {:<4}  {:>10.3} {:<4}  {:>11.2}× {:<4}",
                m.name,
                connections,
                contact.rps,
                contact.p99_ms,
                missing.rps,
                missing.p99_ms,
                bare.rps,
                bare.p99_ms,
                to_bare,
                mark(to_bare >= 0.3),
                to_404,
                mark(to_404 >= 0.5),
                p99,
                if *connections < 1000 {
                    ""
                } else {
                    mark(p99 <= 2.0)
                },
            );
            println!(
                "  {:<8} {:>5}  server CPU per request: contact {:.1} µs, 404 {:.1} µs, bare {:.1} µs",
                "", "", contact.cpu_us, missing.cpu_us, bare.cpu_us
            );
            let errors = contact.errors + missing.errors + bare.errors;
            if errors > 0 {
                println!(
                    "  {:<8} {:>5}  socket errors: contact {}, 404 {}, bare {}",
                    "", "", contact.errors, missing.errors, bare.errors
                );
            }
            if to_bare < 0.3 {
                missed.push(format!("{} {connections}: contact/bare", m.name));
            }
            if to_404 < 0.5 {
                missed.push(format!("{} {connections}: contact/404", m.name));
            }
            if *connections >= 1000 && p99 > 2.0 {
                missed.push(format!("{} {connections}: p99", m.name));
            }
        }
    }
    for m in &all {
        println!(
            "  peak memory (VmHWM) after all runs: portal on {} {:.1} MB{}",
            m.name,
            m.portal_kib as f64 / 1024.0,
            if m.portal_kib <= 50 * 1024 {
                " ok"
            } else {
                " MISS (target 50 MB)"
            }
        );
    }
    println!(
        "  peak memory (VmHWM) after all runs: bare axum {:.1} MB",
        bare_kib as f64 / 1024.0
    );
    println!("  targets: contact/bare >= 0.3, contact/404 >= 0.5, p99 at 1000 connections <= 2×");
    if a.assert && !missed.is_empty() {
        eprintln!("targets missed: {}", missed.join("; "));
        std::process::exit(1);
    }
}
