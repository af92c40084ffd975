//! Which database a test runs on, and looking into it.
//!
//! `PORTAL_TEST_DATABASE` unset or `sqlite`: a fresh SQLite file per test. A
//! `postgres://` URL: each test creates a database `portal_test_<random>` of its own over
//! that connection. An unreachable Postgres fails the test; it is never skipped.

use std::collections::BTreeMap;
use std::path::Path;

use futures::StreamExt;
use portal_server::store::db::Db;
use sqlx::any::AnyRow;
use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Column, Connection, Executor, Row};

/// The environment variable that picks the backend.
pub const ENV: &str = "PORTAL_TEST_DATABASE";

/// Prefix of the databases tests create on Postgres.
pub const PREFIX: &str = "portal_test_";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// The URL of a Postgres server the tests may create databases on.
    Postgres(String),
}

pub fn backend() -> Backend {
    match std::env::var(ENV).ok().as_deref().map(str::trim) {
        None | Some("" | "sqlite") => Backend::Sqlite,
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Backend::Postgres(url.to_string())
        }
        Some(other) => panic!(
            "{ENV} must be unset, `sqlite` or a postgres:// URL, not {:?}",
            redact(other)
        ),
    }
}

/// The URL without its password, fit for a failure message.
pub fn redact(url: &str) -> String {
    match (url.split_once("://"), url.rsplit_once('@')) {
        (Some((scheme, _)), Some((_, host))) => format!("{scheme}://…@{host}"),
        _ => url.to_string(),
    }
}

/// `url` with its database name replaced by `name`, the query string kept.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let query = query.map(|q| format!("?{q}")).unwrap_or_default();
    format!("{}/{name}{query}", &base[..path_start])
}

async fn admin_connection(url: &str) -> Result<PgConnection, String> {
    PgConnection::connect(url).await.map_err(|e| {
        format!(
            "{ENV} names Postgres at {}, which cannot be reached: {e}. Start it, or unset {ENV} to run on SQLite.",
            redact(url)
        )
    })
}

/// A database nobody else uses, for one test.
pub async fn fresh_database_url(scratch: &Path) -> String {
    match backend() {
        Backend::Sqlite => format!("sqlite://{}?mode=rwc", scratch.join("portal.db").display()),
        Backend::Postgres(url) => {
            let name = database_name(unix_now());
            let mut conn = admin_connection(&url)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            conn.execute(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .await
                .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
            let _ = conn.close().await;
            with_database(&url, &name)
        }
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `portal_test_<unix seconds>_<random>`: the time lets the clean-up spare databases a
/// run going on alongside has only just created.
fn database_name(now: u64) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{PREFIX}{now}_{}", &random[..12])
}

/// When a test database was created, from its name (0 when the name does not say).
fn created_at(name: &str) -> u64 {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.split('_').next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or(0)
}

/// Databases younger than this are left alone: a run may be using them.
const SPARE_SECONDS: u64 = 120;

/// What `drop_test_databases` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CleanUp {
    pub dropped: usize,
    /// Still connected to or just created: most likely a run going on alongside.
    pub spared: usize,
}

/// How many databases are dropped at once: Postgres spends a drop mostly waiting for a
/// checkpoint, which drops running side by side share.
const DROPS_AT_ONCE: usize = 8;

/// Drops the `portal_test_*` databases on the Postgres server at `url` that no one is
/// connected to and that are older than two minutes.
pub async fn drop_test_databases(url: &str) -> Result<CleanUp, String> {
    let mut conn = admin_connection(url).await?;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
            .bind(PREFIX)
            .fetch_all(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
    let _ = conn.close().await;
    let now = unix_now();
    let (old, young): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|name| created_at(name) + SPARE_SECONDS <= now);
    let outcomes: Vec<Result<bool, String>> = futures::stream::iter(old)
        .map(|name| drop_one(url, name))
        .buffer_unordered(DROPS_AT_ONCE)
        .collect()
        .await;
    let mut done = CleanUp {
        dropped: 0,
        spared: young.len(),
    };
    for outcome in outcomes {
        if outcome? {
            done.dropped += 1;
        } else {
            done.spared += 1;
        }
    }
    Ok(done)
}

/// Drops one database; `false` when someone is still connected to it.
async fn drop_one(url: &str, name: String) -> Result<bool, String> {
    let mut conn = admin_connection(url).await?;
    // The names come from the catalogue and match the prefix; quoting keeps them whole.
    let quoted = name.replace('"', "\"\"");
    let dropped = match conn
        .execute(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{quoted}\""
        )))
        .await
    {
        Ok(_) => Ok(true),
        // 55006: object in use, by a test still running.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55006") => Ok(false),
        Err(e) => Err(format!("cannot drop {name}: {e}")),
    };
    let _ = conn.close().await;
    dropped
}

/// Every table of the schema, billing stand-in and portal state alike.
pub const TABLES: &[&str] = &[
    "billing_accounts",
    "billing_persons",
    "billing_staff",
    "billing_services",
    "billing_domains",
    "billing_invoices",
    "billing_tickets",
    "billing_login_history",
    "billing_leads",
    "used_launch_tokens",
    "sessions",
    "newsletter_subscriptions",
    "purpose_choices",
    "privacy_requests",
    "consent_history",
    "contact_changes",
    "request_events",
];

fn render(row: &AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.unwrap_or_else(|| "NULL".into());
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    panic!(
        "column {} has a type the tests cannot render",
        row.column(i).name()
    )
}

/// One query's rows, each column rendered as text.
pub async fn rows(db: &Db, sql: &str) -> Vec<BTreeMap<String, String>> {
    let rows = sqlx::query(AssertSqlSafe(sql.to_string()))
        .fetch_all(db)
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

/// Every row of every table as sorted `column=value` lines, without the sessions' last
/// use (reading is allowed to refresh a session).
pub async fn snapshot(db: &Db) -> BTreeMap<&'static str, Vec<String>> {
    let mut out = BTreeMap::new();
    for table in TABLES {
        let mut lines: Vec<String> = rows(db, &format!("SELECT * FROM {table}"))
            .await
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .filter(|(column, _)| !(*table == "sessions" && column == "last_seen_at"))
                    .map(|(column, value)| format!("{column}={value}"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        lines.sort();
        out.insert(*table, lines);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_says_when_it_was_created() {
        let name = database_name(1_700_000_000);
        assert!(name.starts_with("portal_test_1700000000_"), "{name}");
        assert_eq!(created_at(&name), 1_700_000_000);
        assert_eq!(created_at("portal_test_0123abcd"), 0);
    }

    #[test]
    fn the_database_is_replaced_and_the_query_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://…@h/db");
    }
}
