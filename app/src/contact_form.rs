//! The contact-details form as data: which fields it has, how each is typed, and how a
//! stored value is shown in it. Validation itself is the shared
//! `ContactDetails::check_value` / `validate`, the same rules the server applies.

use portal_domain::api::ContactDetails;
use portal_domain::{CountryCode, ValidationCode, format_phone, phone_example};

/// The text fields of the form, in the order shown (language is a separate select).
pub const TEXT_FIELDS: [&str; 8] = ContactDetails::TEXT_FIELDS;

/// How a field is typed: the input's `type` (`select` for the country list), its
/// `autocomplete` token, and whether it may be left empty.
pub fn input_kind(field: &str) -> (&'static str, &'static str, bool) {
    match field {
        "name" => ("text", "name", false),
        "email" => ("email", "email", false),
        "phone" => ("tel", "tel", true),
        "street" => ("text", "street-address", false),
        "postal_code" => ("text", "postal-code", false),
        "city" => ("text", "address-level2", false),
        "country" => ("select", "country", false),
        "company" => ("text", "organization", true),
        _ => ("text", "off", true),
    }
}

/// A stored value as the form shows it: the phone grouped for reading (`+47 912 34 567`,
/// not `+4791234567`); the rules read it back to the same E.164.
pub fn shown_value(details: &ContactDetails, field: &str) -> String {
    match field {
        "phone" => format_phone(&details.phone),
        other => details.text(other).to_string(),
    }
}

/// How a phone number may be written for someone in `country`: (national, international)
/// examples, or `None` when only the international form is understood there.
pub fn phone_hint(country: &str) -> Option<(&'static str, String)> {
    CountryCode::parse(country).ok().and_then(phone_example)
}

/// The first field that would be refused, for moving focus to it.
pub fn first_invalid(details: &ContactDetails) -> Option<(&'static str, ValidationCode)> {
    TEXT_FIELDS
        .into_iter()
        .find_map(|f| details.check_field(f).map(|code| (f, code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::Locale;

    fn kari() -> ContactDetails {
        ContactDetails {
            name: "Kari Nordmann".into(),
            email: "kari@example.no".into(),
            phone: "+4791234567".into(),
            street: "Storgata 1".into(),
            postal_code: "0150".into(),
            city: "Oslo".into(),
            country: "NO".into(),
            company: String::new(),
            language: Locale::Nb,
        }
    }

    #[test]
    fn the_form_covers_every_field_of_the_api() {
        let mut all: Vec<&str> = TEXT_FIELDS.to_vec();
        all.push("language");
        assert_eq!(all, ContactDetails::FIELDS);
    }

    #[test]
    fn first_invalid_follows_form_order() {
        assert_eq!(first_invalid(&kari()), None);
        let mut d = kari();
        d.set_text("country", "XX".into());
        d.set_text("email", "nope".into());
        assert_eq!(
            first_invalid(&d),
            Some(("email", ValidationCode::InvalidEmail))
        );
        // An empty phone is allowed; an empty city is not.
        d.set_text("email", "kari@example.no".into());
        d.set_text("phone", String::new());
        d.set_text("country", "no".into());
        d.set_text("city", " ".into());
        assert_eq!(first_invalid(&d), Some(("city", ValidationCode::Required)));
    }

    #[test]
    fn optional_fields_are_the_ones_the_rules_allow_empty() {
        for f in TEXT_FIELDS {
            let (_, _, optional) = input_kind(f);
            assert_eq!(
                ContactDetails::check_value(f, "", "NO").is_none(),
                optional,
                "{f}"
            );
        }
    }

    #[test]
    fn the_phone_is_shown_grouped_and_reads_back_the_same() {
        let d = kari();
        assert_eq!(shown_value(&d, "phone"), "+47 912 34 567");
        assert_eq!(shown_value(&d, "city"), "Oslo");
        let mut edited = d.clone();
        edited.set_text("phone", shown_value(&d, "phone"));
        assert_eq!(edited.validate().unwrap(), d, "showing it is not a change");
    }

    #[test]
    fn the_phone_hint_follows_the_country() {
        assert_eq!(
            phone_hint("SE"),
            Some(("070-123 45 67", "+46 70 123 45 67".to_string()))
        );
        assert_eq!(phone_hint("IT"), None);
        assert_eq!(phone_hint(""), None);
    }
}
