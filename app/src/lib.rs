//! The privacy portal's browser widget: a Leptos app that a hosting company's client area
//! embeds as `<privacy-portal launch-token="…" api="…" locale="nb">`. The loader script
//! (`privacy-portal.js`) attaches a shadow root and calls [`mount_portal`]; everything the
//! person sees and does in the portal happens inside it.
//!
//! Plain logic (texts, formatting, error mapping, the contact form's fields) lives in
//! modules that compile and are tested on the host; the rest needs a browser.

pub mod contact_form;
pub mod countries;
pub mod failure;
pub mod format;
pub mod i18n;
pub mod json;

mod app;
mod browser;
mod http;
mod parts;
mod portal;
mod ui;
mod views;

use std::any::Any;

use leptos::prelude::*;
use portal_domain::Locale;
use wasm_bindgen::prelude::*;

/// A mounted widget. Unmounting removes it from the page and ends its session.
#[wasm_bindgen]
pub struct MountedPortal {
    handle: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl MountedPortal {
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Mounts the portal into `target` (an element inside the host's shadow root). The launch
/// token is the host's single-use proof of who the person is; `api_base` is the API's
/// origin; `locale` is the language to start in until the session names one, and `texts`
/// its language file, fetched by the loader beside the wasm. `texts_base` is where the
/// other languages' files are (`{texts_base}{code}.json`), fetched when first chosen.
#[wasm_bindgen]
pub fn mount_portal(
    target: web_sys::HtmlElement,
    launch_token: String,
    api_base: String,
    locale: String,
    texts: String,
    texts_base: String,
) -> MountedPortal {
    console_error_panic_hook::set_once();
    let locale = Locale::parse(&locale).unwrap_or_default();
    if i18n::install(locale, &texts).is_err() {
        web_sys::console::error_1(
            &"privacy-portal: the language file does not fit this build".into(),
        );
    }
    let handle = leptos::mount::mount_to(target, move || {
        view! { <app::PortalApp launch_token locale api_base texts_base /> }
    });
    MountedPortal {
        handle: Some(Box::new(handle)),
    }
}
