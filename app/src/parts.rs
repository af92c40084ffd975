//! The parts of the widget a first visit does not need. Each is split off into its own
//! wasm file by the build and fetched the first time it is opened, so a customer's first
//! load is the frame and the overview only. Off the browser (host builds and tests) a part
//! is an ordinary function call.
//!
//! A part that fails to load (offline, a proxy refusing the file) shows an error with a
//! retry in its place; the rest of the widget keeps working, and the retry fetches again.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use portal_domain::api::DataCategory;

use crate::i18n::Key;
use crate::portal::use_portal;
use crate::ui::Spinner;
use crate::views::{
    contact::ContactPanel, export::ExportPanel, newsletter::NewsletterPanel, people::PeoplePicker,
    purposes::PurposesPanel, records::CategoryRecordsView, requests::RequestsPanel,
    support::SupportConsole,
};

/// A part's file could not be fetched or instantiated.
pub struct PartFailed;

impl From<SplitLoaderError> for PartFailed {
    fn from(_: SplitLoaderError) -> Self {
        PartFailed
    }
}

type Loaded = Pin<Box<dyn Future<Output = Result<ViewFn, PartFailed>>>>;

/// The parts, by the element they fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Export,
    Contact,
    Newsletter,
    Purposes,
    Requests,
    PeoplePicker,
    SupportConsole,
    /// The records of one category, opened from the overview.
    Records(DataCategory),
}

impl Part {
    fn load(self) -> Loaded {
        match self {
            Part::Export => Box::pin(export()),
            Part::Contact => Box::pin(contact()),
            Part::Newsletter => Box::pin(newsletter()),
            Part::Purposes => Box::pin(purposes()),
            Part::Requests => Box::pin(requests()),
            Part::PeoplePicker => Box::pin(people_picker()),
            Part::SupportConsole => Box::pin(support_console()),
            Part::Records(category) => Box::pin(records(category)),
        }
    }
}

// One split point per part: the function and everything only it reaches go into the
// part's file. The functions return the view's constructor, not the view, so the view is
// built (and owned) where it is shown.

#[wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
fn export() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <ExportPanel /> }))
}

#[wasm_split(contact, wasm_split_path = ::leptos::wasm_split, fallible)]
fn contact() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <ContactPanel /> }))
}

#[wasm_split(newsletter, wasm_split_path = ::leptos::wasm_split, fallible)]
fn newsletter() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <NewsletterPanel /> }))
}

#[wasm_split(purposes, wasm_split_path = ::leptos::wasm_split, fallible)]
fn purposes() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <PurposesPanel /> }))
}

#[wasm_split(requests, wasm_split_path = ::leptos::wasm_split, fallible)]
fn requests() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <RequestsPanel /> }))
}

#[wasm_split(people, wasm_split_path = ::leptos::wasm_split, fallible)]
fn people_picker() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <PeoplePicker /> }))
}

#[wasm_split(support, wasm_split_path = ::leptos::wasm_split, fallible)]
fn support_console() -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(|| view! { <SupportConsole /> }))
}

#[wasm_split(records, wasm_split_path = ::leptos::wasm_split, fallible)]
fn records(category: DataCategory) -> Result<ViewFn, PartFailed> {
    Ok(ViewFn::from(
        move || view! { <CategoryRecordsView category /> },
    ))
}

/// A part in place: a loading state while its file comes, then the part; or an error with a
/// retry when the file could not be loaded.
#[component]
pub fn LazyPart(part: Part) -> impl IntoView {
    let portal = use_portal();
    // None while loading; Some(None) when the load failed.
    let state = RwSignal::new(None::<Option<ViewFn>>);
    let start = move || {
        state.set(None);
        spawn_local(async move {
            let loaded = part.load().await.ok();
            // The place may be gone by now; then there is nothing to show.
            _ = state.try_set(Some(loaded));
        });
    };
    start();
    move || match state.get() {
        None => view! { <Spinner /> }.into_any(),
        Some(Some(view)) => view.run(),
        Some(None) => view! {
            <div class="alert alert-error" role="alert" data-testid="part-error">
                <p>{move || portal.t(Key::PartFailed)}</p>
                <button type="button" class="button" on:click=move |_| start()>
                    {move || portal.t(Key::Retry)}
                </button>
            </div>
        }
        .into_any(),
    }
}
