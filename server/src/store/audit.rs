//! The audit trail: every change, decision and execution, and every time someone opens
//! another person's data, appended to a chain. Each subject (a person id, or empty) has a
//! chain of its own: entry `n` of a chain stores the hash of the chain's entry `n - 1` and
//! its own MAC over its fields (its place `seq` in the whole trail among them) and that
//! previous hash, so an edited, deleted or reordered entry is found at the first place its
//! chain no longer adds up. Writers about different people append to different chains and
//! never wait for each other: the chain's lock is taken only by changes about the same
//! subject, which wait for each other anyway.
//!
//! Entries are sealed with HMAC-SHA-256 under the audit key (`PORTAL_AUDIT_KEY_FILE`),
//! which never enters the database: someone who can write the database but not read the
//! key cannot make an entry that checks out. The end of every chain is signed at intervals
//! in a checkpoint (`audit_checkpoints`), so entries cut from the end of a chain, or a
//! whole chain, are missed too.
//!
//! Three forms of entries are in a trail, each checked as it was written:
//! - form 1, written before the chains were split (migration 0009): one chain over the
//!   whole trail in `seq` order, each sealed with a plain SHA-256;
//! - form 2, chained per subject, plain SHA-256;
//! - form 3, chained per subject, HMAC-SHA-256 under the audit key: every entry since.
//!
//! A plain hash proves nothing against someone who rewrites the entries, so plain entries
//! count only as far as the first checkpoint found them (its `plain_until` per chain,
//! carried into every later checkpoint): a plain entry past that is reported as forged.
//! Entries hold ids, actions and field names — never personal values.
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use portal_domain::api::{Actor, AuditBreak, AuditCheckpointRef, AuditVerification};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

use crate::store::audit_checkpoints::{self as checkpoints, Checkpoint, Head};
use crate::store::db::{self, Backend, Db};

/// The hash the first entry of a chain links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

type HmacSha256 = Hmac<Sha256>;

/// The secret the trail's entries and checkpoints are sealed with: read from the file
/// `PORTAL_AUDIT_KEY_FILE` names, kept in memory only, never written to the database or
/// the log.
#[derive(Clone)]
pub struct AuditKey(Arc<[u8]>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// What a MAC is over: an entry's fields or a checkpoint's text, never one taken for the
/// other.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MacDomain {
    Entry,
    Checkpoint,
}

impl MacDomain {
    fn label(self) -> &'static [u8] {
        match self {
            MacDomain::Entry => b"privacy-portal audit entry\0",
            MacDomain::Checkpoint => b"privacy-portal audit checkpoint\0",
        }
    }
}

impl AuditKey {
    /// The fewest bytes a key may have: 256 bits.
    pub const MIN_BYTES: usize = 32;
    /// The most: a key file is a few random bytes, not a document.
    pub const MAX_BYTES: usize = 1024;

    /// A key of `bytes`, which must be `MIN_BYTES` to `MAX_BYTES` long.
    pub fn from_bytes(bytes: &[u8]) -> Result<AuditKey, String> {
        if !(Self::MIN_BYTES..=Self::MAX_BYTES).contains(&bytes.len()) {
            return Err(format!(
                "holds {} bytes; the key must be {} to {} random bytes, e.g. `head -c 32 /dev/urandom`",
                bytes.len(),
                Self::MIN_BYTES,
                Self::MAX_BYTES
            ));
        }
        Ok(AuditKey(Arc::from(bytes)))
    }

    /// 32 fresh random bytes.
    pub fn random_bytes() -> [u8; 32] {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        bytes
    }

    /// The key in the file at `path`: its bytes as they are.
    pub fn read(path: &Path) -> Result<AuditKey, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_bytes(&bytes).map_err(|e| format!("{} {e}", path.display()))
    }

    /// The key in `path`, created there (32 random bytes, the owner's alone) if there is
    /// none: the demo's.
    pub fn read_or_create(path: &Path) -> Result<AuditKey, String> {
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            crate::auth::keys::write_private(path, &Self::random_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Self::read(path)
    }

    pub(crate) fn mac(&self, domain: MacDomain) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(domain.label());
        mac
    }

    /// Whether `stored` (hex) is the MAC `mac` has computed, compared in constant time.
    pub(crate) fn verify(mac: HmacSha256, stored: &str) -> bool {
        match hex::decode(stored) {
            Ok(bytes) => mac.verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

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

/// An entry's content and the previous hash, each part length-prefixed so no two
/// different entries serialise alike. The subject's account is included when set (after
/// the subject): entries from before it existed hash as they did, and setting, changing
/// or clearing it afterwards breaks the entry.
fn feed(e: &Entry, mut update: impl FnMut(&[u8])) {
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
    for part in parts {
        update(&(part.len() as u64).to_be_bytes());
        update(part.as_bytes());
    }
}

/// The plain hash of an entry of form 1 or 2 (no key).
pub fn entry_hash(e: &Entry) -> String {
    let mut h = Sha256::new();
    feed(e, |bytes| h.update(bytes));
    hex::encode(h.finalize())
}

/// The MAC of an entry of form 3, under the audit key.
pub fn entry_mac(key: &AuditKey, e: &Entry) -> String {
    let mut mac = key.mac(MacDomain::Entry);
    feed(e, |bytes| mac.update(bytes));
    hex::encode(mac.finalize().into_bytes())
}

/// Whether an entry of `form` is sealed as it says.
fn sealed(key: &AuditKey, form: i64, e: &Entry) -> bool {
    if form == FORM_KEYED {
        let mut mac = key.mac(MacDomain::Entry);
        feed(e, |bytes| mac.update(bytes));
        AuditKey::verify(mac, &e.hash)
    } else {
        entry_hash(e) == e.hash
    }
}

/// Entries of the one chain over the whole trail, written before migration 0009.
pub const FORM_SINGLE_CHAIN: i64 = 1;
/// Entries chained per subject, with a plain hash (before the audit key).
pub const FORM_SUBJECT_CHAIN: i64 = 2;
/// Entries chained per subject, sealed with the audit key: every entry written now.
pub const FORM_KEYED: i64 = 3;

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
    key: &AuditKey,
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
    // A subject's chain goes on from its plain entries, if it has any.
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT chain_seq, hash FROM audit_log WHERE form >= 2 AND subject_id = $1 \
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
    entry.hash = entry_mac(key, &entry);
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
    .bind(FORM_KEYED)
    .bind(&entry.subject_account)
    .execute(conn)
    .await?;
    Ok(entry.seq)
}

/// Which chain an entry is in: `None` for the single chain of form 1, else its subject.
pub type ChainId = Option<String>;

/// A chain as people read it in a report.
pub fn chain_name(chain: &ChainId) -> String {
    match chain.as_deref() {
        None => "the single chain of the first entries".to_string(),
        Some("") => "the chain of entries about no one".to_string(),
        Some(subject) => format!("the chain of subject {subject}"),
    }
}

/// Something wrong with the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry it is about (for entries missing from a chain's end, the number the last
    /// of them had); `None` for a problem with the checkpoints.
    pub seq: Option<i64>,
    /// Short and fixed: what kind of problem.
    pub reason: &'static str,
    /// One sentence naming the entry, chain or checkpoint.
    pub message: String,
}

pub const REASON_GAP: &str = "sequence gap: an entry before this one is missing or moved";
pub const REASON_OUT_OF_PLACE: &str = "out of place: it comes after a later entry of its chain";
pub const REASON_LINK: &str = "does not link to the entry before it";
pub const REASON_CONTENT: &str = "content does not match its hash";
pub const REASON_PLAIN: &str = "a plain hash where the audit key's MAC belongs";
pub const REASON_NO_CHAIN: &str = "belongs to no chain";
pub const REASON_TAIL: &str = "missing from the end of its chain";
pub const REASON_CHAIN: &str = "its whole chain is missing";
pub const REASON_HEAD: &str = "not the entry the checkpoint signed";
pub const REASON_NO_CHECKPOINT: &str = "no checkpoint to check the chains' ends against";
pub const REASON_CHECKPOINT: &str = "a checkpoint does not check out";

/// The most problems a report spells out; the rest are counted.
pub const MAX_PROBLEMS: usize = 1000;

/// What the walk knows of one chain.
#[derive(Debug, Clone)]
pub struct ChainState {
    expected: i64,
    prev: String,
    /// The entry with the highest place seen in order: (place, seq, hash, plain).
    pub head: Option<(i64, i64, String, bool)>,
    /// The highest place of an entry with a plain hash.
    pub last_plain: i64,
    /// The entry at the reference checkpoint's head's place: (seq, hash).
    at_reference: Option<(i64, String)>,
}

impl ChainState {
    fn new() -> Self {
        ChainState {
            expected: 1,
            prev: GENESIS.to_string(),
            head: None,
            last_plain: 0,
            at_reference: None,
        }
    }
}

/// An entry as stored: which chain it belongs to and its place there.
#[derive(Debug, Clone, FromRow)]
pub struct Stored {
    #[sqlx(flatten)]
    pub entry: Entry,
    pub chain_seq: i64,
    pub form: i64,
}

/// The whole trail in `seq` order: the single chain of the first entries and a chain per
/// subject after them, checked against the reference checkpoint's heads where there is
/// one. Each chain is followed past a break (a gap, a broken link) from the entry after
/// it, so every problem is reported, each once.
pub struct TrailCheck<'a> {
    key: &'a AuditKey,
    reference: Option<&'a Checkpoint>,
    reference_heads: HashMap<ChainId, &'a Head>,
    pub chains: HashMap<ChainId, ChainState>,
    pub entries: u64,
    keyed: u64,
    problems: Vec<Problem>,
    more_problems: u64,
}

impl<'a> TrailCheck<'a> {
    pub fn new(key: &'a AuditKey, reference: Option<&'a Checkpoint>) -> Self {
        TrailCheck {
            key,
            reference,
            reference_heads: reference
                .map(|c| c.heads.iter().map(|h| (h.subject.clone(), h)).collect())
                .unwrap_or_default(),
            chains: HashMap::new(),
            entries: 0,
            keyed: 0,
            problems: Vec::new(),
            more_problems: 0,
        }
    }

    fn report(&mut self, seq: Option<i64>, reason: &'static str, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                seq,
                reason,
                message,
            });
        } else {
            self.more_problems += 1;
        }
    }

    pub fn check(&mut self, s: &Stored) {
        self.entries += 1;
        let e = &s.entry;
        let seq = e.seq;
        let (chain, place, keyed) = match s.form {
            FORM_SINGLE_CHAIN => (None, seq, false),
            FORM_SUBJECT_CHAIN => (Some(e.subject_id.clone()), s.chain_seq, false),
            FORM_KEYED => (Some(e.subject_id.clone()), s.chain_seq, true),
            other => {
                self.report(
                    Some(seq),
                    REASON_NO_CHAIN,
                    format!("entry {seq} belongs to no chain (form {other})"),
                );
                return;
            }
        };
        if keyed {
            self.keyed += 1;
        }
        let name = chain_name(&chain);
        let reference = self.reference_heads.get(&chain).copied();
        let state = self.chains.entry(chain).or_insert_with(ChainState::new);
        let mut found: Vec<(&'static str, String)> = Vec::new();
        let in_order = place >= state.expected;
        if place < state.expected {
            found.push((
                REASON_OUT_OF_PLACE,
                format!(
                    "entry {seq} of {name} is out of place: its place {place} comes after place {}",
                    state.expected - 1
                ),
            ));
        } else if place > state.expected {
            let missing = place - state.expected;
            found.push((
                REASON_GAP,
                format!(
                    "{} missing from {name} before entry {seq} ({})",
                    entries_word(missing),
                    if missing == 1 {
                        format!("place {}", state.expected)
                    } else {
                        format!("places {} to {}", state.expected, place - 1)
                    }
                ),
            ));
        } else if e.prev_hash != state.prev {
            found.push((
                REASON_LINK,
                format!("entry {seq} of {name} does not link to the entry before it"),
            ));
        }
        if !sealed(self.key, s.form, e) {
            found.push((
                REASON_CONTENT,
                format!(
                    "entry {seq} altered: its content does not match its {} ({name}, place {place})",
                    if keyed { "MAC" } else { "hash" }
                ),
            ));
        } else if !keyed
            && self.reference.is_some()
            && reference.is_none_or(|h| place > h.plain_until)
        {
            found.push((
                REASON_PLAIN,
                format!(
                    "entry {seq} of {name} carries a plain hash, but entries written since the \
                     audit key carry its MAC: it was forged or rewritten without the key"
                ),
            ));
        }
        if let Some(h) = reference
            && place == h.place
        {
            state.at_reference = Some((seq, e.hash.clone()));
        }
        if in_order {
            state.expected = place + 1;
            state.prev.clone_from(&e.hash);
            state.head = Some((place, seq, e.hash.clone(), !keyed));
            if !keyed {
                state.last_plain = place;
            }
        }
        for (reason, message) in found {
            self.report(Some(seq), reason, message);
        }
    }

    /// Whether a chain still holds, unchanged, the entry the reference checkpoint signed
    /// as its head.
    pub fn holds_reference_head(&self, chain: &ChainId) -> bool {
        match (
            self.reference_heads.get(chain),
            self.chains.get(chain).and_then(|c| c.at_reference.as_ref()),
        ) {
            (Some(h), Some((_, hash))) => *hash == h.hash,
            _ => false,
        }
    }

    /// Entries sealed with the audit key seen so far.
    pub fn keyed(&self) -> u64 {
        self.keyed
    }

    /// The problems found, with those at the chains' ends against the reference
    /// checkpoint: every problem in entry order, those naming no entry first.
    pub fn finish(mut self) -> Findings {
        if let Some(reference) = self.reference {
            let mut heads: Vec<&Head> = reference.heads.iter().collect();
            heads.sort_by(|a, b| a.subject.cmp(&b.subject));
            for h in heads {
                let name = chain_name(&h.subject);
                let id = reference.id;
                let state = self.chains.get(&h.subject).cloned();
                match state {
                    None => self.report(
                        Some(h.seq),
                        REASON_CHAIN,
                        format!(
                            "{name} missing: checkpoint {id} signed its head at place {} (entry {}), \
                             the trail has none of it",
                            h.place, h.seq
                        ),
                    ),
                    Some(state) => match &state.at_reference {
                        Some((seq, hash)) if *hash != h.hash => self.report(
                            Some(*seq),
                            REASON_HEAD,
                            format!(
                                "{name} rewritten: entry {seq} at place {} is not the one checkpoint {id} signed",
                                h.place
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            let top = state.head.as_ref().map_or(0, |(p, ..)| *p);
                            if top < h.place {
                                self.report(
                                    Some(h.seq),
                                    REASON_TAIL,
                                    format!(
                                        "{} after checkpoint {id} missing from the end of {name}: \
                                         the checkpoint signed place {} (entry {}), the chain now ends at place {top}",
                                        entries_word(h.place - top),
                                        h.place,
                                        h.seq
                                    ),
                                );
                            }
                            // Otherwise the entry at that place went from the middle of
                            // the chain, and its gap is reported already.
                        }
                    },
                }
            }
        }
        let mut problems = self.problems;
        // Stable: entries' problems stay in the order found.
        problems.sort_by_key(|p| p.seq.map_or((0, 0), |s| (1, s)));
        Findings {
            entries: self.entries,
            problems,
            more_problems: self.more_problems,
            chains: self.chains,
        }
    }
}

/// What a walk over the trail found.
#[derive(Debug, Clone)]
pub struct Findings {
    pub entries: u64,
    pub problems: Vec<Problem>,
    /// Problems beyond `MAX_PROBLEMS`, counted only.
    pub more_problems: u64,
    pub chains: HashMap<ChainId, ChainState>,
}

pub(crate) fn entries_word(n: i64) -> String {
    if n == 1 {
        "1 entry".to_string()
    } else {
        format!("{n} entries")
    }
}

/// Begins a transaction that reads the whole trail as of one moment: entries committed
/// while the walk goes on are not half seen (on Postgres an entry may commit after one
/// with a higher number).
pub(crate) async fn begin_snapshot(db: &Db) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
    match db::backend(db) {
        Backend::Postgres => {
            db.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await
        }
        // A deferred transaction reads one snapshot of the WAL until it ends.
        Backend::Sqlite => db.begin().await,
    }
}

/// Reads the whole trail in pages and feeds it to `check`.
pub(crate) async fn walk(conn: &mut AnyConnection, check: &mut TrailCheck<'_>) -> sqlx::Result<()> {
    const PAGE: i64 = 5000;
    let mut after = i64::MIN;
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
            check.check(s);
        }
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    Ok(())
}

/// Checks the whole trail against the newest checkpoint in the database or, where the
/// checkpoints are also written to `folder`, in the folder, whichever is newer, and says
/// precisely what is wrong.
pub async fn verification(
    db: &Db,
    key: &AuditKey,
    folder: Option<&Path>,
) -> sqlx::Result<AuditVerification> {
    let mut tx = begin_snapshot(db).await?;
    let reference = checkpoints::reference(&mut tx, key, folder).await?;
    let mut check = TrailCheck::new(key, reference.checkpoint.as_ref());
    walk(&mut tx, &mut check).await?;
    tx.rollback().await?;
    let mut problems = reference.problems;
    if reference.checkpoint.is_none() && check.keyed() > 0 {
        // The first checkpoint is signed before the first entry under the key.
        problems.push(Problem {
            seq: None,
            reason: REASON_NO_CHECKPOINT,
            message: format!(
                "no checkpoint, yet {} carry the audit key's MAC: the checkpoints were deleted",
                entries_word(check.keyed() as i64)
            ),
        });
    }
    let findings = check.finish();
    Ok(report(findings, problems, reference.checkpoint.as_ref()))
}

/// The report of a walk and of the checkpoints' own problems.
pub fn report(
    findings: Findings,
    checkpoint_problems: Vec<Problem>,
    checkpoint: Option<&Checkpoint>,
) -> AuditVerification {
    let mut problems = checkpoint_problems;
    problems.extend(findings.problems);
    let first_broken = problems
        .iter()
        .filter_map(|p| p.seq.map(|seq| (seq, p.reason)))
        .min_by_key(|(seq, _)| *seq)
        .map(|(seq, reason)| AuditBreak {
            seq,
            reason: reason.to_string(),
        });
    let more = findings.more_problems;
    let mut messages: Vec<String> = problems.into_iter().map(|p| p.message).collect();
    if more > 0 {
        messages.push(format!("and {more} more problems"));
    }
    AuditVerification {
        entries: findings.entries,
        intact: messages.is_empty(),
        first_broken,
        problems: messages,
        checkpoint: checkpoint.map(|c| AuditCheckpointRef {
            id: c.id,
            at: c.at,
            chains: c.heads.len() as u64,
            entries: c.entries,
        }),
    }
}

/// Opens the database at `url` and checks its trail (`privacy-portal verify-audit`).
pub async fn verify_database(
    url: &str,
    key: &AuditKey,
    folder: Option<&Path>,
) -> sqlx::Result<AuditVerification> {
    let db = super::db::connect(url).await?;
    let report = verification(&db, key, folder).await;
    db.close().await;
    report
}

/// The chains' heads a walk found, by chain, for a checkpoint: (place, seq, hash).
pub fn heads(findings: &Findings) -> BTreeMap<ChainId, (i64, i64, String)> {
    findings
        .chains
        .iter()
        .filter_map(|(chain, s)| {
            s.head
                .as_ref()
                .map(|(place, seq, hash, _)| (chain.clone(), (*place, *seq, hash.clone())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::from_bytes(&[7u8; 32]).unwrap()
    }

    fn other_key() -> AuditKey {
        AuditKey::from_bytes(&[8u8; 32]).unwrap()
    }

    fn entry(seq: i64, subject: &str, account: &str, prev: String) -> Entry {
        Entry {
            seq,
            at: 1_700_000_000 + seq,
            actor_id: subject.into(),
            actor_role: "customer".into(),
            action: "newsletter.subscribed".into(),
            subject_id: subject.into(),
            subject_account: account.into(),
            target: "newsletter".into(),
            fields: String::new(),
            prev_hash: prev,
            hash: String::new(),
        }
    }

    /// A trail as its three generations of writers left it: `single` entries of the one
    /// chain (form 1), then `plain` entries about `subjects` in turn chained per subject
    /// with plain hashes (form 2), then `keyed` more sealed with the key (form 3).
    /// Numbers skip now and then, as a rolled-back change leaves a gap.
    struct Trail {
        entries: Vec<Stored>,
    }

    impl Trail {
        fn new(single: i64, subjects: &[&str], plain: i64, keyed: i64) -> Trail {
            let mut entries = Vec::new();
            let mut prev = GENESIS.to_string();
            for seq in 1..=single {
                let mut e = entry(seq, "1001", "", prev.clone());
                e.hash = entry_hash(&e);
                prev = e.hash.clone();
                entries.push(Stored {
                    chain_seq: seq,
                    entry: e,
                    form: FORM_SINGLE_CHAIN,
                });
            }
            let mut trail = Trail { entries };
            for i in 0..plain + keyed {
                let subject = subjects[i as usize % subjects.len()];
                trail.push(
                    subject,
                    if i < plain {
                        FORM_SUBJECT_CHAIN
                    } else {
                        FORM_KEYED
                    },
                );
            }
            trail
        }

        /// Appends an entry about `subject` as a writer of `form` would.
        fn push(&mut self, subject: &str, form: i64) {
            let seq = self.entries.last().map_or(0, |s| s.entry.seq) + 2;
            let (place, prev) = self
                .entries
                .iter()
                .rev()
                .find(|s| s.form >= FORM_SUBJECT_CHAIN && s.entry.subject_id == subject)
                .map_or((0, GENESIS.to_string()), |s| {
                    (s.chain_seq, s.entry.hash.clone())
                });
            let account = if seq % 3 == 0 { "" } else { "A100" };
            let mut e = entry(seq, subject, account, prev);
            e.hash = if form == FORM_KEYED {
                entry_mac(&key(), &e)
            } else {
                entry_hash(&e)
            };
            self.entries.push(Stored {
                entry: e,
                chain_seq: place + 1,
                form,
            });
        }

        fn at(&mut self, seq: i64) -> &mut Stored {
            self.entries
                .iter_mut()
                .find(|s| s.entry.seq == seq)
                .unwrap()
        }

        fn remove(&mut self, seq: i64) {
            self.entries.retain(|s| s.entry.seq != seq);
        }

        fn check(&self, reference: Option<&Checkpoint>) -> Findings {
            let key = key();
            let mut check = TrailCheck::new(&key, reference);
            for s in &self.entries {
                check.check(s);
            }
            check.finish()
        }

        /// The checkpoint a server would sign of this trail now, after `previous`.
        fn checkpoint(&self, previous: Option<&Checkpoint>) -> Checkpoint {
            let key = key();
            let mut check = TrailCheck::new(&key, previous);
            for s in &self.entries {
                check.check(s);
            }
            let id = previous.map_or(1, |p| p.id + 1);
            checkpoints::next(check, previous, id, 1_700_100_000).0
        }
    }

    fn messages(f: &Findings) -> Vec<&str> {
        f.problems.iter().map(|p| p.message.as_str()).collect()
    }

    fn first(f: &Findings) -> Option<(i64, &'static str)> {
        f.problems
            .iter()
            .filter_map(|p| p.seq.map(|s| (s, p.reason)))
            .min_by_key(|(s, _)| *s)
    }

    #[test]
    fn an_untouched_trail_of_every_form_verifies() {
        for (single, plain, keyed) in [(0, 0, 0), (4, 0, 0), (4, 6, 0), (4, 6, 9), (0, 0, 9)] {
            let t = Trail::new(single, &["1001", "2002", ""], plain, keyed);
            let f = t.check(None);
            assert!(
                f.problems.is_empty(),
                "{single}/{plain}/{keyed}: {:?}",
                f.problems
            );
            assert_eq!(f.entries, (single + plain + keyed) as u64);
        }
    }

    #[test]
    fn old_entries_verify_against_the_first_checkpoint_and_new_ones_after_it() {
        let mut t = Trail::new(3, &["1001", "2002"], 6, 0);
        let first = t.checkpoint(None);
        assert_eq!(first.heads.len(), 3);
        assert!(first.heads.iter().all(|h| h.plain_until == h.place));
        for subject in ["1001", "2002", "3003", ""] {
            t.push(subject, FORM_KEYED);
        }
        let f = t.check(Some(&first));
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        // And against the next checkpoint, which carries the plain entries' end over.
        let second = t.checkpoint(Some(&first));
        assert_eq!(second.heads.len(), 5);
        let f = t.check(Some(&second));
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }

    #[test]
    fn an_altered_entry_is_reported_at_that_entry_in_every_form() {
        // Entry 3 of the single chain, 10 of a plain subject chain, 22 keyed.
        for (seq, form) in [(3, "hash"), (10, "hash"), (22, "MAC")] {
            let mut t = Trail::new(4, &["1001", "2002"], 6, 6);
            let reference = t.checkpoint(None);
            assert_eq!(t.at(seq).entry.seq, seq);
            t.at(seq).entry.fields = "email".into();
            let f = t.check(Some(&reference));
            assert_eq!(first(&f), Some((seq, REASON_CONTENT)), "{:?}", f.problems);
            assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
            assert!(
                f.problems[0].message.starts_with(&format!(
                    "entry {seq} altered: its content does not match its {form}"
                )),
                "{:?}",
                f.problems
            );
        }
    }

    #[test]
    fn a_keyed_entry_does_not_verify_under_another_key() {
        let t = Trail::new(0, &["1001"], 0, 2);
        let other = other_key();
        let mut check = TrailCheck::new(&other, None);
        for s in &t.entries {
            check.check(s);
        }
        let f = check.finish();
        assert_eq!(first(&f), Some((2, REASON_CONTENT)));
        assert_eq!(f.problems.len(), 2, "{:?}", f.problems);
    }

    #[test]
    fn a_deleted_entry_is_reported_where_the_gap_shows_and_nothing_after_it() {
        let mut t = Trail::new(2, &["1001", "2002"], 4, 6);
        // 1001's entries are 4, 8 (plain), 12, 16, 20 (keyed): 16 is its place 4.
        t.remove(16);
        let f = t.check(None);
        assert_eq!(first(&f), Some((20, REASON_GAP)));
        assert_eq!(
            messages(&f),
            ["1 entry missing from the chain of subject 1001 before entry 20 (place 4)"]
        );
        let mut t = Trail::new(5, &["1001"], 0, 0);
        t.remove(2);
        t.remove(3);
        let f = t.check(None);
        assert_eq!(
            messages(&f),
            [
                "2 entries missing from the single chain of the first entries before entry 4 (places 2 to 3)"
            ]
        );
    }

    #[test]
    fn the_newest_entries_of_a_subject_deleted_are_reported_against_the_checkpoint() {
        let mut t = Trail::new(0, &["1001", "2002"], 0, 8);
        let reference = t.checkpoint(None);
        // 2002's last three: seq 16, 12, 8 (places 4, 3, 2).
        for seq in [16, 12, 8] {
            t.remove(seq);
        }
        let f = t.check(Some(&reference));
        assert_eq!(first(&f), Some((16, REASON_TAIL)));
        assert_eq!(
            messages(&f),
            [
                "3 entries after checkpoint 1 missing from the end of the chain of subject 2002: \
              the checkpoint signed place 4 (entry 16), the chain now ends at place 1"
            ]
        );
        // Without a checkpoint it would have passed.
        assert!(t.check(None).problems.is_empty());
    }

    #[test]
    fn a_subjects_whole_chain_deleted_is_reported() {
        let mut t = Trail::new(2, &["1001", "2002", "3003"], 3, 6);
        let reference = t.checkpoint(None);
        t.entries
            .retain(|s| s.entry.subject_id != "3003" || s.form == FORM_SINGLE_CHAIN);
        let f = t.check(Some(&reference));
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        assert_eq!(f.problems[0].reason, REASON_CHAIN);
        assert!(
            f.problems[0].message.starts_with(
                "the chain of subject 3003 missing: checkpoint 1 signed its head at place 3"
            ),
            "{:?}",
            f.problems
        );
    }

    /// Rewrites `subject`'s chain from its first entry with plain hashes, as someone who
    /// can write the database but has not the key would: every link and hash adds up.
    fn rewrite_plain(t: &mut Trail, subject: &str) {
        let mut prev = GENESIS.to_string();
        for s in t.entries.iter_mut() {
            if s.form >= FORM_SUBJECT_CHAIN && s.entry.subject_id == subject {
                s.entry.actor_id = "S1".into();
                s.entry.actor_role = "support".into();
                s.entry.prev_hash = prev;
                s.form = FORM_SUBJECT_CHAIN;
                s.entry.hash = entry_hash(&s.entry);
                prev = s.entry.hash.clone();
            }
        }
    }

    #[test]
    fn a_chain_rewritten_with_plain_hashes_is_reported() {
        // Entries written since the key: each rewritten one is named, and the head.
        let mut t = Trail::new(0, &["1001", "2002"], 0, 6);
        let reference = t.checkpoint(None);
        rewrite_plain(&mut t, "2002");
        let f = t.check(Some(&reference));
        let plain: Vec<i64> = f
            .problems
            .iter()
            .filter(|p| p.reason == REASON_PLAIN)
            .filter_map(|p| p.seq)
            .collect();
        assert_eq!(plain, [4, 8, 12]);
        assert!(
            messages(&f).contains(
                &"the chain of subject 2002 rewritten: entry 12 at place 3 is not the one checkpoint 1 signed"
            ),
            "{:?}",
            f.problems
        );
        assert!(f.problems.iter().all(|p| !p.message.contains("1001")));

        // Entries from before the key: the head the first checkpoint signed differs.
        let mut t = Trail::new(0, &["1001", "2002"], 6, 0);
        let reference = t.checkpoint(None);
        rewrite_plain(&mut t, "1001");
        let f = t.check(Some(&reference));
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        assert_eq!(f.problems[0].reason, REASON_HEAD);

        // Plain entries added after the checkpoint, on an old chain or a new one.
        let mut t = Trail::new(0, &["1001"], 2, 0);
        let reference = t.checkpoint(None);
        t.push("1001", FORM_SUBJECT_CHAIN);
        t.push("4004", FORM_SUBJECT_CHAIN);
        let f = t.check(Some(&reference));
        assert_eq!(
            f.problems
                .iter()
                .map(|p| (p.seq, p.reason))
                .collect::<Vec<_>>(),
            [(Some(6), REASON_PLAIN), (Some(8), REASON_PLAIN)]
        );
        // And a checkpoint signed after such an entry still reports it.
        let next = t.checkpoint(Some(&reference));
        let f = t.check(Some(&next));
        assert_eq!(f.problems.len(), 2, "{:?}", f.problems);
    }

    #[test]
    fn swapped_entries_are_reported() {
        let mut t = Trail::new(0, &["1001"], 0, 5);
        // Entries 4 and 6 trade numbers.
        t.at(4).entry.seq = -1;
        t.at(6).entry.seq = 4;
        t.at(-1).entry.seq = 6;
        t.entries.sort_by_key(|s| s.entry.seq);
        let f = t.check(None);
        assert_eq!(first(&f).map(|(s, _)| s), Some(4), "{:?}", f.problems);
        assert!(f.problems.iter().any(|p| p.reason == REASON_OUT_OF_PLACE));
    }

    #[test]
    fn an_entry_moved_to_another_chain_or_form_is_found() {
        let mut t = Trail::new(2, &["1001", "2002"], 0, 6);
        t.entries[4].entry.subject_id = "2002".into();
        let seq = t.entries[4].entry.seq;
        assert_eq!(first(&t.check(None)).map(|(s, _)| s), Some(seq));
        let mut t = Trail::new(2, &["1001", "2002"], 0, 6);
        t.entries[1].form = FORM_SUBJECT_CHAIN;
        assert_eq!(first(&t.check(None)).map(|(s, _)| s), Some(2));
        let mut t = Trail::new(2, &["1001", "2002"], 0, 6);
        t.entries[3].form = 7;
        let seq = t.entries[3].entry.seq;
        assert_eq!(first(&t.check(None)), Some((seq, REASON_NO_CHAIN)));
        // A keyed entry passed off as plain, with a recomputed hash.
        let mut t = Trail::new(0, &["1001"], 0, 3);
        let reference = t.checkpoint(None);
        let s = &mut t.entries[2];
        s.form = FORM_SUBJECT_CHAIN;
        s.entry.hash = entry_hash(&s.entry);
        let f = t.check(Some(&reference));
        assert!(f.problems.iter().any(|p| p.reason == REASON_PLAIN));
    }

    #[test]
    fn an_entrys_account_is_part_of_its_hash() {
        let t = Trail::new(1, &["1001", "2002"], 3, 3);
        for i in 1..t.entries.len() {
            for account in ["A999", ""] {
                let mut t = Trail::new(1, &["1001", "2002"], 3, 3);
                if t.entries[i].entry.subject_account == account {
                    continue;
                }
                t.entries[i].entry.subject_account = account.into();
                let seq = t.entries[i].entry.seq;
                assert_eq!(first(&t.check(None)), Some((seq, REASON_CONTENT)));
            }
        }
        assert!(t.check(None).problems.is_empty());
    }

    #[test]
    fn a_rehashed_plain_forgery_breaks_the_next_link() {
        let mut t = Trail::new(5, &["1001"], 0, 0);
        t.entries[1].entry.actor_id = "S1".into();
        t.entries[1].entry.hash = entry_hash(&t.entries[1].entry);
        assert_eq!(first(&t.check(None)), Some((3, REASON_LINK)));
        // A keyed entry cannot be resealed without the key.
        let mut t = Trail::new(0, &["1001"], 0, 5);
        t.entries[1].entry.actor_id = "S1".into();
        t.entries[1].entry.hash = entry_mac(&other_key(), &t.entries[1].entry);
        assert_eq!(first(&t.check(None)), Some((4, REASON_CONTENT)));
    }

    #[test]
    fn a_walk_counts_the_entries_sealed_with_the_key() {
        // Whether there should be a checkpoint is for the caller to say.
        let t = Trail::new(1, &["1001"], 1, 2);
        let key = key();
        let mut check = TrailCheck::new(&key, None);
        for s in &t.entries {
            check.check(s);
        }
        assert_eq!((check.keyed(), check.entries), (2, 4));
    }

    #[test]
    fn a_key_must_be_long_enough_and_is_never_shown() {
        assert!(AuditKey::from_bytes(&[1u8; 31]).is_err());
        assert!(AuditKey::from_bytes(&[1u8; 32]).is_ok());
        assert!(AuditKey::from_bytes(&[1u8; 1025]).is_err());
        assert_eq!(format!("{:?}", key()), "AuditKey(..)");
        let e = entry(1, "1001", "", GENESIS.into());
        assert_ne!(entry_mac(&key(), &e), entry_mac(&other_key(), &e));
        assert_ne!(entry_mac(&key(), &e), entry_hash(&e));
    }
}
