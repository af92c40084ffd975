//! Phone numbers as people type them, stored in E.164 and shown grouped for humans.
//!
//! A person types their number as it is dialled at home (`912 34 567` in Norway,
//! `070-123 45 67` in Sweden, with the trunk `0`) or internationally (`+47 …`,
//! `0047 …`). Which national forms are understood follows the person's country: the
//! numbering plans below. A number of a country without a plan here is taken in its
//! international form only, which always works.

use serde::Serialize;

use crate::validate::{CountryCode, ValidationCode};

/// How one country (or a group sharing a calling code) numbers its phones.
struct NumberingPlan {
    calling_code: &'static str,
    /// ISO 3166 codes of the countries that dial national numbers this way.
    countries: &'static [&'static str],
    /// What is dialled before a national number at home.
    trunk: Trunk,
    /// Dialled before a country code, besides the `00` most of the world uses.
    international_prefix: &'static str,
    /// Lengths of the national significant number (without trunk prefix), inclusive.
    nsn_len: (usize, usize),
    /// Digits a national significant number may start with.
    leading: &'static str,
    /// A number as people write it at home, for the hint beside the field.
    example: &'static str,
    /// Spaces the national significant number the way the country writes it.
    group: fn(&str) -> String,
}

/// The digit a country dials before a national number, and whether people write it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trunk {
    /// Numbers are dialled as they are (Norway, Denmark).
    None,
    /// Always written at home (`070-…` in Sweden); never dialled from abroad.
    Required(char),
    /// Often left out (`1` in North America).
    Optional(char),
}

impl NumberingPlan {
    fn accepts(&self, nsn: &str) -> bool {
        (self.nsn_len.0..=self.nsn_len.1).contains(&nsn.len())
            && nsn.chars().next().is_some_and(|c| self.leading.contains(c))
    }
}

const PLANS: &[NumberingPlan] = &[
    NumberingPlan {
        calling_code: "47",
        countries: &["NO", "SJ", "BV"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (8, 8),
        leading: "23456789",
        example: "912 34 567",
        // Mobile and special numbers 3-2-3, landlines in pairs.
        group: |n| match n.as_bytes()[0] {
            b'4' | b'8' | b'9' => chunks(n, &[3, 2, 3]),
            _ => chunks(n, &[2, 2, 2, 2]),
        },
    },
    NumberingPlan {
        calling_code: "46",
        countries: &["SE"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (7, 9),
        leading: "123456789",
        example: "070-123 45 67",
        group: swedish,
    },
    NumberingPlan {
        calling_code: "45",
        countries: &["DK"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (8, 8),
        leading: "23456789",
        example: "32 12 34 56",
        group: |n| chunks(n, &[2, 2, 2, 2]),
    },
    NumberingPlan {
        calling_code: "358",
        countries: &["FI", "AX"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (5, 11),
        leading: "123456789",
        example: "040 123 4567",
        group: finnish,
    },
    NumberingPlan {
        calling_code: "354",
        countries: &["IS"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (7, 7),
        leading: "456789",
        example: "611 1234",
        group: |n| chunks(n, &[3, 4]),
    },
    NumberingPlan {
        calling_code: "298",
        countries: &["FO"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (6, 6),
        leading: "23456789",
        example: "21 12 34",
        group: |n| chunks(n, &[2, 2, 2]),
    },
    NumberingPlan {
        calling_code: "299",
        countries: &["GL"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (6, 6),
        leading: "2345689",
        example: "22 12 34",
        group: |n| chunks(n, &[2, 2, 2]),
    },
    NumberingPlan {
        calling_code: "49",
        countries: &["DE"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        // Area codes of 2 to 5 digits and subscriber numbers of varying length.
        nsn_len: (6, 13),
        leading: "123456789",
        example: "030 12345678",
        group: |n| n.to_string(),
    },
    NumberingPlan {
        calling_code: "44",
        countries: &["GB", "GG", "IM", "JE"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (9, 10),
        leading: "123789",
        example: "020 7946 0958",
        group: british,
    },
    NumberingPlan {
        calling_code: "31",
        countries: &["NL"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (9, 9),
        leading: "123456789",
        example: "06 12345678",
        group: |n| match n.as_bytes()[0] {
            b'6' => chunks(n, &[1, 8]),
            _ => n.to_string(),
        },
    },
    NumberingPlan {
        calling_code: "33",
        countries: &["FR"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (9, 9),
        leading: "123456789",
        example: "06 12 34 56 78",
        group: |n| chunks(n, &[1, 2, 2, 2, 2]),
    },
    NumberingPlan {
        calling_code: "41",
        countries: &["CH"],
        trunk: Trunk::Required('0'),
        international_prefix: "00",
        nsn_len: (9, 9),
        leading: "123456789",
        example: "079 123 45 67",
        group: |n| chunks(n, &[2, 3, 2, 2]),
    },
    NumberingPlan {
        calling_code: "34",
        countries: &["ES"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (9, 9),
        leading: "6789",
        example: "612 34 56 78",
        group: |n| chunks(n, &[3, 2, 2, 2]),
    },
    NumberingPlan {
        calling_code: "48",
        countries: &["PL"],
        trunk: Trunk::None,
        international_prefix: "00",
        nsn_len: (9, 9),
        leading: "123456789",
        example: "512 345 678",
        group: |n| chunks(n, &[3, 3, 3]),
    },
    NumberingPlan {
        calling_code: "1",
        countries: &["US", "CA"],
        trunk: Trunk::Optional('1'),
        international_prefix: "011",
        nsn_len: (10, 10),
        leading: "23456789",
        example: "(201) 555-0123",
        group: |n| chunks(n, &[3, 3, 4]),
    },
];

/// Calling codes of two digits; all others but `1` and `7` have three (ITU-T E.164
/// assigns them so that none is the start of another).
const TWO_DIGIT_CALLING_CODES: &str = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98";

fn calling_code_len(digits: &str) -> usize {
    match digits.as_bytes().first() {
        Some(b'1' | b'7') => 1,
        _ if digits
            .get(..2)
            .is_some_and(|two| TWO_DIGIT_CALLING_CODES.split(' ').any(|c| c == two)) =>
        {
            2
        }
        _ => 3,
    }
}

fn plan_for_country(country: CountryCode) -> Option<&'static NumberingPlan> {
    PLANS
        .iter()
        .find(|p| p.countries.contains(&country.as_str()))
}

fn plan_for_calling_code(code: &str) -> Option<&'static NumberingPlan> {
    PLANS.iter().find(|p| p.calling_code == code)
}

/// A phone number in E.164: `+`, a country code and at most 15 digits in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneE164(String);

impl PhoneE164 {
    /// Reads a number as typed by a person living in `country`: in that country's
    /// national form (where its plan is known here) or internationally, with `+` or an
    /// international prefix. Spaces, hyphens, dots, slashes and brackets between digits
    /// are dropped, and so is the `(0)` some write after the country code.
    pub fn parse(input: &str, country: Option<CountryCode>) -> Result<Self, ValidationCode> {
        let typed = input.trim();
        if typed.is_empty() {
            return Err(ValidationCode::Required);
        }
        let (plus, rest) = match typed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, typed),
        };
        let mut digits = String::with_capacity(16);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '\u{a0}' | '-' | '.' | '/' | '(' | ')' => {}
                _ => return Err(ValidationCode::InvalidPhone),
            }
        }
        let home = country.and_then(plan_for_country);
        let international = if plus {
            Some(digits.as_str())
        } else {
            digits
                .strip_prefix("00")
                .or_else(|| home.and_then(|p| digits.strip_prefix(p.international_prefix)))
        };
        let (code, nsn) = match international {
            Some(d) => {
                let len = calling_code_len(d);
                if d.len() <= len || d.starts_with('0') {
                    return Err(ValidationCode::InvalidPhone);
                }
                let (code, nsn) = d.split_at(len);
                // "+46 (0)70 …", "+46 070 …": the trunk zero is not dialled from abroad,
                // but often written.
                let nsn = match plan_for_calling_code(code).map(|p| p.trunk) {
                    Some(Trunk::Required('0')) => nsn.strip_prefix('0').unwrap_or(nsn),
                    _ => nsn,
                };
                (code, nsn)
            }
            None => {
                let plan = home.ok_or(ValidationCode::InvalidPhone)?;
                let nsn = match plan.trunk {
                    Trunk::None => Some(digits.as_str()),
                    Trunk::Required(t) => digits.strip_prefix(t),
                    Trunk::Optional(t) => Some(digits.strip_prefix(t).unwrap_or(&digits)),
                }
                .ok_or(ValidationCode::InvalidPhone)?;
                (plan.calling_code, nsn)
            }
        };
        let valid = match plan_for_calling_code(code) {
            Some(plan) => plan.accepts(nsn),
            // Shortest real numbers (with country code) have 8 digits; E.164 allows 15.
            None => (8..=15).contains(&(code.len() + nsn.len())),
        };
        if !valid {
            return Err(ValidationCode::InvalidPhone);
        }
        Ok(PhoneE164(format!("+{code}{nsn}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country calling code and the national significant number: `("47",
    /// "91234567")`, for systems that store the two apart (WHMCS writes `+47.91234567`).
    pub fn parts(&self) -> (&str, &str) {
        let digits = &self.0[1..];
        digits.split_at(calling_code_len(digits))
    }

    /// The number as people read it: `+47 912 34 567`, `+46 70 123 45 67`. Countries
    /// without a plan here get the country code set apart: `+39 0612345678`.
    pub fn formatted(&self) -> String {
        let digits = &self.0[1..];
        let (code, nsn) = digits.split_at(calling_code_len(digits));
        let grouped = match plan_for_calling_code(code) {
            Some(plan) if plan.accepts(nsn) => (plan.group)(nsn),
            _ => nsn.to_string(),
        };
        format!("+{code} {grouped}")
    }
}

/// A stored number (E.164) as people read it; anything else is shown as it is.
pub fn format_phone(stored: &str) -> String {
    match PhoneE164::parse(stored, None) {
        Ok(p) if stored.trim().starts_with('+') => p.formatted(),
        _ => stored.to_string(),
    }
}

/// How people in `country` write a phone number at home, and the same number in
/// international form (`("912 34 567", "+47 912 34 567")`); `None` for a country whose
/// national form is not understood here.
pub fn phone_example(country: CountryCode) -> Option<(&'static str, String)> {
    let plan = plan_for_country(country)?;
    let international = PhoneE164::parse(plan.example, Some(country)).ok()?;
    Some((plan.example, international.formatted()))
}

/// `digits` in groups of `sizes`, the rest as a last group.
fn chunks(digits: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(digits.len() + sizes.len());
    let mut rest = digits;
    for &n in sizes {
        if rest.is_empty() {
            break;
        }
        let (head, tail) = rest.split_at(n.min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(head);
        rest = tail;
    }
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rest);
    }
    out
}

/// Sweden: the area code (`8` Stockholm, `70` a mobile, two or three digits elsewhere),
/// then the subscriber number as the Swedish standard groups it.
fn swedish(nsn: &str) -> String {
    const TWO_DIGIT_AREAS: &str = "11 13 16 18 19 21 23 26 31 33 35 36 40 42 44 46 54 60 63 90";
    let area = match nsn.as_bytes()[0] {
        b'7' => 2,
        b'8' => 1,
        _ if TWO_DIGIT_AREAS.split(' ').any(|a| nsn.starts_with(a)) => 2,
        _ => 3,
    };
    let (area, subscriber) = nsn.split_at(area.min(nsn.len()));
    let sizes: &[usize] = match subscriber.len() {
        5 => &[3, 2],
        6 => &[2, 2, 2],
        7 => &[3, 2, 2],
        8 => &[3, 3, 2],
        _ => &[],
    };
    format!("{area} {}", chunks(subscriber, sizes))
}

/// Finland: one-digit area codes (`9` Helsinki…), two digits for mobiles (`40`, `50`)
/// and `1x`, then three digits and the rest.
fn finnish(nsn: &str) -> String {
    let area = match nsn.as_bytes()[0] {
        b'1' | b'4' | b'7' => 2,
        b'5' if nsn.starts_with("50") => 2,
        _ => 1,
    };
    let (area, rest) = nsn.split_at(area.min(nsn.len()));
    format!("{area} {}", chunks(rest, &[3]))
}

/// The United Kingdom: mobiles `7700 900123`, London `20 7946 0958`, other numbers as
/// their area code is long.
fn british(nsn: &str) -> String {
    let b = nsn.as_bytes();
    match b[0] {
        b'7' => chunks(nsn, &[4, 6]),
        b'2' => chunks(nsn, &[2, 4, 4]),
        // 0113, 0121 … 0191: cities with three-digit area codes.
        b'1' if b.get(1) == Some(&b'1') || b.get(2) == Some(&b'1') => chunks(nsn, &[3, 3, 4]),
        b'1' => chunks(nsn, &[4, 6]),
        _ => chunks(nsn, &[3, 3, 4]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_off_the_calling_code() {
        let p = PhoneE164::parse("+4791234567", None).unwrap();
        assert_eq!(p.parts(), ("47", "91234567"));
        let p = PhoneE164::parse("+46701234567", None).unwrap();
        assert_eq!(p.parts(), ("46", "701234567"));
        let p = PhoneE164::parse("+12025550123", None).unwrap();
        assert_eq!(p.parts(), ("1", "2025550123"));
    }

    fn cc(code: &str) -> Option<CountryCode> {
        Some(CountryCode::parse(code).unwrap())
    }

    /// Parses `typed` for a person in `country` and returns the stored number.
    fn e164(typed: &str, country: &str) -> Result<String, ValidationCode> {
        PhoneE164::parse(typed, cc(country)).map(|p| p.as_str().to_string())
    }

    fn shown(stored: &str) -> String {
        format_phone(stored)
    }

    #[test]
    fn norway_national_and_international_forms() {
        for typed in [
            "91234567",
            "912 34 567",
            "912-34-567",
            "0047 91234567",
            "+47 912 34 567",
            "+4791234567",
            "+47 (912) 34.567",
        ] {
            assert_eq!(e164(typed, "NO").as_deref(), Ok("+4791234567"), "{typed:?}");
        }
        assert_eq!(e164("22 12 34 56", "NO").as_deref(), Ok("+4722123456"));
        // Svalbard dials as Norway does.
        assert_eq!(e164("79 02 12 34", "SJ").as_deref(), Ok("+4779021234"));
        for bad in [
            "9123456",
            "912345678",
            "01234567",
            "+47 0912 34 567",
            "12345",
        ] {
            assert_eq!(
                e164(bad, "NO"),
                Err(ValidationCode::InvalidPhone),
                "{bad:?}"
            );
        }
        assert_eq!(shown("+4791234567"), "+47 912 34 567");
        assert_eq!(shown("+4722123456"), "+47 22 12 34 56");
        assert_eq!(shown("+4780012345"), "+47 800 12 345");
    }

    #[test]
    fn sweden_with_the_trunk_zero() {
        for typed in [
            "070-123 45 67",
            "0701234567",
            "070 123 45 67",
            "+46 70 123 45 67",
            "+46 (0)70-123 45 67",
            "+46 070 123 45 67",
            "0046 70 123 45 67",
        ] {
            assert_eq!(
                e164(typed, "SE").as_deref(),
                Ok("+46701234567"),
                "{typed:?}"
            );
        }
        assert_eq!(e164("08-123 456 78", "SE").as_deref(), Ok("+46812345678"));
        assert_eq!(e164("031-12 34 56", "SE").as_deref(), Ok("+4631123456"));
        // At home a Swedish number is written with its 0: without it, it is likely
        // another country's number.
        for bad in [
            "070-123",
            "0701234567890",
            "00",
            "70 123 45 67",
            "912 34 567",
        ] {
            assert_eq!(
                e164(bad, "SE"),
                Err(ValidationCode::InvalidPhone),
                "{bad:?}"
            );
        }
        assert_eq!(shown("+46701234567"), "+46 70 123 45 67");
        assert_eq!(shown("+46812345678"), "+46 8 123 456 78");
        assert_eq!(shown("+4631123456"), "+46 31 12 34 56");
        assert_eq!(shown("+46381234567"), "+46 381 23 45 67");
    }

    #[test]
    fn denmark_without_a_trunk_prefix() {
        for typed in [
            "32 12 34 56",
            "32123456",
            "0045 32 12 34 56",
            "+45 32123456",
        ] {
            assert_eq!(e164(typed, "DK").as_deref(), Ok("+4532123456"), "{typed:?}");
        }
        for bad in ["032 12 34 56", "3212345", "+45 02 12 34 56"] {
            assert_eq!(
                e164(bad, "DK"),
                Err(ValidationCode::InvalidPhone),
                "{bad:?}"
            );
        }
        assert_eq!(shown("+4532123456"), "+45 32 12 34 56");
    }

    #[test]
    fn finland_and_aland() {
        for typed in [
            "040 123 4567",
            "0401234567",
            "+358 40 123 4567",
            "00358 40 1234567",
        ] {
            assert_eq!(
                e164(typed, "FI").as_deref(),
                Ok("+358401234567"),
                "{typed:?}"
            );
        }
        assert_eq!(e164("09 123 4567", "FI").as_deref(), Ok("+35891234567"));
        assert_eq!(e164("018 12 345", "AX").as_deref(), Ok("+3581812345"));
        assert_eq!(e164("0401", "FI"), Err(ValidationCode::InvalidPhone));
        assert_eq!(shown("+358401234567"), "+358 40 123 4567");
        assert_eq!(shown("+35891234567"), "+358 9 123 4567");
    }

    #[test]
    fn other_plans_read_their_national_forms() {
        let cases = [
            ("IS", "611 1234", "+3546111234", "+354 611 1234"),
            ("FO", "21 12 34", "+298211234", "+298 21 12 34"),
            ("GL", "22 12 34", "+299221234", "+299 22 12 34"),
            ("DE", "030 12345678", "+493012345678", "+49 3012345678"),
            ("GB", "020 7946 0958", "+442079460958", "+44 20 7946 0958"),
            ("GB", "07700 900123", "+447700900123", "+44 7700 900123"),
            ("GB", "0121 496 0000", "+441214960000", "+44 121 496 0000"),
            ("NL", "06 12345678", "+31612345678", "+31 6 12345678"),
            ("FR", "06 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
            ("CH", "079 123 45 67", "+41791234567", "+41 79 123 45 67"),
            ("ES", "612 34 56 78", "+34612345678", "+34 612 34 56 78"),
            ("PL", "512 345 678", "+48512345678", "+48 512 345 678"),
            ("US", "(201) 555-0123", "+12015550123", "+1 201 555 0123"),
            ("US", "1 201 555 0123", "+12015550123", "+1 201 555 0123"),
            ("US", "011 47 912 34 567", "+4791234567", "+47 912 34 567"),
            ("CA", "416-555-0199", "+14165550199", "+1 416 555 0199"),
        ];
        for (country, typed, stored, display) in cases {
            assert_eq!(
                e164(typed, country).as_deref(),
                Ok(stored),
                "{country} {typed:?}"
            );
            assert_eq!(shown(stored), display, "{country} {stored}");
        }
    }

    #[test]
    fn every_plan_example_is_a_valid_number_of_its_country() {
        for plan in PLANS {
            for country in plan.countries {
                let (national, international) = phone_example(cc(country).unwrap()).unwrap();
                assert_eq!(national, plan.example);
                assert!(international.starts_with(&format!("+{} ", plan.calling_code)));
            }
            let len = calling_code_len(plan.calling_code);
            assert_eq!(len, plan.calling_code.len(), "{}", plan.calling_code);
        }
    }

    #[test]
    fn a_country_without_a_plan_needs_the_international_form() {
        assert_eq!(
            e164("06 1234 5678", "IT"),
            Err(ValidationCode::InvalidPhone)
        );
        assert_eq!(
            e164("+39 06 1234 5678", "IT").as_deref(),
            Ok("+390612345678")
        );
        assert_eq!(
            e164("0039 06 1234 5678", "IT").as_deref(),
            Ok("+390612345678")
        );
        assert_eq!(shown("+390612345678"), "+39 0612345678");
        // Without a country, only the international form can be read.
        assert_eq!(
            PhoneE164::parse("91234567", None),
            Err(ValidationCode::InvalidPhone)
        );
        assert_eq!(
            PhoneE164::parse("+47 912 34 567", None).unwrap().as_str(),
            "+4791234567"
        );
        // Someone in Norway with a Swedish number.
        assert_eq!(
            e164("+46 70 123 45 67", "NO").as_deref(),
            Ok("+46701234567")
        );
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in [
            "+47",
            "+47 12ab",
            "+0471234567",
            "+4791234567891234",
            "++4791234567",
            "912 34 567 ext 2",
            "+47 912 34 567 😀",
            "+",
            "00",
        ] {
            assert_eq!(
                e164(bad, "NO"),
                Err(ValidationCode::InvalidPhone),
                "{bad:?}"
            );
        }
        assert_eq!(e164("   ", "NO"), Err(ValidationCode::Required));
        // A stored value that is not E.164 (from before this rule) is shown as it is.
        assert_eq!(shown("912 34 567"), "912 34 567");
        assert_eq!(shown(""), "");
    }
}
