//! Telling recipients (GDPR art. 19). Each rectification, erasure or restriction creates
//! one task per configured recipient (registry, payment provider, sub-processor) that
//! receives any of the affected data categories (`changes::Record::TellRecipients`);
//! support passes it on and marks the task done; the subject sees to whom it went.

use portal_domain::api::{AccountDetails, Actor, ContactDetails, DataCategory};
use portal_domain::support::{RecipientNotice, RecipientNoticeReason, RecipientTask};
use sqlx::{AnyConnection, FromRow};

use crate::changes::Change;
use crate::clock::from_unix;
use crate::config::operator::OperatorConfig;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The data categories the given contact fields belong to: the name identifies, every
/// other field is contact data.
pub fn categories_of_contact_fields(fields: &[&str]) -> Vec<DataCategory> {
    let mut out = Vec::new();
    for f in fields {
        let c = if *f == "name" {
            DataCategory::Identification
        } else if ContactDetails::FIELDS.contains(f) || AccountDetails::FIELDS.contains(f) {
            DataCategory::Contact
        } else {
            continue;
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out.sort();
    out
}

#[derive(FromRow)]
struct TaskRow {
    id: String,
    person_id: String,
    account_id: String,
    request_id: Option<String>,
    reason: String,
    recipient_key: String,
    recipient_name: String,
    categories: String,
    fields: String,
    created_at: i64,
    done_at: Option<i64>,
    done_by: Option<String>,
}

const COLUMNS: &str = "id, person_id, account_id, request_id, reason, recipient_key, recipient_name, categories, fields, \
                       created_at, done_at, done_by";

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|x| !x.is_empty())
}

impl TaskRow {
    fn into_task(self, operator: &OperatorConfig) -> ApiResult<RecipientTask> {
        let config = operator.recipient(&self.recipient_key);
        let recipient_contact = config.and_then(|r| r.contact.clone());
        let recipient_label = config
            .map(|r| r.name.text())
            .unwrap_or_else(|| portal_domain::LocalizedText::same(&self.recipient_name));
        Ok(RecipientTask {
            person_name: String::new(),
            recipient_contact,
            recipient_label,
            reason: RecipientNoticeReason::parse(&self.reason).ok_or_else(|| {
                ApiError::Internal("stored recipient task has an unknown reason".into())
            })?,
            categories: split(&self.categories)
                .filter_map(DataCategory::parse)
                .collect(),
            fields: split(&self.fields).map(String::from).collect(),
            id: self.id,
            person_id: self.person_id,
            request_id: self.request_id,
            recipient_key: self.recipient_key,
            recipient_name: self.recipient_name,
            created_at: from_unix(self.created_at),
            done_at: self.done_at.map(from_unix),
            done_by: self.done_by,
        })
    }
}

/// Tasks as support sees them: with the person's name (one billing call for all) and
/// how to reach the recipient.
async fn tasks(state: &AppState, rows: Vec<TaskRow>) -> ApiResult<Vec<RecipientTask>> {
    let mut ids: Vec<String> = rows.iter().map(|r| r.person_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let people = state.billing.persons_by_id(&ids).await?;
    rows.into_iter()
        .map(|r| {
            let mut t = r.into_task(&state.operator)?;
            if let Some(p) = people.iter().find(|p| p.id == t.person_id) {
                t.person_name = p.name.clone();
            }
            Ok(t)
        })
        .collect()
}

/// The tasks a request created.
pub async fn for_request(
    state: &AppState,
    conn: &mut AnyConnection,
    request_id: &str,
) -> ApiResult<Vec<RecipientTask>> {
    let rows: Vec<TaskRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recipient_tasks WHERE request_id = $1 ORDER BY recipient_key, id"
    )))
    .bind(request_id)
    .fetch_all(conn)
    .await?;
    tasks(state, rows).await
}

/// The most tasks one listing returns.
const LIST_MAX: i64 = 500;

/// Tasks for support, oldest first: the open ones (`open`), or all.
pub async fn list(state: &AppState, open: bool) -> ApiResult<Vec<RecipientTask>> {
    let filter = if open { "WHERE done_at IS NULL" } else { "" };
    let rows: Vec<TaskRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recipient_tasks {filter} ORDER BY created_at, id LIMIT $1"
    )))
    .bind(LIST_MAX)
    .fetch_all(&state.db)
    .await?;
    tasks(state, rows).await
}

/// Support has passed the change on to the recipient.
pub async fn mark_done(state: &AppState, staff: &Actor, task_id: &str) -> ApiResult<RecipientTask> {
    let mut change = Change::begin(state).await?;
    let now = change.now();
    let row: TaskRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recipient_tasks WHERE id = $1"
    )))
    .bind(task_id)
    .fetch_optional(change.conn())
    .await?
    .ok_or(ApiError::NotFound)?;
    let done = sqlx::query(
        "UPDATE recipient_tasks SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL",
    )
    .bind(now)
    .bind(&staff.person_id)
    .bind(task_id)
    .execute(change.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState("the task is already done"));
    }
    change
        .audit(
            staff,
            "recipient_task.done",
            &row.account_id,
            &row.person_id,
            task_id,
            &[&row.recipient_key],
        )
        .await?;
    let row: TaskRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recipient_tasks WHERE id = $1"
    )))
    .bind(task_id)
    .fetch_one(change.conn())
    .await?;
    change.commit().await?;
    Ok(tasks(state, vec![row]).await?.remove(0))
}

/// To whom changes of the person's data on `account_id` were (or are to be) passed on,
/// newest first.
pub async fn notices_for(
    state: &AppState,
    account_id: &str,
    person_id: &str,
) -> ApiResult<Vec<RecipientNotice>> {
    let rows: Vec<TaskRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recipient_tasks WHERE person_id = $1 AND account_id = $2 \
         ORDER BY created_at DESC, recipient_key"
    )))
    .bind(person_id)
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let t = r.into_task(&state.operator)?;
            Ok(RecipientNotice {
                recipient_key: t.recipient_key,
                recipient_name: t.recipient_label,
                reason: t.reason,
                request_id: t.request_id,
                created_at: t.created_at,
                passed_on_at: t.done_at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_fields_map_to_their_categories() {
        assert_eq!(
            categories_of_contact_fields(&["phone", "city"]),
            [DataCategory::Contact]
        );
        assert_eq!(
            categories_of_contact_fields(&["name", "email", "bogus"]),
            [DataCategory::Identification, DataCategory::Contact]
        );
        assert!(categories_of_contact_fields(&[]).is_empty());
    }
}
