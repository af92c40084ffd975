//! A WHMCS database for a test: a fresh `whmcs_it_<time>_<random>` database on the MariaDB
//! server `PORTAL_TEST_WHMCS_URL` names (the local one by default), loaded with the
//! project's WHMCS 8 fixture (`tests/whmcs/schema.sql`), the addon's own tables and the
//! seed data (`tests/whmcs/seed.sql`; its ids are in `tests/whmcs/README.md`). An
//! unreachable MariaDB fails the test; it is never skipped.

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

/// The fixture files, in load order.
pub fn fixture_files() -> [PathBuf; 3] {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        root.join("tests/whmcs/schema.sql"),
        root.join("integrations/whmcs/modules/addons/privacyportal/schema.sql"),
        root.join("tests/whmcs/seed.sql"),
    ]
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

/// A WHMCS database of a test's own.
pub struct WhmcsDb {
    pub name: String,
    /// `mysql://…/<name>`: what `PORTAL_BILLING_URL` is set to.
    pub url: String,
    pub pool: MySqlPool,
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
        let _ = conn.close().await;
        let pool = MySqlPool::connect(&url).await.expect("a pool");
        WhmcsDb { name, url, pool }
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

    /// Drops the database.
    pub async fn drop_database(self) {
        self.pool.close().await;
        if let Ok(mut admin) = MySqlConnection::connect(&server_url()).await {
            let _ = admin
                .execute(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS `{}`",
                    self.name
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
    Ok(dropped)
}
