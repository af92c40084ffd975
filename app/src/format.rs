//! How dates, times and sizes read in each language ("21. desember 2026", "21 december
//! 2026", "21 December 2026"), and the export's file name. Plain functions, so they are
//! tested on the host.

use portal_domain::{Locale, format_iso_date};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::i18n::month_name;

/// A calendar date as people write it in `locale`.
pub fn date(locale: Locale, d: Date) -> String {
    let month = month_name(locale, d.month());
    match locale {
        Locale::Nb => format!("{}. {} {}", d.day(), month, d.year()),
        Locale::Sv | Locale::En => format!("{} {} {}", d.day(), month, d.year()),
    }
}

/// A moment in the reader's own time zone: `offset_minutes` east of UTC, as the browser
/// reports it for that moment (so summer time is right for past dates too).
pub fn date_time(locale: Locale, at: OffsetDateTime, offset_minutes: i32) -> String {
    let offset =
        UtcOffset::from_whole_seconds(offset_minutes.saturating_mul(60)).unwrap_or(UtcOffset::UTC);
    let local = at.to_offset(offset);
    let day = date(locale, local.date());
    let (h, m) = (local.hour(), local.minute());
    match locale {
        Locale::Nb | Locale::Sv => format!("{day} kl. {h:02}:{m:02}"),
        Locale::En => format!("{day}, {h:02}:{m:02}"),
    }
}

/// A byte count for people: "512 B", "1,4 kB", "12,3 MB" (decimal comma in nb and sv).
/// Integer arithmetic only: float formatting would add its tables to the widget.
pub fn bytes(locale: Locale, n: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut unit = 0;
    let mut divisor: u128 = 1000;
    // The value in tenths of the unit, rounded half up.
    let tenths = |d: u128| (u128::from(n) * 10 + d / 2) / d;
    while tenths(divisor) >= 10_000 && unit < UNITS.len() - 1 {
        unit += 1;
        divisor *= 1000;
    }
    let t = tenths(divisor);
    let mark = match locale {
        Locale::Nb | Locale::Sv => ',',
        Locale::En => '.',
    };
    format!("{}{mark}{} {}", t / 10, t % 10, UNITS[unit])
}

/// `privacy-export-<person id>-<YYYY-MM-DD>.json`; the id is reduced to characters that
/// are safe in a file name on every system.
pub fn export_file_name(person_id: &str, today: Date, extension: &str) -> String {
    let id: String = person_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    format!("privacy-export-{id}-{}.{extension}", format_iso_date(today))
}

/// How far a download is, in thousandths, when the server gave an estimate; `None` for an
/// indeterminate bar. An estimate that turns out too small stops just short of full, since
/// only the end of the stream says it is done.
pub fn progress_permille(received: u64, estimated: Option<u64>) -> Option<u32> {
    let total = estimated.filter(|t| *t > 0)?;
    let permille = u128::from(received) * 1000 / u128::from(total);
    Some(permille.min(990) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_read_naturally_in_each_language() {
        let d = date!(2026 - 12 - 21);
        assert_eq!(date(Locale::Nb, d), "21. desember 2026");
        assert_eq!(date(Locale::Sv, d), "21 december 2026");
        assert_eq!(date(Locale::En, d), "21 December 2026");
        assert_eq!(date(Locale::Nb, date!(2027 - 05 - 01)), "1. mai 2027");
        assert_eq!(date(Locale::Sv, date!(2027 - 05 - 01)), "1 maj 2027");
    }

    #[test]
    fn times_are_shown_in_the_readers_zone() {
        let at = datetime!(2026-11-21 13:05 UTC);
        assert_eq!(date_time(Locale::Nb, at, 60), "21. november 2026 kl. 14:05");
        assert_eq!(date_time(Locale::Sv, at, 60), "21 november 2026 kl. 14:05");
        assert_eq!(date_time(Locale::En, at, 0), "21 November 2026, 13:05");
        // Late evening UTC is already the next day in Oslo.
        let late = datetime!(2026-12-31 23:30 UTC);
        assert_eq!(date_time(Locale::En, late, 60), "1 January 2027, 00:30");
        // A nonsense offset falls back to UTC rather than failing.
        assert_eq!(
            date_time(Locale::En, at, i32::MAX),
            "21 November 2026, 13:05"
        );
    }

    #[test]
    fn sizes_use_the_local_decimal_mark() {
        assert_eq!(bytes(Locale::En, 0), "0 B");
        assert_eq!(bytes(Locale::En, 999), "999 B");
        assert_eq!(bytes(Locale::En, 1_400), "1.4 kB");
        assert_eq!(bytes(Locale::Nb, 1_400), "1,4 kB");
        assert_eq!(bytes(Locale::Sv, 12_345_678), "12,3 MB");
        assert_eq!(bytes(Locale::En, 999_999), "1.0 MB");
        assert_eq!(bytes(Locale::En, 1_049_999), "1.0 MB");
        assert_eq!(bytes(Locale::En, 1_050_000), "1.1 MB");
        assert_eq!(bytes(Locale::En, 5_000_000_000_000_000), "5000.0 TB");
        assert_eq!(bytes(Locale::En, u64::MAX), "18446744.1 TB");
    }

    #[test]
    fn export_file_name_is_safe() {
        let d = date!(2026 - 03 - 07);
        assert_eq!(
            export_file_name("1001", d, "json"),
            "privacy-export-1001-2026-03-07.json"
        );
        assert_eq!(
            export_file_name("../a b/c", d, "html"),
            "privacy-export-abc-2026-03-07.html"
        );
    }

    #[test]
    fn progress_is_indeterminate_without_an_estimate() {
        assert_eq!(progress_permille(10, None), None);
        assert_eq!(progress_permille(10, Some(0)), None);
        assert_eq!(progress_permille(25, Some(100)), Some(250));
        assert_eq!(progress_permille(500, Some(100)), Some(990));
        assert_eq!(progress_permille(u64::MAX, Some(u64::MAX)), Some(990));
    }
}
