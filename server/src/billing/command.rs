//! Writes to the billing system. The portal decides a write in its own transaction and
//! records it there as a `Command` (see `changes::billing`); the backend applies it later
//! in one transaction of the billing store that also remembers the command's id, so a
//! command is applied at most once however often it is tried, and a crash between the two
//! stores leaves a command to try again, never a half-done change.

use portal_domain::api::{AccountDetails, Actor, ContactDetails};
use serde::{Deserialize, Serialize};

use super::{RecordRef, Revision};

/// One write, as the portal decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    /// Unique; the billing store records it when the command is applied.
    pub id: String,
    /// When the portal decided it (Unix seconds).
    pub created_at: i64,
    pub action: CommandAction,
}

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommandAction {
    /// Correct a person's contact details, if the record is still at revision `expected`.
    UpdateContact {
        account_id: String,
        person_id: String,
        expected: Revision,
        details: ContactDetails,
        /// The fields that change (names only), for the billing system's own log.
        fields: Vec<String>,
        actor: Actor,
    },
    /// Correct an account's own details (its holder's), if they are still at revision
    /// `expected`. `person_id` is the holder who asked.
    UpdateAccount {
        account_id: String,
        person_id: String,
        expected: Revision,
        details: AccountDetails,
        /// The fields that change (names only), for the billing system's own log.
        fields: Vec<String>,
        actor: Actor,
    },
    /// The person subscribed to or left the newsletter: the billing system's marketing
    /// consent follows.
    SetMarketingConsent {
        account_id: String,
        person_id: String,
        opted_in: bool,
        actor: Actor,
    },
    /// Erase a person: anonymise everything the billing system holds about them, remove
    /// the `remove` records now and keep the `keep` records (a legal hold keeps them;
    /// invoices among them keep their buyer's name and address).
    ErasePerson {
        account_id: String,
        person_id: String,
        /// The account is the person's own (a private account): its name and contact
        /// details go too.
        anonymise_account: bool,
        remove: Vec<RecordRef>,
        keep: Vec<RecordRef>,
        /// The address the person's e-mail becomes: unique, never deliverable.
        erased_email: String,
        actor: Actor,
    },
    /// Processing of the person's data is restricted, or no longer: staff of the billing
    /// system are told (services are not suspended automatically).
    MarkRestricted {
        account_id: String,
        person_id: String,
        restricted: bool,
        request_id: String,
    },
    /// A held record whose day has passed is removed.
    Purge { record: RecordRef },
    /// A lead marked "not relevant" long enough ago loses its personal data, if its
    /// status has not changed since (`status_changed_on`, `YYYY-MM-DD`).
    AnonymiseLead {
        lead_id: String,
        status_changed_on: String,
    },
}

impl CommandAction {
    /// The kind, as the command logs store it.
    pub fn kind(&self) -> &'static str {
        match self {
            CommandAction::UpdateContact { .. } => "update_contact",
            CommandAction::UpdateAccount { .. } => "update_account",
            CommandAction::SetMarketingConsent { .. } => "set_marketing_consent",
            CommandAction::ErasePerson { .. } => "erase_person",
            CommandAction::MarkRestricted { .. } => "mark_restricted",
            CommandAction::Purge { .. } => "purge",
            CommandAction::AnonymiseLead { .. } => "anonymise_lead",
        }
    }

    /// Whether the portal keeps trying until the command is applied. A contact correction
    /// is not: the person was told it failed, so one that did not go through at once is
    /// abandoned rather than applied late over whatever came since.
    pub fn retried(&self) -> bool {
        !matches!(
            self,
            CommandAction::UpdateContact { .. } | CommandAction::UpdateAccount { .. }
        )
    }
}

/// The billing system's own refusal of a change (a taken e-mail address, say): trying
/// again changes nothing. `code` is the portal's stable code, `message` the billing
/// system's words (never personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: String,
    pub message: String,
}

/// What applying a command came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Applied now, or already before.
    Done,
    /// The record changed since the portal read it: nothing was written.
    StaleRevision,
    /// The command had been abandoned: nothing was written.
    Abandoned,
    /// The billing system refused it: nothing was written.
    Refused(Refusal),
}
