//! The operator's configuration: who the controller is, where to complain, which purposes
//! the company processes data for and on which legal basis, who receives the data, and
//! the retention rules. Each hosting company words these differently, so they live in a
//! TOML file, not in code. An invalid file stops start-up with a message naming the key.

use std::collections::BTreeMap;
use std::path::Path;

use portal_domain::api::{
    CategoryOverview, ControllerInfo, DataCategory, LegalBasis, PurposeSummary, RecipientInfo,
    SupervisoryAuthority,
};
use portal_domain::{CountryCode, Email, LocalizedText};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum OperatorConfigError {
    #[error("cannot read operator configuration {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("operator configuration {path}: {message}")]
    Parse { path: String, message: String },
    #[error("operator configuration {path}: `{key}`: {message}")]
    Invalid {
        path: String,
        key: String,
        message: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorConfig {
    pub controller: Controller,
    pub supervisory_authority: Authority,
    /// The supervisory authorities of other countries the operator's customers live in:
    /// a person living there is shown theirs too (GDPR art. 77).
    #[serde(default)]
    pub authorities_abroad: Vec<AuthorityAbroad>,
    pub retention: Retention,
    pub categories: BTreeMap<String, CategoryConfig>,
    pub purposes: Vec<PurposeConfig>,
    #[serde(default)]
    pub recipients: Vec<RecipientConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    pub name: String,
    pub org_number: String,
    pub address: String,
    pub email: String,
    /// ISO 3166-1 alpha-2: decides the bookkeeping rule and the supervisory authority.
    pub country: String,
    /// How the data protection officer is addressed, in each language.
    pub dpo_name: Option<LocalizedText>,
    pub dpo_email: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityAbroad {
    /// ISO 3166-1 alpha-2 of the country whose residents it serves.
    pub country: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Days within which erased data leaves the online systems (seed policies: 30).
    pub erasure_days: u32,
    /// Days within which backups rotate, so erased data leaves them too (seed 003: 180).
    pub backup_days: u32,
    /// Years invoices are kept after the end of their accounting year (NO 5, SE 7).
    pub invoice_years: u32,
    pub invoice_rule: LocalizedText,
    /// Domain registrant data is kept while the domain is registered.
    pub domain_rule: LocalizedText,
    /// Years customer-relationship data is kept after the last service ended.
    pub customer_years_after_last_service: u32,
    pub customer_rule: LocalizedText,
    /// Months after which leads marked "not relevant" are anonymised.
    #[serde(default = "default_lead_months")]
    pub lead_months: u32,
}

fn default_lead_months() -> u32 {
    6
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub retention: LocalizedText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeConfig {
    pub key: String,
    pub legal_basis: LegalBasis,
    /// Whether the person may switch it off. Only consent and legitimate interest allow it,
    /// and consent always does.
    pub can_opt_out: bool,
    /// Data categories processed for this purpose.
    pub categories: Vec<String>,
    pub title: LocalizedText,
    pub description: LocalizedText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientConfig {
    pub key: String,
    /// A name (the same in every language), or one per language for a description such
    /// as "other TLD registries".
    pub name: Name,
    pub country: String,
    pub categories: Vec<String>,
    pub role: LocalizedText,
    /// When it receives a person's data at all; without it, always.
    #[serde(default)]
    pub when: Option<RecipientCondition>,
    /// How support reaches it to pass a change on (an address or a link).
    #[serde(default)]
    pub contact: Option<String>,
}

/// A proper name, or a text in each language.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Name {
    Same(String),
    Localized(LocalizedText),
}

impl Name {
    pub fn text(&self) -> LocalizedText {
        match self {
            Name::Same(s) => LocalizedText::same(s),
            Name::Localized(t) => t.clone(),
        }
    }
}

/// When a recipient gets a person's data. All that are given must hold.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RecipientCondition {
    /// This purpose is active for the person (a consent given, an objection not made).
    pub purpose: Option<String>,
    /// The person has a domain under one of these top-level domains (`no`, `se`).
    #[serde(default)]
    pub domains_under: Vec<String>,
    /// The person has a domain under a top-level domain not among these.
    #[serde(default)]
    pub domains_not_under: Vec<String>,
    /// The person has a service whose product name contains one of these (any case).
    #[serde(default)]
    pub products: Vec<String>,
}

impl OperatorConfig {
    pub fn load(path: &Path) -> Result<Self, OperatorConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| OperatorConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        Self::parse(&text, &shown)
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, OperatorConfigError> {
        let config: OperatorConfig =
            toml::from_str(text).map_err(|e| OperatorConfigError::Parse {
                path: path.into(),
                message: e.to_string(),
            })?;
        config
            .check()
            .map_err(|(key, message)| OperatorConfigError::Invalid {
                path: path.into(),
                key,
                message,
            })?;
        Ok(config)
    }

    /// Rules serde cannot express. Returns the offending key and why.
    fn check(&self) -> Result<(), (String, String)> {
        let fail = |key: String, msg: &str| Err((key, msg.to_string()));
        let c = &self.controller;
        for (key, value) in [
            ("controller.name", &c.name),
            ("controller.org_number", &c.org_number),
            ("controller.address", &c.address),
            (
                "supervisory_authority.name",
                &self.supervisory_authority.name,
            ),
        ] {
            if value.trim().is_empty() {
                return fail(key.into(), "must not be empty");
            }
        }
        if Email::parse(&c.email).is_err() {
            return fail("controller.email".into(), "not a valid e-mail address");
        }
        if Email::parse(&c.dpo_email).is_err() {
            return fail("controller.dpo_email".into(), "not a valid e-mail address");
        }
        if CountryCode::parse(&c.country).is_err() {
            return fail(
                "controller.country".into(),
                "not an ISO 3166-1 alpha-2 country code",
            );
        }
        if let Some(dpo) = &c.dpo_name
            && !dpo.is_complete()
        {
            return fail(
                "controller.dpo_name".into(),
                "needs a text for each of nb, sv and en",
            );
        }
        for (i, a) in self.authorities_abroad.iter().enumerate() {
            let at = |f: &str| format!("authorities_abroad[{i}].{f}");
            if CountryCode::parse(&a.country).is_err() {
                return fail(at("country"), "not an ISO 3166-1 alpha-2 country code");
            }
            if a.name.trim().is_empty() {
                return fail(at("name"), "must not be empty");
            }
            if !a.url.starts_with("https://") {
                return fail(at("url"), "must be an https:// link");
            }
        }
        if !self.supervisory_authority.url.starts_with("https://") {
            return fail(
                "supervisory_authority.url".into(),
                "must be an https:// link",
            );
        }
        let r = &self.retention;
        if r.erasure_days == 0 || r.erasure_days > 30 {
            return fail(
                "retention.erasure_days".into(),
                "must be between 1 and 30 (the one-month deadline)",
            );
        }
        if r.invoice_years == 0 {
            return fail("retention.invoice_years".into(), "must be at least 1");
        }
        // Zero would anonymise a lead the day after it was marked not relevant.
        if r.lead_months == 0 || r.lead_months > 120 {
            return fail("retention.lead_months".into(), "must be between 1 and 120");
        }
        for (key, text) in [
            ("retention.invoice_rule", &r.invoice_rule),
            ("retention.domain_rule", &r.domain_rule),
            ("retention.customer_rule", &r.customer_rule),
        ] {
            if !text.is_complete() {
                return fail(key.into(), "needs a text for each of nb, sv and en");
            }
        }
        for key in self.categories.keys() {
            if DataCategory::parse(key).is_none() {
                return fail(format!("categories.{key}"), "unknown data category");
            }
        }
        for cat in DataCategory::ALL {
            let Some(cc) = self.categories.get(cat.key()) else {
                return fail(
                    format!("categories.{}", cat.key()),
                    "missing: every data category needs its texts",
                );
            };
            for (field, text) in [
                ("title", &cc.title),
                ("description", &cc.description),
                ("retention", &cc.retention),
            ] {
                if !text.is_complete() {
                    return fail(
                        format!("categories.{}.{field}", cat.key()),
                        "needs a text for each of nb, sv and en",
                    );
                }
            }
        }
        if self.purposes.is_empty() {
            return fail("purposes".into(), "at least one purpose is required");
        }
        let mut seen = std::collections::HashSet::new();
        for (i, p) in self.purposes.iter().enumerate() {
            let at = |f: &str| format!("purposes[{i}].{f}");
            if !valid_key(&p.key) {
                return fail(at("key"), "use lower-case letters, digits and _ only");
            }
            if !seen.insert(p.key.as_str()) {
                return fail(at("key"), "duplicate purpose key");
            }
            if p.can_opt_out && !p.legal_basis.allows_opt_out() {
                return fail(
                    at("can_opt_out"),
                    "a purpose on contract or legal obligation cannot be opted out of",
                );
            }
            if p.legal_basis == LegalBasis::Consent && !p.can_opt_out {
                return fail(
                    at("can_opt_out"),
                    "consent can always be withdrawn: must be true",
                );
            }
            if !p.title.is_complete() {
                return fail(at("title"), "needs a text for each of nb, sv and en");
            }
            if !p.description.is_complete() {
                return fail(at("description"), "needs a text for each of nb, sv and en");
            }
            for (j, cat) in p.categories.iter().enumerate() {
                if DataCategory::parse(cat).is_none() {
                    return fail(
                        format!("purposes[{i}].categories[{j}]"),
                        "unknown data category",
                    );
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, rc) in self.recipients.iter().enumerate() {
            if !valid_key(&rc.key) || !seen.insert(rc.key.as_str()) {
                return fail(
                    format!("recipients[{i}].key"),
                    "missing, malformed or duplicate key",
                );
            }
            if !rc.role.is_complete() {
                return fail(
                    format!("recipients[{i}].role"),
                    "needs a text for each of nb, sv and en",
                );
            }
            if !rc.name.text().is_complete() {
                return fail(
                    format!("recipients[{i}].name"),
                    "a name, or a text for each of nb, sv and en",
                );
            }
            if let Some(w) = &rc.when
                && let Some(p) = &w.purpose
                && self.purpose(p).is_none()
            {
                return fail(
                    format!("recipients[{i}].when.purpose"),
                    "no purpose has this key",
                );
            }
            for (j, cat) in rc.categories.iter().enumerate() {
                if DataCategory::parse(cat).is_none() {
                    return fail(
                        format!("recipients[{i}].categories[{j}]"),
                        "unknown data category",
                    );
                }
            }
        }
        Ok(())
    }

    pub fn purpose(&self, key: &str) -> Option<&PurposeConfig> {
        self.purposes.iter().find(|p| p.key == key)
    }

    pub fn controller_info(&self) -> ControllerInfo {
        let c = &self.controller;
        ControllerInfo {
            name: c.name.clone(),
            org_number: c.org_number.clone(),
            address: c.address.clone(),
            email: c.email.clone(),
            country: c.country.to_ascii_uppercase(),
            dpo_name: c.dpo_name.clone(),
            dpo_email: c.dpo_email.clone(),
        }
    }

    pub fn authority(&self) -> SupervisoryAuthority {
        SupervisoryAuthority {
            name: self.supervisory_authority.name.clone(),
            url: self.supervisory_authority.url.clone(),
        }
    }

    /// The authority of `country`, where a person living there may complain too, when it
    /// is another country than the controller's and the configuration names one.
    pub fn local_authority(&self, country: &str) -> Option<SupervisoryAuthority> {
        if country
            .trim()
            .eq_ignore_ascii_case(&self.controller.country)
        {
            return None;
        }
        self.authorities_abroad
            .iter()
            .find(|a| a.country.eq_ignore_ascii_case(country.trim()))
            .map(|a| SupervisoryAuthority {
                name: a.name.clone(),
                url: a.url.clone(),
            })
    }

    pub fn recipient(&self, key: &str) -> Option<&RecipientConfig> {
        self.recipients.iter().find(|r| r.key == key)
    }

    /// A category as the overview and the export describe it; `records` is filled in by
    /// the caller from the data actually held, `recipients` names the recipients that
    /// apply to the person. A category of which nothing is held lists no purposes and no
    /// recipients, as if it held data.
    pub fn category_overview(
        &self,
        category: DataCategory,
        records: u64,
        recipients: &[String],
    ) -> CategoryOverview {
        let cc = &self.categories[category.key()];
        let key = category.key();
        let held = records > 0;
        CategoryOverview {
            category,
            title: cc.title.clone(),
            description: cc.description.clone(),
            records,
            purposes: self
                .purposes
                .iter()
                .filter(|p| held && p.categories.iter().any(|c| c == key))
                .map(|p| PurposeSummary {
                    key: p.key.clone(),
                    title: p.title.clone(),
                    legal_basis: p.legal_basis,
                })
                .collect(),
            recipients: self
                .recipients
                .iter()
                .filter(|r| held && recipients.contains(&r.key))
                .filter(|r| r.categories.iter().any(|c| c == key))
                .map(RecipientConfig::info)
                .collect(),
            retention: cc.retention.clone(),
        }
    }
}

impl RecipientConfig {
    pub fn info(&self) -> RecipientInfo {
        RecipientInfo {
            key: self.key.clone(),
            name: self.name.text(),
            role: self.role.clone(),
            country: self.country.clone(),
            categories: self
                .categories
                .iter()
                .filter_map(|c| DataCategory::parse(c))
                .collect(),
        }
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../config/operator.example.toml");

    #[test]
    fn the_shipped_example_is_valid() {
        let c = OperatorConfig::parse(EXAMPLE, "example").unwrap();
        assert_eq!(c.controller.country, "NO");
        assert!(c.purposes.iter().any(|p| p.can_opt_out));
    }

    fn broken(from: &str, to: &str) -> String {
        assert!(EXAMPLE.contains(from), "example lacks {from:?}");
        let text = EXAMPLE.replacen(from, to, 1);
        OperatorConfig::parse(&text, "x").unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_key() {
        let e = broken(
            "legal_basis = \"contract\"\ncan_opt_out = false",
            "legal_basis = \"contract\"\ncan_opt_out = true",
        );
        assert!(e.contains("purposes[0].can_opt_out"), "{e}");
        let e = broken("country = \"NO\"", "country = \"Norge\"");
        assert!(e.contains("controller.country"), "{e}");
        let e = broken("erasure_days = 30", "erasure_days = 90");
        assert!(e.contains("retention.erasure_days"), "{e}");
        let e = broken("lead_months = 6", "lead_months = 0");
        assert!(e.contains("retention.lead_months"), "{e}");
        let e = broken("erasure_days = 30", "erasure_days = 30\nsurprise = 1");
        assert!(e.contains("surprise"), "{e}");
        let e = broken("legal_basis = \"consent\"", "legal_basis = \"vibes\"");
        assert!(e.contains("vibes"), "{e}");
    }
}
