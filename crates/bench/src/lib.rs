//! What the benchmark binaries share.

/// Peak resident memory of a process (`VmHWM`), in KiB.
pub fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time a process has used so far (user + system, all its threads), in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) in parentheses; utime and
    // stime are the 14th and 15th of the line.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks(11) + ticks(12)) as f64 / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

pub fn time_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Opens a session for a demo person the way a host page does: a launch token signed with
/// the demo key pair in `data_dir`, exchanged at `POST /api/session`; returns the bearer
/// token.
pub async fn open_session(
    client: &reqwest::Client,
    base: &str,
    data_dir: &str,
    person: &str,
    account: &str,
) -> String {
    open_session_as(client, base, data_dir, person, account, "customer").await
}

/// `open_session` in another role (`support`, for a staff member).
pub async fn open_session_as(
    client: &reqwest::Client,
    base: &str,
    data_dir: &str,
    person: &str,
    account: &str,
    role: &str,
) -> String {
    use portal_server::auth::keys::{self, LaunchClaims};
    use portal_server::config::settings::DEMO_ISSUER;

    let pair = keys::ensure_dev_key_pair(std::path::Path::new(data_dir)).expect("demo key pair");
    let claims = LaunchClaims::new(DEMO_ISSUER, person, account, role, None, time_now(), 120);
    let launch = keys::sign(&claims, &pair.private_pem).expect("sign");
    let session: serde_json::Value = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({ "launch_token": launch }))
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("session body");
    session["session_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string()
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    l.local_addr().expect("addr").port()
}

/// Waits until `url` answers, for at most a minute; panics if `child` exits first.
pub async fn wait_until_listening(url: &str, child: &mut std::process::Child) {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(url).send().await.is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{url}: the server exited: {status}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{url} did not answer");
}

/// The URL of the bench database `name` on the Postgres server, created when missing.
pub async fn postgres_url(server: &str, name: &str) -> String {
    use sqlx::{Connection, Executor};
    let server = server.trim_end_matches('/');
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the Postgres server");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut admin)
        .await
        .expect("list databases");
    if exists.is_none() {
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create the bench database");
    }
    format!("{server}/{name}")
}
