//! The countries the contact form offers, by name in each language, sorted the way each
//! language sorts its alphabet (Norwegian ends with Æ Ø Å, Swedish with Å Ä Ö). The value
//! kept is the ISO 3166 code; a stored code not listed here is still offered, by its code.

use portal_domain::Locale;

/// (ISO 3166-1 alpha-2, nb, sv, en): the EEA, its neighbours and the countries a Nordic
/// host's customers most often live in.
const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("AT", "Østerrike", "Österrike", "Austria"),
    ("BE", "Belgia", "Belgien", "Belgium"),
    ("BG", "Bulgaria", "Bulgarien", "Bulgaria"),
    ("HR", "Kroatia", "Kroatien", "Croatia"),
    ("CY", "Kypros", "Cypern", "Cyprus"),
    ("CZ", "Tsjekkia", "Tjeckien", "Czechia"),
    ("DK", "Danmark", "Danmark", "Denmark"),
    ("EE", "Estland", "Estland", "Estonia"),
    ("FI", "Finland", "Finland", "Finland"),
    ("FR", "Frankrike", "Frankrike", "France"),
    ("DE", "Tyskland", "Tyskland", "Germany"),
    ("GR", "Hellas", "Grekland", "Greece"),
    ("HU", "Ungarn", "Ungern", "Hungary"),
    ("IE", "Irland", "Irland", "Ireland"),
    ("IT", "Italia", "Italien", "Italy"),
    ("LV", "Latvia", "Lettland", "Latvia"),
    ("LT", "Litauen", "Litauen", "Lithuania"),
    ("LU", "Luxembourg", "Luxemburg", "Luxembourg"),
    ("MT", "Malta", "Malta", "Malta"),
    ("NL", "Nederland", "Nederländerna", "Netherlands"),
    ("PL", "Polen", "Polen", "Poland"),
    ("PT", "Portugal", "Portugal", "Portugal"),
    ("RO", "Romania", "Rumänien", "Romania"),
    ("SK", "Slovakia", "Slovakien", "Slovakia"),
    ("SI", "Slovenia", "Slovenien", "Slovenia"),
    ("ES", "Spania", "Spanien", "Spain"),
    ("SE", "Sverige", "Sverige", "Sweden"),
    ("IS", "Island", "Island", "Iceland"),
    ("LI", "Liechtenstein", "Liechtenstein", "Liechtenstein"),
    ("NO", "Norge", "Norge", "Norway"),
    ("AX", "Åland", "Åland", "Åland Islands"),
    ("FO", "Færøyene", "Färöarna", "Faroe Islands"),
    ("GL", "Grønland", "Grönland", "Greenland"),
    (
        "SJ",
        "Svalbard og Jan Mayen",
        "Svalbard och Jan Mayen",
        "Svalbard and Jan Mayen",
    ),
    ("GB", "Storbritannia", "Storbritannien", "United Kingdom"),
    ("CH", "Sveits", "Schweiz", "Switzerland"),
    ("UA", "Ukraina", "Ukraina", "Ukraine"),
    ("RS", "Serbia", "Serbien", "Serbia"),
    (
        "BA",
        "Bosnia-Hercegovina",
        "Bosnien och Hercegovina",
        "Bosnia and Herzegovina",
    ),
    ("TR", "Tyrkia", "Turkiet", "Türkiye"),
    ("RU", "Russland", "Ryssland", "Russia"),
    ("US", "USA", "USA", "United States"),
    ("CA", "Canada", "Kanada", "Canada"),
    ("BR", "Brasil", "Brasilien", "Brazil"),
    ("AU", "Australia", "Australien", "Australia"),
    ("NZ", "New Zealand", "Nya Zeeland", "New Zealand"),
    ("CN", "Kina", "Kina", "China"),
    ("JP", "Japan", "Japan", "Japan"),
    ("IN", "India", "Indien", "India"),
    ("PK", "Pakistan", "Pakistan", "Pakistan"),
    ("TH", "Thailand", "Thailand", "Thailand"),
    ("PH", "Filippinene", "Filippinerna", "Philippines"),
    ("VN", "Vietnam", "Vietnam", "Vietnam"),
    ("IL", "Israel", "Israel", "Israel"),
    (
        "AE",
        "De forente arabiske emirater",
        "Förenade Arabemiraten",
        "United Arab Emirates",
    ),
    ("ZA", "Sør-Afrika", "Sydafrika", "South Africa"),
];

/// The name of a country in `locale`, or its code when it is not listed.
pub fn country_name(locale: Locale, code: &str) -> String {
    COUNTRIES
        .iter()
        .find(|c| c.0.eq_ignore_ascii_case(code))
        .map(|&(_, nb, sv, en)| match locale {
            Locale::Nb => nb,
            Locale::Sv => sv,
            Locale::En => en,
        })
        .unwrap_or(code)
        .to_string()
}

/// (code, name) of every listed country in `locale`, in that language's alphabetical order;
/// `current` is added by its code when it is not listed, so a stored value never vanishes.
pub fn country_options(locale: Locale, current: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|c| (c.0.to_string(), country_name(locale, c.0)))
        .collect();
    let current = current.trim().to_ascii_uppercase();
    if !current.is_empty() && !out.iter().any(|(code, _)| *code == current) {
        out.push((current.clone(), current));
    }
    out.sort_by_cached_key(|(_, name)| sort_key(locale, name));
    out
}

/// A name's letters as weights in `locale`'s alphabet: a–z, then the letters each
/// language puts after z; accented letters sort with their base letter, case and
/// punctuation are ignored.
fn sort_key(locale: Locale, name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            let after_z = |n: u32| Some(u32::from('z') + n);
            match (locale, c) {
                (Locale::Nb, 'æ' | 'ä') => after_z(1),
                (Locale::Nb, 'ø' | 'ö') => after_z(2),
                (Locale::Nb, 'å') => after_z(3),
                (Locale::Sv, 'å') => after_z(1),
                (Locale::Sv, 'ä' | 'æ') => after_z(2),
                (Locale::Sv, 'ö' | 'ø') => after_z(3),
                (_, 'á' | 'à' | 'â' | 'ä' | 'å' | 'ã') => Some(u32::from('a')),
                (_, 'æ') => Some(u32::from('a')),
                (_, 'é' | 'è' | 'ê' | 'ë') => Some(u32::from('e')),
                (_, 'í' | 'ì' | 'î' | 'ï') => Some(u32::from('i')),
                (_, 'ó' | 'ò' | 'ô' | 'ö' | 'ø' | 'õ') => Some(u32::from('o')),
                (_, 'ú' | 'ù' | 'û' | 'ü') => Some(u32::from('u')),
                (_, c) if c.is_alphanumeric() => Some(u32::from(c)),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::CountryCode;

    fn names(locale: Locale) -> Vec<String> {
        country_options(locale, "NO")
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    }

    #[test]
    fn every_listed_code_is_iso_and_has_three_names() {
        for &(code, nb, sv, en) in COUNTRIES {
            assert!(CountryCode::parse(code).is_ok(), "{code}");
            assert!(!nb.is_empty() && !sv.is_empty() && !en.is_empty(), "{code}");
        }
        let mut codes: Vec<_> = COUNTRIES.iter().map(|c| c.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), COUNTRIES.len(), "a country is listed twice");
        // The whole EEA is there.
        for eea in [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
            "LI", "NO",
        ] {
            assert!(codes.contains(&eea), "{eea}");
        }
    }

    #[test]
    fn each_language_sorts_its_own_alphabet() {
        let nb = names(Locale::Nb);
        // Æ, Ø, Å last in Norwegian, in that order.
        let tail: Vec<_> = nb.iter().rev().take(2).rev().cloned().collect();
        assert_eq!(tail, ["Østerrike", "Åland"]);
        let pos = |list: &[String], n: &str| list.iter().position(|x| x == n).unwrap();
        assert!(pos(&nb, "Frankrike") < pos(&nb, "Færøyene"));
        let sv = names(Locale::Sv);
        let tail: Vec<_> = sv.iter().rev().take(2).rev().cloned().collect();
        assert_eq!(tail, ["Åland", "Österrike"]);
        let en = names(Locale::En);
        assert_eq!(en.first().map(String::as_str), Some("Åland Islands"));
        assert!(pos(&en, "Türkiye") < pos(&en, "Ukraine"));
    }

    #[test]
    fn a_stored_country_that_is_not_listed_is_still_offered() {
        let options = country_options(Locale::En, "mx");
        assert!(
            options
                .iter()
                .any(|(code, name)| code == "MX" && name == "MX")
        );
        assert_eq!(country_name(Locale::Sv, "se"), "Sverige");
        assert_eq!(country_name(Locale::En, "MX"), "MX");
    }
}
