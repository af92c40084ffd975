//! Filing a restriction request (GDPR art. 18): first the warning that services may pause
//! while processing is restricted, acknowledged explicitly, then what is contested and why.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::api::{NewRestrictionRequest, REQUEST_TEXT_MAX, RequestKind, RequestView};
use portal_domain::{ErrorCode, FieldError};
use web_sys::SubmitEvent;

use crate::failure::ApiFailure;
use crate::http;
use crate::i18n::Key;
use crate::portal::use_portal;
use crate::ui::ErrorAlert;
use crate::views::FlowEnd;

#[component]
pub fn RestrictionFlow(done: Callback<FlowEnd>) -> impl IntoView {
    let portal = use_portal();
    let acknowledged = RwSignal::new(false);
    let contested = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let filing = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    // The start button is gone once the flow opens: the focus goes to its heading.
    let heading = NodeRef::<html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            _ = h.focus();
        }
    });

    let file = move |ev: SubmitEvent| {
        ev.prevent_default();
        if filing.get_untracked() {
            return;
        }
        let request = NewRestrictionRequest {
            contested: contested.get_untracked(),
            reason: reason.get_untracked(),
            service_pause_acknowledged: acknowledged.get_untracked(),
        };
        let body = match request.validate() {
            Ok(b) => b,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        errors.set(Vec::new());
        failure.set(None);
        filing.set(true);
        spawn_local(async move {
            let outcome =
                http::post::<_, RequestView>(portal, portal.api("/requests/restriction"), &body)
                    .await;
            filing.set(false);
            match outcome {
                Ok(r) => done.run(FlowEnd::Filed(Box::new(r))),
                Err(f) if f.code() == Some(ErrorCode::DuplicateRequest) => {
                    let existing = f.existing_id().map(str::to_string);
                    done.run(FlowEnd::Duplicate(RequestKind::Restriction, existing));
                }
                Err(f) => {
                    errors.set(f.field_errors().to_vec());
                    failure.set(Some(f));
                }
            }
        });
    };
    let error_of = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| e.code.message(portal.locale.get()))
            })
        }
    };
    let clear = move |field: &'static str| {
        if errors.with_untracked(|e| e.iter().any(|e| e.field == field)) {
            errors.update(|e| e.retain(|e| e.field != field));
        }
    };
    let text_field = move |field: &'static str, label: Key, value: RwSignal<String>| {
        let id = format!("restriction-{field}");
        let error_id = format!("restriction-{field}-error");
        let error = error_of(field);
        view! {
            <div class="field">
                <label for=id.clone()>{move || portal.t(label)}</label>
                <textarea
                    id=id.clone()
                    data-testid=id
                    rows="3"
                    required
                    maxlength=REQUEST_TEXT_MAX.to_string()
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        clear(field);
                    }
                ></textarea>
                <p class="field-error" id=error_id.clone() data-testid=error_id>
                    {error}
                </p>
            </div>
        }
    };
    let ack_error = error_of("service_pause_acknowledged");

    view! {
        <section class="flow" data-testid="restriction-flow">
            <h3 tabindex="-1" node_ref=heading data-testid="restriction-heading">
                {move || portal.t(Key::RequestRestriction)}
            </h3>
            <div class="alert alert-warning" role="note" data-testid="restriction-warning">
                <h4>{move || portal.t(Key::RestrictionWarningTitle)}</h4>
                <p>{move || portal.t(Key::RestrictionWarning)}</p>
            </div>
            <form class="form" novalidate on:submit=file>
                <div class="check">
                    <input
                        type="checkbox"
                        id="restriction-ack"
                        data-testid="restriction-ack"
                        required
                        aria-describedby="restriction-ack-error"
                        aria-invalid=move || ack_error().is_some().to_string()
                        prop:checked=move || acknowledged.get()
                        on:change=move |ev| {
                            acknowledged.set(event_target_checked(&ev));
                            clear("service_pause_acknowledged");
                        }
                    />
                    <label for="restriction-ack">
                        {move || portal.t(Key::RestrictionAcknowledge)}
                    </label>
                </div>
                <p class="field-error" id="restriction-ack-error" data-testid="restriction-ack-error">
                    {ack_error}
                </p>
                {text_field("contested", Key::Contested, contested)}
                {text_field("reason", Key::Reason, reason)}
                {move || {
                    failure.get().map(|f| view! { <ErrorAlert failure=f testid="restriction-error" /> })
                }}
                <div class="actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="restriction-cancel"
                        on:click=move |_| done.run(FlowEnd::Cancelled)
                    >
                        {move || portal.t(Key::Cancel)}
                    </button>
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="restriction-file"
                        disabled=move || filing.get()
                    >
                        {move || portal.t(if filing.get() { Key::Filing } else { Key::FileRequest })}
                    </button>
                </div>
            </form>
        </section>
    }
}
