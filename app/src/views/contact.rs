//! "Contact details": correcting them (GDPR art. 16) with the shared validation as the
//! person types, a version check so no one's change is silently overwritten, and the
//! history of who changed which fields.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{ContactChange, ContactDetails, ContactUpdate, ContactView};
use portal_domain::{ErrorCode, FieldError, Locale};
use web_sys::SubmitEvent;

use crate::browser;
use crate::contact_form::{TEXT_FIELDS, field_value, first_invalid, input_kind, set_field};
use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::{Key, actor_label, field_label, t};
use crate::portal::{Portal, use_portal};
use crate::ui::{ErrorAlert, Remote, Spinner};

/// The form's working copy: one signal per field, so typing in one re-renders only it.
#[derive(Clone, Copy)]
struct ContactForm {
    fields: [RwSignal<String>; 8],
    language: RwSignal<Locale>,
    inputs: [NodeRef<html::Input>; 8],
}

impl ContactForm {
    fn new() -> Self {
        ContactForm {
            fields: std::array::from_fn(|_| RwSignal::new(String::new())),
            language: RwSignal::new(Locale::default()),
            inputs: std::array::from_fn(|_| NodeRef::new()),
        }
    }

    fn details_untracked(&self) -> ContactDetails {
        let mut d = ContactDetails {
            language: self.language.get_untracked(),
            ..ContactDetails::default()
        };
        for (field, sig) in TEXT_FIELDS.iter().zip(self.fields) {
            set_field(&mut d, field, sig.get_untracked());
        }
        d
    }

    fn set(&self, d: &ContactDetails) {
        for (field, sig) in TEXT_FIELDS.iter().zip(self.fields) {
            sig.set(field_value(d, field).to_string());
        }
        self.language.set(d.language);
    }

    fn is_valid(&self) -> bool {
        TEXT_FIELDS
            .iter()
            .zip(self.fields)
            .all(|(f, sig)| sig.with(|v| ContactDetails::check_value(f, v, "").is_none()))
    }

    fn focus(&self, field: &str) {
        if let Some(i) = TEXT_FIELDS.iter().position(|f| *f == field)
            && let Some(input) = self.inputs[i].get_untracked()
        {
            _ = input.focus();
        }
    }
}

#[component]
pub fn ContactPanel() -> impl IntoView {
    let portal = use_portal();
    let loaded = RwSignal::new(Remote::<()>::Loading);
    let form = ContactForm::new();
    let version = RwSignal::new(0i64);
    let personnummer = RwSignal::new(None::<String>);
    let history = RwSignal::new(Vec::<ContactChange>::new());
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());

    let apply = move |v: ContactView| {
        form.set(&v.details);
        version.set(v.version);
        personnummer.set(v.personnummer_masked);
        history.set(v.changes);
    };
    let fetch = move || {
        spawn_local(async move {
            let outcome = http::get::<ContactView>(portal, portal.api("/contact")).await;
            loaded.set(outcome.map(apply).into());
        });
    };
    fetch();

    let reload_current = move |_| {
        spawn_local(async move {
            match http::get::<ContactView>(portal, portal.api("/contact")).await {
                Ok(v) => {
                    apply(v);
                    conflict.set(false);
                    server_errors.set(Vec::new());
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let details = match form.details_untracked().validate() {
            Ok(d) => d,
            Err(_) => {
                if let Some((field, _)) = first_invalid(&form.details_untracked()) {
                    form.focus(field);
                }
                return;
            }
        };
        let update = ContactUpdate {
            version: version.get_untracked(),
            details,
        };
        saving.set(true);
        saved.set(false);
        failure.set(None);
        server_errors.set(Vec::new());
        spawn_local(async move {
            match http::put::<_, ContactView>(portal, portal.api("/contact"), &update).await {
                Ok(v) => {
                    apply(v);
                    saved.set(true);
                }
                Err(f) if f.code() == Some(ErrorCode::VersionConflict) => conflict.set(true),
                Err(f) => {
                    server_errors.set(f.field_errors().to_vec());
                    failure.set(Some(f));
                }
            }
            saving.set(false);
        });
    };

    let edited = move || {
        saved.set(false);
    };

    move || match loaded.get() {
        Remote::Loading => view! { <Spinner /> }.into_any(),
        Remote::Failed(f) => view! {
            <ErrorAlert failure=f testid="contact-error" retry=Callback::new(move |_| fetch()) />
        }
        .into_any(),
        Remote::Ready(()) => view! {
            <p class="intro">{move || portal.t(Key::ContactIntro)}</p>
            {move || {
                conflict
                    .get()
                    .then(|| {
                        view! {
                            <div
                                class="alert alert-warning"
                                role="alert"
                                data-testid="contact-conflict"
                            >
                                <p>{move || portal.t(Key::ContactConflict)}</p>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="contact-reload"
                                    on:click=reload_current
                                >
                                    {move || portal.t(Key::ShowCurrentDetails)}
                                </button>
                            </div>
                        }
                    })
            }}
            <form class="form" novalidate on:submit=save>
                {TEXT_FIELDS
                    .iter()
                    .enumerate()
                    .map(|(i, field)| field_row(portal, form, i, field, server_errors, edited))
                    .collect_view()}
                <div class="field">
                    <label for="contact-language">
                        {move || field_label(portal.locale.get(), "language").to_string()}
                    </label>
                    <select
                        id="contact-language"
                        data-testid="contact-language"
                        prop:value=move || form.language.get().code()
                        on:change=move |ev| {
                            if let Some(l) = Locale::parse(&event_target_value(&ev)) {
                                form.language.set(l);
                                edited();
                            }
                        }
                    >
                        {Locale::ALL
                            .map(|l| view! { <option value=l.code()>{l.native_name()}</option> })}
                    </select>
                </div>
                {move || {
                    personnummer
                        .get()
                        .map(|pnr| {
                            view! {
                                <div class="field">
                                    <span class="label" id="contact-personnummer-label">
                                        {move || portal.t(Key::FieldPersonnummer)}
                                    </span>
                                    <p
                                        class="readonly"
                                        data-testid="contact-personnummer"
                                        aria-labelledby="contact-personnummer-label"
                                    >
                                        {pnr}
                                    </p>
                                    <p class="hint">{move || portal.t(Key::PersonnummerNote)}</p>
                                </div>
                            }
                        })
                }}
                <div class="actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="contact-save"
                        // Not disabled while saving: that would drop the keyboard focus;
                        // a second submit is ignored instead.
                        disabled=move || !form.is_valid()
                    >
                        {move || portal.t(if saving.get() { Key::Saving } else { Key::Save })}
                    </button>
                    {move || {
                        (!form.is_valid())
                            .then(|| {
                                view! {
                                    <p class="hint" data-testid="contact-invalid">
                                        {move || portal.t(Key::FixMarkedFields)}
                                    </p>
                                }
                            })
                    }}
                </div>
                <div aria-live="polite">
                    {move || {
                        saved
                            .get()
                            .then(|| {
                                view! {
                                    <p class="alert alert-success" data-testid="contact-saved">
                                        {move || portal.t(Key::Saved)}
                                    </p>
                                }
                            })
                    }}
                </div>
                {move || {
                    failure
                        .get()
                        .map(|f| view! { <ErrorAlert failure=f testid="contact-save-error" /> })
                }}
            </form>
            <ChangeHistory history />
        }
        .into_any(),
    }
}

fn field_row(
    portal: Portal,
    form: ContactForm,
    i: usize,
    field: &'static str,
    server_errors: RwSignal<Vec<FieldError>>,
    edited: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let value = form.fields[i];
    let (kind, autocomplete, optional) = input_kind(field);
    let id = format!("contact-{field}");
    let error_id = format!("contact-{field}-error");
    let hint_id = format!("contact-{field}-hint");
    let hint = match field {
        "phone" => Some(Key::PhoneHint),
        "country" => Some(Key::CountryHint),
        _ => None,
    };
    // The shared rule first; what the server refused stays shown until the field is edited.
    let error = move || {
        value
            .with(|v| ContactDetails::check_value(field, v, ""))
            .or_else(|| {
                server_errors.with(|errs| errs.iter().find(|e| e.field == field).map(|e| e.code))
            })
    };
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                {move || field_label(portal.locale.get(), field).to_string()}
            </label>
            <input
                id=id.clone()
                data-testid=id
                type=kind
                autocomplete=autocomplete
                required=!optional
                maxlength=if field == "country" { Some("2") } else { None }
                node_ref=form.inputs[i]
                prop:value=move || value.get()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described_by
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if server_errors.with_untracked(|e| e.iter().any(|e| e.field == field)) {
                        server_errors.update(|e| e.retain(|e| e.field != field));
                    }
                    edited();
                }
            />
            {hint.map(|k| view! { <p class="hint" id=hint_id>{move || portal.t(k)}</p> })}
            {move || {
                error()
                    .map(|code| {
                        view! {
                            <p class="field-error" id=error_id.clone() data-testid=error_id.clone()>
                                {move || code.message(portal.locale.get())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Who changed which contact fields, and when (never the values).
#[component]
fn ChangeHistory(history: RwSignal<Vec<ContactChange>>) -> impl IntoView {
    let portal = use_portal();
    move || {
        let l = portal.locale.get();
        let me = portal.me();
        let rows = history.get();
        let body = if rows.is_empty() {
            view! { <p>{t(l, Key::NoChangesYet)}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(l, Key::When)}</th>
                            <th scope="col">{t(l, Key::ChangedBy)}</th>
                            <th scope="col">{t(l, Key::Fields)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|c| {
                                let fields = c
                                    .fields
                                    .iter()
                                    .map(|f| field_label(l, f))
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                view! {
                                    <tr data-testid="contact-history-row">
                                        <td>{browser::when(l, c.at)}</td>
                                        <td>{actor_label(l, &c.actor, &me)}</td>
                                        <td>{fields}</td>
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
            <section class="history" data-testid="contact-history">
                <h3>{t(l, Key::ChangeHistory)}</h3>
                {body}
            </section>
        }
    }
}
