//! The audit trail: every change, decision and execution, and every time someone opens
//! another person's data, appended to a hash chain. Each subject (a person id, or empty)
//! has a chain of its own: entry `n` of a chain stores the hash of the chain's entry
//! `n - 1` and its own hash over its fields (its place `seq` in the whole trail among
//! them) and that previous hash, so an edited, deleted or reordered entry is found at the
//! first place its chain no longer adds up. Writers about different people append to
//! different chains and never wait for each other: the chain's lock is taken only by
//! changes about the same subject, which wait for each other anyway.
//!
//! Entries written before the chains were split (`form` 1, migration 0009) stay one chain
//! over the whole trail in `seq` order, and are checked as such.
//! Entries hold ids, actions and field names — never personal values.
use portal_domain::api::{Actor, AuditBreak, AuditVerification};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use sqlx::{AnyConnection, FromRow};

use crate::store::db::Backend;

/// The hash the first entry of a chain links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, about `subject_id` (a person id, or empty) on the account
/// `subject_account` (empty when none applies), to `target` (a request id, a purpose
/// key…), touching `fields` (names only).
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub action: &'a str,
    pub subject_id: &'a str,
    pub subject_account: &'a str,
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
    /// The account the subject was on; empty in entries from before accounts were kept
    /// (migration 0016) and where none applies.
    pub subject_account: String,
    pub target: String,
    pub fields: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry's content and the previous hash. Fields are length-prefixed so
/// no two different entries can serialise alike. The subject's account is hashed when
/// set (after the subject): entries from before it existed hash as they did, and
/// setting, changing or clearing it afterwards breaks the entry.
pub fn entry_hash(e: &Entry) -> String {
    let seq = e.seq.to_string();
    let at = e.at.to_string();
    let mut parts: Vec<&str> = vec![
        &seq,
        &at,
        &e.actor_id,
        &e.actor_role,
        &e.action,
        &e.subject_id,
    ];
    if !e.subject_account.is_empty() {
        parts.push(&e.subject_account);
    }
    parts.extend([e.target.as_str(), &e.fields, &e.prev_hash]);
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Entries of the one chain over the whole trail, written before migration 0009.
pub const FORM_SINGLE_CHAIN: i64 = 1;
/// Entries chained per subject.
pub const FORM_SUBJECT_CHAIN: i64 = 2;

/// The first key of the chains' advisory locks on Postgres (persons' locks use 1).
const CHAIN_LOCK_CLASS: i32 = 2;

/// Appends one entry to its subject's chain inside the caller's transaction, so it exists
/// exactly when the change it records does. Appends to one chain are serialised: SQLite's
/// write lock does it already; on Postgres a transaction-scoped advisory lock of the
/// chain's own, taken after every other lock the change holds (person, counters), so a
/// change about one person never waits for a change about another.
pub async fn append(
    conn: &mut AnyConnection,
    backend: Backend,
    at: i64,
    actor: &Actor,
    event: Event<'_>,
) -> sqlx::Result<i64> {
    let seq: i64 = match backend {
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .bind(CHAIN_LOCK_CLASS)
                .bind(event.subject_id)
                .execute(&mut *conn)
                .await?;
            // Taken under the chain's lock, so a chain's order in `seq` is its order.
            sqlx::query_scalar("SELECT nextval('audit_log_seq')")
                .fetch_one(&mut *conn)
                .await?
        }
        Backend::Sqlite => {
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log")
                .fetch_one(&mut *conn)
                .await?
        }
    };
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT chain_seq, hash FROM audit_log WHERE form = 2 AND subject_id = $1 \
         ORDER BY chain_seq DESC LIMIT 1",
    )
    .bind(event.subject_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (prev_chain_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let mut entry = Entry {
        seq,
        at,
        actor_id: actor.person_id.clone(),
        actor_role: actor.role.as_str().to_string(),
        action: event.action.to_string(),
        subject_id: event.subject_id.to_string(),
        subject_account: event.subject_account.to_string(),
        target: event.target.to_string(),
        fields: event.fields.join(","),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, subject_id, target, fields, prev_hash, hash, chain_seq, form, \
         subject_account) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
    .bind(prev_chain_seq + 1)
    .bind(FORM_SUBJECT_CHAIN)
    .bind(&entry.subject_account)
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

    /// `place`: the entry's number in its chain (in the single chain, its `seq`).
    fn check(&mut self, e: &Entry, place: i64) -> Option<Break> {
        if place != self.expected_seq {
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
        self.prev.clone_from(&e.hash);
        self.expected_seq += 1;
        None
    }
}

/// Checks entries of one chain given in `seq` order (as stored), numbered by `seq`.
/// `None`: the chain is whole.
pub fn verify_chain<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Option<Break> {
    let mut check = ChainCheck::new();
    entries.into_iter().find_map(|e| check.check(e, e.seq))
}

/// An entry as stored: which chain it belongs to and its place there.
#[derive(Debug, Clone, FromRow)]
struct Stored {
    #[sqlx(flatten)]
    entry: Entry,
    chain_seq: i64,
    form: i64,
}

/// The whole trail in `seq` order: the single chain of the first entries and a chain per
/// subject after them.
struct TrailCheck {
    single: ChainCheck,
    subjects: HashMap<String, ChainCheck>,
}

impl TrailCheck {
    fn new() -> Self {
        TrailCheck {
            single: ChainCheck::new(),
            subjects: HashMap::new(),
        }
    }

    fn check(&mut self, s: &Stored) -> Option<Break> {
        match s.form {
            FORM_SINGLE_CHAIN => self.single.check(&s.entry, s.entry.seq),
            FORM_SUBJECT_CHAIN => self
                .subjects
                .entry(s.entry.subject_id.clone())
                .or_insert_with(ChainCheck::new)
                .check(&s.entry, s.chain_seq),
            _ => Some(Break {
                seq: s.entry.seq,
                reason: "belongs to no chain",
            }),
        }
    }
}

/// Reads the whole trail in pages and checks it. Returns the number of entries read and
/// the first break, if any.
pub async fn verify(conn: &mut AnyConnection) -> sqlx::Result<(u64, Option<Break>)> {
    const PAGE: i64 = 5000;
    let mut check = TrailCheck::new();
    let mut after = i64::MIN;
    let mut count = 0u64;
    loop {
        let page: Vec<Stored> = sqlx::query_as(
            "SELECT seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields, prev_hash, hash, \
             chain_seq, form FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = page.last() else { break };
        after = last.entry.seq;
        for s in &page {
            count += 1;
            if let Some(b) = check.check(s) {
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
                    subject_account: String::new(),
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

    /// Entries about `subjects` in turn, each chained in its subject's chain, after
    /// `single` entries of the single chain.
    fn trail(single: i64, subjects: &[&str], n: i64) -> Vec<Stored> {
        let mut out: Vec<Stored> = chain(single)
            .into_iter()
            .map(|entry| Stored {
                chain_seq: entry.seq,
                entry,
                form: FORM_SINGLE_CHAIN,
            })
            .collect();
        let mut heads: HashMap<&str, (i64, String)> = HashMap::new();
        for i in 0..n {
            let subject = subjects[i as usize % subjects.len()];
            let (place, prev) = heads.get(subject).cloned().unwrap_or((0, GENESIS.into()));
            let mut entry = Entry {
                // Numbers may skip: a rolled-back change took one.
                seq: single + 1 + i * 2,
                at: 1_700_000_100 + i,
                actor_id: subject.into(),
                actor_role: "customer".into(),
                action: "newsletter.subscribed".into(),
                subject_id: subject.into(),
                subject_account: if i % 3 == 0 {
                    String::new()
                } else {
                    "A100".into()
                },
                target: "newsletter".into(),
                fields: String::new(),
                prev_hash: prev,
                hash: String::new(),
            };
            entry.hash = entry_hash(&entry);
            heads.insert(subject, (place + 1, entry.hash.clone()));
            out.push(Stored {
                entry,
                chain_seq: place + 1,
                form: FORM_SUBJECT_CHAIN,
            });
        }
        out
    }

    fn check_trail(entries: &[Stored]) -> Option<Break> {
        let mut check = TrailCheck::new();
        entries.iter().find_map(|s| check.check(s))
    }

    #[test]
    fn chains_per_subject_after_the_single_chain_verify() {
        assert_eq!(check_trail(&trail(4, &["1001", "2002", ""], 12)), None);
        assert_eq!(check_trail(&trail(0, &["1001"], 3)), None);
    }

    #[test]
    fn a_deleted_entry_of_one_subject_is_found_in_that_chain() {
        let mut t = trail(2, &["1001", "2002"], 8);
        // The 2nd entry about 2002 (seq 9); its next one is seq 13.
        let at = t.iter().position(|s| s.entry.seq == 9).unwrap();
        t.remove(at);
        let broken = check_trail(&t).unwrap();
        assert_eq!(broken.seq, 13);
        assert!(broken.reason.contains("missing"), "{broken:?}");
    }

    #[test]
    fn an_entry_moved_to_another_chain_or_form_is_found() {
        let mut t = trail(2, &["1001", "2002"], 6);
        t[4].entry.subject_id = "2002".into();
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(t[4].entry.seq));
        let mut t = trail(2, &["1001", "2002"], 6);
        t[1].form = FORM_SUBJECT_CHAIN;
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(2));
        let mut t = trail(2, &["1001", "2002"], 6);
        t[3].form = 7;
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(t[3].entry.seq));
    }

    #[test]
    fn an_altered_entry_in_a_subject_chain_is_found_there() {
        let mut t = trail(3, &["1001", "2002"], 6);
        t[5].entry.fields = "email".into();
        let broken = check_trail(&t).unwrap();
        assert_eq!(broken.seq, t[5].entry.seq);
        assert_eq!(broken.reason, "content does not match its hash");
    }

    #[test]
    fn an_entrys_account_is_part_of_its_hash() {
        let mut t = trail(1, &["1001", "2002"], 6);
        let with = t
            .iter()
            .position(|s| !s.entry.subject_account.is_empty())
            .unwrap();
        t[with].entry.subject_account = "A999".into();
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(t[with].entry.seq));
        let mut t = trail(1, &["1001", "2002"], 6);
        t[with].entry.subject_account.clear();
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(t[with].entry.seq));
        let mut t = trail(1, &["1001", "2002"], 6);
        let without = t
            .iter()
            .skip(1)
            .position(|s| s.entry.subject_account.is_empty())
            .unwrap()
            + 1;
        t[without].entry.subject_account = "A100".into();
        assert_eq!(check_trail(&t).map(|b| b.seq), Some(t[without].entry.seq));
    }

    #[test]
    fn a_rehashed_forgery_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].actor_id = "S1".into();
        c[1].hash = entry_hash(&c[1]);
        assert_eq!(verify_chain(&c).map(|b| b.seq), Some(3));
    }
}
