//! "My data": what is held about the person, why, who gets it and for how long (GDPR
//! art. 15), who the controller is, the person's rights and where to complain.

use leptos::prelude::*;
use portal_domain::Locale;
use portal_domain::api::{ActivityEntry, CategoryOverview, Overview, RecipientInfo};
use portal_domain::support::RestrictionNotice;

use crate::browser;
use crate::http;
use crate::i18n::{
    Key, about, activity_label, actor_label, category_name, fill, legal_basis_name, t,
};
use crate::parts::{LazyPart, Part};
use crate::portal::use_portal;
use crate::ui::{ErrorAlert, Remote, Spinner, load};

#[component]
pub fn OverviewPanel() -> impl IntoView {
    let portal = use_portal();
    let data = RwSignal::new(Remote::<Overview>::Loading);
    let fetch = move || load(data, http::get(portal, portal.api("/overview")));
    fetch();
    // The activity log is the person's own; an admin acting for someone does not see it.
    let activity = portal
        .acting_for
        .with_untracked(Option::is_none)
        .then(|| view! { <ActivityList /> });
    let main = move || {
        let locale = portal.locale.get();
        match data.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! {
                <ErrorAlert failure=f testid="overview-error" retry=Callback::new(move |_| fetch()) />
            }
            .into_any(),
            Remote::Ready(o) => overview(locale, o, portal.other_name().as_deref()).into_any(),
        }
    };
    view! {
        {main}
        {activity}
    }
}

/// A restriction in force (GDPR art. 18): what it stops, and whether it is about to end.
fn restriction_notice(l: Locale, r: RestrictionNotice, other: Option<&str>) -> impl IntoView {
    let mut effects = vec![about(l, Key::RestrictedStorageOnly, other).to_string()];
    if r.newsletter_paused {
        effects.push(about(l, Key::RestrictedNewsletter, other).to_string());
    }
    if !r.suspended_purposes.is_empty() {
        effects.push(about(l, Key::RestrictedPurposes, other).to_string());
    }
    if r.contact_frozen {
        effects.push(about(l, Key::RestrictedContact, other).to_string());
    }
    let lifting = r.lifting_announced_at.map(|_| {
        view! { <p data-testid="restriction-lifting"><strong>{about(l, Key::RestrictionLiftingSoon, other)}</strong></p> }
    });
    view! {
        <section class="alert alert-warning" role="status" data-testid="restriction-notice">
            <h3>{fill(&about(l, Key::RestrictedSince, other), &[&browser::when(l, r.since)])}</h3>
            <p class="note">{about(l, Key::ContestedData, other)} " " {r.contested}</p>
            <ul>{effects.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            {lifting}
        </section>
    }
}

fn overview(l: Locale, o: Overview, other: Option<&str>) -> impl IntoView {
    let c = o.controller;
    let dpo_label = if c.dpo_name.is_some() {
        Key::DataProtectionOfficer
    } else {
        Key::PrivacyContact
    };
    let dpo_mail = format!("mailto:{}", c.dpo_email);
    let controller_mail = format!("mailto:{}", c.email);
    let rights = [
        (Key::RightAccessTitle, Key::RightAccess),
        (Key::RightPortabilityTitle, Key::RightPortability),
        (Key::RightRectificationTitle, Key::RightRectification),
        (Key::RightErasureTitle, Key::RightErasure),
        (Key::RightRestrictionTitle, Key::RightRestriction),
        (Key::RightObjectionTitle, Key::RightObjection),
    ];
    let restriction = o.restriction.map(|r| restriction_notice(l, r, other));
    view! {
        {restriction}
        <p class="intro">{about(l, Key::OverviewIntro, other)}</p>
        <div class="categories">
            {o.categories.into_iter().map(|cat| category(l, cat)).collect_view()}
        </div>
        {recipients(l, o.recipients)}
        <section class="card" data-testid="overview-controller">
            <h3>{about(l, Key::Controller, other)}</h3>
            <p>
                <strong>{c.name}</strong>
                <br />
                {format!("{} {}", about(l, Key::OrgNumber, other), c.org_number)}
                <br />
                {c.address}
                <br />
                <a href=controller_mail>{c.email}</a>
            </p>
            <h4>{about(l, dpo_label, other)}</h4>
            <p>
                {c.dpo_name.map(|n| view! { {n.get(l).to_string()} <br /> })}
                <a href=dpo_mail>{c.dpo_email}</a>
            </p>
        </section>
        <section class="card" data-testid="overview-rights">
            <h3>{about(l, Key::YourRights, other)}</h3>
            <dl class="rights">
                {rights
                    .map(|(title, text)| {
                        view! {
                            <dt>{about(l, title, other)}</dt>
                            <dd>{about(l, text, other)}</dd>
                        }
                    })}
            </dl>
            <p>{about(l, Key::RightsDeadline, other)}</p>
            <h4>{about(l, Key::ComplaintTitle, other)}</h4>
            <p>
                {about(l, Key::ComplaintText, other)}
                " "
                <a
                    href=o.supervisory_authority.url
                    target="_blank"
                    rel="noopener noreferrer"
                    data-testid="complaint-link"
                >
                    {o.supervisory_authority.name}
                </a>
                {o.local_authority.map(|a| view! {
                    " · "
                    <a href=a.url target="_blank" rel="noopener noreferrer" data-testid="complaint-link-local">
                        {a.name}
                    </a>
                })}
            </p>
        </section>
    }
}

/// Everyone the person's data goes to, once, with what they receive.
fn recipients(l: Locale, list: Vec<RecipientInfo>) -> impl IntoView {
    let body = if list.is_empty() {
        view! { <p>{t(l, Key::NoRecipients)}</p> }.into_any()
    } else {
        view! {
            <ul>
                {list
                    .into_iter()
                    .map(|r| {
                        let what = r
                            .categories
                            .iter()
                            .map(|c| category_name(l, *c))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <li data-testid=format!("recipient-{}", r.key)>
                                <strong>{r.name.get(l).to_string()}</strong>
                                {format!(" – {} ({})", r.role.get(l), r.country)}
                                {(!what.is_empty()).then(|| view! { <br /><span class="hint">{what}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="overview-recipients">
            <h3>{t(l, Key::Recipients)}</h3>
            {body}
        </section>
    }
}

fn category(l: Locale, cat: CategoryOverview) -> impl IntoView {
    let key = cat.category;
    let open = RwSignal::new(false);
    let purposes = (!cat.purposes.is_empty()).then(|| {
        let items = cat
            .purposes
            .iter()
            .map(|p| {
                view! {
                    <li>
                        {p.title.get(l).to_string()}
                        <span class="basis">
                            {format!(" ({})", legal_basis_name(l, p.legal_basis))}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h4>{t(l, Key::Purposes)}</h4>
            <ul>{items}</ul>
        }
    });
    let show = (cat.records > 0).then(|| {
        view! {
            <button
                type="button"
                class="button"
                aria-expanded=move || open.get().to_string()
                data-testid=format!("show-records-{}", key.key())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || t(l, if open.get() { Key::HideRecords } else { Key::ShowRecords })}
            </button>
            {move || open.get().then(|| view! { <LazyPart part=Part::Records(key) /> })}
        }
    });
    view! {
        <section class="card category" data-testid=format!("category-{}", cat.category.key())>
            <h3>{cat.title.get(l).to_string()}</h3>
            <p>{cat.description.get(l).to_string()}</p>
            <p class="records">
                {format!("{}: {}", t(l, Key::Records), cat.records)}
            </p>
            {show}
            {purposes}
            <h4>{t(l, Key::Retention)}</h4>
            <p>{cat.retention.get(l).to_string()}</p>
        </section>
    }
}

/// What a company admin or support did with the person's own data, and when.
#[component]
pub fn ActivityList() -> impl IntoView {
    let portal = use_portal();
    let data = RwSignal::new(Remote::<Vec<ActivityEntry>>::Loading);
    load(data, http::get(portal, "/api/me/activity"));
    move || {
        let l = portal.locale.get();
        let body = match data.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => {
                view! { <ErrorAlert failure=f testid="activity-error" /> }.into_any()
            }
            Remote::Ready(rows) if rows.is_empty() => {
                view! { <p data-testid="activity-empty">{t(l, Key::NoActivity)}</p> }.into_any()
            }
            Remote::Ready(rows) => {
                let me = portal.me();
                view! {
                    <ul data-testid="activity">
                        {rows
                            .into_iter()
                            .map(|a| {
                                let fields = if a.fields.is_empty() {
                                    String::new()
                                } else {
                                    format!(" ({})", a.fields.join(", "))
                                };
                                view! {
                                    <li data-testid="activity-row" data-action=a.action.clone()>
                                        {format!(
                                            "{} · {} · {}{fields}",
                                            browser::when(l, a.at),
                                            actor_label(l, &a.actor, &me, None),
                                            activity_label(l, &a.action),
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        };
        view! {
            <section class="activity" aria-labelledby="activity-title">
                <h3 id="activity-title">{t(l, Key::ActivityTitle)}</h3>
                {body}
            </section>
        }
    }
}
