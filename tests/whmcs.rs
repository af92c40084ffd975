//! A WHMCS database for a test: a fresh `whmcs_it_<time>_<random>` database on the MariaDB
//! server `PORTAL_TEST_WHMCS_URL` names (the local one by default), loaded with the
//! project's WHMCS 8 fixture (`tests/whmcs/schema.sql`), the addon's own tables and the
//! seed data (`tests/whmcs/seed.sql`; its ids are in `tests/whmcs/README.md`), with
//! WHMCS's API played for it by the PHP stand-in (`tests/whmcs/api`) under `php -S`. An
//! unreachable MariaDB or a missing PHP fails the test; it is never skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sqlx::mysql::{MySqlPool, MySqlRow};
use sqlx::{AssertSqlSafe, Column, Connection, Executor, MySqlConnection, Row};

/// The environment variable naming the MariaDB server.
pub const ENV: &str = "PORTAL_TEST_WHMCS_URL";
/// Prefix of the databases tests create there.
pub const PREFIX: &str = "whmcs_it_";
const DEFAULT_URL: &str = "mysql://root@127.0.0.1:3306";

pub fn server_url() -> String {
    std::env::var(ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// The fixture files, in load order (the last: the API stand-in's own record of calls
/// and hooks, not WHMCS's).
pub fn fixture_files() -> [PathBuf; 4] {
    let root = project_root();
    [
        root.join("tests/whmcs/schema.sql"),
        root.join("integrations/whmcs/modules/addons/privacyportal/schema.sql"),
        root.join("tests/whmcs/seed.sql"),
        root.join("tests/whmcs/api/schema.sql"),
    ]
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The stand-in's API credential (`tests/whmcs/seed.sql`): API role 1, the actions the
/// portal calls.
pub const API_IDENTIFIER: &str = "pp-test-identifier";
pub const API_SECRET: &str = "pp-test-secret";

/// WHMCS's API for one database, played by the stand-in under `php -S`; stopped on drop.
pub struct ApiStandIn {
    /// `http://127.0.0.1:<port>/includes/api.php`.
    pub url: String,
    child: std::process::Child,
}

impl ApiStandIn {
    fn start(database: &str, server: &str) -> ApiStandIn {
        // mysql://user[:password]@host[:port]
        let rest = server.trim_start_matches("mysql://").trim_end_matches('/');
        let (auth, host) = rest.rsplit_once('@').unwrap_or(("root", rest));
        let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
        let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
        let port_free = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = std::process::Command::new("php")
            .arg("-S")
            .arg(format!("127.0.0.1:{port_free}"))
            .arg("-t")
            .arg(project_root().join("tests/whmcs/api"))
            .env("WHMCS_DATABASE", database)
            .env(
                "WHMCS_DSN",
                format!("mysql:host={host};port={port};charset=utf8"),
            )
            .env("WHMCS_DB_USER", user)
            .env("WHMCS_DB_PASSWORD", password)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("php -S for WHMCS's API stand-in: {e} (install php8.2-cli php8.2-mysql)")
            });
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port_free)).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "WHMCS's API stand-in did not start on port {port_free}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        ApiStandIn {
            url: format!("http://127.0.0.1:{port_free}/includes/api.php"),
            child,
        }
    }
}

impl Drop for ApiStandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Statements of a fixture file: they end with `;` at the end of a line.
pub fn statements(sql: &str) -> impl Iterator<Item = String> + '_ {
    sql.split(";\n")
        .map(str::trim)
        .filter(|s| {
            s.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        })
        .map(|s| s.trim_end_matches(';').to_string())
}

/// Prefix of the MySQL users tests create, one per database, with the README's grants.
pub const USER_PREFIX: &str = "ppit_";

/// The README's grants for the portal's MySQL user (the SQL block of "A MySQL user for
/// the portal"), for database `database` and user `user`: the tests run with exactly
/// these, so a grant the README lacks fails them.
pub fn readme_grants(database: &str, user: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(project_root().join("README.md")).expect("README.md");
    let start = readme
        .find("**A MySQL user for the portal**")
        .expect("the README's MySQL user step");
    let block = &readme[start..];
    let block = &block[block.find("```sql").expect("its SQL block") + 6..];
    let block = &block[..block.find("```").expect("the end of the SQL block")];
    let grants: Vec<String> = block
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("GRANT "))
        .map(|l| {
            l.trim_end_matches(';')
                .replace("whmcs.", &format!("`{database}`."))
                .replace("'privacyportal'@'10.0.0.%'", &format!("'{user}'@'%'"))
        })
        .collect();
    assert!(grants.len() > 10, "the README's grants: {grants:?}");
    grants
}

/// A WHMCS database of a test's own.
pub struct WhmcsDb {
    pub name: String,
    /// `mysql://…/<name>` as the portal's own MySQL user, with exactly the README's
    /// grants: what `PORTAL_BILLING_URL` is set to.
    pub url: String,
    /// As the server's administrator, for the fixture and the tests' own queries.
    pub pool: MySqlPool,
    /// WHMCS's API for this database.
    pub api: ApiStandIn,
}

impl WhmcsDb {
    /// Creates the database and loads the fixture.
    pub async fn create() -> WhmcsDb {
        let server = server_url();
        let random = uuid::Uuid::new_v4().simple().to_string();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let name = format!("{PREFIX}{now}_{}", &random[..10]);
        let mut admin = MySqlConnection::connect(&server).await.unwrap_or_else(|e| {
            panic!("{ENV}: MariaDB at {server} cannot be reached: {e}. Start it, or name another.")
        });
        admin
            .execute(AssertSqlSafe(format!(
                "CREATE DATABASE `{name}` CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci"
            )))
            .await
            .unwrap_or_else(|e| panic!("cannot create {name}: {e}"));
        let _ = admin.close().await;
        let url = format!("{}/{name}", server.trim_end_matches('/'));
        let mut conn = MySqlConnection::connect(&url).await.expect("connect");
        for file in fixture_files() {
            let sql = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            for statement in statements(&sql) {
                conn.execute(AssertSqlSafe(statement.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}\n{statement}", file.display()));
            }
        }
        // The portal's user, as the README has the host create it.
        let user = format!("{USER_PREFIX}{}", &random[..10]);
        let password = uuid::Uuid::new_v4().simple().to_string();
        conn.execute(AssertSqlSafe(format!(
            "CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'"
        )))
        .await
        .unwrap_or_else(|e| panic!("create user {user}: {e}"));
        for grant in readme_grants(&name, &user) {
            conn.execute(AssertSqlSafe(grant.clone()))
                .await
                .unwrap_or_else(|e| panic!("the README's grant failed: {e}\n{grant}"));
        }
        let _ = conn.close().await;
        let pool = MySqlPool::connect(&url).await.expect("a pool");
        let api = ApiStandIn::start(&name, &server);
        let rest = server.trim_end_matches('/').trim_start_matches("mysql://");
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        WhmcsDb {
            url: format!("mysql://{user}:{password}@{host}/{name}"),
            name,
            pool,
            api,
        }
    }

    /// Runs a statement.
    pub async fn exec(&self, sql: &str) {
        sqlx::query(AssertSqlSafe(sql.to_string()))
            .execute(&self.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// One query's rows, each column rendered as text (`NULL` for null). Select dates and
    /// decimals `CAST(… AS CHAR)`.
    pub async fn rows(&self, sql: &str) -> Vec<BTreeMap<String, String>> {
        let rows: Vec<MySqlRow> = sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_all(&self.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .map(|row| {
                row.columns()
                    .iter()
                    .map(|c| (c.name().to_string(), render(row, c.ordinal())))
                    .collect()
            })
            .collect()
    }

    /// One value.
    pub async fn value(&self, sql: &str) -> String {
        let rows = self.rows(sql).await;
        let row = rows.first().unwrap_or_else(|| panic!("no row: {sql}"));
        row.values().next().cloned().unwrap_or_default()
    }

    /// Turns on WHMCS's "Store Client Data Snapshot" (off on a fresh install, as in the
    /// fixture), without which an erasure that anonymises an account waits.
    pub async fn keep_invoice_snapshots(&self) {
        self.exec(
            "UPDATE tblconfiguration SET value = 'on' WHERE setting = 'StoreClientDataSnapshotOnInvoiceCreation'",
        )
        .await;
    }

    /// Client `client`'s domains are no longer registered (transferred to another
    /// registrar): nothing keeps the account's holder as a registrant.
    pub async fn end_domains(&self, client: i64) {
        self.exec(&format!(
            "UPDATE tbldomains SET status = 'Transferred Away' WHERE userid = {client}"
        ))
        .await;
    }

    /// The portal's settings for this WHMCS's API: the stand-in and its credential.
    pub fn api_settings(&self) -> portal_server::billing::whmcs::api::ApiSettings {
        portal_server::billing::whmcs::api::ApiSettings {
            url: self.api.url.clone(),
            identifier: API_IDENTIFIER.into(),
            secret: API_SECRET.into(),
            access_key: None,
        }
    }

    /// The hooks WHMCS fired, as the stand-in recorded them: (hook, parameters).
    pub async fn hooks(&self) -> Vec<(String, serde_json::Value)> {
        self.rows("SELECT hook, params FROM standin_hooks ORDER BY id")
            .await
            .into_iter()
            .map(|r| {
                let params = serde_json::from_str(&r["params"]).unwrap_or_default();
                (r["hook"].clone(), params)
            })
            .collect()
    }

    /// How many times the portal called `action` on WHMCS's API.
    pub async fn api_calls(&self, action: &str) -> usize {
        self.value(&format!(
            "SELECT COUNT(*) FROM standin_api_calls WHERE LOWER(action) = LOWER('{action}')"
        ))
        .await
        .parse()
        .unwrap_or(0)
    }

    /// Drops the database and its user.
    pub async fn drop_database(self) {
        self.pool.close().await;
        if let Ok(mut admin) = MySqlConnection::connect(&server_url()).await {
            let _ = admin
                .execute(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS `{}`",
                    self.name
                )))
                .await;
            let suffix = self.name.rsplit('_').next().unwrap_or_default();
            let _ = admin
                .execute(AssertSqlSafe(format!(
                    "DROP USER IF EXISTS '{USER_PREFIX}{suffix}'@'%'"
                )))
                .await;
            let _ = admin.close().await;
        }
    }
}

fn render(row: &MySqlRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.unwrap_or_else(|| "NULL".into());
    }
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<u64>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<u32>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<i8>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<u8>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
        return v.map_or("NULL".into(), |v| String::from_utf8_lossy(&v).into_owned());
    }
    "<unrenderable>".into()
}

/// Drops `whmcs_it_*` databases older than two minutes (earlier runs' leftovers).
pub async fn drop_old_databases() -> Result<usize, String> {
    let server = server_url();
    let mut admin = MySqlConnection::connect(&server)
        .await
        .map_err(|e| format!("{ENV}: {e}"))?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE 'whmcs\\_it\\_%'",
    )
    .fetch_all(&mut admin)
    .await
    .map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut dropped = 0;
    for name in names {
        let created: u64 = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.split('_').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if now.saturating_sub(created) < 120 {
            continue;
        }
        admin
            .execute(AssertSqlSafe(format!("DROP DATABASE IF EXISTS `{name}`")))
            .await
            .map_err(|e| e.to_string())?;
        dropped += 1;
    }
    // The users of databases that are gone.
    let users: Vec<String> =
        sqlx::query_scalar("SELECT CAST(User AS CHAR) FROM mysql.user WHERE User LIKE 'ppit\\_%'")
            .fetch_all(&mut admin)
            .await
            .map_err(|e| e.to_string())?;
    let live: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE 'whmcs\\_it\\_%'",
    )
    .fetch_all(&mut admin)
    .await
    .map_err(|e| e.to_string())?;
    for user in users {
        let suffix = user.trim_start_matches(USER_PREFIX);
        if !live.iter().any(|db| db.ends_with(&format!("_{suffix}"))) {
            admin
                .execute(AssertSqlSafe(format!("DROP USER IF EXISTS '{user}'@'%'")))
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(dropped)
}
