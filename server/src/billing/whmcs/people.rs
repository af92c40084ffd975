//! Who is who in WHMCS 8, in the portal's words.
//!
//! - An account is a client (`tblclients`). Whether it is a company's or a private
//!   customer's is the operator's rule (`company::CompanyRule`).
//! - A person who logs in is a user (`tblusers`), linked to the accounts they may act for
//!   by `tblusers_clients`. The account's owner is its holder: the customer of a private
//!   account, the company admin of a company account; its other users are employees. A
//!   person's id is the user's id (`"12"`), the launch token's `sub`.
//! - A contact (`tblcontacts`) cannot log in; the company admin manages their data. Their
//!   id is `contact-<id>`.
//! - Staff are admins (`tbladmins`), `admin-<id>`.
//!
//! The owner's contact details are the user's name, e-mail and language with the client's
//! address, phone and company; another user has only a name, an e-mail and a language.

use portal_domain::api::{AccountDetails, AccountKind, ContactDetails};
use portal_domain::{Locale, PhoneE164};
use sha2::{Digest, Sha256};
use sqlx::{FromRow, MySqlConnection};

use super::company::CompanyRule;
use crate::billing::{Account, BillingResult, Person, PersonBrief, Revision};

/// The fields WHMCS keeps for a user who is not the account's owner.
pub const USER_FIELDS: &[&str] = &["name", "email", "language"];
/// The fields WHMCS keeps for a contact: everything but a language.
pub const CONTACT_FIELDS: &[&str] = &[
    "name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "company",
];

const CONTACT_PREFIX: &str = "contact-";
const ADMIN_PREFIX: &str = "admin-";

/// Which WHMCS record a portal person id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKey {
    User(i64),
    Contact(i64),
}

impl PersonKey {
    pub fn parse(id: &str) -> Option<PersonKey> {
        match id.strip_prefix(CONTACT_PREFIX) {
            Some(n) => positive(n).map(PersonKey::Contact),
            None => positive(id).map(PersonKey::User),
        }
    }
}

/// A decimal id as WHMCS numbers its rows; anything else names nothing.
pub fn positive(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

pub fn contact_id(id: i64) -> String {
    format!("{CONTACT_PREFIX}{id}")
}

/// The admin a support session's `sub` names.
pub fn admin_key(id: &str) -> Option<i64> {
    id.strip_prefix(ADMIN_PREFIX).and_then(positive)
}

/// What an admin of role `role` may do in the support console, from the addon's settings
/// in `tbladdonmodules`: `access`, WHMCS's own access control for the addon (the admin
/// role ids that may open it, comma-separated), and `decide_roles` (the role ids that may
/// decide and execute; empty: every role with access). `None`: not staff for the portal,
/// as their role may not open the addon (only when the addon has an access list);
/// `Some(false)`: triage only.
pub fn role_capabilities(
    role: i64,
    access: Option<&str>,
    decide_roles: Option<&str>,
) -> Option<bool> {
    let listed = |list: &str| {
        list.split(',')
            .filter_map(|r| r.trim().parse::<i64>().ok())
            .any(|r| r == role)
    };
    if let Some(access) = access
        && !listed(access)
    {
        return None;
    }
    Some(match decide_roles.map(str::trim) {
        None | Some("") => true,
        Some(roles) => listed(roles),
    })
}

/// WHMCS's language names (`norwegian`, `swedish`…) as the portal's locales; `''` is the
/// installation's default.
pub fn locale_of(language: &str, default: Locale) -> Locale {
    match language.trim().to_ascii_lowercase().as_str() {
        "" => default,
        "norwegian" | "norsk" | "norwegian-bokmal" | "bokmal" => Locale::Nb,
        "swedish" | "svenska" => Locale::Sv,
        _ => Locale::En,
    }
}

/// The portal's locale as WHMCS names the language.
pub fn language_of(locale: Locale) -> &'static str {
    match locale {
        Locale::Nb => "norwegian",
        Locale::Sv => "swedish",
        Locale::En => "english",
    }
}

/// WHMCS writes phone numbers `+47.91234567`; the portal keeps E.164.
pub fn phone_from_whmcs(raw: &str) -> String {
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '-' | '(' | ')'))
        .collect();
    if compact.starts_with('+') {
        compact
    } else {
        raw.trim().to_string()
    }
}

/// E.164 as WHMCS writes it: the calling code, a dot, the national number.
pub fn phone_to_whmcs(e164: &str) -> String {
    match PhoneE164::parse(e164, None) {
        Ok(p) if e164.starts_with('+') => {
            let (code, nsn) = p.parts();
            format!("+{code}.{nsn}")
        }
        _ => e164.to_string(),
    }
}

/// WHMCS keeps first and last names apart; the portal has one name. The last word is the
/// last name.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.rsplit_once(' ') {
        Some((first, last)) => (first.trim().to_string(), last.to_string()),
        None => (name.to_string(), String::new()),
    }
}

pub fn join_name(first: &str, last: &str) -> String {
    let name = format!("{} {}", first.trim(), last.trim());
    decode(name.trim())
}

/// A text as WHMCS stores it, HTML-encoded (`Hansen &amp; Sønn AS`, `O&#039;Brien`: WHMCS
/// encodes every input it saves), as the person wrote it. Only the characters WHMCS
/// encodes are decoded, so any other `&…;` stays as it was typed.
pub fn decode(stored: &str) -> String {
    if !stored.contains('&') {
        return stored.to_string();
    }
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#039;", '\''),
        ("&#39;", '\''),
    ];
    let mut out = String::with_capacity(stored.len());
    let mut rest = stored;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// WHMCS's `ClientsProfileUneditableFields` (its field names, comma-separated) as the
/// portal's fields: a login's own name and e-mail (WHMCS locks them on the user's own
/// page too) and the account's fields.
pub fn locked_fields(setting: &str) -> crate::billing::LockedFields {
    let mut locked = crate::billing::LockedFields::default();
    let add = |list: &mut Vec<&'static str>, f: &'static str| {
        if !list.contains(&f) {
            list.push(f);
        }
    };
    for name in setting.split(',').map(str::trim) {
        let (login, account): (Option<&'static str>, Option<&'static str>) = match name {
            "firstname" | "lastname" => (Some("name"), Some("name")),
            "email" => (Some("email"), Some("email")),
            "companyname" => (None, Some("company")),
            "address1" => (None, Some("street")),
            "address2" => (None, Some("address2")),
            "city" => (None, Some("city")),
            "state" => (None, Some("state")),
            "postcode" => (None, Some("postal_code")),
            "country" => (None, Some("country")),
            "phonenumber" => (None, Some("phone")),
            // tax_id: the portal does not edit it.
            _ => (None, None),
        };
        if let Some(f) = login {
            add(&mut locked.login, f);
        }
        if let Some(f) = account {
            add(&mut locked.account, f);
        }
    }
    locked
}

/// An opaque revision: a checksum of the fields a correction may change, since WHMCS rows
/// carry no version. 48 bits, so it survives a trip through JavaScript's numbers.
pub fn revision(parts: &[&str]) -> Revision {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut n = 0i64;
    for b in &d[..6] {
        n = (n << 8) | i64::from(*b);
    }
    Revision(n)
}

/// A user as linked to one client, with the client's language for a login without one.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
    pub owner: i64,
    pub client_id: String,
    pub c_language: String,
}

pub const USER_SELECT: &str = "SELECT CAST(u.id AS CHAR) AS id, u.first_name, u.last_name, u.email, u.language, \
     CAST(uc.owner AS SIGNED) AS owner, CAST(c.id AS CHAR) AS client_id, c.language AS c_language \
     FROM tblusers u JOIN tblusers_clients uc ON uc.auth_user_id = u.id JOIN tblclients c ON c.id = uc.client_id";

impl UserRow {
    pub fn is_owner(&self) -> bool {
        self.owner != 0
    }

    /// What a correction may change (the login's own fields), in a fixed order, for the
    /// revision. The client's fields are the account's, with a revision of their own.
    pub fn revision(&self) -> Revision {
        revision(&[
            self.first_name.as_str(),
            self.last_name.as_str(),
            self.email.as_str(),
            self.language.as_str(),
        ])
    }

    pub fn into_person(self, default: Locale, personnummer: Option<String>) -> Person {
        let language = if self.language.trim().is_empty() {
            &self.c_language
        } else {
            &self.language
        };
        let owner = self.is_owner();
        // A login's details are its own: the client's name, billing e-mail, address and
        // phone are the account's (`account_details`), its holder's to see apart.
        let details = ContactDetails {
            name: join_name(&self.first_name, &self.last_name),
            email: decode(&self.email),
            language: locale_of(language, default),
            ..ContactDetails::default()
        };
        Person {
            revision: self.revision(),
            id: self.id,
            account_id: self.client_id,
            is_admin: owner,
            details,
            personnummer: if owner { personnummer } else { None },
            fields: USER_FIELDS,
            // tblusers: one login across every client the user is linked to.
            login_fields: crate::billing::LOGIN_FIELDS,
        }
    }
}

/// A client's own details: the account's, apart from any login.
#[derive(Debug, Clone, FromRow)]
pub struct ClientDetailsRow {
    pub firstname: String,
    pub lastname: String,
    pub companyname: String,
    pub email: String,
    pub phonenumber: String,
    pub address1: String,
    pub address2: String,
    pub postcode: String,
    pub city: String,
    pub state: String,
    pub country: String,
}

pub const CLIENT_DETAILS_SELECT: &str = "SELECT firstname, lastname, companyname, email, phonenumber, address1, \
     address2, postcode, city, state, country FROM tblclients";

impl ClientDetailsRow {
    pub fn revision(&self) -> Revision {
        revision(&[
            &self.firstname,
            &self.lastname,
            &self.companyname,
            &self.email,
            &self.phonenumber,
            &self.address1,
            &self.address2,
            &self.postcode,
            &self.city,
            &self.state,
            &self.country,
        ])
    }

    pub fn into_details(self) -> AccountDetails {
        AccountDetails {
            name: join_name(&self.firstname, &self.lastname),
            company: decode(&self.companyname),
            email: decode(&self.email),
            phone: phone_from_whmcs(&self.phonenumber),
            street: decode(&self.address1),
            address2: decode(&self.address2),
            postal_code: decode(&self.postcode),
            city: decode(&self.city),
            state: decode(&self.state),
            country: decode(&self.country),
        }
    }
}

/// A contact registered under a client.
#[derive(Debug, Clone, FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub client_id: String,
    pub firstname: String,
    pub lastname: String,
    pub companyname: String,
    pub email: String,
    pub address1: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub phonenumber: String,
}

pub const CONTACT_SELECT: &str = "SELECT CAST(id AS SIGNED) AS id, CAST(userid AS CHAR) AS client_id, firstname, \
     lastname, companyname, email, address1, postcode, city, country, phonenumber FROM tblcontacts";

impl ContactRow {
    pub fn revision(&self) -> Revision {
        revision(&[
            &self.firstname,
            &self.lastname,
            &self.companyname,
            &self.email,
            &self.address1,
            &self.postcode,
            &self.city,
            &self.country,
            &self.phonenumber,
        ])
    }

    pub fn into_person(self, default: Locale) -> Person {
        Person {
            revision: self.revision(),
            id: contact_id(self.id),
            account_id: self.client_id,
            is_admin: false,
            details: ContactDetails {
                name: join_name(&self.firstname, &self.lastname),
                email: decode(&self.email),
                phone: phone_from_whmcs(&self.phonenumber),
                street: decode(&self.address1),
                postal_code: decode(&self.postcode),
                city: decode(&self.city),
                country: decode(&self.country),
                company: decode(&self.companyname),
                language: default,
            },
            personnummer: None,
            fields: CONTACT_FIELDS,
            // A contact cannot log in: the account's record of them, all of it.
            login_fields: &[],
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct ClientRow {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub companyname: String,
    pub tax_id: String,
    pub country: String,
    /// The client's group (`tblclients.groupid`, 0 for none), for a rule by group.
    pub groupid: i64,
    /// The value of the company rule's custom field, where the rule reads one.
    pub kind_field: Option<String>,
}

/// The clients as `ClientRow`s, with what `rule` needs to tell their kind read in the
/// same statement (the custom field as a sub-select), so telling it costs no query of its
/// own. The caller adds a `WHERE` on `tblclients`.
pub fn client_select(rule: &CompanyRule) -> String {
    let field = match rule.field() {
        // The id is a number parsed from the setting, so it can be written in.
        Some(field) => format!(
            "(SELECT v.value FROM tblcustomfieldsvalues v WHERE v.fieldid = {field} \
             AND v.relid = tblclients.id ORDER BY v.id LIMIT 1)"
        ),
        None => "CAST(NULL AS CHAR)".to_string(),
    };
    format!(
        "SELECT CAST(id AS CHAR) AS id, firstname, lastname, companyname, tax_id, country, \
         CAST(groupid AS SIGNED) AS groupid, {field} AS kind_field FROM tblclients"
    )
}

impl ClientRow {
    pub fn kind(&self, rule: &CompanyRule) -> AccountKind {
        rule.kind(
            &self.companyname,
            &self.tax_id,
            self.groupid,
            self.kind_field.as_deref(),
        )
    }

    pub fn name(&self) -> String {
        if self.companyname.trim().is_empty() {
            join_name(&self.firstname, &self.lastname)
        } else {
            decode(self.companyname.trim())
        }
    }

    pub fn into_account(self, rule: &CompanyRule) -> Account {
        Account {
            kind: self.kind(rule),
            name: self.name(),
            org_number: Some(decode(self.tax_id.trim())).filter(|t| !t.is_empty()),
            country: decode(&self.country),
            id: self.id,
        }
    }
}

/// The person behind `key` under client `client`, read in `conn`.
pub async fn read(
    conn: &mut MySqlConnection,
    client: i64,
    key: PersonKey,
    default: Locale,
    personnummer_fields: &[i64],
) -> BillingResult<Option<Person>> {
    match key {
        PersonKey::User(user) => {
            let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{USER_SELECT} WHERE u.id = ? AND uc.client_id = ?"
            )))
            .bind(user)
            .bind(client)
            .fetch_optional(&mut *conn)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let pnr = if row.is_owner() {
                personnummer(conn, client, personnummer_fields).await?
            } else {
                None
            };
            Ok(Some(row.into_person(default, pnr)))
        }
        PersonKey::Contact(id) => {
            let row: Option<ContactRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{CONTACT_SELECT} WHERE id = ? AND userid = ?"
            )))
            .bind(id)
            .bind(client)
            .fetch_optional(&mut *conn)
            .await?;
            Ok(row.map(|r| r.into_person(default)))
        }
    }
}

/// Which of client `?`'s tickets are the person's: those their user filed (or they filed
/// as a contact) on that client, and for its holder also the client's tickets nobody in
/// particular filed (opened by staff or by e-mail). A ticket an invited user filed is
/// theirs, not the holder's; one filed on another client is neither's here. `t` is the
/// table's alias with its dot, or `""`. Binds: client, holds (0/1), user, user, contact,
/// contact (0 where the person is not one).
pub fn tickets_of(t: &str) -> String {
    format!(
        "{t}userid = ? AND ((? = 1 AND {t}requestor_id = 0 AND {t}contactid = 0) \
         OR ({t}requestor_id = ? AND ? > 0) OR ({t}contactid = ? AND ? > 0))"
    )
}

/// Which of client `?`'s activity-log entries are the person's: what their user did on
/// that client, and for its holder also the client-level entries no user made (staff's,
/// the system's). Binds: client, holds (0/1), user, user.
pub const ACTIVITY_OF: &str = "userid = ? AND ((? = 1 AND user_id = 0) OR (user_id = ? AND ? > 0))";

/// The logins the addon recorded for user `?` on client `?`, and those before any
/// account was chosen (client 0): a login on another account of the same user is that
/// account's. Binds: user, client.
pub const LOGINS_OF: &str = "user_id = ? AND client_id IN (?, 0)";

/// The first personal identity number among the configured client custom fields.
pub async fn personnummer(
    conn: &mut MySqlConnection,
    client: i64,
    fields: &[i64],
) -> BillingResult<Option<String>> {
    if fields.is_empty() {
        return Ok(None);
    }
    let ids = fields
        .iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let value: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT v.value FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid \
         WHERE f.type = 'client' AND v.relid = ? AND v.fieldid IN ({ids}) AND v.value <> '' \
         ORDER BY v.fieldid LIMIT 1"
    )))
    .bind(client)
    .fetch_optional(conn)
    .await?;
    Ok(value)
}

/// A row of a list of persons: user or contact, with their account.
#[derive(Debug, Clone, FromRow)]
pub struct BriefRow {
    pub id: String,
    pub account_id: String,
    pub account_company: String,
    pub account_first: String,
    pub account_last: String,
    pub first: String,
    pub last: String,
    pub email: String,
    pub owner: i64,
}

impl BriefRow {
    pub fn into_brief(self) -> PersonBrief {
        let account_name = if self.account_company.trim().is_empty() {
            join_name(&self.account_first, &self.account_last)
        } else {
            decode(self.account_company.trim())
        };
        PersonBrief {
            id: self.id,
            account_id: self.account_id,
            account_name,
            name: join_name(&self.first, &self.last),
            email: decode(&self.email),
            is_admin: self.owner != 0,
        }
    }
}

/// Users linked to clients, and contacts, as `BriefRow`s; the caller adds `WHERE`s on
/// `p_*` columns through `users_where` and `contacts_where`.
pub fn briefs_sql(users_where: &str, contacts_where: &str) -> String {
    format!(
        "SELECT CAST(u.id AS CHAR) AS id, CAST(c.id AS CHAR) AS account_id, c.companyname AS account_company, \
         c.firstname AS account_first, c.lastname AS account_last, u.first_name AS first, u.last_name AS last, \
         u.email, CAST(uc.owner AS SIGNED) AS owner \
         FROM tblusers u JOIN tblusers_clients uc ON uc.auth_user_id = u.id JOIN tblclients c ON c.id = uc.client_id \
         WHERE {users_where} \
         UNION ALL \
         SELECT CONCAT('{CONTACT_PREFIX}', ct.id), CAST(c.id AS CHAR), c.companyname, c.firstname, c.lastname, \
         ct.firstname, ct.lastname, ct.email, 0 \
         FROM tblcontacts ct JOIN tblclients c ON c.id = ct.userid WHERE {contacts_where}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_users_contacts_and_admins() {
        assert_eq!(PersonKey::parse("12"), Some(PersonKey::User(12)));
        assert_eq!(PersonKey::parse("contact-3"), Some(PersonKey::Contact(3)));
        assert_eq!(PersonKey::parse("1001x"), None);
        assert_eq!(PersonKey::parse("0"), None);
        assert_eq!(PersonKey::parse("-1"), None);
        assert_eq!(admin_key("admin-1"), Some(1));
        assert_eq!(admin_key("S1"), None);
    }

    #[test]
    fn an_admins_role_gives_the_console_and_the_decisions_the_addon_lists() {
        // No access list at all: every active admin, deciding.
        assert_eq!(role_capabilities(2, None, None), Some(true));
        assert_eq!(role_capabilities(2, Some("1, 2"), None), Some(true));
        assert_eq!(role_capabilities(3, Some("1,2"), None), None);
        assert_eq!(role_capabilities(3, Some(""), None), None);
        // An empty list of deciding roles: everyone with access decides.
        assert_eq!(role_capabilities(2, Some("1,2"), Some(" ")), Some(true));
        assert_eq!(role_capabilities(2, Some("1,2,3"), Some("1")), Some(false));
        assert_eq!(
            role_capabilities(1, Some("1,2,3"), Some("1, x")),
            Some(true)
        );
        // Deciding never gives access the addon's list does not.
        assert_eq!(role_capabilities(3, Some("1,2"), Some("3")), None);
    }

    #[test]
    fn phones_go_between_whmcs_and_e164() {
        assert_eq!(phone_from_whmcs("+47.91234567"), "+4791234567");
        assert_eq!(phone_to_whmcs("+4791234567"), "+47.91234567");
        assert_eq!(phone_to_whmcs("+46701234567"), "+46.701234567");
        assert_eq!(phone_to_whmcs(""), "");
    }

    #[test]
    fn the_hosts_locked_profile_fields_map_to_the_portals() {
        let l = locked_fields("lastname, email,address1,phonenumber,tax_id,nonsense");
        assert_eq!(l.login, vec!["name", "email"]);
        assert_eq!(l.account, vec!["name", "email", "street", "phone"]);
        assert_eq!(locked_fields(""), crate::billing::LockedFields::default());
    }

    #[test]
    fn whmcs_encoded_texts_read_as_typed() {
        assert_eq!(decode("Hansen &amp; Sønn AS"), "Hansen & Sønn AS");
        assert_eq!(decode("O&#039;Brien"), "O'Brien");
        assert_eq!(decode("&lt;b&gt; &quot;x&quot; &#39;"), "<b> \"x\" '");
        // What WHMCS does not encode stays as typed, and a lone ampersand too.
        assert_eq!(decode("&copy; & co &amp"), "&copy; & co &amp");
        assert_eq!(decode("&amp;lt;"), "&lt;");
        assert_eq!(join_name("Ola", "O&#039;Brien"), "Ola O'Brien");
    }

    #[test]
    fn names_split_at_the_last_word() {
        assert_eq!(
            split_name("Anna Maria Svensson"),
            ("Anna Maria".into(), "Svensson".into())
        );
        assert_eq!(split_name("Cher"), ("Cher".into(), String::new()));
        assert_eq!(join_name("Kari ", " Nordmann"), "Kari Nordmann");
    }

    #[test]
    fn languages_map_both_ways() {
        assert_eq!(locale_of("norwegian", Locale::En), Locale::Nb);
        assert_eq!(locale_of("Swedish", Locale::En), Locale::Sv);
        assert_eq!(locale_of("", Locale::Sv), Locale::Sv);
        assert_eq!(locale_of("german", Locale::Nb), Locale::En);
        assert_eq!(language_of(Locale::Sv), "swedish");
    }

    #[test]
    fn a_revision_changes_with_any_field_and_fits_a_javascript_number() {
        let a = revision(&["Kari", "Nordmann"]);
        assert_ne!(a, revision(&["Kari", "Nordman"]));
        assert_ne!(revision(&["ab", "c"]), revision(&["a", "bc"]));
        assert!(a.0 >= 0 && a.0 < (1 << 48));
    }
}
