//! The three languages the portal speaks, and operator texts given in each of them.

use serde::{Deserialize, Serialize};

/// A language the portal speaks: Norwegian bokmål, Swedish or English.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Nb,
    Sv,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Nb, Locale::Sv, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::Sv => "sv",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nb" | "no" | "nn" => Some(Locale::Nb),
            "sv" => Some(Locale::Sv),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Nb => "Norsk bokmål",
            Locale::Sv => "Svenska",
            Locale::En => "English",
        }
    }
}

/// A text the operator words in each language (purpose names, retention rules…).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    pub nb: String,
    pub sv: String,
    pub en: String,
}

impl LocalizedText {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Nb => &self.nb,
            Locale::Sv => &self.sv,
            Locale::En => &self.en,
        }
    }

    /// The same text in all three languages (for values that are not words, e.g. names).
    pub fn same(text: &str) -> Self {
        LocalizedText {
            nb: text.into(),
            sv: text.into(),
            en: text.into(),
        }
    }

    pub fn is_complete(&self) -> bool {
        Locale::ALL.iter().all(|l| !self.get(*l).trim().is_empty())
    }
}
