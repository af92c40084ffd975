//! Rows the authenticated path has just read (a session, the person it is about with their
//! account, their contact changes), kept for a moment so that a burst of requests does not
//! look them up again each time.
//!
//! On Postgres every lookup is a round trip to another process, whatever the driver; on
//! two cores those round trips, not the portal's own work, bound how many authenticated
//! reads a server answers. On a SQLite file a lookup is microseconds on the calling thread
//! (see `store::reads`), yet the three of them cost about as much as the rest of the read.
//! A row read here is reused for at most `max_age` (the setting
//! `PORTAL_READ_CACHE_SECONDS`, a quarter of a second by default), and never after a
//! change this server made:
//!
//! - Every change this server commits (`Change::commit`, a billing command applied, a
//!   session ended) clears everything kept. A read that began before the clear cannot put
//!   its row back afterwards: it holds a `Ticket` taken before it read, and a row is kept
//!   only if no clear happened since its ticket was taken.
//! - A row's age counts from its ticket, that is from before the database was asked. So
//!   once `max_age` has passed after a commit, no server keeps a row read before it. What
//!   must end on every server at once (logout, erasure: a session's end) waits `max_age`
//!   after its commit before it answers (`settle`): when the caller hears that the session
//!   has ended, no server still holds it as live.
//! - Only rows that were found are kept: something created is seen at once.
//! - Past half its age a row is read again by the next caller alone, the others using it
//!   meanwhile: under steady use it is renewed before it runs out, and a thousand
//!   requests under way do not all miss it at once.
//! - The person and account are kept only for the built-in billing store, whose data
//!   changes only through the portal. A WHMCS database changes under the portal (the
//!   hosting company's staff, its own client area), so there they are read every time.
//!
//! A server's other changes (a contact correction made on one server) reach another
//! server's reads within `max_age`; so does a change another process writes into the
//! same SQLite file. Zero keeps nothing.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use portal_domain::api::ContactChange;

use crate::billing::{Account, Person};

/// How many rows of each kind are kept at most; past it, rows too old to be used are
/// dropped, and if that is not enough, all of them.
const MAX_ROWS: usize = 10_000;

/// A session's row as the authenticated path reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub person_id: String,
    pub account_id: String,
    pub role: String,
    pub locale: String,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// Taken before a read: the row read may be kept only if nothing was cleared since.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    generation: u64,
    at: Instant,
}

/// A row kept, from the ticket it was read under.
struct Kept<V> {
    at: Instant,
    value: V,
    /// One caller has been sent to read the row again (see `Shelf::get`).
    refreshing: bool,
}

struct Shelf<K, V> {
    rows: Mutex<HashMap<K, Kept<V>>>,
}

impl<K: Eq + Hash, V: Clone> Shelf<K, V> {
    fn new() -> Shelf<K, V> {
        Shelf {
            rows: Mutex::new(HashMap::new()),
        }
    }

    fn get<Q>(&self, key: &Q, max_age: Duration) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let mut rows = self.rows.lock().expect("recent rows lock");
        let kept = rows.get_mut(key)?;
        let age = kept.at.elapsed();
        if age >= max_age {
            return None;
        }
        // Past half its age the row is read again by one caller, while the others still
        // use it: under steady use it is renewed before it runs out, instead of every
        // request under way missing it at the same moment and queueing for the database.
        if age >= max_age / 2 && !kept.refreshing {
            kept.refreshing = true;
            return None;
        }
        Some(kept.value.clone())
    }

    fn put(&self, generation: &AtomicU64, ticket: Ticket, max_age: Duration, key: K, value: V) {
        let mut rows = self.rows.lock().expect("recent rows lock");
        // Under the lock `clear` takes after it counts: a clear either comes after this
        // insert and removes it, or has counted already and the row is not kept.
        if generation.load(Ordering::SeqCst) != ticket.generation {
            return;
        }
        if rows.len() >= MAX_ROWS {
            rows.retain(|_, kept| kept.at.elapsed() < max_age);
            if rows.len() >= MAX_ROWS {
                rows.clear();
            }
        }
        rows.insert(
            key,
            Kept {
                at: ticket.at,
                value,
                refreshing: false,
            },
        );
    }

    fn update<Q>(&self, key: &Q, change: impl FnOnce(&mut V))
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        if let Some(kept) = self.rows.lock().expect("recent rows lock").get_mut(key) {
            change(&mut kept.value);
        }
    }

    fn clear(&self) {
        self.rows.lock().expect("recent rows lock").clear();
    }
}

/// What the authenticated path has just read (see the module's notes).
pub struct Recent {
    max_age: Duration,
    keeps_subjects: bool,
    generation: AtomicU64,
    sessions: Shelf<String, SessionRow>,
    /// Person id → (account id asked for, the person, their account).
    subjects: Shelf<String, (String, Person, Account)>,
    contact_changes: Shelf<String, Vec<ContactChange>>,
}

impl Recent {
    /// Rows kept for `max_age` (zero: none); the person and account only if
    /// `keeps_subjects` (the billing data changes only through the portal).
    pub fn new(max_age: Duration, keeps_subjects: bool) -> Recent {
        Recent {
            max_age,
            keeps_subjects,
            generation: AtomicU64::new(0),
            sessions: Shelf::new(),
            subjects: Shelf::new(),
            contact_changes: Shelf::new(),
        }
    }

    /// Nothing is kept.
    pub fn off() -> Recent {
        Recent::new(Duration::ZERO, false)
    }

    /// How long a row is kept.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// To take before reading a row that is then `put`; `None` when nothing is kept.
    pub fn ticket(&self) -> Option<Ticket> {
        if self.max_age.is_zero() {
            return None;
        }
        Some(Ticket {
            generation: self.generation.load(Ordering::SeqCst),
            at: Instant::now(),
        })
    }

    /// Forgets everything kept, and every read under way: called after each change.
    pub fn clear(&self) {
        if self.max_age.is_zero() {
            return;
        }
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.sessions.clear();
        self.subjects.clear();
        self.contact_changes.clear();
    }

    /// Waits until no server keeps a row read before a change just committed: what ends a
    /// session answers only then.
    pub async fn settle(&self) {
        if !self.max_age.is_zero() {
            tokio::time::sleep(self.max_age).await;
        }
    }

    pub fn session(&self, token_hash: &str) -> Option<SessionRow> {
        if self.max_age.is_zero() {
            return None;
        }
        self.sessions.get(token_hash, self.max_age)
    }

    pub fn put_session(&self, ticket: Option<Ticket>, token_hash: &str, row: &SessionRow) {
        if let Some(t) = ticket {
            let key = token_hash.to_string();
            self.sessions
                .put(&self.generation, t, self.max_age, key, row.clone());
        }
    }

    /// Records a use written through to the kept row, so it is not judged by an older one.
    pub fn seen(&self, token_hash: &str, at: i64) {
        self.sessions.update(token_hash, |row| {
            row.last_seen_at = row.last_seen_at.max(at)
        });
    }

    /// The ticket for reading a person and account, `None` if they are not kept.
    pub fn subject_ticket(&self) -> Option<Ticket> {
        self.ticket().filter(|_| self.keeps_subjects)
    }

    pub fn subject(&self, account_id: &str, person_id: &str) -> Option<(Person, Account)> {
        if self.max_age.is_zero() || !self.keeps_subjects {
            return None;
        }
        let (account, person, found) = self.subjects.get(person_id, self.max_age)?;
        (account == account_id).then_some((person, found))
    }

    pub fn put_subject(
        &self,
        ticket: Option<Ticket>,
        account_id: &str,
        person: &Person,
        account: &Account,
    ) {
        if let Some(t) = ticket {
            let row = (account_id.to_string(), person.clone(), account.clone());
            self.subjects
                .put(&self.generation, t, self.max_age, person.id.clone(), row);
        }
    }

    pub fn contact_changes(&self, person_id: &str) -> Option<Vec<ContactChange>> {
        if self.max_age.is_zero() {
            return None;
        }
        self.contact_changes.get(person_id, self.max_age)
    }

    pub fn put_contact_changes(
        &self,
        ticket: Option<Ticket>,
        person_id: &str,
        changes: &[ContactChange],
    ) {
        if let Some(t) = ticket {
            self.contact_changes.put(
                &self.generation,
                t,
                self.max_age,
                person_id.to_string(),
                changes.to_vec(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(last_seen_at: i64) -> SessionRow {
        SessionRow {
            person_id: "1001".into(),
            account_id: "A100".into(),
            role: "customer".into(),
            locale: "nb".into(),
            last_seen_at,
            expires_at: 100,
        }
    }

    #[test]
    fn a_row_is_kept_until_it_is_too_old() {
        let recent = Recent::new(Duration::from_millis(40), false);
        let t = recent.ticket();
        recent.put_session(t, "h", &row(5));
        assert_eq!(recent.session("h").map(|r| r.last_seen_at), Some(5));
        assert!(recent.session("other").is_none());
        std::thread::sleep(Duration::from_millis(50));
        assert!(recent.session("h").is_none());
    }

    #[test]
    fn a_clear_forgets_what_is_kept_and_what_was_being_read() {
        let recent = Recent::new(Duration::from_secs(60), false);
        recent.put_session(recent.ticket(), "kept", &row(1));
        let under_way = recent.ticket();
        recent.clear();
        assert!(recent.session("kept").is_none());
        // A read that began before the clear may have seen the state before the change.
        recent.put_session(under_way, "late", &row(1));
        assert!(recent.session("late").is_none());
        recent.put_session(recent.ticket(), "after", &row(1));
        assert!(recent.session("after").is_some());
    }

    #[test]
    fn past_half_its_age_one_caller_reads_a_row_again_while_the_others_use_it() {
        let recent = Recent::new(Duration::from_millis(200), false);
        recent.put_session(recent.ticket(), "h", &row(1));
        assert!(recent.session("h").is_some());
        std::thread::sleep(Duration::from_millis(110));
        let refresher = recent.ticket();
        assert!(recent.session("h").is_none(), "nobody reads it again");
        assert_eq!(recent.session("h").map(|r| r.last_seen_at), Some(1));
        assert!(recent.session("h").is_some());
        recent.put_session(refresher, "h", &row(2));
        assert_eq!(recent.session("h").map(|r| r.last_seen_at), Some(2));
        std::thread::sleep(Duration::from_millis(210));
        // Not renewed: it runs out all the same.
        assert!(recent.session("h").is_none());
        assert!(recent.session("h").is_none());
    }

    #[test]
    fn age_counts_from_the_ticket() {
        let recent = Recent::new(Duration::from_millis(40), false);
        let t = recent.ticket();
        std::thread::sleep(Duration::from_millis(50));
        recent.put_session(t, "h", &row(1));
        assert!(recent.session("h").is_none());
    }

    #[test]
    fn a_written_use_moves_the_kept_row_forward_only() {
        let recent = Recent::new(Duration::from_secs(60), false);
        recent.put_session(recent.ticket(), "h", &row(10));
        recent.seen("h", 20);
        recent.seen("h", 15);
        assert_eq!(recent.session("h").map(|r| r.last_seen_at), Some(20));
    }

    #[test]
    fn off_keeps_nothing() {
        let recent = Recent::off();
        assert!(recent.ticket().is_none());
        recent.put_session(recent.ticket(), "h", &row(1));
        assert!(recent.session("h").is_none());
    }

    #[test]
    fn persons_are_kept_only_where_the_billing_data_changes_through_the_portal() {
        let person = Person {
            id: "1001".into(),
            account_id: "A100".into(),
            is_admin: false,
            details: Default::default(),
            personnummer: None,
            revision: crate::billing::Revision(1),
            fields: &portal_domain::api::ContactDetails::FIELDS,
            login_fields: crate::billing::LOGIN_FIELDS,
        };
        let account = Account {
            id: "A100".into(),
            kind: portal_domain::api::AccountKind::Private,
            name: "A".into(),
            org_number: None,
            country: "NO".into(),
        };
        let whmcs = Recent::new(Duration::from_secs(60), false);
        whmcs.put_subject(whmcs.subject_ticket(), "A100", &person, &account);
        assert!(whmcs.subject("A100", "1001").is_none());

        let builtin = Recent::new(Duration::from_secs(60), true);
        builtin.put_subject(builtin.subject_ticket(), "A100", &person, &account);
        assert!(builtin.subject("A100", "1001").is_some());
        // Asked under another account, the person is not the one kept.
        assert!(builtin.subject("A200", "1001").is_none());
    }

    #[test]
    fn a_full_shelf_drops_what_is_too_old_first() {
        let recent = Recent::new(Duration::from_millis(30), false);
        let old = recent.ticket();
        std::thread::sleep(Duration::from_millis(40));
        for i in 0..MAX_ROWS - 1 {
            recent.put_session(old, &format!("old{i}"), &row(1));
        }
        recent.put_session(recent.ticket(), "new", &row(1));
        let fresh = recent.ticket();
        recent.put_session(fresh, "newer", &row(1));
        assert!(recent.session("new").is_some());
        assert!(recent.session("newer").is_some());
        assert!(recent.sessions.rows.lock().unwrap().len() <= 2);
    }
}
