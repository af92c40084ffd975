//! Small facts and acts only the browser has: the reader's time zone and today's date,
//! reloading the page, handing a file to the browser's download, and the one choice the
//! widget remembers between visits (its display language).

use js_sys::Date as JsDate;
use portal_domain::Locale;
use time::{Date, Month, OffsetDateTime};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, HtmlAnchorElement, Url};

use crate::format;

/// Minutes east of UTC in the reader's time zone at the moment `at`.
pub fn offset_minutes_at(at: OffsetDateTime) -> i32 {
    let millis = (at.unix_timestamp_nanos() / 1_000_000) as f64;
    // getTimezoneOffset counts minutes *behind* UTC.
    -(JsDate::new(&JsValue::from_f64(millis)).get_timezone_offset() as i32)
}

/// A moment as the reader's clock shows it, in their language.
pub fn when(locale: Locale, at: OffsetDateTime) -> String {
    format::date_time(locale, at, offset_minutes_at(at))
}

/// The calendar day of a moment in the reader's time zone.
pub fn local_date(at: OffsetDateTime) -> Date {
    time::UtcOffset::from_whole_seconds(offset_minutes_at(at).saturating_mul(60))
        .map(|o| at.to_offset(o).date())
        .unwrap_or(at.date())
}

/// Today in the reader's time zone.
pub fn today() -> Date {
    let now = JsDate::new_0();
    let month = Month::try_from(now.get_month() as u8 + 1).unwrap_or(Month::January);
    Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(Date::MIN)
}

/// Where the display language is remembered: the host page's storage, so the key is the
/// widget's own. Nothing else is stored, and never anything about the person.
const DISPLAY_LOCALE_KEY: &str = "privacy-portal.display-locale";

fn storage() -> Option<web_sys::Storage> {
    // Storage may be switched off or refused (private windows, sandboxed frames).
    web_sys::window()?.local_storage().ok().flatten()
}

/// The display language the person chose on an earlier visit.
pub fn remembered_locale() -> Option<Locale> {
    storage()?
        .get_item(DISPLAY_LOCALE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Locale::parse(&code))
}

pub fn remember_locale(locale: Locale) {
    if let Some(s) = storage() {
        _ = s.set_item(DISPLAY_LOCALE_KEY, locale.code());
    }
}

pub fn reload_page() {
    if let Some(w) = web_sys::window() {
        _ = w.location().reload();
    }
}

/// Offers `blob` to the browser as a file called `file_name`.
pub fn save_file(blob: &Blob, file_name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    // Revoking at once can cancel the save in some browsers; a minute is plenty.
    leptos::prelude::set_timeout(
        move || _ = Url::revoke_object_url(&url),
        std::time::Duration::from_secs(60),
    );
}

/// `s` made safe as one segment of an API path (an id, a purpose key) or a query value.
pub fn uri_component(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}
