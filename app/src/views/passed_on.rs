//! To whom a change of the person's data was passed on (GDPR art. 19): each recipient of
//! a rectification, erasure or restriction, and whether support has told them yet.

use leptos::prelude::*;
use portal_domain::support::RecipientNotice;

use crate::browser;
use crate::http;
use crate::i18n::{Key, fill, recipient_reason_name, t};
use crate::portal::use_portal;
use crate::ui::{ErrorAlert, Remote, load};

#[component]
pub fn PassedOn() -> impl IntoView {
    let portal = use_portal();
    let notices = RwSignal::new(Remote::<Vec<RecipientNotice>>::Loading);
    load(notices, http::get(portal, portal.api("/recipient-notices")));
    move || {
        let l = portal.locale.get();
        match notices.get() {
            // Nothing passed on: nothing to say; a spinner would only flicker.
            Remote::Loading => ().into_any(),
            Remote::Ready(rows) if rows.is_empty() => ().into_any(),
            Remote::Failed(f) => view! { <ErrorAlert failure=f testid="passed-on-error" /> }.into_any(),
            Remote::Ready(rows) => view! {
                <section class="passed-on" data-testid="passed-on" aria-labelledby="passed-on-title">
                    <h3 id="passed-on-title">{t(l, Key::PassedOnTitle)}</h3>
                    <p class="intro">{portal.t(Key::PassedOnIntro)}</p>
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t(l, Key::Recipient)}</th>
                                <th scope="col">{t(l, Key::Change)}</th>
                                <th scope="col">{t(l, Key::When)}</th>
                                <th scope="col">{t(l, Key::Status)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|n| {
                                    let status = match n.passed_on_at {
                                        Some(at) => fill(t(l, Key::NotifiedAt), &[&browser::when(l, at)]),
                                        None => t(l, Key::PassedOnPending).to_string(),
                                    };
                                    view! {
                                        <tr
                                            data-testid="passed-on-row"
                                            data-recipient=n.recipient_key
                                            data-reason=n.reason.as_str()
                                            data-done=n.passed_on_at.is_some().to_string()
                                        >
                                            <td data-label=t(l, Key::Recipient)>{n.recipient_name.get(l).to_string()}</td>
                                            <td data-label=t(l, Key::Change)>{recipient_reason_name(l, n.reason)}</td>
                                            <td data-label=t(l, Key::When)>{browser::when(l, n.created_at)}</td>
                                            <td data-label=t(l, Key::Status)>{status}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
            }
            .into_any(),
        }
    }
}
