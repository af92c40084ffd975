//! Values a person types, each with one `parse` that both the widget (as you type) and
//! the server (as the truth) call. A value of these types is valid by construction.

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

pub use crate::phone::{PhoneE164, format_phone, phone_example};

/// Why a value was refused. The widget shows `message(locale)`; the API sends the code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ValidationCode {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong,
    #[error("contains control characters")]
    ControlCharacters,
    #[error("not a valid e-mail address")]
    InvalidEmail,
    #[error("not a valid phone number")]
    InvalidPhone,
    #[error("not an ISO 3166 country code")]
    InvalidCountry,
    #[error("not a valid postal code")]
    InvalidPostalCode,
    #[error("must be confirmed")]
    MustConfirm,
    #[error("choose at least one")]
    ChooseAtLeastOne,
    /// Not one of the values allowed here (e.g. an extension of 3 months, a page size).
    #[error("not an allowed value")]
    OutOfRange,
    /// The billing system keeps no such field for this person (a login that is not the
    /// account's owner has no address of its own, say).
    #[error("not kept for this person")]
    NotKept,
    /// Characters outside the Basic Multilingual Plane (emoji and the like), which the
    /// billing system's utf8mb3 columns would mangle.
    #[error("contains characters the billing system cannot store")]
    UnsupportedCharacters,
    /// The field is another person's own login (WHMCS: the user's name, e-mail and
    /// language, one login across all their accounts): only they may change it.
    #[error("another person's own login details")]
    OwnLogin,
    /// Already someone else's at the billing system (an e-mail address).
    #[error("already in use")]
    Taken,
    /// The host does not let customers change this field themselves (WHMCS:
    /// `ClientsProfileUneditableFields`): their support does.
    #[error("locked by the provider")]
    Locked,
}

impl ValidationCode {
    pub fn code(self) -> &'static str {
        match self {
            ValidationCode::Required => "required",
            ValidationCode::TooLong => "too_long",
            ValidationCode::ControlCharacters => "control_characters",
            ValidationCode::InvalidEmail => "invalid_email",
            ValidationCode::InvalidPhone => "invalid_phone",
            ValidationCode::InvalidCountry => "invalid_country",
            ValidationCode::InvalidPostalCode => "invalid_postal_code",
            ValidationCode::MustConfirm => "must_confirm",
            ValidationCode::ChooseAtLeastOne => "choose_at_least_one",
            ValidationCode::OutOfRange => "out_of_range",
            ValidationCode::NotKept => "not_kept",
            ValidationCode::UnsupportedCharacters => "unsupported_characters",
            ValidationCode::OwnLogin => "own_login",
            ValidationCode::Taken => "taken",
            ValidationCode::Locked => "locked",
        }
    }

    /// The message a person reads, in their language.
    pub fn message(self, locale: Locale) -> &'static str {
        use Locale::*;
        use ValidationCode::*;
        match (self, locale) {
            (Required, Nb) => "Må fylles ut.",
            (Required, Sv) => "Måste fyllas i.",
            (Required, En) => "Required.",
            (TooLong, Nb) => "Teksten er for lang.",
            (TooLong, Sv) => "Texten är för lång.",
            (TooLong, En) => "Too long.",
            (ControlCharacters, Nb) => "Inneholder ugyldige tegn.",
            (ControlCharacters, Sv) => "Innehåller ogiltiga tecken.",
            (ControlCharacters, En) => "Contains invalid characters.",
            (InvalidEmail, Nb) => "Ugyldig e-postadresse.",
            (InvalidEmail, Sv) => "Ogiltig e-postadress.",
            (InvalidEmail, En) => "Not a valid e-mail address.",
            (InvalidPhone, Nb) => {
                "Ikke et gyldig telefonnummer. Skriv det slik det ringes i landet ditt, eller med landskode (f.eks. +47 912 34 567)."
            }
            (InvalidPhone, Sv) => {
                "Inget giltigt telefonnummer. Skriv det som det rings i ditt land, eller med landsnummer (t.ex. +46 70 123 45 67)."
            }
            (InvalidPhone, En) => {
                "Not a valid phone number. Write it as it is dialled in your country, or with its country code (e.g. +47 912 34 567)."
            }
            (InvalidCountry, Nb) => "Ukjent landkode (bruk f.eks. NO eller SE).",
            (InvalidCountry, Sv) => "Okänd landskod (använd t.ex. SE eller NO).",
            (InvalidCountry, En) => "Unknown country code (use e.g. NO or SE).",
            (InvalidPostalCode, Nb) => "Ugyldig postnummer.",
            (InvalidPostalCode, Sv) => "Ogiltigt postnummer.",
            (InvalidPostalCode, En) => "Not a valid postal code.",
            (MustConfirm, Nb) => "Du må bekrefte dette.",
            (MustConfirm, Sv) => "Du måste bekräfta detta.",
            (MustConfirm, En) => "Please confirm this.",
            (ChooseAtLeastOne, Nb) => "Velg minst ett alternativ.",
            (ChooseAtLeastOne, Sv) => "Välj minst ett alternativ.",
            (ChooseAtLeastOne, En) => "Choose at least one.",
            (OutOfRange, Nb) => "Velg en av de tillatte verdiene.",
            (OutOfRange, Sv) => "Välj ett av de tillåtna värdena.",
            (OutOfRange, En) => "Choose one of the allowed values.",
            (NotKept, Nb) => "Dette feltet lagres ikke for deg; det styres av kontoeieren.",
            (NotKept, Sv) => "Det här fältet sparas inte för dig; det styrs av kontoägaren.",
            (NotKept, En) => "This field is not kept for you; the account owner manages it.",
            (UnsupportedCharacters, Nb) => {
                "Inneholder tegn vi ikke kan lagre, som emoji. Fjern dem og prøv igjen."
            }
            (UnsupportedCharacters, Sv) => {
                "Innehåller tecken som vi inte kan spara, som emoji. Ta bort dem och försök igen."
            }
            (UnsupportedCharacters, En) => {
                "Contains characters we cannot store, such as emoji. Remove them and try again."
            }
            (OwnLogin, Nb) => {
                "Dette er personens egen innlogging; bare personen selv kan endre den."
            }
            (OwnLogin, Sv) => {
                "Det här är personens egen inloggning; bara personen själv kan ändra den."
            }
            (OwnLogin, En) => "This is the person's own login; only they can change it.",
            (Taken, Nb) => {
                "Denne e-postadressen er allerede i bruk på en annen konto. Bruk en annen adresse."
            }
            (Taken, Sv) => {
                "Den här e-postadressen används redan på ett annat konto. Använd en annan adress."
            }
            (Taken, En) => {
                "This e-mail address is already used by another account. Use another address."
            }
            (Locked, Nb) => {
                "Dette feltet kan bare endres av kundeservice. Kontakt oss for å endre det."
            }
            (Locked, Sv) => {
                "Det här fältet kan bara ändras av kundtjänst. Kontakta oss för att ändra det."
            }
            (Locked, En) => "Only customer service can change this field. Contact us to change it.",
        }
    }
}

impl ValidationCode {
    pub const ALL: [ValidationCode; 14] = [
        ValidationCode::Required,
        ValidationCode::TooLong,
        ValidationCode::ControlCharacters,
        ValidationCode::InvalidEmail,
        ValidationCode::InvalidPhone,
        ValidationCode::InvalidCountry,
        ValidationCode::InvalidPostalCode,
        ValidationCode::MustConfirm,
        ValidationCode::ChooseAtLeastOne,
        ValidationCode::OutOfRange,
        ValidationCode::UnsupportedCharacters,
        ValidationCode::OwnLogin,
        ValidationCode::Taken,
        ValidationCode::Locked,
    ];
}

/// Refuses text the billing system cannot hold. WHMCS keeps contact data in utf8mb3
/// columns, which store at most three bytes of UTF-8 per character: anything outside the
/// Basic Multilingual Plane (emoji, rare CJK, mathematical letters) comes back mangled.
pub fn billing_storable(input: &str) -> Result<(), ValidationCode> {
    if input.chars().any(|c| u32::from(c) > 0xFFFF) {
        Err(ValidationCode::UnsupportedCharacters)
    } else {
        Ok(())
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// A required single-line text of at most `max` characters, trimmed.
pub fn required_line(input: &str, max: usize) -> Result<String, ValidationCode> {
    let v = input.trim();
    if v.is_empty() {
        return Err(ValidationCode::Required);
    }
    optional_line(v, max)
}

/// An optional single-line text of at most `max` characters, trimmed (may be empty).
pub fn optional_line(input: &str, max: usize) -> Result<String, ValidationCode> {
    let v = input.trim();
    if v.chars().count() > max {
        return Err(ValidationCode::TooLong);
    }
    if has_control(v) {
        return Err(ValidationCode::ControlCharacters);
    }
    Ok(v.to_string())
}

/// A free text of at most `max` characters; line breaks and tabs allowed.
pub fn free_text(input: &str, max: usize, required: bool) -> Result<String, ValidationCode> {
    let v = input.trim();
    if required && v.is_empty() {
        return Err(ValidationCode::Required);
    }
    if v.chars().count() > max {
        return Err(ValidationCode::TooLong);
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationCode::ControlCharacters);
    }
    Ok(v.to_string())
}

/// A person's full name as the billing system shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;
    pub fn parse(input: &str) -> Result<Self, ValidationCode> {
        required_line(input, Self::MAX).map(PersonName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address: one `@`, a plausible local part, a domain with a dot. The domain is
/// lower-cased; the local part is kept as typed (it may be case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;
    pub fn parse(input: &str) -> Result<Self, ValidationCode> {
        let v = input.trim();
        if v.is_empty() {
            return Err(ValidationCode::Required);
        }
        if v.len() > Self::MAX {
            return Err(ValidationCode::TooLong);
        }
        let (local, domain) = v.rsplit_once('@').ok_or(ValidationCode::InvalidEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if !(local_ok && domain_ok) {
            return Err(ValidationCode::InvalidEmail);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(input: &str) -> Result<Self, ValidationCode> {
        let v = input.trim().to_ascii_uppercase();
        if v.is_empty() {
            return Err(ValidationCode::Required);
        }
        if v.len() == 2 && ISO_3166_ALPHA2.split(' ').any(|c| c == v) {
            let b = v.as_bytes();
            Ok(CountryCode([b[0], b[1]]))
        } else {
            Err(ValidationCode::InvalidCountry)
        }
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

/// A postal code: letters, digits, spaces and hyphens, 2–10 characters (NO 0150, SE 111 22,
/// GB SW1A 1AA…).
pub fn postal_code(input: &str) -> Result<String, ValidationCode> {
    let v = input.trim();
    if v.is_empty() {
        return Err(ValidationCode::Required);
    }
    let ok = (2..=10).contains(&v.chars().count())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if ok {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(ValidationCode::InvalidPostalCode)
    }
}

/// Masks a Swedish personal identity number for display: birth date kept, the last four
/// digits hidden (`19850312-****`). The full number is only in the export.
pub fn mask_personnummer(pnr: &str) -> String {
    let digits: Vec<char> = pnr.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return "****".into();
    }
    let head: String = digits[..digits.len() - 4].iter().collect();
    format!("{head}-****")
}

const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Kari@Example.NO ").unwrap().as_str(),
            "Kari@example.no"
        );
        assert_eq!(
            Email::parse("a.b+tag@sub.example.com").unwrap().as_str(),
            "a.b+tag@sub.example.com"
        );
        assert_eq!(
            Email::parse("ola@bøker.no").unwrap().as_str(),
            "ola@bøker.no"
        );
        for bad in [
            "",
            "kari",
            "kari@",
            "@example.no",
            "kari@example",
            "kari@@example.no",
            "ka ri@example.no",
            "kari@exa mple.no",
            ".kari@example.no",
            "kari..n@example.no",
            "kari@-example.no",
            "kari@example.n",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Email::parse("   "), Err(ValidationCode::Required));
        let long = format!("{}@example.no", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ValidationCode::TooLong));
    }

    #[test]
    fn only_characters_of_the_basic_multilingual_plane_are_storable() {
        for ok in [
            "Kari Nordmann",
            "Østre gate 5",
            "Åsa Öberg",
            "Ærlig Ålesund",
            "Zoë Ñúñez",
            "東京",
            "—€…",
        ] {
            assert_eq!(billing_storable(ok), Ok(()), "{ok:?}");
        }
        for bad in ["Kari 😀", "𝐊𝐚𝐫𝐢", "𠀋", "\u{1F1F3}\u{1F1F4}"] {
            assert_eq!(
                billing_storable(bad),
                Err(ValidationCode::UnsupportedCharacters),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn countries() {
        assert_eq!(CountryCode::parse("no").unwrap().as_str(), "NO");
        assert_eq!(CountryCode::parse("SE").unwrap().as_str(), "SE");
        assert_eq!(
            CountryCode::parse("XX"),
            Err(ValidationCode::InvalidCountry)
        );
        assert_eq!(
            CountryCode::parse("NOR"),
            Err(ValidationCode::InvalidCountry)
        );
        assert_eq!(CountryCode::parse(""), Err(ValidationCode::Required));
        assert_eq!(ISO_3166_ALPHA2.split(' ').count(), 249);
    }

    #[test]
    fn names_and_lines() {
        assert_eq!(
            PersonName::parse("  Kari Nordmann ").unwrap().as_str(),
            "Kari Nordmann"
        );
        assert_eq!(PersonName::parse(""), Err(ValidationCode::Required));
        assert_eq!(
            PersonName::parse(&"x".repeat(101)),
            Err(ValidationCode::TooLong)
        );
        assert_eq!(
            PersonName::parse("Kari\u{0}"),
            Err(ValidationCode::ControlCharacters)
        );
        assert_eq!(optional_line("", 10), Ok(String::new()));
        assert_eq!(
            free_text("line one\nline two", 100, true).unwrap(),
            "line one\nline two"
        );
        assert_eq!(
            free_text("bell\u{7}", 100, true),
            Err(ValidationCode::ControlCharacters)
        );
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal_code("0150").unwrap(), "0150");
        assert_eq!(postal_code("111 22").unwrap(), "111 22");
        assert_eq!(postal_code("sw1a 1aa").unwrap(), "SW1A 1AA");
        assert!(postal_code("1").is_err());
        assert!(postal_code("12345678901").is_err());
        assert!(postal_code("01;50").is_err());
    }

    #[test]
    fn personnummer_is_masked() {
        assert_eq!(mask_personnummer("19850312-1234"), "19850312-****");
        assert_eq!(mask_personnummer("850312-1234"), "850312-****");
    }

    #[test]
    fn every_code_has_a_message_in_every_language() {
        for code in ValidationCode::ALL {
            let texts: Vec<_> = Locale::ALL.iter().map(|l| code.message(*l)).collect();
            assert!(texts.iter().all(|t| !t.is_empty()));
            assert_ne!(texts[0], texts[2], "{code:?} untranslated");
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
        }
    }
}
