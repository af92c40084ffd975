//! "Purposes and consent": every purpose with its legal basis; the optional ones as
//! switches that turn off as easily as on (withdrawing consent, objecting, GDPR art. 7(3)
//! and 21), the required ones with the reason they cannot be; and the history of changes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::Locale;
use portal_domain::api::{ConsentChange, LegalBasis, PurposeState, PurposeUpdate, PurposesView};

use crate::browser;
use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::{Key, actor_label, legal_basis_name, required_because, t};
use crate::portal::use_portal;
use crate::ui::TabNav;
use crate::ui::{ErrorAlert, Remote, Spinner, load};

/// The outcome of the last change, kept with the purpose it was about so it is shown
/// beside that switch.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Saved(String),
    Failed(String, ApiFailure),
}

#[component]
pub fn PurposesPanel() -> impl IntoView {
    let portal = use_portal();
    // The list is drawn once per load; switching a purpose changes only `active` and
    // `history`, so the switch keeps keyboard focus (which is also why a switch is never
    // disabled while its change is saved: a disabled control drops focus).
    let list = RwSignal::new(Remote::<Vec<PurposeState>>::Loading);
    let active = RwSignal::new(Vec::<(String, bool)>::new());
    let history = RwSignal::new(Vec::<ConsentChange>::new());
    let busy = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Outcome>);
    let nav = use_context::<TabNav>();

    let apply = move |v: &PurposesView| {
        active.set(
            v.purposes
                .iter()
                .map(|p| (p.key.clone(), p.active))
                .collect(),
        );
        history.set(v.history.clone());
    };
    let fetch = move || {
        load(list, async move {
            let v = http::get::<PurposesView>(portal, portal.api("/purposes")).await?;
            apply(&v);
            Ok(v.purposes)
        })
    };
    fetch();

    let toggle = move |key: String, on: bool| {
        if busy.with_untracked(Option::is_some) {
            // One change at a time: put this switch back where the server has it.
            active.update(|_| ());
            return;
        }
        busy.set(Some(key.clone()));
        outcome.set(None);
        spawn_local(async move {
            let path = format!("{}/purposes/{}", portal.api(""), http::uri_component(&key));
            match http::put::<_, PurposesView>(portal, &path, &PurposeUpdate { active: on }).await {
                Ok(v) => {
                    apply(&v);
                    outcome.set(Some(Outcome::Saved(key)));
                }
                Err(f) => {
                    // Put the switch back where the server says it is.
                    active.update(|_| ());
                    outcome.set(Some(Outcome::Failed(key, f)));
                }
            }
            busy.set(None);
        });
    };

    move || {
        let l = portal.locale.get();
        match list.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! {
                <ErrorAlert failure=f testid="purposes-error" retry=Callback::new(move |_| fetch()) />
            }
            .into_any(),
            Remote::Ready(purposes) => {
                let titles: Vec<(String, String)> = purposes
                    .iter()
                    .map(|p| (p.key.clone(), p.title.get(l).to_string()))
                    .collect();
                // The newsletter is a purpose too, with its own tab: say where it is.
                let to_newsletter = nav.map(|nav| {
                    view! {
                        <p class="hint" data-testid="purposes-newsletter-note">
                            {t(l, Key::PurposesNewsletterNote)}
                            " "
                            <button
                                type="button"
                                class="link"
                                data-testid="purposes-to-newsletter"
                                on:click=move |_| nav.open("newsletter")
                            >
                                {t(l, Key::GoToNewsletter)}
                            </button>
                        </p>
                    }
                });
                view! {
                    <p class="intro">{t(l, Key::PurposesIntro)}</p>
                    {to_newsletter}
                    <ul class="purposes">
                        {purposes
                            .into_iter()
                            .map(|p| purpose_row(l, p, active, busy, outcome, toggle))
                            .collect_view()}
                    </ul>
                    <ConsentHistory history titles />
                }
                .into_any()
            }
        }
    }
}

fn purpose_row(
    l: Locale,
    p: PurposeState,
    active: RwSignal<Vec<(String, bool)>>,
    busy: RwSignal<Option<String>>,
    outcome: RwSignal<Option<Outcome>>,
    toggle: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = p.key.clone();
    let basis = view! {
        <p class="basis">
            {format!("{}: {}", t(l, Key::LegalBasis), legal_basis_name(l, p.legal_basis))}
        </p>
    };
    let title = p.title.get(l).to_string();
    let description = p.description.get(l).to_string();
    if !p.can_opt_out {
        return view! {
            <li class="card purpose" data-testid="purpose-row" data-key=key.clone()>
                <div class="purpose-head">
                    <span class="purpose-title">{title}</span>
                    <span class="badge" data-testid=format!("purpose-{key}-required")>
                        {t(l, Key::Required)}
                    </span>
                </div>
                <p>{description}</p>
                {basis}
                <p class="why">{required_because(l, p.legal_basis)}</p>
            </li>
        }
        .into_any();
    }
    let id = format!("purpose-{key}");
    let label_for = id.clone();
    let desc_id = format!("purpose-{key}-desc");
    let is_on = {
        let key = key.clone();
        move || active.with(|a| a.iter().any(|(k, on)| *k == key && *on))
    };
    let is_busy = {
        let key = key.clone();
        move || busy.with(|b| b.as_deref() == Some(key.as_str()))
    };
    let state_text = {
        let is_on = is_on.clone();
        move || {
            t(
                l,
                if is_on() {
                    Key::SwitchedOn
                } else {
                    Key::SwitchedOff
                },
            )
        }
    };
    let objection = (p.legal_basis == LegalBasis::LegitimateInterest)
        .then(|| view! { <p class="hint">{t(l, Key::ObjectionNote)}</p> });
    let saved_here = {
        let key = key.clone();
        move || outcome.with(|o| matches!(o, Some(Outcome::Saved(k)) if *k == key))
    };
    let failed_here = {
        let key = key.clone();
        move || {
            outcome.with(|o| match o {
                Some(Outcome::Failed(k, f)) if *k == key => Some(f.clone()),
                _ => None,
            })
        }
    };
    let key_for_change = key.clone();
    view! {
        <li class="card purpose" data-testid="purpose-row" data-key=key>
            <div class="purpose-head">
                <label class="switch" for=label_for>
                    <input
                        type="checkbox"
                        role="switch"
                        id=id.clone()
                        data-testid=id
                        aria-describedby=desc_id.clone()
                        prop:checked=is_on
                        aria-busy=move || is_busy().to_string()
                        on:change=move |ev| toggle(key_for_change.clone(), event_target_checked(&ev))
                    />
                    <span class="switch-track" aria-hidden="true"></span>
                    <span class="purpose-title">{title}</span>
                </label>
                <span class="state">
                    <span aria-hidden="true">{state_text}</span>
                    // Announced where it happened, beside the switch that changed.
                    <span class="saved-slot" aria-live="polite">
                        {move || {
                            saved_here()
                                .then(|| {
                                    view! {
                                        <span class="saved" data-testid="purpose-saved">
                                            {t(l, Key::ChoiceSaved)}
                                        </span>
                                    }
                                })
                        }}
                    </span>
                </span>
            </div>
            <p id=desc_id>{description}</p>
            {basis}
            {objection}
            {move || {
                failed_here().map(|f| view! { <ErrorAlert failure=f testid="purpose-save-error" /> })
            }}
        </li>
    }
    .into_any()
}

/// The name of a purpose the list does not show: the newsletter has its own tab.
fn other_purpose_title(l: Locale, key: &str) -> String {
    match key {
        "newsletter" => t(l, Key::TabNewsletter).to_string(),
        other => other.to_string(),
    }
}

/// Consents given and withdrawn, objections made: newest first, as the API sends them.
#[component]
fn ConsentHistory(
    history: RwSignal<Vec<ConsentChange>>,
    titles: Vec<(String, String)>,
) -> impl IntoView {
    let portal = use_portal();
    let other = portal.other_name();
    move || {
        let l = portal.locale.get();
        let me = portal.me();
        let rows = history.get();
        let body = if rows.is_empty() {
            view! { <p>{t(l, Key::NoHistoryYet)}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(l, Key::When)}</th>
                            <th scope="col">{t(l, Key::Purpose)}</th>
                            <th scope="col">{t(l, Key::Change)}</th>
                            <th scope="col">{t(l, Key::ChangedBy)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|c| {
                                let title = titles
                                    .iter()
                                    .find(|(k, _)| *k == c.purpose)
                                    .map(|(_, title)| title.clone())
                                    .unwrap_or_else(|| other_purpose_title(l, &c.purpose));
                                let change = t(
                                    l,
                                    if c.new_active { Key::SwitchedOn } else { Key::SwitchedOff },
                                );
                                view! {
                                    <tr data-testid="purpose-history-row">
                                        <td data-label=t(l, Key::When)>{browser::when(l, c.at)}</td>
                                        <td data-label=t(l, Key::Purpose)>{title}</td>
                                        <td data-label=t(l, Key::Change)>{change}</td>
                                        <td data-label=t(l, Key::ChangedBy)>
                                            {actor_label(l, &c.actor, &me, other.as_deref())}
                                        </td>
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
            <section class="history" data-testid="purposes-history">
                <h3>{t(l, Key::History)}</h3>
                {body}
            </section>
        }
    }
}
