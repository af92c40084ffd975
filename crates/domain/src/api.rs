//! Request and response bodies of the portal's HTTP API (`/api/...`).
//!
//! Write bodies refuse unknown fields, so no one can slip in `role`, `account` or
//! `person_id` and have it silently ignored — or worse, honoured.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::error::FieldError;
use crate::locale::{Locale, LocalizedText};
use crate::validate::{
    CountryCode, Email, PersonName, PhoneE164, ValidationCode, billing_storable, free_text,
    optional_line, postal_code, required_line,
};

pub use crate::wire_time::iso_date;

/// Serde helpers for `Option<Date>` as `"YYYY-MM-DD"` or null.
pub mod opt_iso_date {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    #[derive(Serialize, Deserialize)]
    struct Wrap(#[serde(with = "super::iso_date")] Date);

    pub fn serialize<S: Serializer>(v: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        v.map(Wrap).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}

/// What the host says the person is, in the launch token's `role` claim.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    CompanyAdmin,
    Support,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::CompanyAdmin => "company_admin",
            Role::Support => "support",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "customer" => Some(Role::Customer),
            "company_admin" => Some(Role::CompanyAdmin),
            "support" => Some(Role::Support),
            _ => None,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Private,
    Company,
}

// ---------------------------------------------------------------------------- session

/// `POST /api/session`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    pub launch_token: String,
}

/// The reply to `POST /api/session`. The token goes in `Authorization: Bearer …`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub session_token: String,
    /// The hard end of the session (it also ends after `idle_timeout_seconds` unused).
    #[serde(with = "crate::wire_time::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub idle_timeout_seconds: u32,
    pub role: Role,
    pub locale: Locale,
    pub person: PersonSummary,
    /// Where a person may complain (Datatilsynet, IMY…): shown wherever a decision goes
    /// against them.
    pub supervisory_authority: SupervisoryAuthority,
    /// The authority of the country the person lives in, when it is another (art. 77).
    #[serde(default)]
    pub local_authority: Option<SupervisoryAuthority>,
}

/// Who a person is, as much as a header line needs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: String,
    pub display_name: String,
    pub account_id: String,
    pub account_name: String,
    pub account_kind: AccountKind,
}

// ---------------------------------------------------------------------------- overview

/// The kinds of personal data a hosting company holds (see the domain brief).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DataCategory {
    Identification,
    Contact,
    CustomerRelationship,
    History,
    AutomaticallyCollected,
    Marketing,
    Consents,
}

impl DataCategory {
    pub const ALL: [DataCategory; 7] = [
        DataCategory::Identification,
        DataCategory::Contact,
        DataCategory::CustomerRelationship,
        DataCategory::History,
        DataCategory::AutomaticallyCollected,
        DataCategory::Marketing,
        DataCategory::Consents,
    ];
    pub fn key(self) -> &'static str {
        match self {
            DataCategory::Identification => "identification",
            DataCategory::Contact => "contact",
            DataCategory::CustomerRelationship => "customer_relationship",
            DataCategory::History => "history",
            DataCategory::AutomaticallyCollected => "automatically_collected",
            DataCategory::Marketing => "marketing",
            DataCategory::Consents => "consents",
        }
    }
    pub fn parse(key: &str) -> Option<DataCategory> {
        DataCategory::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// GDPR art. 6(1) bases the portal knows.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Contract,
    LegalObligation,
    LegitimateInterest,
    Consent,
}

impl LegalBasis {
    /// Whether the person may switch processing on this basis off (withdraw consent,
    /// object to a legitimate interest). Contract and legal obligation: no.
    pub fn allows_opt_out(self) -> bool {
        matches!(self, LegalBasis::Consent | LegalBasis::LegitimateInterest)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControllerInfo {
    pub name: String,
    pub org_number: String,
    pub address: String,
    pub email: String,
    pub country: String,
    /// How the data protection officer is addressed ("Personvernombudet").
    pub dpo_name: Option<LocalizedText>,
    pub dpo_email: String,
}

/// Where a person can complain (Datatilsynet, IMY…).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisoryAuthority {
    pub name: String,
    pub url: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeSummary {
    pub key: String,
    pub title: LocalizedText,
    pub legal_basis: LegalBasis,
}

/// Someone the data is passed on to: a domain registry, a payment provider, a
/// sub-processor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientInfo {
    pub key: String,
    pub name: LocalizedText,
    pub role: LocalizedText,
    pub country: String,
    /// The data categories it receives.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOverview {
    pub category: DataCategory,
    pub title: LocalizedText,
    pub description: LocalizedText,
    /// How many records of this category the portal holds about the person.
    pub records: u64,
    pub purposes: Vec<PurposeSummary>,
    pub recipients: Vec<RecipientInfo>,
    pub retention: LocalizedText,
}

/// `GET /api/me/overview`: what is held about me, why, who gets it, for how long.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub subject: PersonSummary,
    pub controller: ControllerInfo,
    pub supervisory_authority: SupervisoryAuthority,
    pub categories: Vec<CategoryOverview>,
    /// Erased data leaves the online systems within this many days…
    pub erasure_days: u32,
    /// …and its copies in backups within this many more.
    pub backup_retention_days: u32,
    /// A restriction of processing in force (GDPR art. 18): only storage goes on.
    #[serde(default)]
    pub restriction: Option<crate::support::RestrictionNotice>,
    /// The supervisory authority of the country the person lives in, when it is another
    /// than the controller's: they may complain there too (GDPR art. 77).
    #[serde(default)]
    pub local_authority: Option<SupervisoryAuthority>,
    /// Everyone the person's data is passed on to, once each, with what they receive:
    /// only those that apply to this person (a registry of a domain they have, a
    /// sub-processor of a purpose they allowed).
    #[serde(default)]
    pub recipients: Vec<RecipientInfo>,
}

/// Records of one kind within a category, as a table: e.g. the services, the logins.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSection {
    /// What the records are (`services`, `logins`, `invoices`…): the widget's heading.
    pub key: String,
    /// How many there are in all.
    pub total: u64,
    /// Column keys (`date`, `ip`, `product`…): the widget's column headings.
    pub columns: Vec<String>,
    /// One row per record, a value per column, as text.
    pub rows: Vec<Vec<String>>,
    /// Where the next page starts (`?section=<key>&offset=<n>`), when there is one.
    pub next_offset: Option<u64>,
}

/// `GET /api/me/records/{category}[?section=&offset=]`: what is held in a category, the
/// data itself (GDPR art. 15), a page of each kind of record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRecords {
    pub category: DataCategory,
    pub sections: Vec<RecordSection>,
}

/// The query of `GET /api/me/records/{category}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsQuery {
    /// Only this section, from `offset`.
    pub section: Option<String>,
    pub offset: Option<u64>,
}

/// Rows a section's page holds.
pub const RECORDS_PAGE: u64 = 20;

// ---------------------------------------------------------------------------- contact

/// The contact details a person can correct (GDPR art. 16).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactDetails {
    pub name: String,
    pub email: String,
    /// E.164, or empty when none is given.
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Empty for private persons.
    pub company: String,
    pub language: Locale,
}

impl ContactDetails {
    pub const FIELDS: [&'static str; 9] = [
        "name",
        "email",
        "phone",
        "street",
        "postal_code",
        "city",
        "country",
        "company",
        "language",
    ];

    /// The text fields, in the order a form shows them: all but the language.
    pub const TEXT_FIELDS: [&'static str; 8] = [
        "name",
        "email",
        "phone",
        "street",
        "postal_code",
        "city",
        "country",
        "company",
    ];

    /// A text field's value by its name (`language` is not a text field).
    pub fn text(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "email" => &self.email,
            "phone" => &self.phone,
            "street" => &self.street,
            "postal_code" => &self.postal_code,
            "city" => &self.city,
            "country" => &self.country,
            "company" => &self.company,
            _ => "",
        }
    }

    pub fn set_text(&mut self, field: &str, value: String) {
        let slot = match field {
            "name" => &mut self.name,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            "street" => &mut self.street,
            "postal_code" => &mut self.postal_code,
            "city" => &mut self.city,
            "country" => &mut self.country,
            "company" => &mut self.company,
            _ => return,
        };
        *slot = value;
    }

    /// Checks one field's text as the person types; `None` when it is acceptable. The
    /// form's `country` decides how a phone number may be written (`912 34 567` is a
    /// number in Norway).
    pub fn check_value(field: &str, value: &str, country: &str) -> Option<ValidationCode> {
        Self::rule(field, value, country).err()
    }

    /// Checks one field of these details, with the others it depends on.
    pub fn check_field(&self, field: &str) -> Option<ValidationCode> {
        Self::check_value(field, self.text(field), &self.country)
    }

    /// The rule of each text field: its normalised value, or why it is refused.
    pub(crate) fn rule(field: &str, value: &str, country: &str) -> Result<String, ValidationCode> {
        // Every field ends up in the billing system, whatever its own rule allows.
        billing_storable(value)?;
        match field {
            "name" => PersonName::parse(value).map(|n| n.as_str().to_string()),
            "email" => Email::parse(value).map(|e| e.as_str().to_string()),
            "phone" if value.trim().is_empty() => Ok(String::new()),
            "phone" => PhoneE164::parse(value, CountryCode::parse(country).ok())
                .map(|p| p.as_str().to_string()),
            "street" => required_line(value, 200),
            "postal_code" => postal_code(value),
            "city" => required_line(value, 100),
            "country" => CountryCode::parse(value).map(|c| c.as_str().to_string()),
            "company" => optional_line(value, 200),
            _ => Ok(value.to_string()),
        }
    }

    /// Validates every field and returns the normalised details (trimmed, E.164 phone,
    /// upper-case country), or every refused field at once, in the form's order.
    pub fn validate(&self) -> Result<ContactDetails, Vec<FieldError>> {
        self.validate_kept(&Self::FIELDS)
    }

    /// Like `validate`, for a person of whom the billing system keeps only the fields in
    /// `kept`: the others are taken as they are (they must not change; the server checks
    /// that against the stored record).
    pub fn validate_kept(&self, kept: &[&str]) -> Result<ContactDetails, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut out = ContactDetails {
            language: self.language,
            ..ContactDetails::default()
        };
        for field in Self::TEXT_FIELDS {
            if !kept.contains(&field) {
                out.set_text(field, self.text(field).to_string());
                continue;
            }
            match Self::rule(field, self.text(field), &self.country) {
                Ok(v) => out.set_text(field, v),
                Err(code) => errors.push(FieldError {
                    field: field.into(),
                    code,
                }),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Names of the fields that differ between two versions.
    pub fn changed_fields(&self, other: &ContactDetails) -> Vec<&'static str> {
        let pairs = [
            self.name == other.name,
            self.email == other.email,
            self.phone == other.phone,
            self.street == other.street,
            self.postal_code == other.postal_code,
            self.city == other.city,
            self.country == other.country,
            self.company == other.company,
            self.language == other.language,
        ];
        Self::FIELDS
            .iter()
            .zip(pairs)
            .filter(|(_, same)| !same)
            .map(|(f, _)| *f)
            .collect()
    }
}

/// Who did something: the person themself, their company admin, or support.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub person_id: String,
    pub role: Role,
}

/// One recorded change of contact details: who, when, which fields (never the values).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChange {
    #[serde(with = "crate::wire_time::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Actor,
    pub fields: Vec<String>,
}

/// `GET /api/me/contact`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub details: ContactDetails,
    /// Send it back with a change; a stale one gets 409 `version_conflict`.
    pub version: i64,
    /// A Swedish personal identity number on file, masked (`19850312-****`).
    pub personnummer_masked: Option<String>,
    pub changes: Vec<ContactChange>,
    /// The fields the billing system keeps for this person; the others are empty and
    /// cannot be set (a login that is not the account's owner has no address of its own).
    #[serde(default = "all_contact_fields")]
    pub fields: Vec<String>,
    /// The fields that are the person's own login (WHMCS: the user's name, e-mail and
    /// language, one login across all their accounts). Only the person changes them; a
    /// company admin sees them read-only (`own_login` if tried).
    #[serde(default)]
    pub login_fields: Vec<String>,
    /// Whether the person holds the account the session is on: then its own details
    /// (`/api/me/account`) are theirs to see and correct, apart from these.
    #[serde(default)]
    pub holds_account: bool,
    /// The fields the host lets only its customer service change (WHMCS:
    /// `ClientsProfileUneditableFields`): shown read-only, `locked` if tried.
    #[serde(default)]
    pub locked_fields: Vec<String>,
}

fn all_contact_fields() -> Vec<String> {
    ContactDetails::FIELDS
        .iter()
        .map(|f| f.to_string())
        .collect()
}

/// `PUT /api/me/contact`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactUpdate {
    pub version: i64,
    pub details: ContactDetails,
}

/// An account's own details (WHMCS: the client), apart from anyone's login: the name and
/// company invoices are addressed to, the account's billing e-mail, its postal address
/// and phone. Only the account's holder sees and corrects them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountDetails {
    pub name: String,
    /// Empty for a private account.
    pub company: String,
    /// Where invoices and the billing system's own e-mails go.
    pub email: String,
    /// E.164, or empty when none is given.
    pub phone: String,
    pub street: String,
    /// A second address line, often empty.
    pub address2: String,
    pub postal_code: String,
    pub city: String,
    /// A state, county or region, where the address has one.
    pub state: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

impl AccountDetails {
    /// The fields, in the order a form shows them.
    pub const FIELDS: [&'static str; 10] = [
        "name",
        "company",
        "email",
        "phone",
        "street",
        "address2",
        "postal_code",
        "city",
        "state",
        "country",
    ];

    pub fn text(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "company" => &self.company,
            "email" => &self.email,
            "phone" => &self.phone,
            "street" => &self.street,
            "address2" => &self.address2,
            "postal_code" => &self.postal_code,
            "city" => &self.city,
            "state" => &self.state,
            "country" => &self.country,
            _ => "",
        }
    }

    pub fn set_text(&mut self, field: &str, value: String) {
        let slot = match field {
            "name" => &mut self.name,
            "company" => &mut self.company,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            "street" => &mut self.street,
            "address2" => &mut self.address2,
            "postal_code" => &mut self.postal_code,
            "city" => &mut self.city,
            "state" => &mut self.state,
            "country" => &mut self.country,
            _ => return,
        };
        *slot = value;
    }

    /// Checks one field's text as it is typed; `None` when it is acceptable. The phone is
    /// read in `country`. The fields both kinds of details have follow the same rules.
    pub fn check_value(field: &str, value: &str, country: &str) -> Option<ValidationCode> {
        Self::rule(field, value, country).err()
    }

    fn rule(field: &str, value: &str, country: &str) -> Result<String, ValidationCode> {
        match field {
            "address2" | "state" => {
                billing_storable(value)?;
                optional_line(value, 100)
            }
            other => ContactDetails::rule(other, value, country),
        }
    }

    /// Validates every field and returns the normalised details, or every refused field
    /// at once, in the form's order.
    pub fn validate(&self) -> Result<AccountDetails, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut out = AccountDetails::default();
        for field in Self::FIELDS {
            match Self::rule(field, self.text(field), &self.country) {
                Ok(v) => out.set_text(field, v),
                Err(code) => errors.push(FieldError {
                    field: field.into(),
                    code,
                }),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Names of the fields that differ between two versions.
    pub fn changed_fields(&self, other: &AccountDetails) -> Vec<&'static str> {
        Self::FIELDS
            .into_iter()
            .filter(|f| self.text(f) != other.text(f))
            .collect()
    }
}

/// `GET /api/me/account`: the details of the account the session is on, for its holder.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub details: AccountDetails,
    /// Send it back with a change; a stale one gets 409 `version_conflict`.
    pub version: i64,
    /// The fields the host lets only its customer service change (WHMCS:
    /// `ClientsProfileUneditableFields`): shown read-only, `locked` if tried.
    #[serde(default)]
    pub locked_fields: Vec<String>,
}

/// `PUT /api/me/account`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountUpdate {
    pub version: i64,
    pub details: AccountDetails,
}

// ---------------------------------------------------------------------------- newsletter

/// The newsletter audience a subscriber belongs to (seed 002).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewsletterSegment {
    Business,
    PrivatePerson,
    Journalist,
    Other,
}

impl NewsletterSegment {
    pub const ALL: [NewsletterSegment; 4] = [
        NewsletterSegment::Business,
        NewsletterSegment::PrivatePerson,
        NewsletterSegment::Journalist,
        NewsletterSegment::Other,
    ];
    pub fn key(self) -> &'static str {
        match self {
            NewsletterSegment::Business => "business",
            NewsletterSegment::PrivatePerson => "private_person",
            NewsletterSegment::Journalist => "journalist",
            NewsletterSegment::Other => "other",
        }
    }
    pub fn parse(key: &str) -> Option<NewsletterSegment> {
        NewsletterSegment::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// `GET /api/me/newsletter`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterView {
    pub subscribed: bool,
    pub segment: Option<NewsletterSegment>,
    #[serde(with = "crate::wire_time::rfc3339::option")]
    pub changed_at: Option<OffsetDateTime>,
}

/// `PUT /api/me/newsletter`: unsubscribing takes effect at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsletterUpdate {
    pub subscribed: bool,
    pub segment: Option<NewsletterSegment>,
}

// ---------------------------------------------------------------------------- purposes

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeState {
    pub key: String,
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub legal_basis: LegalBasis,
    /// Whether the person can switch it off.
    pub can_opt_out: bool,
    /// Whether the purpose currently applies to the person.
    pub active: bool,
}

/// One entry of the consent and objection history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentChange {
    pub purpose: String,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub at: OffsetDateTime,
    pub old_active: bool,
    pub new_active: bool,
    pub actor: Actor,
}

/// `GET /api/me/purposes`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposesView {
    pub purposes: Vec<PurposeState>,
    /// Newest first.
    pub history: Vec<ConsentChange>,
}

/// `PUT /api/me/purposes/{key}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeUpdate {
    pub active: bool,
}

// ---------------------------------------------------------------------------- requests

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Erasure,
    Restriction,
}

impl RequestKind {
    pub const ALL: [RequestKind; 2] = [RequestKind::Erasure, RequestKind::Restriction];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
        }
    }
    pub fn parse(s: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Received, not yet picked up by support.
    Submitted,
    InProgress,
    /// Support asked the person for information.
    AwaitingSubject,
    Rejected,
    Completed,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Submitted,
        RequestStatus::InProgress,
        RequestStatus::AwaitingSubject,
        RequestStatus::Rejected,
        RequestStatus::Completed,
        RequestStatus::Withdrawn,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Submitted => "submitted",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::AwaitingSubject => "awaiting_subject",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Completed => "completed",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// Still open: the clock is running and the person may withdraw it.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            RequestStatus::Submitted | RequestStatus::InProgress | RequestStatus::AwaitingSubject
        )
    }
}

/// Grounds for erasure, GDPR art. 17(1)(a)–(f).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureGround {
    /// (a) no longer necessary for the purpose it was collected for
    NoLongerNecessary,
    /// (b) consent withdrawn and no other legal basis
    ConsentWithdrawn,
    /// (c) objection under art. 21 (incl. direct marketing)
    Objection,
    /// (d) unlawfully processed
    UnlawfulProcessing,
    /// (e) erasure required by a legal obligation
    LegalObligation,
    /// (f) collected in relation to information society services offered to a child
    ChildServices,
}

impl ErasureGround {
    pub const ALL: [ErasureGround; 6] = [
        ErasureGround::NoLongerNecessary,
        ErasureGround::ConsentWithdrawn,
        ErasureGround::Objection,
        ErasureGround::UnlawfulProcessing,
        ErasureGround::LegalObligation,
        ErasureGround::ChildServices,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ErasureGround::NoLongerNecessary => "no_longer_necessary",
            ErasureGround::ConsentWithdrawn => "consent_withdrawn",
            ErasureGround::Objection => "objection",
            ErasureGround::UnlawfulProcessing => "unlawful_processing",
            ErasureGround::LegalObligation => "legal_obligation",
            ErasureGround::ChildServices => "child_services",
        }
    }
    pub fn parse(key: &str) -> Option<ErasureGround> {
        ErasureGround::ALL.into_iter().find(|g| g.key() == key)
    }
}

pub const REQUEST_TEXT_MAX: usize = 2000;

/// `POST /api/me/requests/erasure`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewErasureRequest {
    pub grounds: Vec<ErasureGround>,
    #[serde(default)]
    pub details: String,
}

impl NewErasureRequest {
    pub fn validate(&self) -> Result<NewErasureRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.grounds.is_empty() {
            errors.push(FieldError {
                field: "grounds".into(),
                code: ValidationCode::ChooseAtLeastOne,
            });
        }
        let details = free_text(&self.details, REQUEST_TEXT_MAX, false).unwrap_or_else(|code| {
            errors.push(FieldError {
                field: "details".into(),
                code,
            });
            String::new()
        });
        let mut grounds = self.grounds.clone();
        grounds.sort_by_key(|g| g.key());
        grounds.dedup();
        if errors.is_empty() {
            Ok(NewErasureRequest { grounds, details })
        } else {
            Err(errors)
        }
    }
}

/// `POST /api/me/requests/restriction`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRestrictionRequest {
    /// What data is contested.
    pub contested: String,
    /// Why.
    pub reason: String,
    /// The person has read that service delivery may pause while the restriction lasts.
    pub service_pause_acknowledged: bool,
}

impl NewRestrictionRequest {
    pub fn validate(&self) -> Result<NewRestrictionRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, v: &str| {
            free_text(v, REQUEST_TEXT_MAX, true).unwrap_or_else(|code| {
                errors.push(FieldError {
                    field: field.into(),
                    code,
                });
                String::new()
            })
        };
        let contested = text("contested", &self.contested);
        let reason = text("reason", &self.reason);
        if !self.service_pause_acknowledged {
            errors.push(FieldError {
                field: "service_pause_acknowledged".into(),
                code: ValidationCode::MustConfirm,
            });
        }
        if errors.is_empty() {
            Ok(NewRestrictionRequest {
                contested,
                reason,
                service_pause_acknowledged: true,
            })
        } else {
            Err(errors)
        }
    }
}

/// A request as its subject sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub received_at: OffsetDateTime,
    #[serde(with = "iso_date")]
    pub due_on: Date,
    pub grounds: Vec<ErasureGround>,
    pub details: String,
    pub contested: String,
    pub reason: String,
    /// Why support rejected it, or what they asked for.
    pub decision_note: Option<String>,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub filed_by: Actor,
    /// The due date after support extended the deadline; `due_on` stays the original.
    #[serde(default, with = "opt_iso_date")]
    pub extended_due_on: Option<Date>,
    /// Why the deadline was extended, as the subject was told.
    #[serde(default)]
    pub extension_reason: Option<String>,
    /// The last question support asked the subject (answer it while the status is
    /// `awaiting_subject`).
    #[serde(default)]
    pub question: Option<String>,
    /// What an executed erasure erased and kept, and until when.
    #[serde(default)]
    pub erasure_result: Option<crate::support::ErasureResult>,
}

// ---------------------------------------------------------------------------- erasure preview

/// Personal data that erasure would anonymise at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasedItem {
    pub category: DataCategory,
    pub what: LocalizedText,
    pub records: u64,
}

/// A record a legal hold keeps after erasure, and until when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldRecord {
    pub category: DataCategory,
    /// e.g. "Invoice 2024-0012", "Domain example.no".
    pub record: LocalizedText,
    /// The rule that keeps it, e.g. the bookkeeping act.
    pub rule: LocalizedText,
    /// The last day it is kept; after it the retention sweep purges it.
    #[serde(with = "opt_iso_date")]
    pub until: Option<Date>,
}

/// `GET /api/me/erasure-preview`: what an erasure would do today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasurePreview {
    pub erase_now: Vec<ErasedItem>,
    /// Active services: they keep running until their contract ends, and the customer
    /// relationship is erased only after that. Apart from `keep`, which the law holds.
    #[serde(default)]
    pub contracts: Vec<HeldRecord>,
    /// What a legal obligation keeps, and until when.
    pub keep: Vec<HeldRecord>,
    pub erasure_days: u32,
    pub backup_retention_days: u32,
    /// The person uses the same login for another account: the login, and what that
    /// account holds, stay; erasing there is a request filed there. Which account is
    /// never said.
    #[serde(default)]
    pub login_used_elsewhere: bool,
    /// A domain of the account is still registered: its registrant is the account's
    /// holder, so the account's own name and address stay while it is (the domain rule),
    /// and renewal invoices keep reaching them.
    #[serde(default)]
    pub account_kept_for_domain: bool,
}

// ---------------------------------------------------------------------------- company admins

/// One person registered under a company account, as its admin's `GET /api/people` lists
/// them. Their data is behind `/api/people/{id}/...`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPerson {
    pub id: String,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
}

/// `GET /api/me/activity`: one thing someone else (a company admin, support) did with the
/// person's data, from the audit trail: ids, the action and field names, never values.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// The audit entry's number; `?before=<seq>` pages further back.
    pub seq: i64,
    #[serde(with = "crate::wire_time::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Actor,
    /// e.g. `contact.corrected`, `data.opened`, `request.filed`.
    pub action: String,
    /// What it was about: a request id, a purpose key, the view opened; may be empty.
    pub target: String,
    pub fields: Vec<String>,
}

// ---------------------------------------------------------------------------- audit

/// Where the audit chain first fails to add up.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditBreak {
    /// The entry's number in the trail; for entries missing from the end of a chain, the
    /// number the last of them had when the checkpoint was signed.
    pub seq: i64,
    pub reason: String,
}

/// The signed checkpoint a trail was checked against: the head of every chain as it was
/// at `at`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditCheckpointRef {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Chains it signed the heads of.
    pub chains: u64,
    /// Entries the trail held then.
    pub entries: u64,
}

/// `GET /api/support/audit/verify`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditVerification {
    /// Entries checked: the whole trail.
    pub entries: u64,
    /// No problem found: `problems` is empty.
    pub intact: bool,
    /// The entry with the lowest number that does not check out, if any entry does not
    /// (a problem with the checkpoints themselves names no entry).
    pub first_broken: Option<AuditBreak>,
    /// Every problem found, one sentence each, e.g. "entry 1234 altered: …",
    /// "3 entries missing from the end of subject 1001's chain: …", "chain of subject
    /// 2002 missing: …". Empty when intact.
    #[serde(default)]
    pub problems: Vec<String>,
    /// The newest signed checkpoint, which the chains' ends were checked against; none
    /// before the first one was written.
    #[serde(default)]
    pub checkpoint: Option<AuditCheckpointRef>,
}

/// The version of the export's JSON layout; bump it when the layout changes.
pub const EXPORT_SCHEMA_VERSION: &str = "1.0";

#[cfg(test)]
mod tests {
    use super::*;

    fn kari() -> ContactDetails {
        ContactDetails {
            name: "Kari Nordmann".into(),
            email: "kari@example.no".into(),
            phone: "+47 912 34 567".into(),
            street: "Storgata 1".into(),
            postal_code: "0150".into(),
            city: "Oslo".into(),
            country: "no".into(),
            company: String::new(),
            language: Locale::Nb,
        }
    }

    #[test]
    fn contact_details_normalise() {
        let v = kari().validate().unwrap();
        assert_eq!(v.phone, "+4791234567");
        assert_eq!(v.country, "NO");
    }

    #[test]
    fn contact_details_report_every_bad_field() {
        let bad = ContactDetails {
            email: "nope".into(),
            phone: "12345".into(),
            country: "XX".into(),
            ..kari()
        };
        let errs = bad.validate().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "phone", "country"]);
        assert_eq!(
            ContactDetails::check_value("phone", "12345", "NO"),
            Some(ValidationCode::InvalidPhone)
        );
        assert_eq!(ContactDetails::check_value("phone", "", "NO"), None);
    }

    #[test]
    fn the_phone_is_read_in_the_forms_country() {
        let national = |phone: &str, country: &str| ContactDetails {
            phone: phone.into(),
            country: country.into(),
            ..kari()
        };
        assert_eq!(
            national("912 34 567", "no").validate().unwrap().phone,
            "+4791234567"
        );
        assert_eq!(
            national("070-123 45 67", "SE").validate().unwrap().phone,
            "+46701234567"
        );
        assert_eq!(
            national("040 123 4567", "FI").validate().unwrap().phone,
            "+358401234567"
        );
        assert_eq!(
            national("32 12 34 56", "DK").validate().unwrap().phone,
            "+4532123456"
        );
        // A Norwegian number is not a Swedish national one.
        assert_eq!(
            national("912 34 567", "SE").check_field("phone"),
            Some(ValidationCode::InvalidPhone)
        );
        // Without a valid country only the international form can be read.
        let errs = national("912 34 567", "XX").validate().unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("phone", ValidationCode::InvalidPhone),
                ("country", ValidationCode::InvalidCountry)
            ]
        );
    }

    #[test]
    fn no_contact_field_takes_characters_the_billing_system_cannot_store() {
        for field in ContactDetails::TEXT_FIELDS {
            let mut d = kari();
            let value = match field {
                "email" => "kari😀@example.no".to_string(),
                "phone" => "+47 912 34 567 😀".to_string(),
                "postal_code" => "0150😀".to_string(),
                "country" => "N𝐎".to_string(),
                _ => format!("{} 😀", d.text(field)),
            };
            d.set_text(field, value);
            let errs = d.validate().unwrap_err();
            assert_eq!(
                errs,
                [FieldError {
                    field: field.into(),
                    code: ValidationCode::UnsupportedCharacters
                }],
                "{field}"
            );
            assert_eq!(
                d.check_field(field),
                Some(ValidationCode::UnsupportedCharacters)
            );
        }
        // Letters of the Basic Multilingual Plane are all fine.
        let d = ContactDetails {
            name: "Åse Ødegård-Müller".into(),
            street: "Kōbe-dōri 東京 1".into(),
            ..kari()
        };
        assert!(d.validate().is_ok());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let body = r#"{"version":1,"details":{"name":"a","email":"a@b.no","phone":"","street":"s","postal_code":"0150","city":"c","country":"NO","company":"","language":"nb","role":"support"}}"#;
        assert!(serde_json::from_str::<ContactUpdate>(body).is_err());
        assert!(
            serde_json::from_str::<PurposeUpdate>(r#"{"active":false,"person_id":"1002"}"#)
                .is_err()
        );
    }

    #[test]
    fn changed_fields_names_only_what_changed() {
        let a = kari();
        let b = ContactDetails {
            phone: "+4740000000".into(),
            city: "Bergen".into(),
            ..kari()
        };
        assert_eq!(a.changed_fields(&b), ["phone", "city"]);
    }

    #[test]
    fn restriction_needs_acknowledgement_and_text() {
        let r = NewRestrictionRequest {
            contested: " ".into(),
            reason: "wrong".into(),
            service_pause_acknowledged: false,
        };
        let errs = r.validate().unwrap_err();
        assert_eq!(errs.len(), 2);
        let e = NewErasureRequest {
            grounds: vec![],
            details: String::new(),
        };
        assert_eq!(
            e.validate().unwrap_err()[0].code,
            ValidationCode::ChooseAtLeastOne
        );
    }

    #[test]
    fn dates_serialise_as_iso() {
        let h = HeldRecord {
            category: DataCategory::CustomerRelationship,
            record: LocalizedText::same("Invoice 1"),
            rule: LocalizedText::same("rule"),
            until: Some(time::macros::date!(2031 - 12 - 31)),
        };
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!(v["until"], "2031-12-31");
        let back: HeldRecord = serde_json::from_value(v).unwrap();
        assert_eq!(back, h);
    }

    fn hansen_as() -> AccountDetails {
        AccountDetails {
            name: "Ola Hansen".into(),
            company: "Hansen Bygg AS".into(),
            email: "faktura@hansenbygg.no".into(),
            phone: "+4722334455".into(),
            street: "Industriveien 5".into(),
            address2: "".into(),
            postal_code: "0580".into(),
            city: "Oslo".into(),
            state: "".into(),
            country: "NO".into(),
        }
    }

    #[test]
    fn account_details_follow_the_contact_rules_and_keep_their_own_lines() {
        assert_eq!(hansen_as().validate(), Ok(hansen_as()));
        let mut d = hansen_as();
        d.phone = "22 33 44 55".into();
        d.address2 = "  Bygg B  ".into();
        d.country = "no".into();
        let ok = d.validate().unwrap();
        assert_eq!(ok.phone, "+4722334455", "read in the account's country");
        assert_eq!(ok.address2, "Bygg B");
        assert_eq!(ok.country, "NO");
        let mut bad = hansen_as();
        bad.email = "nope".into();
        bad.state = "x".repeat(101);
        bad.address2 = "a\u{7}b".into();
        let fields: Vec<(String, ValidationCode)> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("email".to_string(), ValidationCode::InvalidEmail),
                ("address2".to_string(), ValidationCode::ControlCharacters),
                ("state".to_string(), ValidationCode::TooLong),
            ]
        );
        let mut moved = hansen_as();
        moved.street = "Storgata 2".into();
        moved.state = "Oslo".into();
        assert_eq!(hansen_as().changed_fields(&moved), ["street", "state"]);
        // A field nobody knows is refused, not ignored.
        let unknown = serde_json::json!({"name": "A", "company": "", "email": "a@b.no",
            "phone": "", "street": "S 1", "address2": "", "postal_code": "0150", "city": "Oslo",
            "state": "", "country": "NO", "language": "nb"});
        assert!(serde_json::from_value::<AccountDetails>(unknown).is_err());
    }
}
