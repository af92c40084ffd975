//! Whether a WHMCS client is a company or a private customer: a rule the operator sets
//! (`PORTAL_WHMCS_COMPANY_RULE`), since WHMCS itself does not say. It matters: a private
//! account is its holder's own, so their erasure anonymises it, while a company account
//! outlives its admin and has employees and contacts they manage.
//!
//! The default, `legal_form`, fits Norwegian and Swedish hosts. A sole trader (Norwegian
//! enkeltpersonforetak, Swedish enskild firma) is a natural person even when they trade
//! under a firm name, and many private customers type something in WHMCS's company field,
//! so neither a company name nor a tax id makes a company on its own. In Norway a sole
//! trader has an organisation number (and a VAT number) just like a limited company, so a
//! Norwegian tax id cannot tell them apart; the firm name can, because the law makes a
//! legal entity carry its form in its name ("AS", "ASA"…) and a sole trader may not. In
//! Sweden the firm name carries the form too ("AB"…), and the number tells as well: a
//! legal person's organisationsnummer has a third digit of 2 or more, while a sole
//! trader uses their personnummer, whose third digit is the month's first (0 or 1).

use portal_domain::api::AccountKind;

use super::people::{decode, positive};

/// What makes a WHMCS client a company.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CompanyRule {
    /// A company name ending in a legal-entity form (`LAST_FORMS`, or starting with one
    /// of `FIRST_FORMS`), or a tax id that is a Swedish legal person's
    /// organisationsnummer.
    #[default]
    LegalForm,
    /// Any company name.
    CompanyName,
    /// Any tax id.
    TaxId,
    /// The client's group (`tblclients.groupid`) is one of these.
    Group(Vec<i64>),
    /// The client custom field `field` holds `value` (trimmed, case-insensitive).
    CustomField { field: i64, value: String },
}

/// Legal-entity forms as the last word of a company name (compared case-insensitively,
/// dots and commas read as spaces, after any trailing "(publ)").
pub const LAST_FORMS: &[&str] = &[
    // Norway: aksjeselskap, allmennaksjeselskap, samvirkeforetak, selskap med begrenset
    // ansvar, ansvarlig selskap (solidarisk / delt ansvar), kommandittselskap,
    // norskregistrert utenlandsk foretak, statsforetak, interkommunalt selskap,
    // kommunalt and fylkeskommunalt foretak, boligbyggelag, borettslag, stiftelse.
    "as",
    "a/s",
    "asa",
    "sa",
    "ba",
    "ans",
    "da",
    "ks",
    "nuf",
    "sf",
    "iks",
    "kf",
    "fkf",
    "bbl",
    "brl",
    "stiftelse",
    "stiftelsen",
    // Sweden: aktiebolag, handelsbolag, kommanditbolag, ekonomisk förening,
    // bostadsrättsförening.
    "ab",
    "aktiebolag",
    "hb",
    "handelsbolag",
    "kb",
    "kommanditbolag",
    "ek för",
    "ekonomisk förening",
    "brf",
];

/// Legal-entity forms that also stand first in a company name: "AS Vinmonopolet",
/// "AB Volvo", "Brf Solgläntan", "Stiftelsen Kirkens Bymisjon".
pub const FIRST_FORMS: &[&str] = &[
    "as",
    "a/s",
    "asa",
    "ab",
    "aktiebolaget",
    "brf",
    "stiftelsen",
];

/// What the setting looks like, for messages.
pub const SYNTAX: &str = "legal_form (the default), company_name, tax_id, group:ID[,ID…] \
     (WHMCS client groups) or custom_field:ID=VALUE (a client custom field)";

impl CompanyRule {
    /// `PORTAL_WHMCS_COMPANY_RULE`'s value; `Err` says what is wrong with it.
    pub fn parse(value: &str) -> Result<CompanyRule, String> {
        let value = value.trim();
        let ids = |list: &str| -> Option<Vec<i64>> {
            let ids = list
                .split(',')
                .map(|id| positive(id.trim()))
                .collect::<Option<Vec<i64>>>()?;
            Some(ids).filter(|ids| !ids.is_empty())
        };
        match value.split_once(':') {
            None => match value.to_ascii_lowercase().as_str() {
                "" | "legal_form" => Ok(CompanyRule::LegalForm),
                "company_name" => Ok(CompanyRule::CompanyName),
                "tax_id" => Ok(CompanyRule::TaxId),
                _ => Err(format!("expected {SYNTAX}")),
            },
            Some((kind, rest)) => match kind.trim().to_ascii_lowercase().as_str() {
                "group" => ids(rest).map(CompanyRule::Group).ok_or_else(|| {
                    "expected group: and the ids of WHMCS client groups, comma-separated, \
                     e.g. group:2,5"
                        .to_string()
                }),
                "custom_field" => {
                    let (field, wanted) = rest.split_once('=').unwrap_or((rest, ""));
                    let field = positive(field.trim());
                    match (field, wanted.trim()) {
                        (Some(field), wanted) if !wanted.is_empty() => {
                            Ok(CompanyRule::CustomField {
                                field,
                                value: wanted.to_string(),
                            })
                        }
                        _ => Err(
                            "expected custom_field: a WHMCS client custom field's id, = \
                             and the value that makes a company, e.g. custom_field:4=Bedrift"
                                .to_string(),
                        ),
                    }
                }
                _ => Err(format!("expected {SYNTAX}")),
            },
        }
    }

    /// The client custom field the rule reads, if it reads one.
    pub fn field(&self) -> Option<i64> {
        match self {
            CompanyRule::CustomField { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// The kind of a client with these values, as WHMCS stores them (HTML-encoded):
    /// `field` is the rule's custom field's value, if the rule reads one and it is set.
    pub fn kind(
        &self,
        companyname: &str,
        tax_id: &str,
        groupid: i64,
        field: Option<&str>,
    ) -> AccountKind {
        let company = match self {
            CompanyRule::LegalForm => {
                has_legal_form(&decode(companyname)) || is_swedish_legal_person(&decode(tax_id))
            }
            CompanyRule::CompanyName => !companyname.trim().is_empty(),
            CompanyRule::TaxId => !tax_id.trim().is_empty(),
            CompanyRule::Group(groups) => groups.contains(&groupid),
            CompanyRule::CustomField { value, .. } => field
                .is_some_and(|f| decode(f).trim().to_lowercase() == value.trim().to_lowercase()),
        };
        if company {
            AccountKind::Company
        } else {
            AccountKind::Private
        }
    }
}

/// Whether a company name carries a legal-entity form (`LAST_FORMS`, `FIRST_FORMS`).
pub fn has_legal_form(name: &str) -> bool {
    let lower = name.to_lowercase().replace(['.', ','], " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    // "(publ)" marks a Swedish public limited company, after its "AB" or alone.
    if words.last() == Some(&"(publ)") {
        if words.len() > 1 {
            return true;
        }
        words.pop();
    }
    let ends_with = |form: &str| {
        let form: Vec<&str> = form.split(' ').collect();
        // A name that is only the form ("AS") names no firm.
        words.len() > form.len() && words.ends_with(&form)
    };
    let starts_with = |form: &str| words.len() > 1 && words[0] == form;
    LAST_FORMS.iter().any(|f| ends_with(f)) || FIRST_FORMS.iter().any(|f| starts_with(f))
}

/// Whether a tax id is a Swedish legal person's organisationsnummer: ten digits (a dash
/// allowed), as a VAT number (`SE`, the ten digits, `01`) too, or with the century
/// prefix `16` legal persons get where twelve digits are expected; the third digit 2 or
/// more, and the check digit right. A sole trader's number is their personnummer, whose
/// third digit is 0 or 1; a Norwegian number (nine digits) tells nothing.
pub fn is_swedish_legal_person(tax_id: &str) -> bool {
    let compact: String = tax_id
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let digits = match compact.strip_prefix("SE") {
        Some(vat) if vat.len() == 12 && vat.ends_with("01") => &vat[..10],
        Some(vat) => vat,
        None if compact.len() == 12 && compact.starts_with("16") => &compact[2..],
        None => compact.as_str(),
    };
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    d[2] >= 2 && luhn(&d)
}

/// The Luhn check Swedish personal and organisation numbers carry in their last digit.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccountKind::{Company, Private};

    fn legal(name: &str, tax_id: &str) -> AccountKind {
        CompanyRule::LegalForm.kind(name, tax_id, 0, None)
    }

    #[test]
    fn legal_entities_are_companies_and_sole_traders_and_private_customers_are_not() {
        for name in [
            "Nordlys Webbyrå AS",
            "Fjellvind Data as",
            "Equinor ASA",
            "Hansen &amp; Sønn AS",
            "Nordlys Webbyrå AS.",
            "Bygg og Anlegg, A/S",
            "Tine SA",
            "Felleskjøpet BA",
            "Berg og Dal ANS",
            "Berg og Dal DA",
            "Fjordinvest KS",
            "Acme Ltd NUF",
            "Statkraft SF",
            "Vannverket IKS",
            "Nordre Park Borettslag BRL",
            "Stiftelsen Kirkens Bymisjon",
            "Kulturminnefondet stiftelse",
            "AS Vinmonopolet",
            "Svensk Hosting AB",
            "Svensk Hosting AB (publ)",
            "Svensk Hosting AB (PUBL)",
            "AB Volvo",
            "Aktiebolaget Svenska Kullagerfabriken",
            "Svensk Hosting Aktiebolag",
            "Lund &amp; Dotter HB",
            "Lund Invest KB",
            "Konsum Norr ek. för.",
            "Konsum Norr ek för",
            "Konsum Norr Ekonomisk Förening",
            "Brf Solgläntan",
            "Solgläntan BRF",
        ] {
            assert_eq!(legal(name, ""), Company, "{name}");
        }
        for name in [
            "",
            "Hansen Rørlegger ENK",
            "Hansen Rørlegger Enkeltpersonforetak",
            "Berg Design",
            "Anna Svensson Enskild firma",
            "privat",
            "-",
            // The form alone names no firm; a form inside a name is no form.
            "AS",
            "(publ)",
            "Asker Bad",
            "Abba-fan",
            "Hasse AB-fan",
            "Kasa Design",
        ] {
            assert_eq!(legal(name, ""), Private, "{name}");
        }
    }

    #[test]
    fn a_swedish_legal_persons_number_is_a_company_and_a_personnummer_or_a_norwegian_number_is_not()
    {
        for tax_id in [
            "556036-0793",
            "5560360793",
            "SE556036079301",
            "SE 556036-0793 01",
            "se5560360793",
            "165560360793",
            "802006-1902",
            "969678-1237",
        ] {
            assert_eq!(legal("", tax_id), Company, "{tax_id}");
        }
        for tax_id in [
            // A sole trader's: their personnummer, bare or in a VAT number.
            "800101-1231",
            "8001011231",
            "SE800101123101",
            "19800101-1231",
            // A check digit off, too short or long, a Norwegian organisation number.
            "556036-0794",
            "556036079",
            "NO923456789MVA",
            "912345678",
            "912 345 678 MVA",
        ] {
            assert_eq!(legal("", tax_id), Private, "{tax_id}");
        }
        // A Norwegian sole trader's firm with its organisation number stays private.
        assert_eq!(legal("Hansen Rørlegger ENK", "NO912345678MVA"), Private);
    }

    #[test]
    fn the_other_rules_read_their_field_alone() {
        let name = CompanyRule::CompanyName;
        assert_eq!(name.kind("Berg Design", "", 0, None), Company);
        assert_eq!(name.kind(" ", "5560360793", 0, None), Private);
        let tax = CompanyRule::TaxId;
        assert_eq!(tax.kind("", "NO912345678MVA", 0, None), Company);
        assert_eq!(tax.kind("Nordlys AS", "", 0, None), Private);
        let group = CompanyRule::Group(vec![2, 5]);
        assert_eq!(group.kind("", "", 5, None), Company);
        assert_eq!(group.kind("Nordlys AS", "NO923456789MVA", 0, None), Private);
        let field = CompanyRule::CustomField {
            field: 4,
            value: "Bedrift".into(),
        };
        assert_eq!(field.kind("", "", 0, Some(" bedrift ")), Company);
        assert_eq!(field.kind("Nordlys AS", "", 0, Some("Privat")), Private);
        assert_eq!(field.kind("Nordlys AS", "", 0, None), Private);
        let encoded = CompanyRule::CustomField {
            field: 4,
            value: "Firma & co".into(),
        };
        assert_eq!(encoded.kind("", "", 0, Some("Firma &amp; co")), Company);
    }

    #[test]
    fn the_setting_parses_each_rule_and_refuses_anything_else() {
        let ok = |v: &str| CompanyRule::parse(v).unwrap();
        assert_eq!(ok(""), CompanyRule::LegalForm);
        assert_eq!(ok(" Legal_Form "), CompanyRule::LegalForm);
        assert_eq!(ok("company_name"), CompanyRule::CompanyName);
        assert_eq!(ok("tax_id"), CompanyRule::TaxId);
        assert_eq!(ok("group:3"), CompanyRule::Group(vec![3]));
        assert_eq!(ok("group: 2, 5"), CompanyRule::Group(vec![2, 5]));
        assert_eq!(
            ok("custom_field:4= Bedrift "),
            CompanyRule::CustomField {
                field: 4,
                value: "Bedrift".into()
            }
        );
        assert_eq!(
            ok("custom_field:4=a=b"),
            CompanyRule::CustomField {
                field: 4,
                value: "a=b".into()
            }
        );
        for bad in [
            "company",
            "group:",
            "group:x",
            "group:2,,5",
            "group:0",
            "group:+3",
            "custom_field:4",
            "custom_field:4=",
            "custom_field:x=Bedrift",
            "custom_field:=Bedrift",
            "field:4=Bedrift",
        ] {
            assert!(CompanyRule::parse(bad).is_err(), "{bad}");
        }
    }
}
