//! Carrying out what support decided. Erasure anonymises now what nothing else needs and
//! holds, with a retention-ledger row each, what the law keeps; a restriction stops all
//! processing but storage until it is lifted; every such change creates notification
//! tasks for the recipients (GDPR art. 19); the retention sweep purges held records once
//! their day has passed. Each runs in the caller's transaction: all of it or none.

use portal_domain::api::{
    Actor, DataCategory, ErasureGround, RequestKind, RequestStatus, RequestView,
};
use portal_domain::support::{RecipientNoticeReason, RequestEventKind};
use serde_json::json;

use crate::billing;
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::{self, NoticeKind};
use crate::rights::{erasure, recipients, requests, restriction};
use crate::state::AppState;
use crate::store::{audit, db};

/// Approves and executes an open request: erases the subject's data or restricts its
/// processing, completes the request, and tells the subject, all in one transaction.
pub async fn execute(state: &AppState, staff: &Actor, request_id: &str) -> ApiResult<RequestView> {
    let owner = {
        let mut conn = state.db.acquire().await?;
        requests::get(&mut conn, request_id)
            .await?
            .ok_or(ApiError::NotFound)?
            .0
    };
    let backend = db::backend(&state.db);
    let now = state.clock.unix();
    let today = state.clock.today();
    let mut tx = db::begin_for_person(&state.db, &owner).await?;
    let (owner, view) = requests::get(&mut tx, request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    match view.status {
        RequestStatus::Submitted | RequestStatus::InProgress => {}
        RequestStatus::AwaitingSubject => {
            return Err(ApiError::InvalidState(
                "the request is waiting for the subject's answer",
            ));
        }
        _ => {
            return Err(ApiError::InvalidState(
                "only an open request can be executed",
            ));
        }
    }
    let person = billing::person(&mut tx, &owner)
        .await?
        .ok_or(ApiError::NotFound)?;
    let account = billing::account(&mut tx, &person.account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    requests::add_event(
        &mut tx,
        request_id,
        now,
        staff,
        RequestEventKind::Approved,
        None,
    )
    .await?;
    // The status changes first: it locks the status counters (see migration 0003), and
    // every writer takes its locks in the order person, counters, audit trail, so two
    // writers can never each hold what the other waits for.
    let done = sqlx::query(
        "UPDATE privacy_requests SET status = 'completed', updated_at = $1 \
         WHERE id = $2 AND status IN ('submitted', 'in_progress')",
    )
    .bind(now)
    .bind(request_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "only an open request can be executed",
        ));
    }

    let (report, recipient, reason) = match view.kind {
        RequestKind::Erasure => {
            let objection = view.grounds.contains(&ErasureGround::Objection);
            let erased = erasure::erase_person(
                &mut tx,
                erasure::Context {
                    backend,
                    operator: &state.operator,
                    actor: staff,
                    today,
                    now,
                },
                &person,
                &account,
                objection,
                Some(request_id),
            )
            .await?;
            let report = serde_json::to_string(&erased.result)
                .map_err(|e| ApiError::Internal(format!("result report: {e}")))?;
            (
                Some(report),
                erased.former_email,
                RecipientNoticeReason::Erasure,
            )
        }
        RequestKind::Restriction => {
            restriction::grant(&mut tx, backend, staff, &owner, request_id, now).await?;
            (
                None,
                person.email.clone(),
                RecipientNoticeReason::Restriction,
            )
        }
    };
    // Erasure and restriction concern all of the person's data, so every recipient that
    // receives any of it is to be told.
    recipients::create_tasks(
        &mut tx,
        &state.operator,
        recipients::Change {
            person_id: &owner,
            request_id: Some(request_id),
            reason,
            categories: &DataCategory::ALL,
            fields: &[],
        },
        now,
    )
    .await?;
    if let Some(report) = report {
        sqlx::query("UPDATE privacy_requests SET result_report = $1 WHERE id = $2")
            .bind(report)
            .bind(request_id)
            .execute(&mut *tx)
            .await?;
    }
    requests::add_event(
        &mut tx,
        request_id,
        now,
        staff,
        RequestEventKind::Executed,
        None,
    )
    .await?;
    let event = audit::Event {
        action: "request.executed",
        subject_id: &owner,
        target: request_id,
        fields: &[view.kind.as_str()],
    };
    audit::append(&mut tx, backend, now, staff, event).await?;
    outbox::enqueue(
        &mut tx,
        &owner,
        &recipient,
        person.locale(),
        NoticeKind::RequestCompleted,
        &json!({
            "request_id": request_id,
            "kind": view.kind.as_str(),
            "backup_retention_days": state.operator.retention.backup_days,
        }),
        now,
    )
    .await?;
    let (_, view) = requests::get(&mut tx, request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(request = %request_id, person = %owner, kind = view.kind.as_str(), "request executed");
    Ok(view)
}
