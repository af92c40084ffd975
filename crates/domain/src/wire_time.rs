//! Timestamps and dates as the API writes them: RFC 3339 (`2026-12-02T15:04:05.5Z`) and
//! `YYYY-MM-DD`.
//!
//! The server reads them with `time`'s own parsers. The widget reads them with the small
//! parsers below: `time`'s general parsing machinery is some 8 KB of wasm the first load
//! can do without. Both accept the same text for every value the API sends; the tests
//! compare them.

use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// `s` as an RFC 3339 timestamp.
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    if cfg!(target_arch = "wasm32") {
        parse_rfc3339_small(s)
    } else {
        OffsetDateTime::parse(s, &Rfc3339).ok()
    }
}

/// Exactly `n` ASCII digits at the start of `s`, and the rest.
fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

fn expect(s: &str, c: u8) -> Option<&str> {
    (s.as_bytes().first() == Some(&c)).then(|| &s[1..])
}

/// `YYYY-MM-DD` and what follows it.
fn date_prefix(s: &str) -> Option<(Date, &str)> {
    let (year, s) = digits(s, 4)?;
    let (month, s) = digits(expect(s, b'-')?, 2)?;
    let (day, s) = digits(expect(s, b'-')?, 2)?;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?);
    Some((date.ok()?, s))
}

pub(crate) fn parse_date_small(s: &str) -> Option<Date> {
    match date_prefix(s)? {
        (date, "") => Some(date),
        _ => None,
    }
}

pub(crate) fn parse_rfc3339_small(s: &str) -> Option<OffsetDateTime> {
    let (date, s) = date_prefix(s)?;
    let s = expect(s, b'T')
        .or_else(|| expect(s, b't'))
        .or_else(|| expect(s, b' '))?;
    let (hour, s) = digits(s, 2)?;
    let (minute, s) = digits(expect(s, b':')?, 2)?;
    let (second, mut s) = digits(expect(s, b':')?, 2)?;
    let mut nanos = 0u32;
    if let Some(rest) = expect(s, b'.') {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        // Nanoseconds are nine digits; further ones are dropped, as `time` does.
        for (i, b) in rest.bytes().take(n.min(9)).enumerate() {
            nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
        }
        s = &rest[n..];
    }
    let offset = match s.as_bytes().first()? {
        b'Z' | b'z' if s.len() == 1 => UtcOffset::UTC,
        sign @ (b'+' | b'-') => {
            let (oh, rest) = digits(&s[1..], 2)?;
            let (om, rest) = digits(expect(rest, b':')?, 2)?;
            if !rest.is_empty() || om > 59 {
                return None;
            }
            let (oh, om) = (i8::try_from(oh).ok()?, i8::try_from(om).ok()?);
            let (oh, om) = if *sign == b'-' { (-oh, -om) } else { (oh, om) };
            UtcOffset::from_hms(oh, om, 0).ok()?
        }
        _ => return None,
    };
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// `#[serde(with = "crate::wire_time::rfc3339")]` for an `OffsetDateTime`.
pub mod rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(at: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::serialize(at, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = String::deserialize(d)?;
        parse_timestamp(&s).ok_or_else(|| serde::de::Error::custom("not an RFC 3339 timestamp"))
    }

    /// The same for an `Option<OffsetDateTime>`, null when `None`.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            at: &Option<OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            time::serde::rfc3339::option::serialize(at, s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(s) => parse_timestamp(&s)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("not an RFC 3339 timestamp")),
            }
        }
    }
}

/// `#[serde(with = "crate::wire_time::iso_date")]` for a `Date` as `YYYY-MM-DD`.
pub mod iso_date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::format_iso_date(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        crate::parse_iso_date(&s).ok_or_else(|| serde::de::Error::custom("not a YYYY-MM-DD date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc3339;
    use time::macros::datetime;

    fn theirs(s: &str) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(s, &Rfc3339).ok()
    }

    #[test]
    fn the_small_parser_reads_what_the_server_writes() {
        let moments = [
            datetime!(2026-12-02 15:04:05 UTC),
            datetime!(2026-12-02 15:04:05.5 UTC),
            datetime!(2024-02-29 23:59:59.999_999_999 UTC),
            datetime!(1999-01-01 00:00:00.000_001 +01:00),
            datetime!(2026-06-30 08:15:00 -05:30),
        ];
        for at in moments {
            let text = at.format(&Rfc3339).unwrap();
            assert_eq!(parse_rfc3339_small(&text), Some(at), "{text}");
            assert_eq!(parse_rfc3339_small(&text), theirs(&text), "{text}");
        }
    }

    #[test]
    fn the_small_parser_agrees_with_time_on_odd_text() {
        for text in [
            "2026-12-02T15:04:05Z",
            "2026-12-02t15:04:05z",
            "2026-12-02T15:04:05.1234567891234Z",
            "2026-12-02T15:04:05+00:00",
            "2026-12-02T15:04:05-00:00",
            "2026-12-02T15:04:05+23:59",
            "2026-12-02 15:04:05Z",
            "2026-12-02T15:04:05",
            "2026-12-02T15:04Z",
            "2026-12-02T15:04:05.Z",
            "2026-12-02T15:04:05+0100",
            "2026-12-02T15:04:05+01:60",
            "2026-12-02T24:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-02T15:04:05ZZ",
            "226-12-02T15:04:05Z",
            "2026-1-02T15:04:05Z",
            "",
            "garbage",
        ] {
            assert_eq!(parse_rfc3339_small(text), theirs(text), "{text}");
        }
    }

    #[test]
    fn the_small_date_parser_agrees_with_time() {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        for text in [
            "2026-12-02",
            "2024-02-29",
            "2023-02-29",
            "0001-01-01",
            "2026-00-10",
            "2026-12-32",
            "2026-12-2",
            "2026-12-02T",
            "2026/12/02",
            "",
        ] {
            assert_eq!(
                parse_date_small(text),
                Date::parse(text, format).ok(),
                "{text}"
            );
        }
    }
}
