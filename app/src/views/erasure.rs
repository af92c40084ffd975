//! Filing an erasure request (GDPR art. 17) in three steps: what erasure would do today
//! (erased now, kept under a legal hold and until when, how long backups linger), the
//! grounds, and a last confirmation that it cannot be undone.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{
    ErasedItem, ErasureGround, ErasurePreview, HeldRecord, NewErasureRequest, REQUEST_TEXT_MAX,
    RequestKind, RequestView,
};
use portal_domain::{ErrorCode, FieldError, Locale};

use crate::failure::ApiFailure;
use crate::format;
use crate::http;
use crate::i18n::{Key, erasure_ground_label, erasure_ground_letter, fill, t};
use crate::portal::use_portal;
use crate::ui::{ConfirmDialog, ErrorAlert, Remote, Spinner, load};
use crate::views::FlowEnd;

#[component]
pub fn ErasureFlow(done: Callback<FlowEnd>) -> impl IntoView {
    let portal = use_portal();
    let preview = RwSignal::new(Remote::<ErasurePreview>::Loading);
    let fetch = move || load(preview, http::get(portal, portal.api("/erasure-preview")));
    fetch();

    let on_grounds = RwSignal::new(false);
    let grounds = RwSignal::new(Vec::<ErasureGround>::new());
    let details = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let confirm_open = RwSignal::new(false);
    let filing = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let other = StoredValue::new(portal.other_name());

    // The button that opened the flow (or moved it on a step) is gone: the focus goes to
    // the flow's heading, not to the page.
    let heading = NodeRef::<html::H3>::new();
    Effect::new(move |_| {
        on_grounds.track();
        if let Some(h) = heading.get() {
            _ = h.focus();
        }
    });

    let request = move || NewErasureRequest {
        grounds: grounds.get_untracked(),
        details: details.get_untracked(),
    };
    let review = move |_| match request().validate() {
        Ok(_) => {
            errors.set(Vec::new());
            failure.set(None);
            confirm_open.set(true);
        }
        Err(e) => errors.set(e),
    };
    let file = Callback::new(move |()| {
        let Ok(body) = request().validate() else {
            return;
        };
        if filing.get_untracked() {
            return;
        }
        filing.set(true);
        spawn_local(async move {
            let outcome =
                http::post::<_, RequestView>(portal, portal.api("/requests/erasure"), &body).await;
            filing.set(false);
            match outcome {
                Ok(r) => {
                    confirm_open.set(false);
                    done.run(FlowEnd::Filed(Box::new(r)));
                }
                Err(f) if f.code() == Some(ErrorCode::DuplicateRequest) => {
                    confirm_open.set(false);
                    let existing = f.existing_id().map(str::to_string);
                    done.run(FlowEnd::Duplicate(RequestKind::Erasure, existing));
                }
                Err(f) => {
                    errors.set(f.field_errors().to_vec());
                    failure.set(Some(f));
                }
            }
        });
    });
    let field_error = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| e.code.message(portal.locale.get()))
            })
        }
    };

    let step = move || {
        let l = portal.locale.get();
        if !on_grounds.get() {
            let preview_view = match preview.get() {
                Remote::Loading => view! { <Spinner /> }.into_any(),
                Remote::Failed(f) => view! {
                    <ErrorAlert failure=f testid="erasure-preview-error" retry=Callback::new(move |_| fetch()) />
                }
                .into_any(),
                Remote::Ready(p) => preview_table(l, p).into_any(),
            };
            let ready = matches!(preview.get(), Remote::Ready(_));
            return view! {
                {preview_view}
                <div class="actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="erasure-cancel"
                        on:click=move |_| done.run(FlowEnd::Cancelled)
                    >
                        {t(l, Key::Cancel)}
                    </button>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="erasure-next"
                        disabled=!ready
                        on:click=move |_| on_grounds.set(true)
                    >
                        {t(l, Key::Continue)}
                    </button>
                </div>
            }
            .into_any();
        }
        let ground_boxes = ErasureGround::ALL.map(|g| {
            let id = format!("erasure-ground-{}", g.key());
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        data-testid=id.clone()
                        prop:checked=move || grounds.with(|gs| gs.contains(&g))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            grounds.update(|gs| {
                                gs.retain(|x| *x != g);
                                if on {
                                    gs.push(g);
                                }
                            });
                            errors.update(|e| e.retain(|e| e.field != "grounds"));
                        }
                    />
                    <label for=id>
                        {format!(
                            "{}) {}",
                            erasure_ground_letter(g),
                            erasure_ground_label(l, g, other.get_value().as_deref()),
                        )}
                    </label>
                </div>
            }
        });
        let grounds_error = field_error("grounds");
        let details_error = field_error("details");
        view! {
            <form class="form" novalidate on:submit=move |ev| ev.prevent_default()>
                <fieldset
                    class="fieldset"
                    aria-describedby="erasure-grounds-error"
                    aria-invalid=move || grounds_error().is_some().to_string()
                >
                    <legend>{t(l, Key::ErasureGroundsLegend)}</legend>
                    {ground_boxes}
                    <p class="field-error" id="erasure-grounds-error" data-testid="erasure-grounds-error">
                        {grounds_error}
                    </p>
                </fieldset>
                <div class="field">
                    <label for="erasure-details">{t(l, Key::ErasureDetails)}</label>
                    <textarea
                        id="erasure-details"
                        data-testid="erasure-details"
                        rows="4"
                        maxlength=REQUEST_TEXT_MAX.to_string()
                        prop:value=move || details.get()
                        on:input=move |ev| details.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error">{details_error}</p>
                </div>
                <div class="actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="erasure-back"
                        on:click=move |_| on_grounds.set(false)
                    >
                        {t(l, Key::Back)}
                    </button>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="erasure-continue"
                        on:click=review
                    >
                        {t(l, Key::Continue)}
                    </button>
                </div>
            </form>
        }
        .into_any()
    };

    view! {
        <section class="flow" data-testid="erasure-flow">
            <h3 tabindex="-1" node_ref=heading data-testid="erasure-heading">
                {move || portal.t(Key::RequestErasure)}
            </h3>
            {step}
        </section>
        <ConfirmDialog
            open=confirm_open
            title=Key::ErasureConfirmTitle
            text=Key::ErasureConfirmText
            confirm=Key::FileRequest
            testid="erasure-confirm"
            confirm_testid="erasure-file"
            pending=filing
            on_confirm=file
        >
            <ul class="chosen">
                {move || {
                    let l = portal.locale.get();
                    grounds
                        .get()
                        .into_iter()
                        .map(|g| {
                            view! {
                                <li>
                                    {format!(
                                        "{}) {}",
                                        erasure_ground_letter(g),
                                        erasure_ground_label(l, g, other.get_value().as_deref()),
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || {
                failure.get().map(|f| view! { <ErrorAlert failure=f testid="erasure-error" /> })
            }}
        </ConfirmDialog>
    }
}

/// What erasure would do today: erased now, kept by a rule until a date, and how long the
/// traces take to leave the online systems and the backups.
pub fn preview_table(l: Locale, p: ErasurePreview) -> impl IntoView {
    let lists = erased_and_kept(l, p.erase_now, p.contracts, p.keep);
    let timeline = fill(
        t(l, Key::ErasureTimeline),
        &[
            &p.erasure_days.to_string(),
            &p.backup_retention_days.to_string(),
        ],
    );
    // What stays because the same login belongs to another account; never which one.
    let elsewhere = p.login_used_elsewhere.then(|| {
        view! {
            <p class="alert alert-warning" data-testid="erasure-login-elsewhere">
                {t(l, Key::ErasureLoginElsewhere)}
            </p>
        }
    });
    // A registered domain's registrant stays the account's holder.
    let domain = p.account_kept_for_domain.then(|| {
        view! {
            <p class="alert alert-warning" data-testid="erasure-domain-keeps-account">
                {t(l, Key::ErasureDomainKeepsAccount)}
            </p>
        }
    });
    view! {
        <div data-testid="erasure-preview">
            <p class="intro">{t(l, Key::ErasurePreviewIntro)}</p>
            {lists}
            {elsewhere}
            {domain}
            <p class="alert alert-info" data-testid="erasure-timeline">{timeline}</p>
        </div>
    }
}

/// What an erasure erases and what a legal hold keeps (until when): shown before filing
/// and again, as the result report, once it has been executed.
pub fn erased_and_kept(
    l: Locale,
    erase_now: Vec<ErasedItem>,
    contracts: Vec<HeldRecord>,
    keep: Vec<HeldRecord>,
) -> impl IntoView {
    // Active services, said plainly and apart from what the law keeps.
    let running = (!contracts.is_empty()).then(|| {
        view! {
            <h4>{pick(l, RUNNING_TITLE)}</h4>
            <p>{pick(l, RUNNING_TEXT)}</p>
            <ul>
                {contracts
                    .into_iter()
                    .map(|c| view! { <li data-testid="erasure-contract-row">{c.record.get(l).to_string()}</li> })
                    .collect_view()}
            </ul>
        }
    });
    let erased = if erase_now.is_empty() {
        view! { <p>{t(l, Key::NothingErased)}</p> }.into_any()
    } else {
        view! {
            <ul>
                {erase_now
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li data-testid="erasure-erase-row">
                                {format!(
                                    "{} ({})",
                                    item.what.get(l),
                                    fill(t(l, Key::RecordsShort), &[&item.records.to_string()]),
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let kept = if keep.is_empty() {
        view! { <p>{t(l, Key::NothingKept)}</p> }.into_any()
    } else {
        view! {
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t(l, Key::HeldRecord)}</th>
                        <th scope="col">{t(l, Key::Rule)}</th>
                        <th scope="col">{t(l, Key::KeptUntil)}</th>
                    </tr>
                </thead>
                <tbody>
                    {keep
                        .into_iter()
                        .map(|h| {
                            let until = h
                                .until
                                .map(|d| format::date(l, d))
                                .unwrap_or_else(|| t(l, Key::KeptWhileRuleApplies).to_string());
                            view! {
                                <tr data-testid="erasure-keep-row">
                                    <td data-label=t(l, Key::HeldRecord)>{h.record.get(l).to_string()}</td>
                                    <td data-label=t(l, Key::Rule)>{h.rule.get(l).to_string()}</td>
                                    <td data-label=t(l, Key::KeptUntil)>{until}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <h4>{t(l, Key::ErasedNow)}</h4>
        {erased}
        {running}
        <h4>{t(l, Key::KeptByLaw)}</h4>
        {kept}
    }
}

const RUNNING_TITLE: [&str; 3] = [
    "Tjenester som fortsetter",
    "Tjänster som fortsätter",
    "Services that keep running",
];
const RUNNING_TEXT: [&str; 3] = [
    "Disse tjenestene er aktive. De fortsetter til avtalen sies opp eller utløper, og kundeforholdet (konto og tjenester) slettes først etter det. Vil du avslutte dem, si dem opp i kundesenteret. Alt annet slettes nå.",
    "De här tjänsterna är aktiva. De fortsätter tills avtalet sägs upp eller löper ut, och kundförhållandet (konto och tjänster) raderas först därefter. Vill du avsluta dem, säg upp dem i kundcentret. Allt annat raderas nu.",
    "These services are active. They keep running until their contract is ended or runs out, and the customer relationship (account and services) is erased only after that. To end them, cancel them in the client area. Everything else is erased now.",
];

fn pick(l: Locale, t: [&'static str; 3]) -> &'static str {
    t[match l {
        Locale::Nb => 0,
        Locale::Sv => 1,
        Locale::En => 2,
    }]
}
