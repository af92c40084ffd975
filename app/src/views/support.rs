//! The support console: the queue of requests (filters, search, counts, paging by
//! cursor) and one request's detail with the decisions support takes on it.

use std::future::Future;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::Locale;
use portal_domain::api::{RequestKind, RequestStatus, RequestView};
use portal_domain::support::{
    AskForInformation, ExtendDeadline, NewInternalNote, QUEUE_SEARCH_PERSONS_MAX, QueueItem,
    QueuePage, RecipientTask, RejectRequest, RequestDetail, RestrictionState,
};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::failure::ApiFailure;
use crate::format;
use crate::http;
use crate::i18n::{
    Key, console_actor_label, console_status_name, fill, recipient_reason_name,
    request_event_label, request_kind_name, t,
};
use crate::portal::use_portal;
use crate::ui::{ConfirmDialog, ErrorAlert, Remote, Spinner, load};
use crate::views::erasure::erased_and_kept;

#[component]
pub fn SupportConsole() -> impl IntoView {
    let portal = use_portal();
    let status = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let mine = RwSignal::new(false);
    let q = RwSignal::new(String::new());
    let queue = RwSignal::new(Remote::<QueuePage>::Loading);
    let more_pending = RwSignal::new(false);
    let selected = RwSignal::new(None::<String>);
    // Bumped by every decision, so lists that depend on them load again.
    let changes = RwSignal::new(0u32);

    let query = move |after: Option<String>| {
        let mut parts = Vec::new();
        for (name, value) in [
            ("status", status.get_untracked()),
            ("kind", kind.get_untracked()),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={value}"));
            }
        }
        if overdue.get_untracked() {
            parts.push("overdue=true".into());
        }
        if mine.get_untracked() {
            parts.push("assignee=me".into());
        }
        let text = q.get_untracked();
        if !text.trim().is_empty() {
            parts.push(format!("q={}", http::uri_component(text.trim())));
        }
        if let Some(a) = after {
            parts.push(format!("after={}", http::uri_component(&a)));
        }
        format!("/api/support/requests?{}", parts.join("&"))
    };
    let search = move || load(queue, http::get(portal, query(None)));
    search();
    // Whether this member decides, as of the queue's last answer (each call checks it
    // again): kept while the queue reloads, so the buttons do not flicker.
    let may_decide = RwSignal::new(false);
    Effect::new(move |_| {
        queue.with(|p| {
            if let Remote::Ready(p) = p {
                may_decide.set(p.may_decide);
            }
        })
    });
    let load_more = move |_| {
        let Some(cursor) = queue.with_untracked(|p| match p {
            Remote::Ready(p) => p.next_cursor.clone(),
            _ => None,
        }) else {
            return;
        };
        more_pending.set(true);
        spawn_local(async move {
            let next = http::get::<QueuePage>(portal, query(Some(cursor))).await;
            _ = more_pending.try_set(false);
            match next {
                Ok(next) => queue.update(|p| {
                    if let Remote::Ready(p) = p {
                        p.items.extend(next.items);
                        p.next_cursor = next.next_cursor;
                        p.may_decide = next.may_decide;
                    }
                }),
                Err(f) => queue.set(Remote::Failed(f)),
            }
        });
    };

    let filters = move || {
        let l = portal.locale.get();
        view! {
            <form
                class="filters"
                data-testid="queue-filters"
                on:submit=move |ev| {
                    ev.prevent_default();
                    search();
                }
            >
                <label class="field filter-search">
                    <span>{t(l, Key::Search)}</span>
                    <input
                        type="search"
                        data-testid="queue-search"
                        prop:value=move || q.get()
                        on:input=move |ev| q.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{t(l, Key::Status)}</span>
                    <select
                        data-testid="queue-status"
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="">{t(l, Key::All)}</option>
                        {RequestStatus::ALL
                            .map(|s| {
                                view! {
                                    <option value=s.as_str() selected=move || status.get() == s.as_str()>
                                        {console_status_name(l, s)}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <label class="field">
                    <span>{t(l, Key::Kind)}</span>
                    <select
                        data-testid="queue-kind"
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        <option value="">{t(l, Key::All)}</option>
                        {RequestKind::ALL
                            .map(|k| {
                                view! {
                                    <option value=k.as_str() selected=move || kind.get() == k.as_str()>
                                        {request_kind_name(l, k)}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <div class="filter-checks">
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="queue-overdue"
                            prop:checked=move || overdue.get()
                            on:change=move |ev| overdue.set(event_target_checked(&ev))
                        />
                        {t(l, Key::OverdueOnly)}
                    </label>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="queue-mine"
                            prop:checked=move || mine.get()
                            on:change=move |ev| mine.set(event_target_checked(&ev))
                        />
                        {t(l, Key::AssignedToMe)}
                    </label>
                </div>
                <button type="submit" class="button button-primary filter-apply" data-testid="queue-apply">
                    {t(l, Key::Search)}
                </button>
            </form>
        }
    };

    // The counts per status double as quick filters: one click shows only those requests,
    // a second click on the same one shows all again.
    let filter_status = move |wanted: &'static str| {
        status.set(if status.get_untracked() == wanted {
            String::new()
        } else {
            wanted.to_string()
        });
        search();
    };
    let filter_overdue = move || {
        overdue.update(|o| *o = !*o);
        search();
    };

    let queue_view = move || {
        let l = portal.locale.get();
        match queue.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! {
                <ErrorAlert failure=f testid="queue-error" retry=Callback::new(move |_| search()) />
            }
            .into_any(),
            Remote::Ready(page) => {
                let counts = page
                    .counts
                    .iter()
                    .map(|c| {
                        let key = c.status.as_str();
                        view! {
                            <button
                                type="button"
                                class="count"
                                data-testid="queue-count"
                                data-status=key
                                aria-pressed=move || (status.get() == key).to_string()
                                on:click=move |_| filter_status(key)
                            >
                                {console_status_name(l, c.status)}
                                <span class="count-n">{c.requests.to_string()}</span>
                            </button>
                        }
                    })
                    .collect_view();
                let overdue_count = view! {
                    <button
                        type="button"
                        class="count count-overdue"
                        data-testid="queue-count-overdue"
                        aria-pressed=move || overdue.get().to_string()
                        on:click=move |_| filter_overdue()
                    >
                        {t(l, Key::Overdue)}
                        <span class="count-n">{page.overdue.to_string()}</span>
                    </button>
                };
                let more = page.next_cursor.is_some().then(|| {
                    view! {
                        <button
                            type="button"
                            class="button"
                            data-testid="queue-more"
                            disabled=move || more_pending.get()
                            on:click=load_more
                        >
                            {t(l, Key::LoadMore)}
                        </button>
                    }
                });
                let capped = page.search_capped.then(|| {
                    let text = fill(
                        t(l, Key::SearchCapped),
                        &[&QUEUE_SEARCH_PERSONS_MAX.to_string()],
                    );
                    view! { <p class="hint" role="status" data-testid="queue-search-capped">{text}</p> }
                });
                let sweep_off = page.retention_sweep_off.then(|| {
                    view! {
                        <p class="alert alert-warning" role="status" data-testid="queue-sweep-off">
                            {t(l, Key::RetentionSweepOff)}
                        </p>
                    }
                });
                let rows = if page.items.is_empty() {
                    view! { <p data-testid="queue-empty">{t(l, Key::QueueEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <table class="table" data-testid="queue-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(l, Key::Subject)}</th>
                                    <th scope="col">{t(l, Key::Kind)}</th>
                                    <th scope="col">{t(l, Key::Status)}</th>
                                    <th scope="col">{t(l, Key::AnswerDue)}</th>
                                    <th scope="col">{t(l, Key::DaysLeft)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.into_iter().map(|i| queue_row(l, i, selected)).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                };
                view! {
                    <div
                        class="counts"
                        role="group"
                        aria-label=t(l, Key::FilterByStatus)
                        data-testid="queue-counts"
                    >
                        {counts}
                        {overdue_count}
                    </div>
                    {sweep_off}
                    {capped}
                    {rows}
                    {more}
                }
                .into_any()
            }
        }
    };

    // Closing the detail puts the focus back on the request's line in the queue.
    let console = NodeRef::<html::Section>::new();
    let close = Callback::new(move |()| {
        let Some(id) = selected.get_untracked() else {
            return;
        };
        selected.set(None);
        if let Some(root) = console.get_untracked() {
            focus_queue_line(&root, &id);
        }
    });

    view! {
        <section
            class="support"
            data-testid="support-console"
            aria-labelledby="support-title"
            node_ref=console
        >
            <h3 id="support-title">{move || portal.t(Key::SupportQueue)}</h3>
            {filters}
            {queue_view}
            {move || {
                selected
                    .get()
                    .map(|id| {
                        let on_change = Callback::new(move |_| {
                            search();
                            changes.update(|n| *n += 1);
                        });
                        view! { <RequestDetailPanel id on_change close may_decide /> }
                    })
            }}
            <OpenRecipientTasks changes />
        </section>
    }
}

/// Gives the focus to the "open" button of request `id` in the queue.
fn focus_queue_line(root: &web_sys::HtmlElement, id: &str) {
    // Ids are the API's own; anything that would need escaping in a selector is not one.
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return;
    }
    let selector = format!("tr[data-id=\"{id}\"] [data-testid=\"queue-open\"]");
    if let Ok(Some(button)) = root.query_selector(&selector)
        && let Ok(button) = button.dyn_into::<web_sys::HtmlElement>()
    {
        _ = button.focus();
    }
}

fn queue_row(l: Locale, i: QueueItem, selected: RwSignal<Option<String>>) -> impl IntoView {
    let id = i.id.clone();
    let open_id = StoredValue::new(id.clone());
    let is_open =
        move || selected.with(|s| open_id.with_value(|id| s.as_deref() == Some(id.as_str())));
    view! {
        <tr
            data-testid="queue-row"
            data-id=i.id.clone()
            data-status=i.status.as_str()
            class:overdue=i.overdue
            class:selected=is_open
        >
            <td data-label=t(l, Key::Subject)>
                <button
                    type="button"
                    class="link"
                    data-testid="queue-open"
                    aria-current=move || is_open().then_some("true")
                    on:click=move |_| selected.set(Some(id.clone()))
                >
                    {i.subject.name}
                </button>
                " "
                <span class="muted email">{i.subject.email}</span>
            </td>
            <td data-label=t(l, Key::Kind)>{request_kind_name(l, i.kind)}</td>
            <td data-label=t(l, Key::Status)>{console_status_name(l, i.status)}</td>
            <td data-label=t(l, Key::AnswerDue)>{format::date(l, i.due_on)}</td>
            <td data-label=t(l, Key::DaysLeft) data-testid="queue-days-left">
                {i.days_left.to_string()}
            </td>
        </tr>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Decision {
    Extend,
    Ask,
    Reject,
    Note,
}

#[component]
fn RequestDetailPanel(
    id: String,
    on_change: Callback<()>,
    close: Callback<()>,
    may_decide: RwSignal<bool>,
) -> impl IntoView {
    let portal = use_portal();
    let base = format!("/api/support/requests/{}", http::uri_component(&id));
    let path = StoredValue::new(base);
    let detail = RwSignal::new(Remote::<RequestDetail>::Loading);
    let executed = RwSignal::new(None::<RequestView>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let form = RwSignal::new(None::<Decision>);
    let text = RwSignal::new(String::new());
    let months = RwSignal::new(1u8);
    let confirm_open = RwSignal::new(false);
    let lift_open = RwSignal::new(false);
    // Opening a request takes the reader to it (on a phone it is below the queue).
    let heading = NodeRef::<html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            _ = h.focus();
        }
    });
    load(detail, http::get(portal, path.get_value()));
    let reload = move || {
        load(detail, http::get(portal, path.get_value()));
        on_change.run(());
    };

    let busy = Busy { pending, failure };

    // Every decision answers with the updated detail.
    let act = move |rest: &'static str, body: Option<String>| {
        let url = format!("{}{rest}", path.get_value());
        let m = months.get_untracked();
        let call = async move {
            match (rest, body) {
                ("/extend", Some(reason)) => {
                    http::post(portal, url, &ExtendDeadline { months: m, reason }).await
                }
                ("/ask", Some(question)) => {
                    http::post(portal, url, &AskForInformation { question }).await
                }
                ("/reject", Some(reason)) => {
                    http::post(portal, url, &RejectRequest { reason }).await
                }
                ("/notes", Some(text)) => http::post(portal, url, &NewInternalNote { text }).await,
                _ => http::post_empty(portal, url).await,
            }
        };
        busy.run(call, move |d: RequestDetail| {
            detail.set(Remote::Ready(d));
            form.set(None);
            text.set(String::new());
            on_change.run(());
        });
    };
    let execute = Callback::new(move |_| {
        let url = format!("{}/execute", path.get_value());
        let call = async move {
            let outcome = http::post_empty::<RequestView>(portal, url).await;
            _ = confirm_open.try_set(false);
            outcome
        };
        busy.run(call, move |v| {
            executed.set(Some(v));
            reload();
        });
    });
    // Telling the person first, then lifting: the API refuses the other order.
    let restriction_step = move |step: &'static str| {
        let url = format!("{}/restriction/{step}", path.get_value());
        let call = async move {
            let outcome = http::post_empty::<RestrictionState>(portal, url).await;
            _ = lift_open.try_set(false);
            outcome
        };
        busy.run(call, move |_| reload());
    };
    let lift = Callback::new(move |_| restriction_step("lift"));

    let decision_form = move || {
        let l = portal.locale.get();
        form.get().map(|d| {
            let (label, button, testid) = match d {
                Decision::Extend => (Key::ExtendReason, Key::Extend, "extend"),
                Decision::Ask => (Key::Question, Key::AskForInfo, "ask"),
                Decision::Reject => (Key::RejectReason, Key::Reject, "reject"),
                Decision::Note => (Key::NoteText, Key::AddNote, "note"),
            };
            let months_field = (d == Decision::Extend).then(|| {
                view! {
                    <label class="field">
                        <span>{t(l, Key::ExtendMonths)}</span>
                        <select
                            data-testid="extend-months"
                            on:change=move |ev| months.set(if event_target_value(&ev) == "2" { 2 } else { 1 })
                        >
                            <option value="1">"1"</option>
                            <option value="2">"2"</option>
                        </select>
                    </label>
                }
            });
            view! {
                <form
                    class="decision"
                    data-testid=format!("{testid}-form")
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let rest = match d {
                            Decision::Extend => "/extend",
                            Decision::Ask => "/ask",
                            Decision::Reject => "/reject",
                            Decision::Note => "/notes",
                        };
                        act(rest, Some(text.get_untracked()));
                    }
                >
                    {months_field}
                    <label class="field">
                        <span>{t(l, label)}</span>
                        <textarea
                            data-testid=format!("{testid}-text")
                            required
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| form.set(None)>
                            {t(l, Key::Cancel)}
                        </button>
                        <button
                            type="submit"
                            class="button"
                            data-testid=format!("{testid}-submit")
                            disabled=move || pending.get()
                        >
                            {t(l, button)}
                        </button>
                    </div>
                </form>
            }
        })
    };

    let body = move || {
        let l = portal.locale.get();
        match detail.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => {
                view! { <ErrorAlert failure=f testid="detail-error" /> }.into_any()
            }
            Remote::Ready(d) => {
                let me = portal.me();
                let decide = may_decide.get();
                let r = &d.request;
                let open = r.status.is_pending();
                let due = fill(
                    t(l, Key::DueIn),
                    &[&format::date(l, d.due_on), &d.days_left.to_string()],
                );
                let assigned = d.assignee_id.clone().unwrap_or_else(|| "–".into());
                let mine = d.assignee_id.as_deref() == Some(me.as_str());
                // Executing needs someone who answers for it: the request is assigned first.
                let unassigned = d.assignee_id.is_none();
                let events = d
                    .events
                    .iter()
                    .map(|e| {
                        view! {
                            <li>
                                {format!(
                                    "{} · {} · {}{}",
                                    browser::when(l, e.at),
                                    console_actor_label(l, &e.actor, &me),
                                    request_event_label(l, &e.event),
                                    e.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default(),
                                )}
                            </li>
                        }
                    })
                    .collect_view();
                let notes = if d.notes.is_empty() {
                    view! { <p class="muted" data-testid="detail-no-notes">{t(l, Key::NoNotes)}</p> }.into_any()
                } else {
                    let items = d
                        .notes
                        .iter()
                        .map(|n| view! { <li data-testid="detail-note">{format!("{} · {}: {}", browser::when(l, n.at), n.author_id, n.text)}</li> })
                        .collect_view();
                    view! { <ul data-testid="detail-notes">{items}</ul> }.into_any()
                };
                let restriction = d
                    .restriction
                    .clone()
                    .map(|rs| restriction_view(l, rs, decide, restriction_step, lift_open));
                let tasks = (!d.recipient_tasks.is_empty()).then(|| {
                    let rows = d
                        .recipient_tasks
                        .iter()
                        .cloned()
                        .map(|task| view! { <RecipientTaskRow task on_done=Callback::new(move |_| reload()) /> })
                        .collect_view();
                    view! {
                        <h4>{t(l, Key::RecipientTasks)}</h4>
                        <ul class="tasks" data-testid="detail-recipient-tasks">{rows}</ul>
                    }
                });
                let may_extend = d.may_extend && open;
                let is_erasure = r.kind == RequestKind::Erasure;
                // Four eyes: an erasure waits for someone other than its executor.
                let approved_by_another = d.approved_by.iter().any(|a| *a != me);
                let awaits_approval = d.approval_required && open && !approved_by_another;
                let may_approve =
                    d.approval_required && open && decide && !d.approved_by.contains(&me);
                let execute_blocked = unassigned || awaits_approval;
                let execute_title = if unassigned {
                    Some(t(l, Key::AssignToMe).to_string())
                } else if awaits_approval {
                    Some(t(l, Key::AwaitsSecondApproval).to_string())
                } else {
                    None
                };
                let result = r
                    .erasure_result
                    .clone()
                    .or_else(|| executed.get().and_then(|v| v.erasure_result))
                    .map(|res| {
                        view! {
                            <div data-testid="support-erasure-result">{erased_and_kept(l, res.erased, res.contracts, res.kept)}</div>
                        }
                    });
                // The name is in the heading; a private customer's account bears the same.
                let mut subject = vec![d.subject.email.clone()];
                if d.subject.account_name != d.subject.name {
                    subject.push(d.subject.account_name.clone());
                }
                subject.push(d.subject.id.clone());
                view! {
                    <p class="detail-subject" data-testid="detail-subject">{subject.join(" · ")}</p>
                    <p>
                        {request_kind_name(l, r.kind)} " · "
                        <span data-testid="detail-status" data-status=r.status.as_str()>
                            {console_status_name(l, r.status)}
                        </span>
                    </p>
                    <p class:overdue=d.overdue data-testid="detail-due">{due}</p>
                    <p data-testid="detail-assignee">{format!("{}: {assigned}", t(l, Key::Assignee))}</p>
                    {(!r.details.is_empty()).then(|| view! { <p class="note">{r.details.clone()}</p> })}
                    {(!r.contested.is_empty()).then(|| view! { <p class="note">{r.contested.clone()}</p> })}
                    <h4>{t(l, Key::History)}</h4>
                    <ul data-testid="detail-events">{events}</ul>
                    <h4>{t(l, Key::InternalNotes)}</h4>
                    {notes}
                    <button type="button" class="button button-small" data-testid="detail-add-note" on:click=move |_| form.set(Some(Decision::Note))>
                        {t(l, Key::AddNote)}
                    </button>
                    {restriction}
                    {tasks}
                    {result}
                    {awaits_approval.then(|| view! { <p class="note" data-testid="detail-awaits-approval">{t(l, Key::AwaitsSecondApproval)}</p> })}
                    {open
                        .then(|| {
                            view! {
                                <div class="actions">
                                    {(!mine)
                                        .then(|| {
                                            view! {
                                                <button type="button" class="button" data-testid="detail-assign" on:click=move |_| act("/assign", None)>
                                                    {t(l, Key::AssignToMe)}
                                                </button>
                                            }
                                        })}
                                    {may_extend
                                        .then(|| {
                                            view! {
                                                <button type="button" class="button" data-testid="detail-extend" on:click=move |_| form.set(Some(Decision::Extend))>
                                                    {t(l, Key::Extend)}
                                                </button>
                                            }
                                        })}
                                    <button type="button" class="button" data-testid="detail-ask" on:click=move |_| form.set(Some(Decision::Ask))>
                                        {t(l, Key::AskForInfo)}
                                    </button>
                                    {may_approve
                                        .then(|| {
                                            view! {
                                                <button type="button" class="button" data-testid="detail-approve" on:click=move |_| act("/approve", None)>
                                                    {t(l, Key::Approve)}
                                                </button>
                                            }
                                        })}
                                    // Deciding is for members whose role may; the others triage.
                                    {decide
                                        .then(|| {
                                            view! {
                                                <button type="button" class="button" data-testid="detail-reject" on:click=move |_| form.set(Some(Decision::Reject))>
                                                    {t(l, Key::Reject)}
                                                </button>
                                            }
                                        })}
                                    {match (decide, is_erasure) {
                                        (false, _) => ().into_any(),
                                        (true, true) => view! {
                                            <button type="button" class="button button-danger" data-testid="detail-execute" disabled=execute_blocked title=execute_title on:click=move |_| confirm_open.set(true)>
                                                {t(l, Key::Execute)}
                                            </button>
                                        }
                                        .into_any(),
                                        // A restriction can be lifted again: no confirmation.
                                        (true, false) => view! {
                                            <button type="button" class="button" data-testid="detail-grant" disabled=move || unassigned || pending.get() title=move || unassigned.then(|| portal.t(Key::AssignToMe).to_string()) on:click=move |_| execute.run(())>
                                                {t(l, Key::GrantRestriction)}
                                            </button>
                                        }
                                        .into_any(),
                                    }}
                                </div>
                            }
                        })}
                }
                .into_any()
            }
        }
    };

    let title = move || {
        let l = portal.locale.get();
        detail.with(|d| match d {
            Remote::Ready(d) => fill(
                t(l, Key::RequestOf),
                &[
                    &request_kind_name(l, d.request.kind).to_lowercase(),
                    &d.subject.name,
                ],
            ),
            _ => t(l, Key::Loading).to_string(),
        })
    };
    view! {
        <div
            class="detail"
            data-testid="request-detail"
            role="region"
            aria-labelledby="detail-title"
        >
            <div class="detail-head">
                <h3 id="detail-title" tabindex="-1" node_ref=heading data-testid="detail-title">
                    {title}
                </h3>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="detail-close"
                    aria-label=move || portal.t(Key::CloseRequest)
                    on:click=move |_| close.run(())
                >
                    {move || portal.t(Key::Close)}
                </button>
            </div>
            {body}
            {decision_form}
            {move || failure.get().map(|f| view! { <ErrorAlert failure=f testid="decision-error" /> })}
        </div>
        <ConfirmDialog
            open=confirm_open
            title=Key::ExecuteTitle
            text=Key::ExecuteText
            confirm=Key::Execute
            testid="execute-confirm"
            confirm_testid="execute-confirm-button"
            pending=pending
            on_confirm=execute
        >
            {move || confirm_open.get().then(|| view! { <SupportErasurePreview path=path.get_value() /> })}
        </ConfirmDialog>
        <ConfirmDialog
            open=lift_open
            title=Key::LiftTitle
            text=Key::LiftText
            confirm=Key::LiftRestriction
            testid="lift-confirm"
            confirm_testid="lift-confirm-button"
            pending=pending
            on_confirm=lift
        />
    }
}

/// One call at a time: `pending` while it runs (buttons disable on it), and a refusal
/// shown from `failure`.
#[derive(Clone, Copy)]
struct Busy {
    pending: RwSignal<bool>,
    failure: RwSignal<Option<ApiFailure>>,
}

impl Busy {
    fn run<T: 'static>(
        self,
        call: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let outcome = call.await;
            // The panel may be gone by now; then there is nothing to update.
            _ = self.pending.try_set(false);
            match outcome {
                Ok(v) => done(v),
                Err(f) => _ = self.failure.try_set(Some(f)),
            }
        });
    }
}

/// A granted restriction and the next step on it: tell the person, then lift.
fn restriction_view(
    l: Locale,
    rs: RestrictionState,
    decide: bool,
    step: impl Fn(&'static str) + Copy + Send + Sync + 'static,
    lift_open: RwSignal<bool>,
) -> impl IntoView {
    let mut lines = vec![fill(
        t(l, Key::RestrictionInForce),
        &[&browser::when(l, rs.granted_at)],
    )];
    if let Some(at) = rs.lifting_announced_at {
        lines.push(fill(
            t(l, Key::RestrictionLiftingAnnounced),
            &[&browser::when(l, at)],
        ));
    }
    if let Some(at) = rs.lifted_at {
        lines.push(fill(
            t(l, Key::RestrictionLiftedAt),
            &[&browser::when(l, at)],
        ));
    }
    let state = match (rs.lifting_announced_at, rs.lifted_at) {
        (_, Some(_)) => "lifted",
        (Some(_), None) => "announced",
        (None, None) => "in_force",
    };
    // Lifting is a decision: only for members whose role may decide.
    let next = match state {
        _ if !decide => None,
        "in_force" => Some(view! {
            <button type="button" class="button" data-testid="restriction-announce" on:click=move |_| step("announce-lifting")>
                {t(l, Key::AnnounceLifting)}
            </button>
        }
        .into_any()),
        "announced" => Some(view! {
            <button type="button" class="button" data-testid="restriction-lift" on:click=move |_| lift_open.set(true)>
                {t(l, Key::LiftRestriction)}
            </button>
        }
        .into_any()),
        _ => None,
    };
    view! {
        <div class="restriction-state" data-testid="detail-restriction" data-state=state>
            {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            {next.map(|b| view! { <div class="actions">{b}</div> })}
        </div>
    }
}

/// One recipient to tell of a change, and the button that records it was done.
#[component]
fn RecipientTaskRow(task: RecipientTask, on_done: Callback<()>) -> impl IntoView {
    let portal = use_portal();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let url = StoredValue::new(format!(
        "/api/support/recipient-tasks/{}/done",
        http::uri_component(&task.id)
    ));
    let mark_done = move |_| {
        let call = http::post_empty::<RecipientTask>(portal, url.get_value());
        Busy { pending, failure }.run(call, move |_| on_done.run(()));
    };
    move || {
        let l = portal.locale.get();
        let who = if task.person_name.is_empty() {
            task.person_id.clone()
        } else {
            task.person_name.clone()
        };
        // What changed: the fields of a correction, else the data categories affected.
        let changed = if task.fields.is_empty() {
            task.categories
                .iter()
                .map(|c| crate::i18n::category_name(l, *c).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            task.fields
                .iter()
                .map(|f| crate::i18n::field_label(l, f).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let what = format!(
            "{} · {} · {} ({}) · {}",
            task.recipient_label.get(l),
            who,
            recipient_reason_name(l, task.reason),
            changed,
            browser::when(l, task.created_at)
        );
        let contact = task
            .recipient_contact
            .clone()
            .map(|c| view! { <br /><span class="hint" data-testid="task-contact">{c}</span> });
        let state = match task.done_at {
            Some(at) => view! {
                <span class="muted">
                    {fill(t(l, Key::NotifiedAt), &[&browser::when(l, at)])}
                    {task.done_by.clone().map(|by| format!(" ({by})"))}
                </span>
            }
            .into_any(),
            None => view! {
                <button
                    type="button"
                    class="button button-small"
                    data-testid="task-done"
                    disabled=move || pending.get()
                    on:click=mark_done
                >
                    {t(l, Key::MarkNotified)}
                </button>
            }
            .into_any(),
        };
        view! {
            <li
                data-testid="recipient-task"
                data-recipient=task.recipient_key.clone()
                data-done=task.done_at.is_some().to_string()
            >
                {what}
                " "
                {state}
                {contact}
                {move || failure.get().map(|f| view! { <ErrorAlert failure=f testid="task-error" /> })}
            </li>
        }
    }
}

/// Every recipient still to be told, across people: rectifications made in the portal
/// create these without any request.
#[component]
fn OpenRecipientTasks(changes: RwSignal<u32>) -> impl IntoView {
    let portal = use_portal();
    let tasks = RwSignal::new(Remote::<Vec<RecipientTask>>::Loading);
    let fetch = move || {
        load(
            tasks,
            http::get(portal, "/api/support/recipient-tasks?open=true"),
        )
    };
    // Once now, and again after each decision (an executed request adds tasks).
    Effect::new(move |_| {
        changes.track();
        fetch();
    });
    view! {
        <section class="tasks" data-testid="open-recipient-tasks" aria-labelledby="open-tasks-title">
            <h3 id="open-tasks-title">{move || portal.t(Key::OpenRecipientTasks)}</h3>
            <button type="button" class="button button-small" data-testid="tasks-reload" on:click=move |_| fetch()>
                {move || portal.t(Key::Refresh)}
            </button>
            {move || match tasks.get() {
                Remote::Loading => view! { <Spinner /> }.into_any(),
                Remote::Failed(f) => view! { <ErrorAlert failure=f testid="tasks-error" /> }.into_any(),
                Remote::Ready(list) if list.is_empty() => {
                    view! { <p data-testid="tasks-empty">{portal.t(Key::NoRecipientTasks)}</p> }.into_any()
                }
                Remote::Ready(list) => view! {
                    <ul class="tasks">
                        {list
                            .into_iter()
                            .map(|task| view! { <RecipientTaskRow task on_done=Callback::new(move |_| fetch()) /> })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

/// What executing this erasure will do, the same preview its subject saw before filing,
/// shown in the confirmation before anything happens.
#[component]
fn SupportErasurePreview(path: String) -> impl IntoView {
    let portal = use_portal();
    let data = RwSignal::new(Remote::<portal_domain::api::ErasurePreview>::Loading);
    load(data, http::get(portal, format!("{path}/erasure-preview")));
    move || {
        let l = portal.locale.get();
        match data.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! { <ErrorAlert failure=f testid="support-preview-error" /> }.into_any(),
            Remote::Ready(p) => view! {
                <div data-testid="support-erasure-preview">{crate::views::erasure::preview_table(l, p)}</div>
            }
            .into_any(),
        }
    }
}
