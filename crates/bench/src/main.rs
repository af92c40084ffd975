//! Export benchmark: an account with a very large login history (1 million rows by
//! default) is exported through the real server process, and the figures the issue asks
//! for are printed: rows per second, bytes, and the server's peak memory (VmHWM) before
//! and after the export, which shows whether memory grows with the account.
//!
//! With `--whmcs mysql://…` the account is a WHMCS client (the fixture's Kari, client 1)
//! with a very large activity log and many e-mails sent (1 000 000 and 100 000 by
//! default), exported from the WHMCS database through the same server.
//!
//! On SQLite the same rows are also dumped by the `sqlite3` command-line shell
//! (`sqlite3 -json`, into /dev/null), the baseline the export is held against: wall time
//! and CPU time (user + system) of each, side by side, with their ratios. The export's CPU
//! time is the server's; the runs alternate and the median of `--runs` is shown.
//!
//! usage: export-bench [--rows N] [--database URL] [--server PATH] [--dir DIR]
//!                     [--whmcs MYSQL_SERVER_URL] [--emails N] [--runs N] [--keep FILE]
//!
//! `--keep` writes the (last) export to FILE, to compare two builds' output.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures::StreamExt;
use portal_bench::{cpu_seconds, open_session, peak_rss_kib, time_now};

const PERSON: &str = "1001";
const BATCH: usize = 500;

struct Args {
    rows: usize,
    database: Option<String>,
    server: String,
    dir: String,
    whmcs: Option<String>,
    emails: usize,
    runs: usize,
    keep: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        rows: 1_000_000,
        database: None,
        server: "target/release/privacy-portal".into(),
        dir: "bench-data".into(),
        whmcs: None,
        emails: 100_000,
        runs: 3,
        keep: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--rows" => a.rows = value.parse().expect("--rows takes a number"),
            "--database" => a.database = Some(value),
            "--server" => a.server = value,
            "--dir" => a.dir = value,
            "--whmcs" => a.whmcs = Some(value),
            "--emails" => a.emails = value.parse().expect("--emails takes a number"),
            "--runs" => a.runs = value.parse().expect("--runs takes a number"),
            "--keep" => a.keep = Some(value),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

async fn fill(url: &str, rows: usize) {
    let db = portal_server::store::db::connect(url)
        .await
        .expect("open the benchmark database");
    let now = time_now();
    // The demo's built-in billing data, which the export reads.
    use portal_server::billing::Billing;
    portal_server::billing::builtin::Builtin::connect(url)
        .await
        .expect("open the built-in billing store")
        .seed_demo(portal_server::clock::Clock::default().today(), now)
        .await
        .expect("seed");
    let have: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM billing_login_history WHERE person_id = $1")
            .bind(PERSON)
            .fetch_one(&db)
            .await
            .expect("count");
    let missing = rows.saturating_sub(have as usize);
    if missing == 0 {
        return;
    }
    let started = Instant::now();
    let mut tx = db.begin().await.expect("begin");
    let mut done = 0;
    while done < missing {
        let n = BATCH.min(missing - done);
        let mut sql = String::from(
            "INSERT INTO billing_login_history (person_id, at, ip, user_agent) VALUES ",
        );
        for i in 0..n {
            let p = i * 4;
            sql.push_str(&format!(
                "{}(${}, ${}, ${}, ${})",
                if i > 0 { "," } else { "" },
                p + 1,
                p + 2,
                p + 3,
                p + 4
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in 0..n {
            let k = (done + i) as i64;
            q = q
                .bind(PERSON)
                .bind(now - 86_400 * 365 + k)
                .bind(format!("198.51.100.{}", k % 250))
                .bind("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
        }
        q.execute(&mut *tx).await.expect("insert login rows");
        done += n;
    }
    tx.commit().await.expect("commit");
    eprintln!(
        "generated {missing} login rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let a = args();
    std::fs::create_dir_all(&a.dir).expect("create the benchmark directory");
    let url = a
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}/portal.db?mode=rwc", a.dir));
    let whmcs = match &a.whmcs {
        Some(server) => Some(fill_whmcs(server, a.rows, a.emails).await),
        None => {
            fill(&url, a.rows).await;
            None
        }
    };

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        l.local_addr().expect("addr").port()
    };
    let mut command = Command::new(&a.server);
    match &whmcs {
        // Demo mode never runs beside a billing system: the server is set up as for
        // production, with the demo key pair as the host's key and an audit key of its own.
        Some(w) => {
            let dir = std::path::Path::new(&a.dir);
            portal_server::auth::keys::ensure_dev_key_pair(dir).expect("demo key pair");
            let audit =
                portal_server::config::audit::AuditSettings::in_folder(dir).expect("audit key");
            command
                .env("PORTAL_AUDIT_KEY_FILE", &audit.key_file)
                .env("PORTAL_BILLING_URL", w)
                .env(
                    "PORTAL_HOST_ISSUER",
                    portal_server::config::settings::DEMO_ISSUER,
                )
                .env(
                    "PORTAL_HOST_PUBLIC_KEY",
                    dir.join(portal_server::auth::keys::DEV_PUBLIC_KEY_FILE),
                )
                .env("PORTAL_CONFIG", "config/operator.example.toml");
            // An export changes nothing in WHMCS: its API is configured, never called.
            let secret = dir.join("whmcs-api.secret");
            std::fs::write(&secret, "unused").expect("API secret file");
            command
                .env(
                    "PORTAL_WHMCS_API_URL",
                    "http://127.0.0.1:9/includes/api.php",
                )
                .env("PORTAL_WHMCS_API_IDENTIFIER", "bench")
                .env("PORTAL_WHMCS_API_SECRET_FILE", &secret);
        }
        None => {
            command.env("PORTAL_DEMO", "1");
        }
    }
    let mut server = command
        .arg("serve")
        .env("PORTAL_DATA_DIR", &a.dir)
        .env("PORTAL_DATABASE_URL", &url)
        .env("PORTAL_LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", a.server));
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if client.get(format!("{base}/api/none")).send().await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the server did not start");

    let (person, account) = if whmcs.is_some() {
        ("1", "1")
    } else {
        (PERSON, "A100")
    };
    let token = open_session(&client, &base, &a.dir, person, account).await;

    let rss_before = peak_rss_kib(server.id());
    let sqlite_file = url
        .strip_prefix("sqlite://")
        .filter(|_| whmcs.is_none())
        .map(|rest| rest.split('?').next().unwrap_or(rest).to_string());
    let runs = a.runs.max(1);
    let mut exports = Vec::new();
    let mut dumps = Vec::new();
    let mut body = Vec::new();
    for _ in 0..runs {
        if let Some(file) = &sqlite_file {
            dumps.push(sqlite3_json(file));
        }
        let cpu_before = cpu_seconds(server.id());
        let started = Instant::now();
        let res = client
            .get(format!("{base}/api/me/export"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("export");
        assert!(
            res.status().is_success(),
            "export answered {}",
            res.status()
        );
        body.clear();
        let mut stream = res.bytes_stream();
        while let Some(chunk) = stream.next().await {
            body.extend_from_slice(&chunk.expect("export chunk"));
        }
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds(server.id()) - cpu_before;
        exports.push(Timed {
            wall: secs,
            cpu,
            bytes: body.len() as u64,
        });
    }
    let rss_after = peak_rss_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    if let Some(file) = &a.keep {
        std::fs::write(file, &body).unwrap_or_else(|e| panic!("{file}: {e}"));
    }

    let export = Timed::median(&exports);
    let rows = check(&body, &a, whmcs.is_some());
    let mb = export.bytes as f64 / 1e6;
    let memory = format!(
        "{:.1} MB before the export, {:.1} MB after",
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    let secs = export.wall;
    if whmcs.is_some() {
        println!("export benchmark (WHMCS on MariaDB; the portal on SQLite)");
        println!("  activity-log rows + e-mails: {rows}");
        println!("  export size:        {mb:.1} MB");
        println!("  time:               {secs:.2} s (median of {runs})");
        println!("  rows per second:    {:.0}", rows as f64 / secs);
        println!("  server peak memory: {memory}");
        return;
    }
    println!(
        "export benchmark ({}), server {}",
        if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "Postgres"
        },
        a.server
    );
    println!("  login-history rows: {rows}");
    println!("  export size:        {mb:.1} MB");
    println!(
        "  time:               {secs:.2} s wall, {:.2} s server CPU (median of {runs})",
        export.cpu
    );
    println!("  rows per second:    {:.0}", rows as f64 / secs);
    println!("  server peak memory: {memory}");
    if !dumps.is_empty() {
        let dump = Timed::median(&dumps);
        println!(
            "  sqlite3 -json:      {:.2} s wall, {:.2} s CPU, {:.1} MB (median of {runs})",
            dump.wall,
            dump.cpu,
            sqlite3_json_bytes(sqlite_file.as_deref().unwrap_or_default()) as f64 / 1e6
        );
        println!(
            "  export/sqlite3:     {:.2}× wall ({:.2} s / {:.2} s), {:.2}× CPU ({:.2} s / {:.2} s); target <= 2× wall",
            export.wall / dump.wall,
            export.wall,
            dump.wall,
            export.cpu / dump.cpu,
            export.cpu,
            dump.cpu
        );
    }
}

/// One timed run: wall time, CPU time (user + system), bytes written.
#[derive(Clone, Copy)]
struct Timed {
    wall: f64,
    cpu: f64,
    bytes: u64,
}

impl Timed {
    /// The median wall time and, apart, the median CPU time.
    fn median(runs: &[Timed]) -> Timed {
        let mid = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        Timed {
            wall: mid(runs.iter().map(|r| r.wall).collect()),
            cpu: mid(runs.iter().map(|r| r.cpu).collect()),
            bytes: runs.last().map_or(0, |r| r.bytes),
        }
    }
}

/// The login rows the export holds, as the shell dumps them.
const DUMP_SQL: &str =
    "SELECT at, ip, user_agent FROM billing_login_history WHERE person_id = '1001' ORDER BY id";

/// `sqlite3 -json` dumping the export's login rows into /dev/null, timed by bash.
fn sqlite3_json(file: &str) -> Timed {
    let out = Command::new("bash")
        .arg("-c")
        .arg(r#"TIMEFORMAT='%R %U %S'; time sqlite3 -json "$1" "$2" >/dev/null"#)
        .arg("bash")
        .arg(file)
        .arg(DUMP_SQL)
        .output()
        .expect("run bash and sqlite3 (Debian package sqlite3)");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sqlite3 failed: {text}");
    let t: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    assert_eq!(t.len(), 3, "no timing from bash: {text}");
    Timed {
        wall: t[0],
        cpu: t[1] + t[2],
        bytes: 0,
    }
}

fn sqlite3_json_bytes(file: &str) -> u64 {
    let out = Command::new("sqlite3")
        .args(["-json", file, DUMP_SQL])
        .output()
        .expect("run sqlite3");
    out.stdout.len() as u64
}

/// Checks the export is whole JSON with the rows asked for; returns how many it holds.
fn check(body: &[u8], a: &Args, whmcs: bool) -> usize {
    let doc: serde_json::Value = serde_json::from_slice(body).expect("the export is valid JSON");
    let history = &doc["categories"]["history"]["records"];
    let count = |key: &str| history[key].as_array().map(Vec::len).unwrap_or(0);
    if whmcs {
        let (activity, emails) = (count("activity_log"), count("emails"));
        assert!(
            activity >= a.rows,
            "the export holds {activity} activity rows"
        );
        assert!(emails >= a.emails, "the export holds {emails} e-mails");
        return activity + emails;
    }
    let rows = count("login_history");
    assert!(
        rows >= a.rows,
        "the export holds {rows} login rows, expected at least {}",
        a.rows
    );
    rows
}

/// The WHMCS benchmark database (`whmcs_bench` on `server`): the project's WHMCS fixture,
/// with client 1's activity log and e-mails grown to `rows` and `emails`, generated once
/// and reused. Returns its URL.
async fn fill_whmcs(server: &str, rows: usize, emails: usize) -> String {
    use sqlx::{Connection, Executor};
    let server = server.trim_end_matches('/');
    let mut admin = sqlx::MySqlConnection::connect(server)
        .await
        .expect("the MariaDB server");
    let exists: Option<String> = sqlx::query_scalar(
        "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name = 'whmcs_bench'",
    )
    .fetch_optional(&mut admin)
    .await
    .expect("list databases");
    let url = format!("{server}/whmcs_bench");
    if exists.is_none() {
        admin
            .execute("CREATE DATABASE whmcs_bench CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci")
            .await
            .expect("create whmcs_bench");
        let mut conn = sqlx::MySqlConnection::connect(&url).await.expect("connect");
        for file in [
            "tests/whmcs/schema.sql",
            "integrations/whmcs/modules/addons/privacyportal/schema.sql",
            "tests/whmcs/seed.sql",
        ] {
            let sql = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
            for statement in sql.split(";\n").map(str::trim).filter(|s| {
                s.lines()
                    .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
            }) {
                conn.execute(sqlx::AssertSqlSafe(statement.to_string()))
                    .await
                    .unwrap_or_else(|e| panic!("{file}: {e}"));
            }
        }
    }
    let mut conn = sqlx::MySqlConnection::connect(&url).await.expect("connect");
    let started = Instant::now();
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tblactivitylog WHERE userid = 1")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    if (have as usize) < rows {
        // MariaDB's sequence tables give the numbers.
        let missing = rows - have as usize;
        conn.execute(sqlx::AssertSqlSafe(format!(
            "INSERT INTO tblactivitylog (date, description, user, userid, user_id, admin_id, ipaddr) \
             SELECT UTC_TIMESTAMP() - INTERVAL seq MINUTE, CONCAT('Client Login - User ID: 1 - Session ', seq), \
             'Client', 1, 1, 0, CONCAT('198.51.100.', seq % 250) FROM seq_1_to_{missing}"
        )))
        .await
        .expect("generate activity rows");
    }
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tblemails WHERE userid = 1")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    if (have as usize) < emails {
        let missing = emails - have as usize;
        conn.execute(sqlx::AssertSqlSafe(format!(
            "INSERT INTO tblemails (userid, subject, message, date, `to`, cc, bcc, attachments, pending, \
             message_data, failed, failure_reason, retry_count, created_at, updated_at, campaign_id) \
             SELECT 1, CONCAT('Faktura ', seq), CONCAT('<p>Hei Kari, her er faktura ', seq, ' fra Fjordhost.</p>'), \
             UTC_TIMESTAMP() - INTERVAL seq HOUR, 'kari.nordmann@example.no', '', '', '', 0, NULL, 0, '', 0, \
             UTC_TIMESTAMP(), UTC_TIMESTAMP(), 0 FROM seq_1_to_{missing}"
        )))
        .await
        .expect("generate e-mails");
    }
    eprintln!(
        "WHMCS benchmark data ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    url
}
