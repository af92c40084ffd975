//! "Contact details": correcting them (GDPR art. 16) with the shared validation as the
//! person types, a version check so no one's change is silently overwritten, and the
//! history of who changed which fields.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{
    AccountDetails, AccountUpdate, AccountView, ContactChange, ContactDetails, ContactUpdate,
    ContactView,
};
use portal_domain::{ErrorCode, FieldError, Locale};
use web_sys::SubmitEvent;

use crate::browser;
use crate::contact_form::{TEXT_FIELDS, input_kind, phone_hint, shown_value};
use crate::countries::country_options;
use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::{Key, actor_label, field_label, fill, t};
use crate::portal::{Portal, use_portal};
use crate::ui::{ErrorAlert, Remote, Spinner};

/// The form's working copy: one signal per field, so typing in one re-renders only it.
#[derive(Clone, Copy)]
struct ContactForm {
    fields: [RwSignal<String>; 8],
    language: RwSignal<Locale>,
    inputs: [NodeRef<html::Input>; 8],
    country_select: NodeRef<html::Select>,
    /// The fields the billing system keeps for this person: the others are not shown
    /// (a login that is not the account's owner has no address of its own).
    kept: RwSignal<Vec<String>>,
    /// The fields shown read-only: the person's own login, while an admin acts for them.
    locked: RwSignal<Vec<String>>,
}

impl ContactForm {
    fn new() -> Self {
        ContactForm {
            fields: std::array::from_fn(|_| RwSignal::new(String::new())),
            language: RwSignal::new(Locale::default()),
            inputs: std::array::from_fn(|_| NodeRef::new()),
            country_select: NodeRef::new(),
            kept: RwSignal::new(ContactDetails::FIELDS.map(String::from).to_vec()),
            locked: RwSignal::new(Vec::new()),
        }
    }

    fn locks(&self, field: &str) -> bool {
        self.locked.with(|k| k.iter().any(|f| f == field))
    }

    fn keeps(&self, field: &str) -> bool {
        self.kept.with(|k| k.iter().any(|f| f == field))
    }

    fn signal(&self, field: &str) -> RwSignal<String> {
        let i = TEXT_FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        self.fields[i]
    }

    fn details_untracked(&self) -> ContactDetails {
        let mut d = ContactDetails {
            language: self.language.get_untracked(),
            ..ContactDetails::default()
        };
        for (field, sig) in TEXT_FIELDS.iter().zip(self.fields) {
            d.set_text(field, sig.get_untracked());
        }
        d
    }

    fn set(&self, d: &ContactDetails) {
        for (field, sig) in TEXT_FIELDS.iter().zip(self.fields) {
            sig.set(shown_value(d, field));
        }
        self.language.set(d.language);
    }

    /// Why `field` would be refused now; the phone is read in the chosen country.
    fn error(&self, field: &str) -> Option<portal_domain::ValidationCode> {
        if !self.keeps(field) || self.locks(field) {
            return None;
        }
        let country = self.signal("country");
        self.signal(field).with(|v| {
            if field == "phone" {
                country.with(|c| ContactDetails::check_value(field, v, c))
            } else {
                ContactDetails::check_value(field, v, "")
            }
        })
    }

    fn is_valid(&self) -> bool {
        TEXT_FIELDS.iter().all(|f| self.error(f).is_none())
    }

    fn focus(&self, field: &str) {
        if field == "country" {
            if let Some(select) = self.country_select.get_untracked() {
                _ = select.focus();
            }
        } else if let Some(i) = TEXT_FIELDS.iter().position(|f| *f == field)
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
    let holds_account = RwSignal::new(false);
    let host_locked = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());

    let apply = move |v: ContactView| {
        form.set(&v.details);
        form.kept.set(v.fields);
        // Someone else's login is theirs to change: read-only while acting for them.
        let mut locked = if portal.other_name().is_some() {
            v.login_fields
        } else {
            Vec::new()
        };
        host_locked.set(!v.locked_fields.is_empty());
        locked.extend(v.locked_fields);
        form.locked.set(locked);
        version.set(v.version);
        personnummer.set(v.personnummer_masked);
        history.set(v.changes);
        holds_account.set(v.holds_account);
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
        let kept = form.kept.get_untracked();
        let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
        let details = match form.details_untracked().validate_kept(&kept) {
            Ok(d) => d,
            Err(_) => {
                if let Some(field) = TEXT_FIELDS.iter().find(|f| form.error(f).is_some()) {
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
                {move || {
                    (portal.other_name().is_some() && form.locked.with(|l| !l.is_empty()))
                        .then(|| {
                            view! {
                                <p class="form-note" data-testid="contact-login-readonly">
                                    {move || portal.t(Key::LoginFieldsReadOnly)}
                                </p>
                            }
                        })
                }}
                {move || {
                    host_locked
                        .get()
                        .then(|| {
                            view! {
                                <p class="form-note" data-testid="contact-host-locked">
                                    {move || portal.t(Key::HostLockedFields)}
                                </p>
                            }
                        })
                }}
                {TEXT_FIELDS
                    .iter()
                    .enumerate()
                    .map(|(i, field)| {
                        move || {
                            form.keeps(field)
                                .then(|| field_row(portal, form, i, field, server_errors, edited))
                        }
                    })
                    .collect_view()}
                <div class="field" hidden=move || !form.keeps("language")>
                    <label for="contact-language">{move || portal.t(Key::ContactLanguage)}</label>
                    <select
                        id="contact-language"
                        data-testid="contact-language"
                        aria-describedby="contact-language-hint"
                        prop:value=move || form.language.get().code()
                        disabled=move || form.locks("language")
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
                    <p class="hint" id="contact-language-hint">
                        {move || portal.t(Key::ContactLanguageHint)}
                    </p>
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
            {move || holds_account.get().then(|| view! { <AccountPanel /> })}
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
    let country = form.signal("country");
    let (kind, autocomplete, optional) = input_kind(field);
    let id = format!("contact-{field}");
    let error_id = format!("contact-{field}-error");
    let hint_id = format!("contact-{field}-hint");
    let has_hint = field == "phone";
    // The shared rule first; what the server refused stays shown until the field is edited.
    let error = move || {
        form.error(field).or_else(|| {
            server_errors.with(|errs| errs.iter().find(|e| e.field == field).map(|e| e.code))
        })
    };
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_edit = move |text: String| {
        value.set(text);
        if server_errors.with_untracked(|e| e.iter().any(|e| e.field == field)) {
            server_errors.update(|e| e.retain(|e| e.field != field));
        }
        edited();
    };
    let control = if kind == "select" {
        // Country names in the reader's language; the value kept is the ISO code.
        view! {
            <select
                id=id.clone()
                data-testid=id.clone()
                autocomplete=autocomplete
                required=!optional
                node_ref=form.country_select
                prop:value=move || value.get()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described_by
                on:change=move |ev| on_edit(event_target_value(&ev))
            >
                {move || {
                    let l = portal.locale.get();
                    let current = value.get_untracked();
                    let empty = current.trim().is_empty().then(|| {
                        view! { <option value="">{t(l, Key::ChooseCountry)}</option> }
                    });
                    let options = country_options(l, &current)
                        .into_iter()
                        .map(|(code, name)| {
                            let selected = code.eq_ignore_ascii_case(current.trim());
                            view! { <option value=code selected=selected>{name}</option> }
                        })
                        .collect_view();
                    view! {
                        {empty}
                        {options}
                    }
                }}
            </select>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                data-testid=id.clone()
                type=kind
                autocomplete=autocomplete
                required=!optional
                node_ref=form.inputs[i]
                readonly=move || form.locks(field)
                prop:value=move || value.get()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described_by
                on:input=move |ev| on_edit(event_target_value(&ev))
            />
        }
        .into_any()
    };
    // How a number may be written follows the chosen country.
    let hint = has_hint.then(|| {
        let hint_text = move || {
            let l = portal.locale.get();
            match country.with(|c| phone_hint(c)) {
                // A number is not broken across lines.
                Some((national, international)) => fill(
                    t(l, Key::PhoneHintNational),
                    &[
                        &national.replace(' ', "\u{a0}"),
                        &international.replace(' ', "\u{a0}"),
                    ],
                ),
                None => t(l, Key::PhoneHint).to_string(),
            }
        };
        view! { <p class="hint" id=hint_id data-testid="contact-phone-hint">{hint_text}</p> }
    });
    view! {
        <div class="field">
            <label for=id>
                {move || field_label(portal.locale.get(), field).to_string()}
            </label>
            {control}
            {hint}
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
    let other = portal.other_name();
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
                                        <td data-label=t(l, Key::When)>{browser::when(l, c.at)}</td>
                                        <td data-label=t(l, Key::ChangedBy)>
                                            {actor_label(l, &c.actor, &me, other.as_deref())}
                                        </td>
                                        <td data-label=t(l, Key::Fields)>{fields}</td>
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

/// The account's own details (WHMCS: the client), apart from the login above: shown to
/// the account's holder alone, with the same rules as they type and the same version
/// check as the contact details.
#[component]
pub fn AccountPanel() -> impl IntoView {
    let portal = use_portal();
    let loaded = RwSignal::new(Remote::<()>::Loading);
    let fields: [RwSignal<String>; 10] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let inputs: [NodeRef<html::Input>; 10] = std::array::from_fn(|_| NodeRef::new());
    let version = RwSignal::new(0i64);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    // Fields the host lets only its customer service change.
    let locked = RwSignal::new(Vec::<String>::new());
    let at = |field: &str| {
        AccountDetails::FIELDS
            .iter()
            .position(|f| *f == field)
            .unwrap_or(0)
    };
    let country = fields[at("country")];
    let error = move |field: &'static str| {
        let v = fields[at(field)];
        v.with(|v| country.with(|c| AccountDetails::check_value(field, v, c)))
            .or_else(|| {
                server_errors.with(|errs| errs.iter().find(|e| e.field == field).map(|e| e.code))
            })
    };
    let apply = move |v: AccountView| {
        for (field, sig) in AccountDetails::FIELDS.iter().zip(fields) {
            sig.set(if *field == "phone" {
                portal_domain::format_phone(&v.details.phone)
            } else {
                v.details.text(field).to_string()
            });
        }
        version.set(v.version);
        locked.set(v.locked_fields);
    };
    let fetch = move || {
        spawn_local(async move {
            let outcome = http::get::<AccountView>(portal, portal.api("/account")).await;
            loaded.set(outcome.map(apply).into());
        });
    };
    fetch();
    let reload_current = move |_| {
        spawn_local(async move {
            match http::get::<AccountView>(portal, portal.api("/account")).await {
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
        let mut details = AccountDetails::default();
        for (field, sig) in AccountDetails::FIELDS.iter().zip(fields) {
            details.set_text(field, sig.get_untracked());
        }
        let details = match details.validate() {
            Ok(d) => d,
            Err(errors) => {
                if let Some(first) = errors.first()
                    && let Some(input) = inputs[at(&first.field)].get_untracked()
                {
                    _ = input.focus();
                }
                return;
            }
        };
        let update = AccountUpdate {
            version: version.get_untracked(),
            details,
        };
        saving.set(true);
        saved.set(false);
        failure.set(None);
        server_errors.set(Vec::new());
        spawn_local(async move {
            match http::put::<_, AccountView>(portal, portal.api("/account"), &update).await {
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
    let valid = move || AccountDetails::FIELDS.iter().all(|f| error(f).is_none());
    let row = move |field: &'static str| {
        let i = at(field);
        let value = fields[i];
        let id = format!("account-{field}");
        let error_id = format!("account-{field}-error");
        let (kind, autocomplete, optional) = match field {
            "address2" => ("text", "address-line2", true),
            "state" => ("text", "address-level1", true),
            "name" => ("text", "billing name", false),
            "email" => ("email", "billing email", false),
            other => input_kind(other),
        };
        let on_edit = move |text: String| {
            value.set(text);
            saved.set(false);
            server_errors.update(|e| e.retain(|e| e.field != field));
        };
        let control = if kind == "select" {
            view! {
                <select
                    id=id.clone()
                    data-testid=id.clone()
                    autocomplete="billing country"
                    required=true
                    disabled=move || locked.with(|l| l.iter().any(|f| f == field))
                    prop:value=move || value.get()
                    aria-invalid=move || error(field).is_some().to_string()
                    aria-describedby=move || error(field).map(|_| error_id.clone())
                    on:change=move |ev| on_edit(event_target_value(&ev))
                >
                    {move || {
                        let l = portal.locale.get();
                        let current = value.get_untracked();
                        let empty = current.trim().is_empty().then(|| {
                            view! { <option value="">{t(l, Key::ChooseCountry)}</option> }
                        });
                        let options = country_options(l, &current)
                            .into_iter()
                            .map(|(code, name)| {
                                let selected = code.eq_ignore_ascii_case(current.trim());
                                view! { <option value=code selected=selected>{name}</option> }
                            })
                            .collect_view();
                        view! {
                            {empty}
                            {options}
                        }
                    }}
                </select>
            }
            .into_any()
        } else {
            let error_id = error_id.clone();
            view! {
                <input
                    id=id.clone()
                    data-testid=id.clone()
                    type=kind
                    autocomplete=autocomplete
                    required=!optional
                    node_ref=inputs[i]
                    readonly=move || locked.with(|l| l.iter().any(|f| f == field))
                    prop:value=move || value.get()
                    aria-invalid=move || error(field).is_some().to_string()
                    aria-describedby=move || error(field).map(|_| error_id.clone())
                    on:input=move |ev| on_edit(event_target_value(&ev))
                />
            }
            .into_any()
        };
        let error_id = format!("account-{field}-error");
        view! {
            <div class="field">
                <label for=id>{move || field_label(portal.locale.get(), field).to_string()}</label>
                {control}
                {move || {
                    error(field)
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
    };
    view! {
        <section class="account-details" data-testid="account-details" aria-labelledby="account-details-title">
            <h3 id="account-details-title">{move || portal.t(Key::AccountDetailsTitle)}</h3>
            {move || match loaded.get() {
                Remote::Loading => view! { <Spinner /> }.into_any(),
                Remote::Failed(f) => view! {
                    <ErrorAlert failure=f testid="account-error" retry=Callback::new(move |_| fetch()) />
                }
                .into_any(),
                Remote::Ready(()) => view! {
                    <p class="intro">{move || portal.t(Key::AccountDetailsIntro)}</p>
                    {move || {
                        conflict
                            .get()
                            .then(|| {
                                view! {
                                    <div class="alert alert-warning" role="alert" data-testid="account-conflict">
                                        <p>{move || portal.t(Key::ContactConflict)}</p>
                                        <button
                                            type="button"
                                            class="button"
                                            data-testid="account-reload"
                                            on:click=reload_current
                                        >
                                            {move || portal.t(Key::ShowCurrentDetails)}
                                        </button>
                                    </div>
                                }
                            })
                    }}
                    <form class="form" novalidate on:submit=save>
                        {move || {
                            locked
                                .with(|l| !l.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="form-note" data-testid="account-host-locked">
                                            {move || portal.t(Key::HostLockedFields)}
                                        </p>
                                    }
                                })
                        }}
                        {AccountDetails::FIELDS.map(row).collect_view()}
                        <div class="actions">
                            <button
                                type="submit"
                                class="button button-primary"
                                data-testid="account-save"
                                disabled=move || !valid()
                            >
                                {move || portal.t(if saving.get() { Key::Saving } else { Key::AccountSave })}
                            </button>
                        </div>
                        <div aria-live="polite">
                            {move || {
                                saved
                                    .get()
                                    .then(|| {
                                        view! {
                                            <p class="alert alert-success" data-testid="account-saved">
                                                {move || portal.t(Key::Saved)}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                        {move || {
                            failure
                                .get()
                                .map(|f| view! { <ErrorAlert failure=f testid="account-save-error" /> })
                        }}
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}
