//! One change, as one transaction of the portal's database: the write itself, the
//! request's history entry, the audit entry, the notices, the recipients' tasks and the
//! commands to the billing system, all or none. A change about a person is serialised with
//! every other change about them.
//!
//! Commands are applied to the billing system only after the portal's transaction has
//! committed (see `billing`): the portal's record comes first, so a crash in between
//! leaves a command to apply, never a billing write nobody recorded. What the portal
//! records once a command is applied is given with it, as `Record`s, the same records a
//! change writes at once.

pub mod billing;

use portal_domain::api::{Actor, DataCategory};
use portal_domain::support::{RecipientNoticeReason, RequestEventKind};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use crate::billing::{Command, CommandAction};
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::{self, Addressee, Notice};
use crate::state::AppState;
use crate::store::{audit, db};

pub use self::billing::Outcome;

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Something the portal records about a change besides the change itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// A request has been carried out: it is completed, with its result report (JSON).
    /// Written first among a change's records: it locks the status counters (migration
    /// 0003), and every writer takes its locks in the order person, counters, audit trail.
    RequestCompleted {
        request_id: String,
        report: Option<String>,
    },
    /// A step in a request's history.
    Event {
        request_id: String,
        actor: Actor,
        kind: RequestEventKind,
        note: Option<String>,
    },
    /// Who changed which contact fields of whom, on which account (never the values).
    ContactChanged {
        /// Absent in commands recorded before changes were kept per account.
        #[serde(default)]
        account_id: String,
        person_id: String,
        actor: Actor,
        fields: Vec<String>,
    },
    /// An entry in the audit trail.
    Audit {
        actor: Actor,
        action: String,
        /// The account the subject was on; absent in commands recorded before it was kept.
        #[serde(default)]
        subject_account: String,
        subject_id: String,
        target: String,
        fields: Vec<String>,
    },
    /// A notice to a person.
    Notice { to: Addressee, notice: Notice },
    /// Every recipient of the affected data is to be told (GDPR art. 19).
    TellRecipients {
        /// Absent in commands recorded before tasks were kept per account.
        #[serde(default)]
        account_id: String,
        person_id: String,
        request_id: Option<String>,
        reason: RecipientNoticeReason,
        categories: Vec<DataCategory>,
        /// For a rectification: the changed fields (names only).
        fields: Vec<String>,
        /// The recipients that get this person's data (`rules::recipients`).
        recipients: Vec<String>,
    },
}

impl Record {
    /// An audit entry about `subject_id` on `subject_account` (`""` when no account
    /// applies).
    pub fn audit(
        actor: &Actor,
        action: &str,
        subject_account: &str,
        subject_id: &str,
        target: &str,
        fields: &[&str],
    ) -> Record {
        Record::Audit {
            actor: actor.clone(),
            action: action.into(),
            subject_account: subject_account.into(),
            subject_id: subject_id.into(),
            target: target.into(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    pub fn event(
        request_id: &str,
        actor: &Actor,
        kind: RequestEventKind,
        note: Option<&str>,
    ) -> Record {
        Record::Event {
            request_id: request_id.into(),
            actor: actor.clone(),
            kind,
            note: note.map(Into::into),
        }
    }
}

/// A change in progress.
pub struct Change<'a> {
    state: &'a AppState,
    tx: Tx,
    now: i64,
    commands: Vec<String>,
    /// Whether the change ends sessions: it answers once no server keeps them as live.
    ends_sessions: bool,
}

impl<'a> Change<'a> {
    /// Begins a change about one person, serialised with every other change about them.
    pub async fn about(state: &'a AppState, person_id: &str) -> ApiResult<Change<'a>> {
        let tx = db::begin_for_person(&state.db, person_id).await?;
        Ok(Self::with(state, tx))
    }

    /// Begins a change that is about no one person in particular.
    pub async fn begin(state: &'a AppState) -> ApiResult<Change<'a>> {
        let tx = db::begin_write(&state.db).await?;
        Ok(Self::with(state, tx))
    }

    /// Begins a change about no one person, dated `now` rather than by the clock.
    pub async fn begin_at(state: &'a AppState, now: i64) -> ApiResult<Change<'a>> {
        let mut change = Self::begin(state).await?;
        change.now = now;
        Ok(change)
    }

    fn with(state: &'a AppState, tx: Tx) -> Change<'a> {
        Change {
            now: state.clock.unix(),
            state,
            tx,
            commands: Vec::new(),
            ends_sessions: false,
        }
    }

    /// The time of the change, the same for everything it records.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The transaction, for the change's own statements.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Notes that the change ends sessions: `commit` returns once no server keeps a row
    /// read before it (see `store::recent`), so the sessions are refused everywhere.
    pub fn ends_sessions(&mut self) {
        self.ends_sessions = true;
    }

    /// Writes one record.
    pub async fn record(&mut self, record: Record) -> ApiResult<()> {
        write_record(&mut self.tx, self.state, self.now, record).await
    }

    /// Writes records in order.
    pub async fn records(&mut self, records: Vec<Record>) -> ApiResult<()> {
        for r in records {
            self.record(r).await?;
        }
        Ok(())
    }

    /// A step in a request's history.
    pub async fn event(
        &mut self,
        request_id: &str,
        actor: &Actor,
        kind: RequestEventKind,
        note: Option<&str>,
    ) -> ApiResult<()> {
        self.record(Record::event(request_id, actor, kind, note))
            .await
    }

    /// An entry in the audit trail.
    pub async fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        subject_account: &str,
        subject_id: &str,
        target: &str,
        fields: &[&str],
    ) -> ApiResult<()> {
        self.record(Record::audit(
            actor,
            action,
            subject_account,
            subject_id,
            target,
            fields,
        ))
        .await
    }

    /// A notice to `to`, sent once the change has committed.
    pub async fn notify(&mut self, to: &Addressee, notice: Notice) -> ApiResult<()> {
        self.record(Record::Notice {
            to: to.clone(),
            notice,
        })
        .await
    }

    /// A notice to a person at the address and in the language the billing system has
    /// for them now; a person it does not know is "not found".
    pub async fn notify_person(
        &mut self,
        account_id: &str,
        person_id: &str,
        notice: Notice,
    ) -> ApiResult<()> {
        let person = self
            .state
            .billing
            .person(account_id, person_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let to = Addressee {
            person_id: person.id.clone(),
            email: person.email().to_string(),
            locale: person.locale(),
        };
        self.notify(&to, notice).await
    }

    /// A write to the billing system, applied once this change has committed, and the
    /// records the portal writes when it has been applied.
    pub async fn command(
        &mut self,
        person_id: &str,
        request_id: Option<&str>,
        action: CommandAction,
        then: Vec<Record>,
    ) -> ApiResult<String> {
        let command = Command {
            id: uuid::Uuid::new_v4().to_string(),
            created_at: self.now,
            action,
        };
        self::billing::record(
            &mut self.tx,
            &command,
            person_id,
            request_id,
            &then,
            self::billing::inline_lease_seconds(self.state),
        )
        .await?;
        self.commands.push(command.id.clone());
        Ok(command.id)
    }

    /// Commits, then applies the change's billing commands. Returns what became of each,
    /// in the order they were recorded. A command that could not be applied now stays
    /// recorded, and the background worker carries it through.
    pub async fn commit(self) -> ApiResult<Vec<Outcome>> {
        let Change {
            state,
            tx,
            commands,
            ends_sessions,
            ..
        } = self;
        tx.commit().await?;
        state.recent.clear();
        let mut outcomes = Vec::with_capacity(commands.len());
        for id in commands {
            outcomes.push(self::billing::apply_recorded(state, &id).await);
        }
        if ends_sessions {
            state.recent.settle().await;
        }
        Ok(outcomes)
    }

    /// Commits a change that recorded no billing commands (what finishes one must not
    /// start another).
    async fn commit_records_only(self) -> ApiResult<()> {
        if !self.commands.is_empty() {
            return Err(ApiError::Internal(
                "a command's records may not record commands".into(),
            ));
        }
        self.tx.commit().await?;
        self.state.recent.clear();
        Ok(())
    }

    /// Ends the change without keeping anything.
    pub async fn rollback(self) -> ApiResult<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

async fn write_record(
    conn: &mut AnyConnection,
    state: &AppState,
    now: i64,
    record: Record,
) -> ApiResult<()> {
    match record {
        Record::RequestCompleted { request_id, report } => {
            let done = sqlx::query(
                "UPDATE privacy_requests SET status = 'completed', updated_at = $1, result_report = $2 \
                 WHERE id = $3 AND status IN ('submitted', 'in_progress')",
            )
            .bind(now)
            .bind(report)
            .bind(&request_id)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() != 1 {
                return Err(ApiError::InvalidState(
                    "only an open request can be completed",
                ));
            }
        }
        Record::Event {
            request_id,
            actor,
            kind,
            note,
        } => {
            sqlx::query("INSERT INTO request_events (request_id, at, actor_id, actor_role, event, note) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(request_id)
                .bind(now)
                .bind(&actor.person_id)
                .bind(actor.role.as_str())
                .bind(kind.as_str())
                .bind(note)
                .execute(&mut *conn)
                .await?;
        }
        Record::ContactChanged {
            account_id,
            person_id,
            actor,
            fields,
        } => {
            sqlx::query("INSERT INTO contact_changes (person_id, at, actor_id, actor_role, fields, account_id) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(person_id)
                .bind(now)
                .bind(&actor.person_id)
                .bind(actor.role.as_str())
                .bind(fields.join(","))
                .bind(account_id)
                .execute(&mut *conn)
                .await?;
        }
        Record::Audit {
            actor,
            action,
            subject_account,
            subject_id,
            target,
            fields,
        } => {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let event = audit::Event {
                action: &action,
                subject_id: &subject_id,
                subject_account: &subject_account,
                target: &target,
                fields: &fields,
            };
            audit::append(
                conn,
                db::backend(&state.db),
                &state.settings.audit.key,
                now,
                &actor,
                event,
            )
            .await?;
        }
        Record::Notice { to, notice } => outbox::send(conn, &to, &notice, now).await?,
        Record::TellRecipients {
            account_id,
            person_id,
            request_id,
            reason,
            categories,
            fields,
            recipients,
        } => {
            for r in state
                .operator
                .recipients
                .iter()
                .filter(|r| recipients.contains(&r.key))
            {
                let affected: Vec<&str> = categories
                    .iter()
                    .map(|c| c.key())
                    .filter(|k| r.categories.iter().any(|rc| rc == k))
                    .collect();
                if affected.is_empty() {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO recipient_tasks (id, person_id, request_id, reason, recipient_key, recipient_name, \
                     categories, fields, created_at, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(&person_id)
                .bind(&request_id)
                .bind(reason.as_str())
                .bind(&r.key)
                .bind(&r.name.text().en)
                .bind(affected.join(","))
                .bind(fields.join(","))
                .bind(now)
                .bind(&account_id)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
