//! "Requests": the person's erasure and restriction requests with status and legal due
//! date, withdrawing a pending one, and the way into filing a new one.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{RequestKind, RequestStatus, RequestView};
use portal_domain::support::SubjectAnswer;
use portal_domain::{Locale, format_iso_date};
use time::Date;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::failure::ApiFailure;
use crate::format;
use crate::http;
use crate::i18n::{Key, about, fill, request_kind_name, request_status_name, t};
use crate::portal::use_portal;
use crate::ui::{ConfirmDialog, ErrorAlert, Remote, Spinner, load};
use crate::views::FlowEnd;
use crate::views::erasure::{ErasureFlow, erased_and_kept};
use crate::views::passed_on::PassedOn;
use crate::views::restriction::RestrictionFlow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Erasure,
    Restriction,
}

#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Filed(Date),
    Withdrawn,
    Duplicate(RequestKind, Option<String>),
}

#[component]
pub fn RequestsPanel() -> impl IntoView {
    let portal = use_portal();
    let list = RwSignal::new(Remote::<Vec<RequestView>>::Loading);
    let mode = RwSignal::new(Mode::List);
    let notice = RwSignal::new(None::<Notice>);
    let highlight = RwSignal::new(None::<String>);
    let table = NodeRef::<html::Table>::new();
    let fetch = move || load(list, http::get(portal, portal.api("/requests")));
    fetch();
    let other = StoredValue::new(portal.other_name());
    // Where the focus goes back to when a flow ends: its start button, or the notice.
    let starts: [NodeRef<html::Button>; 2] = std::array::from_fn(|_| NodeRef::new());
    let notice_box = NodeRef::<html::Div>::new();
    // The open request of a kind: only one may be pending, so a second is refused. The
    // list says so before the person goes through a flow for nothing.
    let pending = move |kind: RequestKind| {
        list.with(|l| match l {
            Remote::Ready(rows) => rows
                .iter()
                .find(|r| r.kind == kind && r.status.is_pending())
                .map(|r| (r.id.clone(), r.received_at)),
            _ => None,
        })
    };

    // Withdrawing, behind a confirmation.
    let withdraw_open = RwSignal::new(false);
    let withdraw_id = RwSignal::new(None::<String>);
    let withdrawing = RwSignal::new(false);
    let withdraw_failure = RwSignal::new(None::<ApiFailure>);
    let ask_withdraw = move |id: String| {
        withdraw_id.set(Some(id));
        withdraw_failure.set(None);
        withdraw_open.set(true);
    };
    let withdraw = Callback::new(move |()| {
        let Some(id) = withdraw_id.get_untracked() else {
            return;
        };
        if withdrawing.get_untracked() {
            return;
        }
        withdrawing.set(true);
        spawn_local(async move {
            let path = format!(
                "{}/requests/{}/withdraw",
                portal.api(""),
                http::uri_component(&id)
            );
            match http::post_empty::<RequestView>(portal, &path).await {
                Ok(updated) => {
                    replace_request(list, updated);
                    notice.set(Some(Notice::Withdrawn));
                    withdraw_open.set(false);
                }
                Err(f) => withdraw_failure.set(Some(f)),
            }
            withdrawing.set(false);
        });
    });

    let flow_end = Callback::new(move |end: FlowEnd| {
        let kind = match mode.get_untracked() {
            Mode::Restriction => RequestKind::Restriction,
            _ => RequestKind::Erasure,
        };
        mode.set(Mode::List);
        // Back in the list, the focus goes to what the flow ended with, not to the page.
        request_animation_frame(move || {
            let start = starts[kind_index(kind)].get_untracked();
            if let Some(b) = notice_box
                .get_untracked()
                .filter(|_| notice.get_untracked().is_some())
            {
                _ = b.focus();
            } else if let Some(b) = start {
                _ = b.focus();
            }
        });
        match end {
            FlowEnd::Cancelled => {}
            FlowEnd::Filed(r) => {
                notice.set(Some(Notice::Filed(r.due_on)));
                highlight.set(Some(r.id.clone()));
                list.update(|l| {
                    if let Remote::Ready(rows) = l {
                        rows.insert(0, *r);
                    }
                });
            }
            FlowEnd::Duplicate(kind, existing) => {
                highlight.set(existing.clone());
                notice.set(Some(Notice::Duplicate(kind, existing)));
            }
        }
    });
    let show_highlighted = move |_| {
        if let (Some(id), Some(table)) = (highlight.get_untracked(), table.get_untracked()) {
            focus_row(&table, &id);
        }
    };
    let show_request = move |id: String| {
        highlight.set(Some(id.clone()));
        if let Some(table) = table.get_untracked() {
            focus_row(&table, &id);
        }
    };

    let notice_view = move || {
        let l = portal.locale.get();
        let other = other.get_value();
        let other = other.as_deref();
        notice.get().map(|n| match n {
            Notice::Filed(due) => view! {
                <p class="alert alert-success" role="status" data-testid="request-filed">
                    {fill(&about(l, Key::RequestFiled, other), &[&format::date(l, due)])}
                </p>
            }
            .into_any(),
            Notice::Withdrawn => view! {
                <p class="alert alert-success" role="status" data-testid="request-withdrawn">
                    {t(l, Key::Withdrawn)}
                </p>
            }
            .into_any(),
            Notice::Duplicate(kind, existing) => {
                let key = match kind {
                    RequestKind::Erasure => Key::DuplicateErasure,
                    RequestKind::Restriction => Key::DuplicateRestriction,
                };
                view! {
                    <div class="alert alert-warning" role="alert" data-testid="request-duplicate">
                        <p>{about(l, key, other)}</p>
                        {existing
                            .map(|_| {
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="request-duplicate-show"
                                        on:click=show_highlighted
                                    >
                                        {t(l, Key::ShowIt)}
                                    </button>
                                }
                            })}
                    </div>
                }
                .into_any()
            }
        })
    };

    let list_view = move || {
        let l = portal.locale.get();
        match list.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! {
                <ErrorAlert failure=f testid="requests-error" retry=Callback::new(move |_| fetch()) />
            }
            .into_any(),
            Remote::Ready(rows) if rows.is_empty() => view! {
                <p data-testid="requests-empty">
                    {about(l, Key::NoRequests, other.get_value().as_deref())}
                </p>
            }
            .into_any(),
            Remote::Ready(rows) => view! {
                <table class="table requests" node_ref=table data-testid="requests-table">
                    <thead>
                        <tr>
                            <th scope="col">{t(l, Key::Kind)}</th>
                            <th scope="col">{t(l, Key::Status)}</th>
                            <th scope="col">{t(l, Key::Received)}</th>
                            <th scope="col">{t(l, Key::AnswerDue)}</th>
                            <th scope="col">
                                <span class="visually-hidden">{t(l, Key::Withdraw)}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| request_row(l, r, highlight, ask_withdraw, list, other.get_value()))
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }
    };

    // Each kind: the button that starts its flow, or, while one is pending, why not and
    // the way to that request.
    let start_or_pending = move |kind: RequestKind| {
        let (flow, label, pending_key, testid) = match kind {
            RequestKind::Erasure => (
                Mode::Erasure,
                Key::RequestErasure,
                Key::PendingErasure,
                "erasure",
            ),
            RequestKind::Restriction => (
                Mode::Restriction,
                Key::RequestRestriction,
                Key::PendingRestriction,
                "restriction",
            ),
        };
        move || match pending(kind) {
            None => view! {
                <button
                    type="button"
                    class="button"
                    data-testid=format!("{testid}-start")
                    node_ref=starts[kind_index(kind)]
                    on:click=move |_| {
                        notice.set(None);
                        mode.set(flow);
                    }
                >
                    {move || portal.t(label)}
                </button>
            }
            .into_any(),
            Some((id, received)) => {
                let l = portal.locale.get();
                let text = fill(
                    &portal.t(pending_key),
                    &[&format::date(l, browser::local_date(received))],
                );
                view! {
                    <div class="pending-note" data-testid=format!("{testid}-pending")>
                        <p>{text}</p>
                        <button
                            type="button"
                            class="button button-small"
                            data-testid=format!("{testid}-pending-show")
                            on:click=move |_| show_request(id.clone())
                        >
                            {portal.t(Key::ShowPending)}
                        </button>
                    </div>
                }
                .into_any()
            }
        }
    };

    let body = move || match mode.get() {
        Mode::List => view! {
            <p class="intro">{move || portal.t(Key::RequestsIntro)}</p>
            <div node_ref=notice_box tabindex="-1" class="notice-box">
                {notice_view}
            </div>
            <div class="actions start-actions">
                {start_or_pending(RequestKind::Erasure)}
                {start_or_pending(RequestKind::Restriction)}
            </div>
            <h3>{move || portal.t(Key::RequestsTitle)}</h3>
            {list_view}
            <PassedOn />
        }
        .into_any(),
        Mode::Erasure => view! { <ErasureFlow done=flow_end /> }.into_any(),
        Mode::Restriction => view! { <RestrictionFlow done=flow_end /> }.into_any(),
    };

    view! {
        {body}
        <ConfirmDialog
            open=withdraw_open
            title=Key::WithdrawTitle
            text=Key::WithdrawText
            confirm=Key::Withdraw
            testid="withdraw-confirm"
            confirm_testid="withdraw-confirm-button"
            pending=withdrawing
            on_confirm=withdraw
        >
            {move || {
                withdraw_failure
                    .get()
                    .map(|f| view! { <ErrorAlert failure=f testid="withdraw-error" /> })
            }}
        </ConfirmDialog>
    }
}

fn kind_index(kind: RequestKind) -> usize {
    match kind {
        RequestKind::Erasure => 0,
        RequestKind::Restriction => 1,
    }
}

fn request_row(
    l: Locale,
    r: RequestView,
    highlight: RwSignal<Option<String>>,
    ask_withdraw: impl Fn(String) + Copy + Send + Sync + 'static,
    list: RwSignal<Remote<Vec<RequestView>>>,
    other: Option<String>,
) -> impl IntoView {
    // An extension moves the date support must answer by.
    let due_on = r.extended_due_on.unwrap_or(r.due_on);
    let due_iso = format_iso_date(due_on);
    let id = r.id.clone();
    let highlighted = {
        let id = id.clone();
        move || highlight.with(|h| h.as_deref() == Some(id.as_str()))
    };
    let withdraw = r.status.is_pending().then(|| {
        let id = id.clone();
        view! {
            <button
                type="button"
                class="button button-small"
                data-testid="request-withdraw"
                on:click=move |_| ask_withdraw(id.clone())
            >
                {t(l, Key::Withdraw)}
            </button>
        }
    });
    let note = r.decision_note.clone().map(|n| {
        view! {
            <p class="note" data-testid="request-note">
                <strong>{t(l, Key::NoteFromUs)}</strong>
                " "
                {n}
            </p>
        }
    });
    let extension = r.extended_due_on.map(|d| {
        let reason = r.extension_reason.clone().unwrap_or_default();
        view! {
            <p class="note" data-testid="request-extension">
                {fill(t(l, Key::ExtendedTo), &[&format::date(l, d)])}
                " "
                {reason}
            </p>
        }
    });
    let question = r
        .question
        .clone()
        .filter(|_| r.status == RequestStatus::AwaitingSubject)
        .map(|q| view! { <AnswerForm id=id.clone() question=q list /> });
    let rejected = (r.status == RequestStatus::Rejected).then(|| {
        let authority = use_portal()
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.supervisory_authority.clone()));
        view! {
            <p class="note" data-testid="request-complaint">
                {about(l, Key::ComplaintRoute, other.as_deref())}
                " "
                {authority
                    .map(|a| {
                        view! {
                            <a href=a.url target="_blank" rel="noopener noreferrer" data-testid="request-complaint-link">
                                {a.name}
                            </a>
                        }
                    })}
            </p>
        }
    });
    let result = r.erasure_result.clone().map(|res| {
        let backups = fill(
            t(l, Key::BackupNote),
            &[&res.backup_retention_days.to_string()],
        );
        view! {
            <div class="result" data-testid="erasure-result">
                <p>
                    <strong>{t(l, Key::ErasureDone)}</strong>
                    " "
                    {browser::when(l, res.executed_at)}
                </p>
                {erased_and_kept(l, res.erased, res.contracts, res.kept)}
                <p class="alert alert-info">{backups}</p>
            </div>
        }
    });
    view! {
        <tr
            data-testid="request-row"
            data-kind=r.kind.as_str()
            data-status=r.status.as_str()
            data-id=id
            tabindex="-1"
            class:highlight=highlighted
        >
            <td data-label=t(l, Key::Kind)>{request_kind_name(l, r.kind)}</td>
            <td data-label=t(l, Key::Status)>
                <span class=format!("status status-{}", r.status.as_str())>
                    {request_status_name(l, r.status, other.as_deref())}
                </span>
                {note}
                {extension}
                {question}
                {rejected}
                {result}
            </td>
            <td data-label=t(l, Key::Received)>{browser::when(l, r.received_at)}</td>
            <td data-testid="request-due" data-label=t(l, Key::AnswerDue)>
                <time datetime=due_iso>{format::date(l, due_on)}</time>
            </td>
            <td class="cell-action">{withdraw}</td>
        </tr>
    }
}

fn replace_request(list: RwSignal<Remote<Vec<RequestView>>>, updated: RequestView) {
    list.update(|l| {
        if let Remote::Ready(rows) = l
            && let Some(row) = rows.iter_mut().find(|r| r.id == updated.id)
        {
            *row = updated;
        }
    });
}

/// Brings the row of request `id` into view and gives it focus.
fn focus_row(table: &web_sys::HtmlTableElement, id: &str) {
    // Ids are the API's own; anything that would need escaping in a selector is not one.
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return;
    }
    if let Ok(Some(row)) = table.query_selector(&format!("tr[data-id=\"{id}\"]")) {
        row.scroll_into_view();
        if let Ok(row) = row.dyn_into::<web_sys::HtmlElement>() {
            _ = row.focus();
        }
    }
}

/// Support asked the person something; the answer goes back with the request.
#[component]
fn AnswerForm(
    id: String,
    question: String,
    list: RwSignal<Remote<Vec<RequestView>>>,
) -> impl IntoView {
    let portal = use_portal();
    let answer = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let path = StoredValue::new(format!(
        "{}/requests/{}/answer",
        portal.api(""),
        http::uri_component(&id)
    ));
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let body = SubjectAnswer {
            answer: answer.get_untracked(),
        };
        spawn_local(async move {
            let outcome = http::post::<_, RequestView>(portal, path.get_value(), &body).await;
            _ = pending.try_set(false);
            match outcome {
                Ok(updated) => replace_request(list, updated),
                Err(f) => _ = failure.try_set(Some(f)),
            }
        });
    };
    view! {
        <form class="answer" data-testid="request-question" on:submit=submit>
            <p>
                <strong>{move || portal.t(Key::QuestionFromUs)}</strong>
                " "
                {question}
            </p>
            <label class="field">
                <span>{move || portal.t(Key::YourAnswer)}</span>
                <textarea
                    data-testid="request-answer"
                    required
                    prop:value=move || answer.get()
                    on:input=move |ev| answer.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button type="submit" class="button" data-testid="request-answer-send" disabled=move || pending.get()>
                {move || portal.t(Key::SendAnswer)}
            </button>
            {move || failure.get().map(|f| view! { <ErrorAlert failure=f testid="answer-error" /> })}
        </form>
    }
}
