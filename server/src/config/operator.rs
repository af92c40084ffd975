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
    pub dpo_name: Option<String>,
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
    pub name: String,
    pub country: String,
    pub categories: Vec<String>,
    pub role: LocalizedText,
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

    /// A category as the overview and the export describe it; `records` is filled in by
    /// the caller from the data actually held.
    pub fn category_overview(&self, category: DataCategory, records: u64) -> CategoryOverview {
        let cc = &self.categories[category.key()];
        let key = category.key();
        CategoryOverview {
            category,
            title: cc.title.clone(),
            description: cc.description.clone(),
            records,
            purposes: self
                .purposes
                .iter()
                .filter(|p| p.categories.iter().any(|c| c == key))
                .map(|p| PurposeSummary {
                    key: p.key.clone(),
                    title: p.title.clone(),
                    legal_basis: p.legal_basis,
                })
                .collect(),
            recipients: self
                .recipients
                .iter()
                .filter(|r| r.categories.iter().any(|c| c == key))
                .map(|r| RecipientInfo {
                    key: r.key.clone(),
                    name: r.name.clone(),
                    role: r.role.clone(),
                    country: r.country.clone(),
                })
                .collect(),
            retention: cc.retention.clone(),
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
