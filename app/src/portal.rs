//! The widget's shared state, handed to every view through Leptos context: the language,
//! the session (held in memory only, never in storage or cookies) and where the API is.

use leptos::prelude::*;
use portal_domain::Locale;
use portal_domain::api::{AccountPerson, SessionInfo};

use crate::i18n::{self, Key, about};

#[derive(Clone, Copy)]
pub struct Portal {
    pub locale: RwSignal<Locale>,
    /// The session from `POST /api/session`; it lives as long as this page view.
    pub session: RwSignal<Option<SessionInfo>>,
    /// Set once the API says the session is over (idle timeout, hard end).
    pub ended: RwSignal<bool>,
    /// The API's origin, without a trailing slash.
    pub api_base: StoredValue<String>,
    /// The employee a company admin is acting for; `None` while acting for themself.
    pub acting_for: RwSignal<Option<AccountPerson>>,
    /// Where the language files are: `{texts_base}{code}.json`.
    pub texts_base: StoredValue<String>,
    /// The language last asked for, which may still be on its way.
    wanted_locale: StoredValue<Locale>,
}

impl Portal {
    pub fn new(locale: Locale, api_base: &str, texts_base: &str) -> Self {
        Portal {
            locale: RwSignal::new(locale),
            texts_base: StoredValue::new(texts_base.to_string()),
            wanted_locale: StoredValue::new(locale),
            session: RwSignal::new(None),
            ended: RwSignal::new(false),
            api_base: StoredValue::new(api_base.trim_end_matches('/').to_string()),
            acting_for: RwSignal::new(None),
        }
    }

    /// Shows the widget in `locale`: at once when its texts are here, else once its
    /// language file has come. Should that fail, the widget stays in the language it shows.
    pub fn show_in(self, locale: Locale) {
        self.wanted_locale.set_value(locale);
        if i18n::installed(locale) {
            self.locale.set(locale);
            return;
        }
        let url = format!("{}{}.json", self.texts_base.get_value(), locale.code());
        leptos::task::spawn_local(async move {
            let fetched = crate::http::get_file(&url).await;
            if self.wanted_locale.try_get_value() != Some(locale) {
                return; // another language was chosen meanwhile
            }
            match fetched
                .ok()
                .filter(|file| i18n::install(locale, file).is_ok())
            {
                Some(_) => _ = self.locale.try_set(locale),
                // The language picker goes back to the language shown.
                None => _ = self.locale.try_update(|_| {}),
            }
        });
    }

    /// A text in the current language, about the person the views show (by name while an
    /// admin acts for someone else); inside a view this re-renders when either changes.
    pub fn t(&self, key: Key) -> String {
        let locale = self.locale.get();
        self.acting_for
            .with(|p| about(locale, key, p.as_ref().map(|p| p.name.as_str())).into_owned())
    }

    /// The name of the person an admin acts for; `None` while the views show the reader.
    pub fn other_name(&self) -> Option<String> {
        self.acting_for
            .with_untracked(|p| p.as_ref().map(|p| p.name.clone()))
    }

    /// The signed-in person's id (for telling "you" apart from others in histories).
    pub fn me(&self) -> String {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.person.id.clone()))
            .unwrap_or_default()
    }

    /// The path of a self-service endpoint for the person the views are showing:
    /// `/api/me{rest}` for oneself, `/api/people/{id}{rest}` when an admin acts for someone.
    pub fn api(&self, rest: &str) -> String {
        match self
            .acting_for
            .with_untracked(|p| p.as_ref().map(|p| p.id.clone()))
        {
            Some(id) => format!("/api/people/{}{rest}", crate::browser::uri_component(&id)),
            None => format!("/api/me{rest}"),
        }
    }

    /// The id of the person the views are showing (oneself, or whom an admin acts for).
    pub fn subject_id(&self) -> String {
        self.acting_for
            .with_untracked(|p| p.as_ref().map(|p| p.id.clone()))
            .unwrap_or_else(|| self.me())
    }

    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.session_token.clone()))
    }
}

pub fn use_portal() -> Portal {
    expect_context::<Portal>()
}
