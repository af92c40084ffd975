//! Opening the portal's database. The URL's scheme picks the backend: `sqlite:` (the
//! embedded default, a file created on first run, WAL mode) or `postgres:`. One set of
//! runtime queries serves both through `sqlx::Any`; each backend has its own migrations
//! folder because DDL dialects differ (see `migrations/README.md`).

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

pub type Db = AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Backend {
        if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

/// A pooled connection idle for longer than this is checked with a round trip before it
/// is handed out, so one the server dropped meanwhile (a restart, a proxy's idle limit)
/// is replaced instead of failing the request.
pub const CHECK_AFTER_IDLE: Duration = Duration::from_secs(5);

/// `options` checking a connection before handing it out only when it has been idle for
/// `CHECK_AFTER_IDLE`. By default the pool checks every time: on Postgres a round trip
/// per acquire, doubling the round trips of a request that runs one statement each
/// time, while a connection in steady use has just shown that it works.
pub fn checked_after_idle<DB: sqlx::Database>(
    options: sqlx::pool::PoolOptions<DB>,
) -> sqlx::pool::PoolOptions<DB> {
    options
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= CHECK_AFTER_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// Connects and brings the schema up to date.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url);
    if backend == Backend::Sqlite {
        create_sqlite_dir(url);
    }
    let options = AnyConnectOptions::from_str(url)?;
    let pool = checked_after_idle(AnyPoolOptions::new())
        .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers go on while one writer writes; busy_timeout makes a
                    // second writer wait instead of failing at once.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(&pool).await?;
    Ok(pool)
}

/// Whether every migration this build knows has been applied, successfully, to `db`.
/// A server older than the schema (another server migrated it further) is current too:
/// the migrations only add.
pub async fn migrations_current(db: &Db, url: &str) -> Result<bool, sqlx::Error> {
    let migrator = match Backend::of(url) {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    let Some(latest) = migrator.iter().map(|m| m.version).max() else {
        return Ok(true);
    };
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(db)
            .await?;
    Ok(applied.is_some_and(|v| v >= latest))
}

/// Begins a transaction that reads before it writes. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`): a deferred transaction that has read and then writes
/// after another writer committed fails with "database is locked" instead of waiting,
/// which turns a version conflict or two simultaneous logins into a 500. Postgres waits
/// for row locks by itself.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if backend(db) == Backend::Sqlite {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

/// Begins a write transaction about one person, serialised with every other write about
/// them: SQLite's `BEGIN IMMEDIATE` already serialises all writers; on Postgres the
/// transaction takes the person's advisory lock (the portal's own: the person's record
/// may live in another database altogether), so two simultaneous changes of the same
/// purpose cannot both read the old state and both record the same change. Two persons
/// whose ids hash alike merely wait for each other.
pub async fn begin_for_person(
    db: &Db,
    person_id: &str,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    if backend(db) == Backend::Postgres {
        lock_person(&mut tx, person_id).await?;
    }
    Ok(tx)
}

/// Takes person `person_id`'s lock in a Postgres transaction, until it ends.
pub async fn lock_person(conn: &mut sqlx::AnyConnection, person_id: &str) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind(PERSON_LOCK_CLASS)
        .bind(person_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The first key of the persons' advisory locks (the audit trail's lock uses the
/// one-key form, a space of its own).
const PERSON_LOCK_CLASS: i32 = 1;

/// The file of a `sqlite:` URL (`sqlite://data/portal.db?mode=rwc` → `data/portal.db`);
/// `None` for an in-memory database.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// `sqlite://data/portal.db?mode=rwc` creates the file but not its folder.
fn create_sqlite_dir(url: &str) {
    let Some(path) = sqlite_path(url) else {
        return;
    };
    if let Some(parent) = std::path::Path::new(path).parent() {
        let _ = std::fs::create_dir_all(parent);
    }
}

/// Which backend a pool talks to.
pub fn backend(db: &Db) -> Backend {
    Backend::of(db.connect_options().database_url.as_str())
}

/// `?` placeholders are not portable; `$1` works on both backends. This turns a flag
/// stored as 0/1 into a bool.
pub fn flag(v: i64) -> bool {
    v != 0
}
