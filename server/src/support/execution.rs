//! Carrying out what support decided. Erasure anonymises now what nothing else needs and
//! holds, with a retention-ledger row each, what the law keeps; a restriction stops all
//! processing but storage until it is lifted; every such change creates notification
//! tasks for the recipients (GDPR art. 19).
//!
//! The portal's part is one change; the billing system's part is a command recorded with
//! it. The request is completed (and the person told) only once the billing system has
//! done its part: at once, normally, or by the background worker after a failure or a
//! crash. Until then the request is being executed, and nothing else is decided on it.

use portal_domain::api::{Actor, DataCategory, ErasureGround, RequestKind, RequestView};
use portal_domain::support::{RecipientNoticeReason, RequestEventKind};

use crate::billing::CommandAction;
use crate::changes::{Change, Outcome, Record};
use crate::error::{ApiError, ApiResult};
use crate::notices::outbox::{Addressee, Notice};
use crate::rights::{access, erasure, requests, restriction};
use crate::state::AppState;

/// Approves and executes an open request: erases the subject's data or restricts its
/// processing, and completes the request once the billing system has done its part.
pub async fn execute(state: &AppState, staff: &Actor, request_id: &str) -> ApiResult<RequestView> {
    let owner = {
        let mut conn = state.db.acquire().await?;
        requests::get(&mut conn, request_id)
            .await?
            .ok_or(ApiError::NotFound)?
            .0
    };
    let (person, account, holdings) = access::holdings_of_owner(state, &owner).await?;

    let mut change = Change::about(state, &owner.person_id).await?;
    let now = change.now();
    let (owner, view) = requests::get(change.conn(), request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    owner.require_not_executing()?;
    // Someone answers for it: it is executed by whoever took it on.
    if owner.assignee_id.is_none() {
        return Err(ApiError::InvalidState(
            "assign the request to yourself before executing it",
        ));
    }
    match view.status {
        portal_domain::api::RequestStatus::Submitted
        | portal_domain::api::RequestStatus::InProgress => {}
        portal_domain::api::RequestStatus::AwaitingSubject => {
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
    // An erasure that anonymises the account must leave every kept invoice printing its
    // buyer: the billing system says whether it can now.
    if view.kind == RequestKind::Erasure
        && person.holds(&account)
        && account.kind == portal_domain::api::AccountKind::Private
        && !holdings.billing.domains.iter().any(|d| d.registered)
        && let Some(refusal) = state.billing.account_erasure_refusal(&account.id).await?
    {
        return Err(ApiError::Refused(refusal));
    }
    // Four eyes: someone other than the executor approved the erasure first.
    if state.settings.erasure_approval
        && view.kind == RequestKind::Erasure
        && !crate::support::decisions::approvers(change.conn(), request_id)
            .await?
            .iter()
            .any(|approver| *approver != staff.person_id)
    {
        return Err(ApiError::SecondApprovalRequired);
    }
    let started = sqlx::query(
        "UPDATE privacy_requests SET execution_started_at = $1, updated_at = $1 \
         WHERE id = $2 AND status IN ('submitted', 'in_progress') AND execution_started_at IS NULL",
    )
    .bind(now)
    .bind(request_id)
    .execute(change.conn())
    .await?;
    if started.rows_affected() != 1 {
        return Err(ApiError::InvalidState(
            "only an open request can be executed",
        ));
    }
    change
        .event(request_id, staff, RequestEventKind::Approved, None)
        .await?;

    let (command, report, to, reason) = match view.kind {
        RequestKind::Erasure => {
            let objection = view.grounds.contains(&ErasureGround::Objection);
            let erased = erasure::erase(
                &mut change,
                erasure::Context {
                    operator: &state.operator,
                    actor: staff,
                    today: state.clock.today(),
                },
                &person,
                &account,
                &holdings,
                objection,
                Some(request_id),
            )
            .await?;
            let report = serde_json::to_string(&erased.result)
                .map_err(|e| ApiError::Internal(format!("result report: {e}")))?;
            let to = Addressee {
                person_id: person.id.clone(),
                email: erased.former_email,
                locale: person.locale(),
            };
            (
                erased.command,
                Some(report),
                to,
                RecipientNoticeReason::Erasure,
            )
        }
        RequestKind::Restriction => {
            restriction::grant(
                &mut change,
                staff,
                &owner.account_id,
                &owner.person_id,
                request_id,
            )
            .await?;
            let command = CommandAction::MarkRestricted {
                account_id: owner.account_id.clone(),
                person_id: owner.person_id.clone(),
                restricted: true,
                request_id: request_id.into(),
            };
            let to = Addressee {
                person_id: person.id.clone(),
                email: person.email().to_string(),
                locale: person.locale(),
            };
            (command, None, to, RecipientNoticeReason::Restriction)
        }
    };
    // Erasure and restriction concern all of the person's data, so every recipient that
    // receives any of it is to be told.
    change
        .record(Record::TellRecipients {
            account_id: owner.account_id.clone(),
            person_id: owner.person_id.clone(),
            request_id: Some(request_id.into()),
            reason,
            categories: DataCategory::ALL.to_vec(),
            fields: Vec::new(),
            recipients: holdings.recipients(&state.operator),
        })
        .await?;
    let kind = view.kind;
    let then = vec![
        Record::RequestCompleted {
            request_id: request_id.into(),
            report,
        },
        Record::event(request_id, staff, RequestEventKind::Executed, None),
        Record::audit(
            staff,
            "request.executed",
            &owner.account_id,
            &owner.person_id,
            request_id,
            &[kind.as_str()],
        ),
        Record::Notice {
            to,
            notice: Notice::RequestCompleted {
                request_id: request_id.into(),
                kind,
                backup_retention_days: state.operator.retention.backup_days,
            },
        },
    ];
    change
        .command(&owner.person_id, Some(request_id), command, then)
        .await?;
    let outcome = change.commit().await?.pop();
    match &outcome {
        Some(Outcome::Applied) => {
            tracing::info!(request = %request_id, person = %owner.person_id, kind = kind.as_str(), "request executed")
        }
        other => {
            tracing::warn!(request = %request_id, outcome = ?other, "request executed in the portal; the billing system's part is pending")
        }
    }
    let mut conn = state.db.acquire().await?;
    let (_, view) = requests::get(&mut conn, request_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(view)
}
