//! The audit trail: every change, decision and execution, and every time someone opens
//! another person's data, appended to a hash chain. Entry `n` stores the hash of entry
//! `n - 1` and its own hash over its fields and that previous hash, so an edited, deleted
//! or reordered entry is found at the first place the chain no longer adds up.
//! Entries hold ids, actions and field names — never personal values.

use portal_domain::api::{Actor, AuditBreak, AuditVerification};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

use crate::store::db::Backend;

/// The hash the first entry links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, about `subject_id` (a person id, or empty), to `target` (a
/// request id, a purpose key…), touching `fields` (names only).
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub action: &'a str,
    pub subject_id: &'a str,
    pub target: &'a str,
    pub fields: &'a [&'a str],
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub actor_id: String,
    pub actor_role: String,
    pub action: String,
    pub subject_id: String,
    pub target: String,
    pub fields: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry's content and the previous hash. Fields are length-prefixed so
/// no two different entries can serialise alike.
pub fn entry_hash(e: &Entry) -> String {
    let mut h = Sha256::new();
    for part in [
        e.seq.to_string().as_str(),
        e.at.to_string().as_str(),
        &e.actor_id,
        &e.actor_role,
        &e.action,
        &e.subject_id,
        &e.target,
        &e.fields,
        &e.prev_hash,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry inside the caller's transaction, so it exists exactly when the change
/// it records does. Appends are serialised: SQLite's write lock does it already; on
/// Postgres a transaction-scoped advisory lock does.
pub async fn append(
    conn: &mut AnyConnection,
    backend: Backend,
    at: i64,
    actor: &Actor,
    event: Event<'_>,
) -> sqlx::Result<i64> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7206551)")
            .execute(&mut *conn)
            .await?;
    }
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let mut entry = Entry {
        seq: prev_seq + 1,
        at,
        actor_id: actor.person_id.clone(),
        actor_role: actor.role.as_str().to_string(),
        action: event.action.to_string(),
        subject_id: event.subject_id.to_string(),
        target: event.target.to_string(),
        fields: event.fields.join(","),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, subject_id, target, fields, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.seq)
    .bind(entry.at)
    .bind(&entry.actor_id)
    .bind(&entry.actor_role)
    .bind(&entry.action)
    .bind(&entry.subject_id)
    .bind(&entry.target)
    .bind(&entry.fields)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(conn)
    .await?;
    Ok(entry.seq)
}

/// Where the chain first fails, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The sequence number of the first entry that does not check out.
    pub seq: i64,
    pub reason: &'static str,
}

/// Walks a chain entry by entry, in stored order.
struct ChainCheck {
    expected_seq: i64,
    prev: String,
}

impl ChainCheck {
    fn new() -> Self {
        ChainCheck {
            expected_seq: 1,
            prev: GENESIS.to_string(),
        }
    }

    fn check(&mut self, e: &Entry) -> Option<Break> {
        if e.seq != self.expected_seq {
            // A deleted or moved entry shows as a gap at the entry after it.
            return Some(Break {
                seq: e.seq,
                reason: "sequence gap: an entry before this one is missing or moved",
            });
        }
        if e.prev_hash != self.prev {
            return Some(Break {
                seq: e.seq,
                reason: "does not link to the entry before it",
            });
        }
        if entry_hash(e) != e.hash {
            return Some(Break {
                seq: e.seq,
                reason: "content does not match its hash",
            });
        }
        self.prev = e.hash.clone();
        self.expected_seq += 1;
        None
    }
}

/// Checks entries given in `seq` order (as stored). `None`: the chain is whole.
pub fn verify_chain<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Option<Break> {
    let mut check = ChainCheck::new();
    entries.into_iter().find_map(|e| check.check(e))
}

/// Reads the whole trail in pages and checks it. Returns the number of entries read and
/// the first break, if any.
pub async fn verify(conn: &mut AnyConnection) -> sqlx::Result<(u64, Option<Break>)> {
    const PAGE: i64 = 5000;
    let mut check = ChainCheck::new();
    let mut after = 0i64;
    let mut count = 0u64;
    loop {
        let page: Vec<Entry> = sqlx::query_as(
            "SELECT seq, at, actor_id, actor_role, action, subject_id, target, fields, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for e in &page {
            count += 1;
            if let Some(b) = check.check(e) {
                return Ok((count, Some(b)));
            }
        }
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    Ok((count, None))
}

/// Checks the whole chain and says where it first breaks.
pub async fn verification(conn: &mut AnyConnection) -> sqlx::Result<AuditVerification> {
    let (entries, broken) = verify(conn).await?;
    Ok(AuditVerification {
        entries,
        intact: broken.is_none(),
        first_broken: broken.map(|b| AuditBreak {
            seq: b.seq,
            reason: b.reason.to_string(),
        }),
    })
}

/// Opens the database at `url` and checks its chain (`privacy-portal verify-audit`).
pub async fn verify_database(url: &str) -> sqlx::Result<AuditVerification> {
    let db = super::db::connect(url).await?;
    let mut conn = db.acquire().await?;
    let report = verification(&mut conn).await?;
    drop(conn);
    db.close().await;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    at: 1_700_000_000 + seq,
                    actor_id: "1001".into(),
                    actor_role: "customer".into(),
                    action: "contact.corrected".into(),
                    subject_id: "1001".into(),
                    target: String::new(),
                    fields: "phone".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), None);
        assert_eq!(verify_chain(&[]), None);
    }

    #[test]
    fn an_altered_entry_is_reported_at_that_entry() {
        let mut c = chain(5);
        c[2].fields = "phone,email".into();
        assert_eq!(verify_chain(&c).map(|b| b.seq), Some(3));
    }

    #[test]
    fn a_deleted_entry_is_reported_where_the_gap_shows() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify_chain(&c).map(|b| b.seq), Some(3));
    }

    #[test]
    fn swapped_entries_are_reported() {
        let mut c = chain(5);
        c.swap(1, 2);
        assert_eq!(verify_chain(&c).map(|b| b.seq), Some(3));
    }

    #[test]
    fn a_rehashed_forgery_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].actor_id = "S1".into();
        c[1].hash = entry_hash(&c[1]);
        assert_eq!(verify_chain(&c).map(|b| b.seq), Some(3));
    }
}
