//! Key lookups on the path every authenticated request takes (its session, the person it
//! is about, their contact changes), run on SQLite by the engine on the calling thread.
//!
//! Through `sqlx`, a statement on SQLite is sent to the driver's worker thread, its rows
//! are sent back one by one and converted to `sqlx::Any`'s rows: on a lookup by key those
//! hand-offs cost many times what SQLite spends finding the row, and three of them made an
//! authenticated read a sixth of the speed of the server's own 404. Here a lookup runs on
//! a connection of this module's own, opened read-only, with its statement prepared once
//! per connection, and returns before the task yields.
//!
//! Holding the thread is safe because a read in WAL mode does not wait for writers: it
//! reads the last committed state, so it sees every write committed before it began, from
//! this server or another, exactly as a read through the pool does. It can wait only in the
//! short moments when a checkpoint resets the log, for at most `BUSY_TIMEOUT`.
//!
//! An in-memory database cannot be opened a second time, and on Postgres a lookup is a
//! round trip to the server whatever the driver: there `for_url` gives `None` and the
//! callers read through the pool like every other query.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::store::db::{Backend, sqlite_path};

/// The longest a lookup waits for a checkpoint that resets the log.
const BUSY_TIMEOUT: Duration = Duration::from_millis(500);

/// Connections kept open between lookups; more are opened while more threads read at
/// once (each lookup holds one for microseconds, so a few suffice).
const MAX_IDLE: usize = 8;

/// Read-only connections to the portal's SQLite file.
pub struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl SqliteReads {
    /// The lookups of the database at `url`, if it is a SQLite file.
    pub fn for_url(url: &str) -> Option<Arc<SqliteReads>> {
        if Backend::of(url) != Backend::Sqlite || url.contains("mode=memory") {
            return None;
        }
        let path = sqlite_path(url)?;
        Some(Arc::new(SqliteReads {
            path: PathBuf::from(path),
            idle: Mutex::new(Vec::new()),
        }))
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }

    /// Runs `lookup` on one of the connections. A statement it prepares with
    /// `prepare_cached` is prepared once per connection.
    pub fn read<T>(
        &self,
        lookup: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let idle = self.idle.lock().expect("read connections lock").pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.open()?,
        };
        let result = lookup(&conn);
        let mut idle = self.idle.lock().expect("read connections lock");
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sqlite_file_gets_lookups_of_its_own() {
        assert!(SqliteReads::for_url("sqlite://data/portal.db?mode=rwc").is_some());
        assert!(SqliteReads::for_url("sqlite:portal.db").is_some());
        assert!(SqliteReads::for_url("sqlite::memory:").is_none());
        assert!(SqliteReads::for_url("sqlite://:memory:").is_none());
        assert!(SqliteReads::for_url("sqlite://x.db?mode=memory&cache=shared").is_none());
        assert!(SqliteReads::for_url("postgres://postgres@127.0.0.1/test").is_none());
    }

    #[test]
    fn a_lookup_sees_what_was_committed_before_it_and_cannot_write() {
        let dir = std::env::temp_dir().join(format!("reads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("portal.db");
        let writer = Connection::open(&file).unwrap();
        writer.pragma_update(None, "journal_mode", "WAL").unwrap();
        writer
            .execute_batch(
                "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER); INSERT INTO t VALUES ('a', 1);",
            )
            .unwrap();
        let reads = SqliteReads::for_url(&format!("sqlite://{}?mode=rwc", file.display())).unwrap();
        let get = |k: &str| {
            reads.read(|c| {
                c.prepare_cached("SELECT v FROM t WHERE k = $1")?
                    .query_row([k], |r| r.get::<_, i64>(0))
            })
        };
        assert_eq!(get("a").unwrap(), 1);
        writer
            .execute("UPDATE t SET v = 2 WHERE k = 'a'", [])
            .unwrap();
        assert_eq!(get("a").unwrap(), 2, "the next lookup sees the commit");
        assert!(matches!(
            get("b"),
            Err(rusqlite::Error::QueryReturnedNoRows)
        ));
        let written = reads.read(|c| c.execute("UPDATE t SET v = 3", []));
        assert!(written.is_err(), "the lookups' connections are read-only");
        assert_eq!(get("a").unwrap(), 2);
        drop(writer);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
