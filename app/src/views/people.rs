//! A company admin's employee picker: whom the tabs below act for, and the banner that
//! says so while it is someone else.

use leptos::prelude::*;
use portal_domain::api::AccountPerson;

use crate::http;
use crate::i18n::{Key, fill};
use crate::portal::use_portal;
use crate::ui::{ErrorAlert, Remote, Spinner, load};

#[component]
pub fn PeoplePicker() -> impl IntoView {
    let portal = use_portal();
    let people = RwSignal::new(Remote::<Vec<AccountPerson>>::Loading);
    let fetch = move || load(people, http::get(portal, "/api/people"));
    fetch();

    let choose = move |ev| {
        let id = event_target_value(&ev);
        let me = portal.me();
        let chosen = people.with_untracked(|p| match p {
            Remote::Ready(list) if id != me => list.iter().find(|p| p.id == id).cloned(),
            _ => None,
        });
        portal.acting_for.set(chosen);
    };

    let picker = move || match people.get() {
        Remote::Loading => view! { <Spinner /> }.into_any(),
        Remote::Failed(f) => view! {
            <ErrorAlert failure=f testid="people-error" retry=Callback::new(move |_| fetch()) />
        }
        .into_any(),
        Remote::Ready(list) => {
            let me = portal.me();
            let my_name = portal
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.person.display_name.clone()))
                .unwrap_or_default();
            let myself = move || format!("{} ({my_name})", portal.t(Key::Myself));
            // The admin is on the list too; "Myself" already stands for them.
            let options = list
                .into_iter()
                .filter(|p| p.id != me)
                .map(|p| {
                    let label = if p.is_admin {
                        format!("{} <{}> ({})", p.name, p.email, portal.t(Key::AdminMark))
                    } else {
                        format!("{} <{}>", p.name, p.email)
                    };
                    let value = p.id;
                    view! { <option value=value.clone() selected=move || portal.acting_for.with(|a| a.as_ref().map(|a| a.id.as_str()).unwrap_or("") == value)>{label}</option> }
                })
                .collect_view();
            view! {
                <label class="field">
                    <span>{move || portal.t(Key::ActFor)}</span>
                    <select data-testid="people-select" on:change=choose>
                        <option value="">{myself}</option>
                        {options}
                    </select>
                </label>
            }
            .into_any()
        }
    };

    let banner = move || {
        portal.acting_for.with(|a| {
            a.as_ref().map(|p| {
                let name = p.name.clone();
                view! {
                    <div class="alert alert-warning" role="status" data-testid="acting-banner">
                        <p>{move || fill(&portal.t(Key::ActingFor), &[&name])}</p>
                        <button
                            type="button"
                            class="button"
                            data-testid="act-for-myself"
                            on:click=move |_| portal.acting_for.set(None)
                        >
                            {move || portal.t(Key::BackToMyself)}
                        </button>
                    </div>
                }
            })
        })
    };

    view! {
        <section class="people" data-testid="people" aria-labelledby="people-title">
            <h3 id="people-title">{move || portal.t(Key::Employees)}</h3>
            {picker}
        </section>
        {banner}
    }
}
