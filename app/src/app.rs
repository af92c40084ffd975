//! The widget's frame: signing in with the launch token, the header with the person's name
//! and the language switcher, and the tabs that hold the self-service views.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::Role;
use portal_domain::error::ApiErrorDetail;
use portal_domain::{ErrorCode, Locale};
use web_sys::KeyboardEvent;

use crate::browser;
use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::Key;
use crate::parts::{LazyPart, Part};
use crate::portal::{Portal, use_portal};
use crate::ui::{Remote, TabNav};
use crate::views::overview::OverviewPanel;

#[component]
pub fn PortalApp(
    launch_token: String,
    locale: Locale,
    api_base: String,
    texts_base: String,
) -> impl IntoView {
    let portal = Portal::new(locale, &api_base, &texts_base);
    provide_context(portal);
    // A display language the person chose before wins over the host's and the session's.
    let remembered = browser::remembered_locale();
    if let Some(l) = remembered {
        portal.show_in(l);
    }

    let login = RwSignal::new(Remote::<()>::Loading);
    if launch_token.trim().is_empty() {
        // No token is the same, for the person, as a used one: reloading gets a fresh one.
        login.set(Remote::Failed(ApiFailure::Api {
            status: 401,
            detail: ApiErrorDetail {
                code: ErrorCode::InvalidLaunchToken,
                message: String::new(),
                fields: Vec::new(),
                existing_id: None,
            },
        }));
    } else {
        spawn_local(async move {
            let outcome = http::start_session(portal, launch_token).await.map(|info| {
                if remembered.is_none() {
                    portal.show_in(info.locale);
                }
                portal.session.set(Some(info));
            });
            _ = login.try_set(outcome.into());
        });
    }
    on_cleanup(move || http::end_session(portal));

    let body = move || {
        if portal.ended.get() {
            return view! { <Ended key=Key::SessionEnded /> }.into_any();
        }
        match login.get() {
            Remote::Loading => view! {
                <p class="loading" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || portal.t(Key::SigningIn)}
                </p>
            }
            .into_any(),
            Remote::Failed(f) if f.code() == Some(ErrorCode::InvalidLaunchToken) => {
                view! { <Ended key=Key::LaunchExpired /> }.into_any()
            }
            Remote::Failed(f) => view! {
                <div class="alert alert-error" role="alert" data-testid="login-error">
                    <p>{move || f.message(portal.locale.get())}</p>
                    <ReloadButton />
                </div>
            }
            .into_any(),
            Remote::Ready(()) => {
                let role = portal
                    .session
                    .with_untracked(|s| s.as_ref().map(|s| s.role));
                if role == Some(Role::Support) {
                    view! { <LazyPart part=Part::SupportConsole /> }.into_any()
                } else if role == Some(Role::CompanyAdmin) {
                    // The tabs are rebuilt for each person chosen, so no view keeps
                    // another person's data or half-filled form.
                    let tabs = move || {
                        portal.acting_for.track();
                        view! { <Tabs /> }
                    };
                    view! {
                        <LazyPart part=Part::PeoplePicker />
                        {tabs}
                    }
                    .into_any()
                } else {
                    view! { <Tabs /> }.into_any()
                }
            }
        }
    };

    view! {
        <div class="portal" lang=move || portal.locale.get().code()>
            <Header />
            {body}
        </div>
    }
}

/// The login link or the session is over; only a reload (and so a new link) helps.
#[component]
fn Ended(key: Key) -> impl IntoView {
    let portal = use_portal();
    let testid = if key == Key::LaunchExpired {
        "login-error"
    } else {
        "session-ended"
    };
    view! {
        <div class="alert alert-error" role="alert" data-testid=testid>
            <p>{move || portal.t(key)}</p>
            <ReloadButton />
        </div>
    }
}

#[component]
fn ReloadButton() -> impl IntoView {
    let portal = use_portal();
    view! {
        <button type="button" class="button" on:click=|_| browser::reload_page()>
            {move || portal.t(Key::Reload)}
        </button>
    }
}

#[component]
fn Header() -> impl IntoView {
    let portal = use_portal();
    let person = move || {
        portal.session.with(|s| {
            s.as_ref().map(|s| {
                let name = s.person.display_name.clone();
                // A private customer's account is named after them; say it once.
                let account = (s.person.account_name != name)
                    .then(|| s.person.account_name.clone())
                    .map(|a| view! { <span class="account">{a}</span> });
                view! {
                    <p class="person">
                        <span data-testid="person-name">{name}</span>
                        {account}
                    </p>
                }
            })
        })
    };
    let change_locale = move |ev| {
        if let Some(l) = Locale::parse(&event_target_value(&ev)) {
            portal.show_in(l);
            browser::remember_locale(l);
        }
    };
    view! {
        <header class="header">
            <div>
                <h2 class="title">{move || portal.t(Key::PortalTitle)}</h2>
                {person}
            </div>
            // The language of the widget itself; the one the company writes in is part of
            // the contact details.
            <label class="lang">
                <span>{move || portal.t(Key::DisplayLanguage)}</span>
                <select
                    data-testid="lang-select"
                    prop:value=move || portal.locale.get().code()
                    on:change=change_locale
                >
                    {Locale::ALL
                        .map(|l| {
                            view! {
                                <option value=l.code() lang=l.code()>
                                    {l.native_name()}
                                </option>
                            }
                        })}
                </select>
            </label>
        </header>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Export,
    Contact,
    Newsletter,
    Purposes,
    Requests,
}

const TABS: [Tab; 6] = [
    Tab::Overview,
    Tab::Export,
    Tab::Contact,
    Tab::Newsletter,
    Tab::Purposes,
    Tab::Requests,
];

impl Tab {
    fn id(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Export => "export",
            Tab::Contact => "contact",
            Tab::Newsletter => "newsletter",
            Tab::Purposes => "purposes",
            Tab::Requests => "requests",
        }
    }
    fn label(self) -> Key {
        match self {
            Tab::Overview => Key::TabOverview,
            Tab::Export => Key::TabExport,
            Tab::Contact => Key::TabContact,
            Tab::Newsletter => Key::TabNewsletter,
            Tab::Purposes => Key::TabPurposes,
            Tab::Requests => Key::TabRequests,
        }
    }
    fn panel(self) -> AnyView {
        match self {
            Tab::Overview => view! { <OverviewPanel /> }.into_any(),
            Tab::Export => view! { <LazyPart part=Part::Export /> }.into_any(),
            Tab::Contact => view! { <LazyPart part=Part::Contact /> }.into_any(),
            Tab::Newsletter => view! { <LazyPart part=Part::Newsletter /> }.into_any(),
            Tab::Purposes => view! { <LazyPart part=Part::Purposes /> }.into_any(),
            Tab::Requests => view! { <LazyPart part=Part::Requests /> }.into_any(),
        }
    }
}

/// Where arrow keys, Home and End move the focus in a tab list of `len` tabs (the WAI-ARIA
/// tabs pattern, wrapping at the ends).
pub fn roving_target(current: usize, len: usize, key: &str) -> Option<usize> {
    match key {
        "ArrowRight" => Some((current + 1) % len),
        "ArrowLeft" => Some((current + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// The six views as tabs. A panel is built the first time it is opened and then kept, so a
/// half-filled form survives a look at another tab.
#[component]
fn Tabs() -> impl IntoView {
    let portal = use_portal();
    let active = RwSignal::new(0usize);
    let opened: [RwSignal<bool>; 6] = std::array::from_fn(|i| RwSignal::new(i == 0));
    let buttons: [NodeRef<html::Button>; 6] = std::array::from_fn(|_| NodeRef::new());
    let sections: [NodeRef<html::Section>; 6] = std::array::from_fn(|_| NodeRef::new());

    let select = move |i: usize| {
        active.set(i);
        if !opened[i].get_untracked() {
            opened[i].set(true);
        }
    };
    provide_context(TabNav::new(Callback::new(move |id: &'static str| {
        let Some(i) = TABS.iter().position(|t| t.id() == id) else {
            return;
        };
        select(i);
        // After the panel is shown: a hidden one cannot take focus.
        request_animation_frame(move || {
            if let Some(section) = sections[i].get_untracked() {
                _ = section.focus();
            }
        });
    })));
    let on_key = move |ev: KeyboardEvent| {
        if let Some(next) = roving_target(active.get_untracked(), TABS.len(), &ev.key()) {
            ev.prevent_default();
            select(next);
            if let Some(b) = buttons[next].get_untracked() {
                _ = b.focus();
            }
        }
    };

    let tab_buttons = TABS
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let id = tab.id();
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=format!("tab-{id}")
                    data-testid=format!("tab-{id}")
                    aria-controls=format!("panel-{id}")
                    aria-selected=move || (active.get() == i).to_string()
                    tabindex=move || if active.get() == i { "0" } else { "-1" }
                    node_ref=buttons[i]
                    on:click=move |_| select(i)
                >
                    {move || portal.t(tab.label())}
                </button>
            }
        })
        .collect_view();

    let panels = TABS
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let id = tab.id();
            let tab = *tab;
            view! {
                <section
                    role="tabpanel"
                    class="panel"
                    id=format!("panel-{id}")
                    data-testid=format!("panel-{id}")
                    aria-labelledby=format!("tab-{id}")
                    tabindex="0"
                    node_ref=sections[i]
                    hidden=move || active.get() != i
                >
                    {move || opened[i].get().then(|| tab.panel())}
                </section>
            }
        })
        .collect_view();

    view! {
        <div class="tabs" role="tablist" aria-label=move || portal.t(Key::Sections) on:keydown=on_key>
            {tab_buttons}
        </div>
        {panels}
    }
}

#[cfg(test)]
mod tests {
    use super::roving_target;

    #[test]
    fn arrow_keys_wrap_and_home_end_jump() {
        assert_eq!(roving_target(0, 6, "ArrowRight"), Some(1));
        assert_eq!(roving_target(5, 6, "ArrowRight"), Some(0));
        assert_eq!(roving_target(0, 6, "ArrowLeft"), Some(5));
        assert_eq!(roving_target(3, 6, "Home"), Some(0));
        assert_eq!(roving_target(3, 6, "End"), Some(5));
        assert_eq!(roving_target(3, 6, "Enter"), None);
    }
}
