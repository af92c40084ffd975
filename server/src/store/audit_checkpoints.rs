//! Checkpoints of the audit trail: the head of every chain (its last place, entry number
//! and hash) and how many there are, signed with the audit key. Entries sealed with the
//! key cannot be forged, but they can still be deleted: from the end of a chain, or a
//! whole chain, leaving what remains consistent. A checkpoint remembers where each chain
//! ended, so the check finds what went missing after it.
//!
//! A checkpoint is written on start-up when there is none yet (an existing trail's heads
//! become the first one: its entries from before the key are vouched for up to there), at
//! a fixed interval by the background work (`PORTAL_AUDIT_CHECKPOINT_SECONDS`), at
//! shutdown and by `privacy-portal audit-checkpoint`, unless the trail is unchanged since
//! the newest. Each goes to three places: a row of `audit_checkpoints` (the newest few are
//! kept), a file of its own in `PORTAL_AUDIT_CHECKPOINT_DIR` (created the owner's alone,
//! never overwritten), and one line of the log (`audit checkpoint signed`, with its MAC),
//! so deleting the rows from the database is caught by the files and the log.
//!
//! A checkpoint never moves a chain's end back: a chain that no longer holds the entry the
//! previous checkpoint signed keeps that head in the next one, so what went missing stays
//! reported. It carries over, per chain, how far entries may carry a plain hash (those
//! written before the key); a chain first seen after the key has none.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::store::audit::{
    self, AuditKey, ChainId, Findings, MacDomain, Problem, REASON_CHECKPOINT, TrailCheck,
};
use crate::store::db::Db;

/// What a checkpoint's text says it is.
pub const KIND: &str = "privacy-portal audit checkpoint";

/// Checkpoints kept in the database; older ones live on in the folder and the log.
pub const KEPT_IN_DATABASE: i64 = 24;

/// The end of one chain as a checkpoint signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The chain: `null` for the single chain of the first entries (form 1), else its
    /// subject (`""` for entries about no one).
    pub subject: ChainId,
    /// Its last entry's place in the chain, which is how many entries it has.
    pub place: i64,
    /// Its last entry's number in the trail.
    pub seq: i64,
    /// Its last entry's hash or MAC.
    pub hash: String,
    /// Entries of this chain up to this place may carry a plain hash (written before the
    /// audit key); past it, only the key's MAC.
    pub plain_until: i64,
}

/// A checkpoint's content, which its MAC is over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub kind: String,
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Entries in the trail when it was signed.
    pub entries: u64,
    /// How many chains it signed the heads of.
    pub chains: u64,
    /// In chain order.
    pub heads: Vec<Head>,
}

impl Checkpoint {
    /// The highest entry number among its heads.
    fn top_seq(&self) -> i64 {
        self.heads.iter().map(|h| h.seq).max().unwrap_or(0)
    }
}

/// A checkpoint as stored: its text and the MAC over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub checkpoint: Checkpoint,
    pub body: String,
    pub mac: String,
}

fn body_mac(key: &AuditKey) -> hmac::Hmac<Sha256> {
    key.mac(MacDomain::Checkpoint)
}

/// Signs `checkpoint` with `key`.
pub fn sign(key: &AuditKey, checkpoint: &Checkpoint) -> Signed {
    let body = serde_json::to_string(checkpoint).expect("a checkpoint serialises");
    let mut mac = body_mac(key);
    hmac::Mac::update(&mut mac, body.as_bytes());
    Signed {
        checkpoint: checkpoint.clone(),
        mac: hex::encode(hmac::Mac::finalize(mac).into_bytes()),
        body,
    }
}

/// The checkpoint in `body` if `mac` is its MAC under `key`.
pub fn open(key: &AuditKey, body: &str, mac: &str) -> Option<Checkpoint> {
    let mut m = body_mac(key);
    hmac::Mac::update(&mut m, body.as_bytes());
    if !AuditKey::verify(m, mac.trim()) {
        return None;
    }
    serde_json::from_str::<Checkpoint>(body)
        .ok()
        .filter(|c| c.kind == KIND && c.chains == c.heads.len() as u64)
}

/// The next checkpoint after `previous` (numbered `id`), of the trail `check` has walked
/// with `previous` as its reference: chains that still hold the head `previous` signed
/// move on to their current end; the others keep that head, so what went missing stays
/// reported. Returns it with what the walk found.
pub fn next(
    check: TrailCheck<'_>,
    previous: Option<&Checkpoint>,
    id: i64,
    at: i64,
) -> (Checkpoint, Findings) {
    let holding: HashSet<ChainId> = previous
        .map(|p| {
            p.heads
                .iter()
                .filter(|h| check.holds_reference_head(&h.subject))
                .map(|h| h.subject.clone())
                .collect()
        })
        .unwrap_or_default();
    let findings = check.finish();
    let current = audit::heads(&findings);
    let mut heads: BTreeMap<ChainId, Head> = BTreeMap::new();
    match previous {
        Some(previous) => {
            for h in &previous.heads {
                let head = match current.get(&h.subject) {
                    Some((place, seq, hash)) if holding.contains(&h.subject) => Head {
                        subject: h.subject.clone(),
                        place: *place,
                        seq: *seq,
                        hash: hash.clone(),
                        plain_until: h.plain_until,
                    },
                    _ => h.clone(),
                };
                heads.insert(h.subject.clone(), head);
            }
            for (chain, (place, seq, hash)) in &current {
                heads.entry(chain.clone()).or_insert_with(|| Head {
                    subject: chain.clone(),
                    place: *place,
                    seq: *seq,
                    hash: hash.clone(),
                    plain_until: 0,
                });
            }
        }
        // The first: entries from before the key count as far as they go now.
        None => {
            for (chain, (place, seq, hash)) in &current {
                heads.insert(
                    chain.clone(),
                    Head {
                        subject: chain.clone(),
                        place: *place,
                        seq: *seq,
                        hash: hash.clone(),
                        plain_until: findings.chains[chain].last_plain,
                    },
                );
            }
        }
    }
    let heads: Vec<Head> = heads.into_values().collect();
    let checkpoint = Checkpoint {
        kind: KIND.to_string(),
        id,
        at,
        entries: findings.entries,
        chains: heads.len() as u64,
        heads,
    };
    (checkpoint, findings)
}

// ---------------------------------------------------------------------- files

/// The file of checkpoint `id` in the folder.
pub fn file_name(id: i64) -> String {
    format!("audit-checkpoint-{id:010}.txt")
}

fn id_of_file(name: &str) -> Option<i64> {
    name.strip_prefix("audit-checkpoint-")?
        .strip_suffix(".txt")?
        .parse()
        .ok()
}

/// Writes `signed` into a new file of `folder`: its text on the first line, its MAC on the
/// second. The file is the owner's alone (0600) from its creation and appears whole or
/// not at all; an existing file of that name is never replaced.
pub fn write_file(folder: &Path, signed: &Signed) -> std::io::Result<PathBuf> {
    use std::io::Write;
    create_folder(folder)?;
    let path = folder.join(file_name(signed.checkpoint.id));
    let staging = folder.join(format!(
        ".{}.{}.new",
        file_name(signed.checkpoint.id),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&staging);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&staging)?;
    let written = file
        .write_all(format!("{}\n{}\n", signed.body, signed.mac).as_bytes())
        .and_then(|()| file.sync_all());
    drop(file);
    // A hard link fails where the name is taken: nothing is overwritten.
    let linked = written.and_then(|()| std::fs::hard_link(&staging, &path));
    let _ = std::fs::remove_file(&staging);
    linked?;
    Ok(path)
}

/// Creates the checkpoints' folder, the owner's alone, if it is not there.
pub fn create_folder(folder: &Path) -> std::io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder)
}

/// The newest checkpoint file in `folder`: its number, name and content.
fn newest_file(folder: &Path) -> Option<(i64, String, std::io::Result<String>)> {
    let newest = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            id_of_file(&name).map(|id| (id, name))
        })
        .max_by_key(|(id, _)| *id)?;
    let text = std::fs::read_to_string(folder.join(&newest.1));
    Some((newest.0, newest.1, text))
}

// ---------------------------------------------------------------------- the reference

/// The checkpoint a trail is checked against, and what is wrong with the checkpoints.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// The newest checkpoint that verifies, in the database or the folder.
    pub checkpoint: Option<Checkpoint>,
    pub problems: Vec<Problem>,
    /// The highest checkpoint number anywhere, whether it verifies or not.
    pub newest_id: i64,
    /// Whether the database holds a checkpoint that verifies under the key.
    pub verified_in_database: bool,
    /// Whether the database holds any checkpoint at all.
    pub any_in_database: bool,
}

fn problem(message: String) -> Problem {
    Problem {
        seq: None,
        reason: REASON_CHECKPOINT,
        message,
    }
}

/// Finds the newest checkpoint that verifies under `key`, in the database or in
/// `folder`, and reports checkpoints that do not verify and checkpoints of the folder
/// that the database lacks.
pub async fn reference(
    conn: &mut AnyConnection,
    key: &AuditKey,
    folder: Option<&Path>,
) -> sqlx::Result<Reference> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, body, mac FROM audit_checkpoints ORDER BY id DESC LIMIT $1")
            .bind(KEPT_IN_DATABASE)
            .fetch_all(&mut *conn)
            .await?;
    let mut out = Reference {
        newest_id: rows.first().map_or(0, |r| r.0),
        any_in_database: !rows.is_empty(),
        ..Reference::default()
    };
    for (id, body, mac) in &rows {
        match open(key, body, mac).filter(|c| c.id == *id) {
            Some(c) => {
                out.checkpoint = Some(c);
                out.verified_in_database = true;
                break;
            }
            None => out.problems.push(problem(format!(
                "checkpoint {id} in the database does not verify under the audit key: \
                 it was altered, or signed with another key"
            ))),
        }
    }
    let Some((id, name, text)) = folder.and_then(newest_file) else {
        return Ok(out);
    };
    out.newest_id = out.newest_id.max(id);
    let from_file = text.ok().and_then(|text| {
        let (body, mac) = text.split_once('\n')?;
        open(key, body, mac).filter(|c| c.id == id)
    });
    let Some(from_file) = from_file else {
        out.problems.push(problem(format!(
            "checkpoint file {name} does not verify under the audit key: it was altered, \
             cut short, or signed with another key"
        )));
        return Ok(out);
    };
    let in_database = out.checkpoint.as_ref().map_or(0, |c| c.id);
    if from_file.id > in_database {
        if !rows.iter().any(|r| r.0 == from_file.id) {
            out.problems.push(problem(format!(
                "checkpoint {} is in the file {name} but not in the database: checkpoints \
                 were deleted from the database",
                from_file.id
            )));
        }
        out.checkpoint = Some(from_file);
    } else if from_file.id == in_database && out.checkpoint.as_ref() != Some(&from_file) {
        out.problems.push(problem(format!(
            "checkpoint {} in the database differs from its file {name}",
            from_file.id
        )));
    }
    Ok(out)
}

// ---------------------------------------------------------------------- writing

/// Where a checkpoint goes besides the database, and with which key.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub key: &'a AuditKey,
    /// `PORTAL_AUDIT_CHECKPOINT_DIR`; `None`: the database and the log only.
    pub folder: Option<&'a Path>,
}

impl<'a> Target<'a> {
    pub fn of(settings: &'a crate::config::audit::AuditSettings) -> Target<'a> {
        Target {
            key: &settings.key,
            folder: settings.checkpoint_dir.as_deref(),
        }
    }
}

/// What `write` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Signed and stored: its number, chains and entries, and the problems the trail had
    /// (a checkpoint is written all the same: it never hides them, see `next`).
    Written {
        id: i64,
        chains: u64,
        entries: u64,
        problems: usize,
    },
    /// Nothing was appended since the newest checkpoint, `id`.
    Unchanged { id: i64 },
    /// Another server wrote checkpoint `id` at the same moment.
    Raced { id: i64 },
    /// Not written, and why: signing now would vouch for a trail the checkpoints no
    /// longer cover.
    Refused(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Written {
                id,
                chains,
                entries,
                problems,
            } => {
                write!(f, "checkpoint {id}: {chains} chains, {entries} entries")?;
                if *problems > 0 {
                    write!(
                        f,
                        "; the trail has {problems} problems (privacy-portal verify-audit)"
                    )?;
                }
                Ok(())
            }
            Outcome::Unchanged { id } => write!(f, "unchanged since checkpoint {id}"),
            Outcome::Raced { id } => write!(f, "checkpoint {id} was written by another server"),
            Outcome::Refused(why) => write!(f, "no checkpoint written: {why}"),
        }
    }
}

/// Why a checkpoint could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error(
        "PORTAL_AUDIT_CHECKPOINT_DIR: checkpoint {id} is in the database, but its file could not be written in {folder}: {source}"
    )]
    File {
        id: i64,
        folder: String,
        source: std::io::Error,
    },
}

/// Signs the heads of every chain as of now (`at`) into a new checkpoint, unless the trail
/// is unchanged since the newest one. `why` says what asked for it, for the log.
pub async fn write(
    db: &Db,
    target: Target<'_>,
    at: i64,
    why: &str,
) -> Result<Outcome, CheckpointError> {
    let mut tx = audit::begin_snapshot(db).await?;
    let reference = reference(&mut tx, target.key, target.folder).await?;
    if let Some(c) = &reference.checkpoint
        && reference.problems.is_empty()
    {
        let (count, top): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_log")
                .fetch_one(&mut *tx)
                .await?;
        // Entries are only ever appended, under a new number: the same count and top
        // number mean nothing was written since (and if something was both deleted and
        // added, the checkpoint kept says so).
        if count as u64 == c.entries && top == c.top_seq() {
            tx.rollback().await?;
            return Ok(Outcome::Unchanged { id: c.id });
        }
    }
    let mut check = TrailCheck::new(target.key, reference.checkpoint.as_ref());
    audit::walk(&mut tx, &mut check).await?;
    tx.rollback().await?;
    for p in &reference.problems {
        tracing::error!(problem = %p.message, "audit checkpoints");
    }
    if reference.checkpoint.is_none() {
        if reference.newest_id > 0 {
            return Ok(Outcome::Refused(format!(
                "no checkpoint verifies under the audit key, though checkpoint {} exists: \
                 PORTAL_AUDIT_KEY_FILE is not the key this trail was sealed with, or the \
                 checkpoints were altered",
                reference.newest_id
            )));
        }
        if check.keyed() > 0 {
            return Ok(Outcome::Refused(format!(
                "{} carry the audit key's MAC but there is no checkpoint: the checkpoints \
                 were deleted (privacy-portal verify-audit)",
                audit::entries_word(check.keyed() as i64)
            )));
        }
    }
    let (checkpoint, findings) = next(
        check,
        reference.checkpoint.as_ref(),
        reference.newest_id + 1,
        at,
    );
    if let Some(previous) = &reference.checkpoint
        && previous.heads == checkpoint.heads
        && previous.entries == checkpoint.entries
        && reference.problems.is_empty()
    {
        return Ok(Outcome::Unchanged { id: previous.id });
    }
    let signed = sign(target.key, &checkpoint);
    let inserted = sqlx::query(
        "INSERT INTO audit_checkpoints (id, at, entries, chains, body, mac) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(checkpoint.id)
    .bind(checkpoint.at)
    .bind(checkpoint.entries as i64)
    .bind(checkpoint.chains as i64)
    .bind(&signed.body)
    .bind(&signed.mac)
    .execute(db)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Outcome::Raced { id: checkpoint.id });
    }
    // The line a log collector keeps apart from the database: enough to show which
    // checkpoints there were, and that a row is the one signed then.
    tracing::info!(
        checkpoint = checkpoint.id,
        at = checkpoint.at,
        chains = checkpoint.chains,
        entries = checkpoint.entries,
        body_sha256 = %hex::encode(Sha256::digest(signed.body.as_bytes())),
        mac = %signed.mac,
        why,
        "audit checkpoint signed"
    );
    sqlx::query("DELETE FROM audit_checkpoints WHERE id <= $1")
        .bind(checkpoint.id - KEPT_IN_DATABASE)
        .execute(db)
        .await?;
    let problems = findings.problems.len() + findings.more_problems as usize;
    if problems > 0 {
        tracing::error!(
            checkpoint = checkpoint.id,
            problems,
            "the audit trail does not check out: run privacy-portal verify-audit"
        );
    }
    if let Some(folder) = target.folder {
        write_file(folder, &signed).map_err(|source| CheckpointError::File {
            id: checkpoint.id,
            folder: folder.display().to_string(),
            source,
        })?;
    }
    Ok(Outcome::Written {
        id: checkpoint.id,
        chains: checkpoint.chains,
        entries: checkpoint.entries,
        problems,
    })
}

/// On start-up: makes sure the checkpoints' folder exists, that the audit key is the one
/// the trail's checkpoints were signed with, and that there is a checkpoint, signing the
/// first one (the heads of a trail written before the key, or of none) if there is not.
pub async fn open_trail(db: &Db, target: Target<'_>, at: i64) -> Result<(), String> {
    if let Some(folder) = target.folder {
        create_folder(folder).map_err(|e| {
            format!(
                "PORTAL_AUDIT_CHECKPOINT_DIR: cannot create {}: {e}",
                folder.display()
            )
        })?;
    }
    let mut conn = db.acquire().await.map_err(|e| format!("database: {e}"))?;
    let found = reference(&mut conn, target.key, target.folder)
        .await
        .map_err(|e| format!("database: {e}"))?;
    drop(conn);
    if found.any_in_database && !found.verified_in_database {
        return Err(format!(
            "PORTAL_AUDIT_KEY_FILE: none of the audit trail's checkpoints in the database \
             verifies under this key (the newest is {}): it is not the key the trail was sealed with",
            found.newest_id
        ));
    }
    if found.checkpoint.is_some() {
        return Ok(());
    }
    match write(db, target, at, "first").await {
        Ok(Outcome::Refused(why)) => {
            tracing::error!(reason = %why, "audit trail: no first checkpoint written");
            Ok(())
        }
        Ok(outcome) => {
            tracing::info!(outcome = %outcome, "audit trail: first checkpoint");
            Ok(())
        }
        Err(e) => Err(format!("audit checkpoint: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::from_bytes(&[3u8; 32]).unwrap()
    }

    fn checkpoint(id: i64) -> Checkpoint {
        Checkpoint {
            kind: KIND.into(),
            id,
            at: 1_700_000_000,
            entries: 5,
            chains: 2,
            heads: vec![
                Head {
                    subject: None,
                    place: 2,
                    seq: 2,
                    hash: "aa".into(),
                    plain_until: 2,
                },
                Head {
                    subject: Some("1001".into()),
                    place: 3,
                    seq: 5,
                    hash: "bb".into(),
                    plain_until: 0,
                },
            ],
        }
    }

    #[test]
    fn a_checkpoint_opens_only_with_its_key_and_text() {
        let signed = sign(&key(), &checkpoint(4));
        assert_eq!(open(&key(), &signed.body, &signed.mac), Some(checkpoint(4)));
        let other = AuditKey::from_bytes(&[4u8; 32]).unwrap();
        assert_eq!(open(&other, &signed.body, &signed.mac), None);
        let altered = signed.body.replace("\"place\":3", "\"place\":2");
        assert_ne!(altered, signed.body);
        assert_eq!(open(&key(), &altered, &signed.mac), None);
        assert_eq!(open(&key(), &signed.body, "zz"), None);
        // An entry's MAC over the same bytes is not a checkpoint's.
        let mut entry_mac = key().mac(MacDomain::Entry);
        hmac::Mac::update(&mut entry_mac, signed.body.as_bytes());
        let entry_mac = hex::encode(hmac::Mac::finalize(entry_mac).into_bytes());
        assert_eq!(open(&key(), &signed.body, &entry_mac), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_checkpoint_file_is_the_owners_alone_and_never_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("portal-checkpoints-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let folder = dir.join("checkpoints");
        let first = sign(&key(), &checkpoint(7));
        let path = write_file(&folder, &first).unwrap();
        assert_eq!(path, folder.join("audit-checkpoint-0000000007.txt"));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&folder), 0o700);
        let mut other = checkpoint(7);
        other.entries = 9;
        let second = sign(&key(), &other);
        let err = write_file(&folder, &second).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{}\n{}\n", first.body, first.mac)
        );
        let names: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        write_file(&folder, &sign(&key(), &checkpoint(12))).unwrap();
        let (id, name, _) = newest_file(&folder).unwrap();
        assert_eq!((id, name.as_str()), (12, "audit-checkpoint-0000000012.txt"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
