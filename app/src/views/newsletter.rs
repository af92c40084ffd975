//! "Newsletter": subscribed or not, one click to leave (an objection to direct marketing
//! takes effect at once), and the audience segment the person belongs to.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{NewsletterSegment, NewsletterUpdate, NewsletterView};

use crate::browser;
use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::{Key, fill, segment_name, t};
use crate::portal::use_portal;
use crate::ui::TabNav;
use crate::ui::{ErrorAlert, Remote, Spinner, load};

#[component]
pub fn NewsletterPanel() -> impl IntoView {
    let portal = use_portal();
    let data = RwSignal::new(Remote::<()>::Loading);
    let view_state = RwSignal::new(None::<NewsletterView>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let fetch = move || {
        load(data, async move {
            let v = http::get::<NewsletterView>(portal, portal.api("/newsletter")).await?;
            view_state.set(Some(v));
            Ok(())
        })
    };
    fetch();

    let change = move |update: NewsletterUpdate| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            match http::put::<_, NewsletterView>(portal, portal.api("/newsletter"), &update).await {
                Ok(v) => view_state.set(Some(v)),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    // A memo, so the buttons are rebuilt only when subscribing flips, not on every answer.
    let subscribed =
        Memo::new(move |_| view_state.with(|v| v.as_ref().is_some_and(|v| v.subscribed)));
    let segment = move || view_state.with(|v| v.as_ref().and_then(|v| v.segment));
    let picked = RwSignal::new(None::<NewsletterSegment>);

    let status = move || {
        let l = portal.locale.get();
        view_state.get().map(|v| {
            let text = portal.t(if v.subscribed {
                Key::NewsletterSubscribed
            } else {
                Key::NewsletterNotSubscribed
            });
            let changed = v
                .changed_at
                .map(|at| fill(t(l, Key::NewsletterChangedAt), &[&browser::when(l, at)]));
            view! {
                <p
                    class="status-line"
                    role="status"
                    data-testid="newsletter-status"
                    data-subscribed=v.subscribed.to_string()
                >
                    <strong>{text}</strong>
                    {changed.map(|c| view! { " " <span class="muted">{c}</span> })}
                </p>
            }
        })
    };

    let segment_select = move || {
        let l = portal.locale.get();
        view! {
            <div class="field">
                <label for="newsletter-segment">{portal.t(Key::Segment)}</label>
                <select
                    id="newsletter-segment"
                    data-testid="newsletter-segment"
                    disabled=move || pending.get()
                    prop:value=move || {
                        let current = if subscribed.get() { segment() } else { picked.get() };
                        current.map(|s| s.key()).unwrap_or("")
                    }
                    on:change=move |ev| {
                        let s = NewsletterSegment::parse(&event_target_value(&ev));
                        picked.set(s);
                        // A subscriber's segment changes at once; otherwise it is used when
                        // they subscribe.
                        if subscribed.get_untracked() {
                            change(NewsletterUpdate {
                                subscribed: true,
                                segment: s,
                            });
                        }
                    }
                >
                    <option value="">{t(l, Key::ChooseSegment)}</option>
                    {NewsletterSegment::ALL
                        .map(|s| view! { <option value=s.key()>{segment_name(l, s)}</option> })}
                </select>
            </div>
        }
    };

    let buttons = move || {
        if subscribed.get() {
            view! {
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="newsletter-unsubscribe"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        change(NewsletterUpdate {
                            subscribed: false,
                            segment: None,
                        })
                    }
                >
                    {move || portal.t(Key::Unsubscribe)}
                </button>
                <p class="hint">{move || portal.t(Key::UnsubscribeNote)}</p>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid="newsletter-subscribe"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        change(NewsletterUpdate {
                            subscribed: true,
                            segment: picked.get_untracked(),
                        })
                    }
                >
                    {move || portal.t(Key::Subscribe)}
                </button>
            }
            .into_any()
        }
    };

    // Other marketing e-mail is a purpose of its own: point to where it is switched.
    let nav = use_context::<TabNav>();
    let to_purposes = move || {
        nav.map(|nav| {
            view! {
                <p class="hint" data-testid="newsletter-purposes-note">
                    {portal.t(Key::NewsletterOtherMarketing)}
                    " "
                    <button
                        type="button"
                        class="link"
                        data-testid="newsletter-to-purposes"
                        on:click=move |_| nav.open("purposes")
                    >
                        {portal.t(Key::GoToPurposes)}
                    </button>
                </p>
            }
        })
    };

    move || match data.get() {
        Remote::Loading => view! { <Spinner /> }.into_any(),
        Remote::Failed(f) => view! {
            <ErrorAlert failure=f testid="newsletter-error" retry=Callback::new(move |_| fetch()) />
        }
        .into_any(),
        Remote::Ready(()) => view! {
            <p class="intro">{move || portal.t(Key::NewsletterIntro)}</p>
            {status}
            {segment_select}
            <div class="actions">{buttons}</div>
            {move || {
                failure
                    .get()
                    .map(|f| view! { <ErrorAlert failure=f testid="newsletter-save-error" /> })
            }}
            {to_purposes}
        }
        .into_any(),
    }
}
