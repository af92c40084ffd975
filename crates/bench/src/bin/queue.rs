//! The support queue at a million requests: pages (the first, a deep one, each filter) and
//! searches (a common name, a full name, a rare e-mail fragment, no match) through the
//! release server's HTTP API, authenticated as support, on SQLite and on Postgres. Prints
//! the median time of each beside the same figure of a baseline server, when one is named,
//! and the targets: 5 ms a page, 20 ms a search.
//!
//! usage: queue-bench [--server PATH] [--baseline PATH] [--dir DIR] [--postgres URL]
//!                    [--samples N] [--only sqlite|postgres] [--assert]
//!
//! Each server gets a dataset of its own, migrated by that server and then generated once
//! (1 000 000 requests, 200 000 open of which 112 000 overdue, for 400 000 persons with
//! names and e-mails) and reused: `DIR/server/portal.db` and the Postgres database
//! `portal_bench_queue`; `DIR/baseline/portal.db` and `portal_bench_queue_baseline`.
//! `--postgres` names the Postgres server (default `postgres://postgres@127.0.0.1:5432`).
//! `--assert` exits with 1 when a figure of the server misses its target.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portal_bench::{free_port, open_session_as, postgres_url, time_now};
use sqlx::{AnyConnection, Connection, Executor};
use time::{Date, OffsetDateTime};

const REQUESTS: u64 = 1_000_000;
const OPEN: u64 = 200_000;
const OVERDUE: u64 = 112_000;
const PERSONS: u64 = 400_000;
/// The dataset's marker in `seeded_datasets`, written in the transaction that fills it.
const DATASET: &str = "queue-bench-1m";
const BATCH: u64 = 1000;
const PAGE_TARGET_MS: f64 = 5.0;
const SEARCH_TARGET_MS: f64 = 20.0;

const FIRST: &[&str] = &[
    "Kari", "Ola", "Ingrid", "Lars", "Anna", "Per", "Marte", "Jonas", "Nora", "Erik", "Åse",
    "Bjørn", "Øyvind", "Sølvi", "Hege", "Knut", "Silje", "Mats", "Ida", "Jon", "Kristin", "Arne",
    "Tone", "Geir", "Liv", "Håkon", "Ragnhild", "Sindre", "Maja", "Emil", "Sofie", "Henrik",
    "Thea", "Magnus", "Astrid", "Sverre", "Eva", "Tor", "Line", "Rune", "Hanne", "Stian", "Vilde",
    "Even", "Malin", "Jørgen", "Karoline", "Trond", "Elin", "Petter",
];
const LAST: &[&str] = &[
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ødegård",
];
const DOMAINS: &[&str] = &[
    "example.no",
    "post.example.no",
    "online.example.no",
    "mail.example.com",
    "example.se",
    "firma.example.no",
];

struct Args {
    server: String,
    baseline: Option<String>,
    dir: String,
    postgres: String,
    samples: usize,
    only: Option<String>,
    assert: bool,
}

fn args() -> Args {
    let mut a = Args {
        server: "target/release/privacy-portal".into(),
        baseline: None,
        dir: "bench-data/queue".into(),
        postgres: "postgres://postgres@127.0.0.1:5432".into(),
        samples: 41,
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
            "--baseline" => a.baseline = Some(value).filter(|v| !v.is_empty()),
            "--dir" => a.dir = value,
            "--postgres" => a.postgres = value,
            "--samples" => a.samples = value.parse().expect("--samples takes a number"),
            "--only" => a.only = Some(value),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

/// A stable mix of `n`, for ids and choices that look random but are the same every run.
fn mix(n: u64) -> u64 {
    let mut x = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn ascii(name: &str) -> String {
    name.to_lowercase()
        .replace('å', "aa")
        .replace('ø', "o")
        .replace('æ', "ae")
}

/// Person `n`: (id, account id, name, e-mail).
fn person(n: u64) -> (String, String, String, String) {
    let m = mix(n);
    let first = FIRST[(m % FIRST.len() as u64) as usize];
    let last = LAST[((m >> 16) % LAST.len() as u64) as usize];
    let domain = DOMAINS[((m >> 32) % DOMAINS.len() as u64) as usize];
    (
        format!("qp{n:06}"),
        format!("qa{n:06}"),
        format!("{first} {last}"),
        format!("{}.{}{}@{domain}", ascii(first), ascii(last), n % 1000),
    )
}

fn request_id(i: u64) -> String {
    let a = mix(i);
    let b = mix(i ^ 0x5555_5555);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Request `i`: requests 0..OPEN are open (the first OVERDUE of them past their due date),
/// the rest closed, received over six years. One in twenty open requests not yet due has
/// been extended. Each open request is about a person of its own (one pending request of
/// a kind per person).
fn request(i: u64, today: Date) -> String {
    let m = mix(i.wrapping_mul(31));
    let kind = if m % 10 < 7 { "erasure" } else { "restriction" };
    let (person_n, status, due, extended, assignee) = if i < OPEN {
        let person_n = (i * 7919) % PERSONS;
        let due = if i < OVERDUE {
            today - time::Duration::days(1 + (m >> 8) as i64 % 400)
        } else {
            today + time::Duration::days((m >> 8) as i64 % 30)
        };
        let status = match i % 20 {
            0..=9 => "submitted",
            10..=16 => "in_progress",
            _ => "awaiting_subject",
        };
        let assignee = match status {
            "submitted" => None,
            _ => Some(["S1", "S2", "S3"][(m >> 40) as usize % 3]),
        };
        let extended = i >= OVERDUE && i % 20 == 3;
        (person_n, status, due, extended, assignee)
    } else {
        let person_n = (m >> 4) % PERSONS;
        let due = today - time::Duration::days(31 + (m >> 8) as i64 % (6 * 365));
        let status = if (m >> 20) % 100 < 85 {
            "completed"
        } else {
            "rejected"
        };
        (
            person_n,
            status,
            due,
            false,
            Some(["S1", "S2", "S3"][(m >> 40) as usize % 3]),
        )
    };
    let (person_id, account_id, _, _) = person(person_n);
    let original = if extended {
        due - time::Duration::days(60)
    } else {
        due
    };
    let received = OffsetDateTime::new_utc(
        original - time::Duration::days(30),
        time::Time::from_hms(9, 0, 0).expect("time"),
    )
    .unix_timestamp()
        + (m % 30_000) as i64;
    let q = |s: Option<&str>| s.map_or("NULL".to_string(), |s| format!("'{s}'"));
    format!(
        "('{}', '{person_id}', '{account_id}', '{kind}', '{status}', {received}, '{}', {}, {}, \
         '{person_id}', 'customer', {received})",
        request_id(i),
        iso(original),
        q(extended.then(|| iso(due)).as_deref()),
        q(assignee),
    )
}

/// Fills the dataset once, unless its marker is there.
async fn generate(url: &str, today: Date) {
    let mut conn = AnyConnection::connect(url)
        .await
        .expect("the bench database");
    let have: Option<String> =
        sqlx::query_scalar("SELECT name FROM seeded_datasets WHERE name = $1")
            .bind(DATASET)
            .fetch_optional(&mut conn)
            .await
            .expect("look for the dataset");
    if have.is_some() {
        return;
    }
    let started = Instant::now();
    // A transaction per batch: on Postgres, a million updates of the same counter row in
    // one transaction pile up row versions that every next update walks. A run cut short
    // is taken up where it stopped (the inserts skip what is there).
    for start in (0..PERSONS).step_by(BATCH as usize) {
        let mut tx = conn.begin().await.expect("begin");
        let mut accounts = String::from(
            "INSERT INTO billing_accounts (id, kind, name, country, created_at) VALUES ",
        );
        let mut persons = String::from(
            "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, created_at) VALUES ",
        );
        for n in start..(start + BATCH).min(PERSONS) {
            let (id, account, name, email) = person(n);
            let sep = if n > start { "," } else { "" };
            accounts += &format!("{sep}('{account}', 'private', '{name}', 'NO', 0)");
            persons += &format!("{sep}('{id}', '{account}', 1, '{name}', '{email}', 0)");
        }
        sqlx::query(sqlx::AssertSqlSafe(accounts + " ON CONFLICT DO NOTHING"))
            .execute(&mut *tx)
            .await
            .expect("insert accounts");
        sqlx::query(sqlx::AssertSqlSafe(persons + " ON CONFLICT DO NOTHING"))
            .execute(&mut *tx)
            .await
            .expect("insert persons");
        tx.commit().await.expect("commit");
    }
    eprintln!(
        "  {url}: {PERSONS} persons in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    for start in (0..REQUESTS).step_by(BATCH as usize) {
        let mut tx = conn.begin().await.expect("begin");
        let mut sql = String::from(
            "INSERT INTO privacy_requests (id, person_id, account_id, kind, status, received_at, \
             due_on, extended_due_on, assignee_id, filed_by_id, filed_by_role, updated_at) VALUES ",
        );
        for i in start..(start + BATCH).min(REQUESTS) {
            if i > start {
                sql.push(',');
            }
            sql += &request(i, today);
        }
        sqlx::query(sqlx::AssertSqlSafe(sql + " ON CONFLICT DO NOTHING"))
            .execute(&mut *tx)
            .await
            .expect("insert requests");
        tx.commit().await.expect("commit");
    }
    sqlx::query("INSERT INTO seeded_datasets (name, seeded_at) VALUES ($1, $2)")
        .bind(DATASET)
        .bind(time_now())
        .execute(&mut conn)
        .await
        .expect("mark the dataset");
    if url.starts_with("postgres") {
        // The counters' rows (`request_status_counts`, `request_open_due_counts`) were
        // updated once for every request generated, thousands of times in each batch's
        // transaction, where no old version can be pruned: the status counts grew to
        // some 50 MB for five rows, and reading them took 14 ms of every page. Ordinary
        // writes update a counter once or twice a transaction and leave the versions to
        // be pruned as they go; after a bulk load like this one they are rewritten, as an
        // operator would. Then what autovacuum does soon after a load, done at once.
        conn.execute("VACUUM FULL request_status_counts, request_open_due_counts")
            .await
            .expect("rewrite the counters");
        conn.execute("VACUUM ANALYZE")
            .await
            .expect("vacuum and analyze");
    }
    eprintln!(
        "  {url}: {PERSONS} persons and {REQUESTS} requests generated in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

async fn start(binary: &str, dir: &str, url: &str) -> (Child, String) {
    std::fs::create_dir_all(dir).expect("create the benchmark directory");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(binary)
        .arg("serve")
        .env("PORTAL_DEMO", "1")
        .env("PORTAL_DATA_DIR", dir)
        .env("PORTAL_DATABASE_URL", url)
        .env("PORTAL_LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL_LOG", "warn")
        .env("PORTAL_WORKER", "off")
        .env("PORTAL_RATE_LIMIT_SESSION", "0")
        .env("PORTAL_RATE_LIMIT_IP", "0")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {binary}: {e}"));
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return (child, base);
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{binary} exited: {status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{binary} did not answer");
}

/// What is measured: (label, query string, is a search).
fn cases(today: Date) -> Vec<(String, String, bool)> {
    let deep = iso(today - time::Duration::days(3 * 365));
    let deep_open = iso(today - time::Duration::days(200));
    let (_, _, _, rare_email) = person(271_828);
    let fragment = &rare_email[..rare_email.find('@').expect("an e-mail")];
    let (_, _, full_name, _) = person(31_415);
    let page = |label: &str, q: &str| (label.to_string(), q.to_string(), false);
    let search = |label: String, q: &str| (label, q.replace(' ', "%20"), true);
    vec![
        page("first page", ""),
        page("deep page (3 years in)", &format!("?after={deep}:8")),
        page("open", "?open=true"),
        page(
            "open, deep page",
            &format!("?open=true&after={deep_open}:8"),
        ),
        page("overdue", "?overdue=true"),
        page("status submitted", "?status=submitted"),
        page("status awaiting_subject", "?status=awaiting_subject"),
        page("status completed", "?status=completed"),
        page("status rejected", "?status=rejected"),
        page("kind restriction", "?kind=restriction"),
        page("assigned to me", "?assignee=me"),
        page("unassigned", "?assignee=none"),
        page(
            "me, open restrictions",
            "?assignee=me&open=true&kind=restriction",
        ),
        search("search \"hansen\"".into(), "?q=hansen"),
        search(
            format!("search \"{full_name}\""),
            &format!("?q={full_name}"),
        ),
        search(format!("search \"{fragment}\""), &format!("?q={fragment}")),
        search("search, no match".into(), "?q=zzyzx"),
    ]
}

/// Median milliseconds of `samples` requests (fewer when each takes long), after two to
/// warm up; and the items the last one listed.
async fn time_it(client: &reqwest::Client, url: &str, token: &str, samples: usize) -> (f64, usize) {
    let mut times = Vec::new();
    let mut items = 0;
    let budget = Instant::now();
    for n in 0..samples + 2 {
        let t = Instant::now();
        let res = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("queue");
        assert!(res.status().is_success(), "{url}: {}", res.status());
        let body: serde_json::Value = res.json().await.expect("queue JSON");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        items = body["items"].as_array().map_or(0, Vec::len);
        if n >= 2 {
            times.push(ms);
        }
        if times.len() >= 5 && budget.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], items)
}

/// Of each case: the median milliseconds and the items listed.
type Figures = Vec<(f64, usize)>;

/// One server on one backend: the median of each case.
async fn measure(
    a: &Args,
    binary: &str,
    dir: &str,
    url: &str,
    cases: &[(String, String, bool)],
    today: Date,
) -> Figures {
    // The server migrates the database first, so the data is generated into its schema.
    let (mut child, base) = start(binary, dir, url).await;
    generate(url, today).await;
    let client = reqwest::Client::new();
    let token = open_session_as(&client, &base, dir, "S1", "STAFF", "support").await;
    let mut out = Vec::new();
    for (_, query, _) in cases {
        let url = format!("{base}/api/support/requests{query}");
        out.push(time_it(&client, &url, &token, a.samples).await);
    }
    let _ = child.kill();
    let _ = child.wait();
    out
}

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    let a = args();
    let today = OffsetDateTime::now_utc().date();
    let cases = cases(today);
    let mut servers = vec![("server", a.server.clone(), "portal_bench_queue")];
    if let Some(b) = &a.baseline {
        servers.push(("baseline", b.clone(), "portal_bench_queue_baseline"));
    }
    // (backend, server label, figures).
    let mut figures: Vec<(&str, &str, Figures)> = Vec::new();
    for (label, binary, database) in &servers {
        let dir = format!("{}/{label}", a.dir);
        if a.only.as_deref() != Some("postgres") {
            let url = format!("sqlite://{dir}/portal.db?mode=rwc");
            figures.push((
                "SQLite",
                label,
                measure(&a, binary, &dir, &url, &cases, today).await,
            ));
        }
        if a.only.as_deref() != Some("sqlite") {
            let url = postgres_url(&a.postgres, database).await;
            figures.push((
                "Postgres",
                label,
                measure(&a, binary, &dir, &url, &cases, today).await,
            ));
        }
    }

    println!(
        "support queue, {REQUESTS} requests ({OPEN} open, {OVERDUE} overdue), {PERSONS} persons: \
         median ms of {} requests through the API as support, server {}{}",
        a.samples,
        a.server,
        a.baseline
            .as_ref()
            .map(|b| format!(" (baseline {b})"))
            .unwrap_or_default()
    );
    let backends: Vec<&str> = ["SQLite", "Postgres"]
        .into_iter()
        .filter(|b| figures.iter().any(|f| f.0 == *b))
        .collect();
    print!("  {:<40}", "");
    for b in &backends {
        print!(
            " {:>9} {:>9} {:>5}",
            b,
            if a.baseline.is_some() { "baseline" } else { "" },
            "items"
        );
    }
    println!("  target");
    let mut missed = Vec::new();
    for (c, (label, _, is_search)) in cases.iter().enumerate() {
        let target = if *is_search {
            SEARCH_TARGET_MS
        } else {
            PAGE_TARGET_MS
        };
        print!("  {label:<40}");
        for b in &backends {
            let of = |server: &str| {
                figures
                    .iter()
                    .find(|f| f.0 == *b && f.1 == server)
                    .map(|f| f.2[c])
            };
            let (ms, items) = of("server").expect("measured");
            let base = of("baseline")
                .map(|(ms, _)| format!("{ms:.1}"))
                .unwrap_or_default();
            let mark = if ms <= target { " " } else { "!" };
            print!(" {ms:>8.1}{mark} {base:>9} {items:>5}");
            if ms > target {
                missed.push(format!("{b}: {label} {ms:.1} ms"));
            }
        }
        println!("  ≤ {target} ms");
    }
    if !missed.is_empty() {
        println!("  missed (!): {}", missed.join("; "));
    }
    if a.assert && !missed.is_empty() {
        std::process::exit(1);
    }
}
