//! The contact-details form as data: which fields it has, how each is typed, and how a
//! field's text is read from and written into `ContactDetails`. Validation itself is the
//! shared `ContactDetails::check_field` / `validate`, the same rules the server applies.

use portal_domain::ValidationCode;
use portal_domain::api::ContactDetails;

/// The text fields of the form, in the order shown (language is a separate select).
pub const TEXT_FIELDS: [&str; 8] = [
    "name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "company",
];

/// How a field is typed: the input's `type`, its `autocomplete` token, and whether it may
/// be left empty.
pub fn input_kind(field: &str) -> (&'static str, &'static str, bool) {
    match field {
        "name" => ("text", "name", false),
        "email" => ("email", "email", false),
        "phone" => ("tel", "tel", true),
        "street" => ("text", "street-address", false),
        "postal_code" => ("text", "postal-code", false),
        "city" => ("text", "address-level2", false),
        "country" => ("text", "country", false),
        "company" => ("text", "organization", true),
        _ => ("text", "off", true),
    }
}

pub fn field_value<'a>(details: &'a ContactDetails, field: &str) -> &'a str {
    match field {
        "name" => &details.name,
        "email" => &details.email,
        "phone" => &details.phone,
        "street" => &details.street,
        "postal_code" => &details.postal_code,
        "city" => &details.city,
        "country" => &details.country,
        "company" => &details.company,
        _ => "",
    }
}

pub fn set_field(details: &mut ContactDetails, field: &str, value: String) {
    let slot = match field {
        "name" => &mut details.name,
        "email" => &mut details.email,
        "phone" => &mut details.phone,
        "street" => &mut details.street,
        "postal_code" => &mut details.postal_code,
        "city" => &mut details.city,
        "country" => &mut details.country,
        "company" => &mut details.company,
        _ => return,
    };
    *slot = value;
}

/// The first field that would be refused, for moving focus to it.
pub fn first_invalid(details: &ContactDetails) -> Option<(&'static str, ValidationCode)> {
    TEXT_FIELDS
        .into_iter()
        .find_map(|f| ContactDetails::check_value(f, field_value(details, f), &details.country).map(|code| (f, code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::Locale;

    fn kari() -> ContactDetails {
        ContactDetails {
            name: "Kari Nordmann".into(),
            email: "kari@example.no".into(),
            phone: "+47 912 34 567".into(),
            street: "Storgata 1".into(),
            postal_code: "0150".into(),
            city: "Oslo".into(),
            country: "NO".into(),
            company: String::new(),
            language: Locale::Nb,
        }
    }

    #[test]
    fn every_text_field_round_trips() {
        let mut d = ContactDetails::default();
        for f in TEXT_FIELDS {
            set_field(&mut d, f, format!("value of {f}"));
        }
        for f in TEXT_FIELDS {
            assert_eq!(field_value(&d, f), format!("value of {f}"));
        }
        // The form covers every field the API has, language aside.
        let mut all: Vec<&str> = TEXT_FIELDS.to_vec();
        all.push("language");
        assert_eq!(all, ContactDetails::FIELDS);
    }

    #[test]
    fn first_invalid_follows_form_order() {
        assert_eq!(first_invalid(&kari()), None);
        let mut d = kari();
        set_field(&mut d, "country", "XX".into());
        set_field(&mut d, "email", "nope".into());
        assert_eq!(
            first_invalid(&d),
            Some(("email", ValidationCode::InvalidEmail))
        );
        // An empty phone is allowed; an empty city is not.
        set_field(&mut d, "email", "kari@example.no".into());
        set_field(&mut d, "phone", String::new());
        set_field(&mut d, "country", "no".into());
        set_field(&mut d, "city", " ".into());
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
}
