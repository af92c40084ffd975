//! The support console's API (`/api/support/...`) and the subject's side of it: the queue
//! and its filters, a request's full detail, the bodies of support's decisions (extend the
//! deadline, ask for information, reject, note), the subject's answer, the result report of
//! an executed erasure, restrictions in force, and the notification tasks for recipients
//! (GDPR art. 19).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::api::{
    Actor, DataCategory, ErasedItem, HeldRecord, REQUEST_TEXT_MAX, RequestKind, RequestStatus,
    RequestView, iso_date,
};
use crate::error::FieldError;
use crate::validate::{ValidationCode, free_text, optional_line};

/// Queue page size when none is asked for, and the most one page may hold.
pub const QUEUE_PAGE_DEFAULT: u32 = 25;
pub const QUEUE_PAGE_MAX: u32 = 100;
/// Longest search text.
pub const QUEUE_SEARCH_MAX: usize = 100;
/// The most persons a search looks through: the requests of the first this many persons
/// it matches are listed, and `QueuePage::search_capped` says when there were more.
pub const QUEUE_SEARCH_PERSONS_MAX: usize = 200;

// ---------------------------------------------------------------------------- queue

/// Whose requests the queue shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Assigned to the caller.
    Me,
    /// Assigned to no one.
    Unassigned,
    /// Assigned to this staff member.
    Staff(String),
}

impl AssigneeFilter {
    /// `me`, `none` or a staff id.
    pub fn parse(s: &str) -> Result<AssigneeFilter, ValidationCode> {
        match s.trim() {
            "me" => Ok(AssigneeFilter::Me),
            "none" => Ok(AssigneeFilter::Unassigned),
            other => {
                let id = optional_line(other, 64)?;
                if id.is_empty() {
                    Err(ValidationCode::Required)
                } else {
                    Ok(AssigneeFilter::Staff(id))
                }
            }
        }
    }
}

/// Where the next queue page starts: after this (current due date, request id). Sent to
/// the client as an opaque string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub due_on: Date,
    pub id: String,
}

impl QueueCursor {
    pub fn encode(&self) -> String {
        format!("{}:{}", crate::format_iso_date(self.due_on), self.id)
    }

    pub fn parse(s: &str) -> Result<QueueCursor, ValidationCode> {
        let (due, id) = s.split_once(':').ok_or(ValidationCode::OutOfRange)?;
        let due_on = crate::parse_iso_date(due).ok_or(ValidationCode::OutOfRange)?;
        if id.is_empty() || id.len() > 64 || id.chars().any(char::is_control) {
            return Err(ValidationCode::OutOfRange);
        }
        Ok(QueueCursor {
            due_on,
            id: id.to_string(),
        })
    }
}

/// `GET /api/support/requests?kind=&status=&open=&overdue=&assignee=&q=&after=&limit=`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
    /// Only requests still open (submitted, in progress, awaiting the subject).
    pub open: Option<bool>,
    /// Only open requests past their (possibly extended) due date.
    pub overdue: Option<bool>,
    /// `me`, `none` or a staff id.
    pub assignee: Option<String>,
    /// The subject's name or e-mail (any part, any case), or an exact person or request id.
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub after: Option<String>,
    pub limit: Option<u32>,
}

/// A `QueueQuery` whose values have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFilter {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
    pub open: bool,
    pub overdue: bool,
    pub assignee: Option<AssigneeFilter>,
    pub search: Option<String>,
    pub after: Option<QueueCursor>,
    pub limit: u32,
}

impl QueueQuery {
    pub fn validate(&self) -> Result<QueueFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, code| {
            errors.push(FieldError {
                field: field.into(),
                code,
            })
        };
        let assignee = match self.assignee.as_deref().map(AssigneeFilter::parse) {
            None => None,
            Some(Ok(a)) => Some(a),
            Some(Err(code)) => {
                fail("assignee", code);
                None
            }
        };
        let search = match self
            .q
            .as_deref()
            .map(|q| optional_line(q, QUEUE_SEARCH_MAX))
        {
            Some(Ok(q)) if !q.is_empty() => Some(q),
            Some(Err(code)) => {
                fail("q", code);
                None
            }
            _ => None,
        };
        let after = match self.after.as_deref().map(QueueCursor::parse) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(code)) => {
                fail("after", code);
                None
            }
        };
        let limit = self.limit.unwrap_or(QUEUE_PAGE_DEFAULT);
        if limit == 0 || limit > QUEUE_PAGE_MAX {
            fail("limit", ValidationCode::OutOfRange);
        }
        if errors.is_empty() {
            Ok(QueueFilter {
                kind: self.kind,
                status: self.status,
                open: self.open.unwrap_or(false),
                overdue: self.overdue.unwrap_or(false),
                assignee,
                search,
                after,
                limit,
            })
        } else {
            Err(errors)
        }
    }
}

/// Who a request is about, as support sees them in the queue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub account_id: String,
    pub account_name: String,
}

/// One line of the queue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub subject: SubjectSummary,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub received_at: OffsetDateTime,
    /// The current due date: the extended one if the deadline was extended.
    #[serde(with = "iso_date")]
    pub due_on: Date,
    pub extended: bool,
    /// Days from today to `due_on`; negative when overdue.
    pub days_left: i64,
    /// Open and past its due date: shown so it stands out.
    pub overdue: bool,
    pub assignee_id: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: RequestStatus,
    pub requests: u64,
}

/// `GET /api/support/requests`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    /// Sorted by current due date, then id.
    pub items: Vec<QueueItem>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// All requests per status (every status, zeros included), whatever the filters.
    pub counts: Vec<StatusCount>,
    /// Open requests past their due date, whatever the filters.
    pub overdue: u64,
    /// The search matched more than `QUEUE_SEARCH_PERSONS_MAX` persons, and only the
    /// requests of that many are listed: a longer search text finds the others.
    #[serde(default)]
    pub search_capped: bool,
    /// The daily retention sweep is off on this portal (`PORTAL_RETENTION_SWEEP`): the
    /// retention rules are not applied until the operator turns it on.
    #[serde(default)]
    pub retention_sweep_off: bool,
    /// The caller's role may decide and execute (reject, execute, grant or lift a
    /// restriction); `false`: triage only (read, assign, note, ask, extend). As of this
    /// call: a role's capabilities are checked again on every call.
    #[serde(default)]
    pub may_decide: bool,
}

// ---------------------------------------------------------------------------- detail

/// The steps a request's history records.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestEventKind {
    Received,
    Assigned,
    Extended,
    InformationRequested,
    Answered,
    Rejected,
    Approved,
    Executed,
    Withdrawn,
    LiftingAnnounced,
    RestrictionLifted,
    /// A staff member approved an erasure for another to execute (four eyes).
    SecondApproval,
}

impl RequestEventKind {
    pub const ALL: [RequestEventKind; 12] = [
        RequestEventKind::Received,
        RequestEventKind::Assigned,
        RequestEventKind::Extended,
        RequestEventKind::InformationRequested,
        RequestEventKind::Answered,
        RequestEventKind::Rejected,
        RequestEventKind::Approved,
        RequestEventKind::Executed,
        RequestEventKind::Withdrawn,
        RequestEventKind::LiftingAnnounced,
        RequestEventKind::RestrictionLifted,
        RequestEventKind::SecondApproval,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestEventKind::Received => "received",
            RequestEventKind::Assigned => "assigned",
            RequestEventKind::Extended => "extended",
            RequestEventKind::InformationRequested => "information_requested",
            RequestEventKind::Answered => "answered",
            RequestEventKind::Rejected => "rejected",
            RequestEventKind::Approved => "approved",
            RequestEventKind::Executed => "executed",
            RequestEventKind::Withdrawn => "withdrawn",
            RequestEventKind::LiftingAnnounced => "lifting_announced",
            RequestEventKind::RestrictionLifted => "restriction_lifted",
            RequestEventKind::SecondApproval => "second_approval",
        }
    }

    pub fn parse(s: &str) -> Option<RequestEventKind> {
        RequestEventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of a request's history (received, assigned, extended, asked, answered…).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    #[serde(with = "crate::wire_time::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Actor,
    /// A [`RequestEventKind`] by its name.
    pub event: String,
    pub note: Option<String>,
}

/// An internal note of support's. Never shown to the subject.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalNote {
    #[serde(with = "crate::wire_time::rfc3339")]
    pub at: OffsetDateTime,
    pub author_id: String,
    pub text: String,
}

/// `GET /api/support/requests/{id}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    /// The request as its subject sees it (extension, question, result report included).
    pub request: RequestView,
    pub subject: SubjectSummary,
    /// Oldest first.
    pub events: Vec<RequestEvent>,
    /// Oldest first.
    pub notes: Vec<InternalNote>,
    pub assignee_id: Option<String>,
    /// The current due date: the extended one if the deadline was extended.
    #[serde(with = "iso_date")]
    pub due_on: Date,
    pub days_left: i64,
    pub overdue: bool,
    /// Whether the deadline may still be extended (not yet, and not past the original).
    pub may_extend: bool,
    pub recipient_tasks: Vec<RecipientTask>,
    /// The restriction this request granted, if it is a granted restriction request.
    pub restriction: Option<RestrictionState>,
    /// Executing this request needs a second staff member's approval first: an erasure,
    /// on a portal that asks for four eyes (`PORTAL_ERASURE_APPROVAL`).
    #[serde(default)]
    pub approval_required: bool,
    /// The staff who approved it so far (ids, oldest first); whoever executes needs an
    /// approval by someone else.
    #[serde(default)]
    pub approved_by: Vec<String>,
}

// ---------------------------------------------------------------------------- bodies

/// `POST /api/support/requests/{id}/extend`: once, by one or two months, before the
/// original due date has passed, with a reason the subject is told at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendDeadline {
    pub months: u8,
    pub reason: String,
}

impl ExtendDeadline {
    pub fn validate(&self) -> Result<ExtendDeadline, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !matches!(self.months, 1 | 2) {
            errors.push(FieldError {
                field: "months".into(),
                code: ValidationCode::OutOfRange,
            });
        }
        let reason = required_text("reason", &self.reason, &mut errors);
        if errors.is_empty() {
            Ok(ExtendDeadline {
                months: self.months,
                reason,
            })
        } else {
            Err(errors)
        }
    }
}

/// `POST /api/support/requests/{id}/ask`: the request waits for the subject's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskForInformation {
    pub question: String,
}

impl AskForInformation {
    pub fn validate(&self) -> Result<AskForInformation, Vec<FieldError>> {
        one_text("question", &self.question).map(|question| AskForInformation { question })
    }
}

/// `POST /api/me/requests/{id}/answer`: the subject answers support's question.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectAnswer {
    pub answer: String,
}

impl SubjectAnswer {
    pub fn validate(&self) -> Result<SubjectAnswer, Vec<FieldError>> {
        one_text("answer", &self.answer).map(|answer| SubjectAnswer { answer })
    }
}

/// `POST /api/support/requests/{id}/reject`: the subject sees the reason and where to
/// complain.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    pub reason: String,
}

impl RejectRequest {
    pub fn validate(&self) -> Result<RejectRequest, Vec<FieldError>> {
        one_text("reason", &self.reason).map(|reason| RejectRequest { reason })
    }
}

/// `POST /api/support/requests/{id}/notes`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInternalNote {
    pub text: String,
}

impl NewInternalNote {
    pub fn validate(&self) -> Result<NewInternalNote, Vec<FieldError>> {
        one_text("text", &self.text).map(|text| NewInternalNote { text })
    }
}

fn required_text(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    free_text(value, REQUEST_TEXT_MAX, true).unwrap_or_else(|code| {
        errors.push(FieldError {
            field: field.into(),
            code,
        });
        String::new()
    })
}

fn one_text(field: &str, value: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let text = required_text(field, value, &mut errors);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------- results

/// What an executed erasure did: what was erased, what a legal hold kept and until when,
/// and how long copies may remain in backups.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureResult {
    pub erased: Vec<ErasedItem>,
    /// Active services, kept while their contract runs.
    #[serde(default)]
    pub contracts: Vec<HeldRecord>,
    /// Each kept record with the rule that keeps it and its last day (none while a
    /// contract runs); the retention sweep purges it after that day.
    pub kept: Vec<HeldRecord>,
    /// Copies in backups expire within this many days.
    pub backup_retention_days: u32,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub executed_at: OffsetDateTime,
}

/// A restriction of processing (GDPR art. 18) in force, as support sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionState {
    pub id: String,
    pub request_id: String,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub granted_at: OffsetDateTime,
    /// When the subject was told it will be lifted; lifting needs this first.
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub lifting_announced_at: Option<OffsetDateTime>,
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub lifted_at: Option<OffsetDateTime>,
}

/// The restriction in force, as its subject sees it on `GET /api/me/overview`: only
/// storage goes on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionNotice {
    pub request_id: String,
    /// What the subject contested.
    pub contested: String,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub since: OffsetDateTime,
    /// No newsletter is sent while it lasts.
    pub newsletter_paused: bool,
    /// Optional purposes (keys) that would apply to the person and are suspended.
    pub suspended_purposes: Vec<String>,
    /// Contact details cannot be changed while it lasts (`PUT /api/me/contact` answers
    /// 409 `restricted`).
    pub contact_frozen: bool,
    /// The subject has been told it will be lifted.
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub lifting_announced_at: Option<OffsetDateTime>,
}

// ---------------------------------------------------------------------------- recipients

/// Why a recipient must be told (GDPR art. 19).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientNoticeReason {
    Rectification,
    Erasure,
    Restriction,
}

impl RecipientNoticeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientNoticeReason::Rectification => "rectification",
            RecipientNoticeReason::Erasure => "erasure",
            RecipientNoticeReason::Restriction => "restriction",
        }
    }
    pub fn parse(s: &str) -> Option<RecipientNoticeReason> {
        [
            RecipientNoticeReason::Rectification,
            RecipientNoticeReason::Erasure,
            RecipientNoticeReason::Restriction,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One recipient to tell of one change, as support works through them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientTask {
    pub id: String,
    pub person_id: String,
    /// Who it is about, as the billing system names them now.
    #[serde(default)]
    pub person_name: String,
    /// How to reach the recipient (an address or a link), from the operator's
    /// configuration.
    #[serde(default)]
    pub recipient_contact: Option<String>,
    /// The recipient's name in each language, from the operator's configuration (the
    /// name copied when the task was made, where the configuration no longer has it).
    #[serde(default)]
    pub recipient_label: crate::locale::LocalizedText,
    /// The request that caused it; none for a rectification in the portal.
    pub request_id: Option<String>,
    pub reason: RecipientNoticeReason,
    pub recipient_key: String,
    pub recipient_name: String,
    /// The affected data categories this recipient receives.
    pub categories: Vec<DataCategory>,
    /// For a rectification: the fields that changed (names only).
    pub fields: Vec<String>,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
    pub done_by: Option<String>,
}

/// `GET /api/support/recipient-tasks?open=true|false`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientTaskQuery {
    /// Only tasks not yet done (the default).
    pub open: Option<bool>,
}

/// `GET /api/me/recipient-notices`: to whom a change of the subject's data was passed on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientNotice {
    pub recipient_key: String,
    pub recipient_name: crate::locale::LocalizedText,
    pub reason: RecipientNoticeReason,
    pub request_id: Option<String>,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When support passed it on; `None` while it is still to be done.
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub passed_on_at: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_extension_is_one_or_two_months_with_a_reason() {
        let ok = ExtendDeadline {
            months: 2,
            reason: "  Many systems to search.  ".into(),
        };
        assert_eq!(ok.validate().unwrap().reason, "Many systems to search.");
        let bad = ExtendDeadline {
            months: 3,
            reason: "   ".into(),
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("months".to_string(), ValidationCode::OutOfRange),
                ("reason".to_string(), ValidationCode::Required)
            ]
        );
        assert!(
            ExtendDeadline {
                months: 0,
                reason: "x".into()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn bodies_refuse_unknown_fields() {
        assert!(
            serde_json::from_str::<ExtendDeadline>(
                r#"{"months":1,"reason":"x","status":"completed"}"#
            )
            .is_err()
        );
        assert!(
            serde_json::from_str::<SubjectAnswer>(r#"{"answer":"x","person_id":"1002"}"#).is_err()
        );
        assert!(serde_json::from_str::<RejectRequest>(r#"{"reason":"x"}"#).is_ok());
    }

    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let c = QueueCursor {
            due_on: date!(2026 - 03 - 31),
            id: "6f1c0d2e-0000-4000-8000-000000000000".into(),
        };
        assert_eq!(QueueCursor::parse(&c.encode()), Ok(c));
        for bad in ["", "2026-03-31", "x:y", "2026-13-01:id", "2026-03-31:"] {
            assert!(QueueCursor::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn queue_filters_are_checked() {
        let q = QueueQuery {
            assignee: Some("me".into()),
            q: Some("  kari ".into()),
            ..Default::default()
        };
        let f = q.validate().unwrap();
        assert_eq!(f.assignee, Some(AssigneeFilter::Me));
        assert_eq!(f.search.as_deref(), Some("kari"));
        assert_eq!(f.limit, QUEUE_PAGE_DEFAULT);
        let q = QueueQuery {
            limit: Some(1000),
            after: Some("nope".into()),
            ..Default::default()
        };
        let fields: Vec<_> = q
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["after", "limit"]);
        assert_eq!(
            AssigneeFilter::parse("none"),
            Ok(AssigneeFilter::Unassigned)
        );
        assert_eq!(
            AssigneeFilter::parse("S1"),
            Ok(AssigneeFilter::Staff("S1".into()))
        );
    }
}
