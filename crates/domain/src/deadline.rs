//! The legal clock of a data-subject request.
//!
//! GDPR art. 12(3) gives the controller one month from receipt to answer. Counted the
//! way EU Regulation 1182/71 counts periods: the day of receipt is not counted, and the
//! period ends on the same date in the following month, or on that month's last day when
//! it has no such date (31 January → 28 or 29 February). Art. 12(3) also allows the
//! deadline to be extended by up to two further months.

use time::{Date, Month};

/// The due date of a request received on `received`.
pub fn due_date(received: Date) -> Date {
    add_months(received, 1)
}

/// The due date after extending `original_due` by `extra_months` (1 or 2). `None` when
/// the extension is not one the regulation allows.
pub fn extended_due_date(original_due: Date, extra_months: u8) -> Option<Date> {
    match extra_months {
        1 | 2 => Some(add_months(original_due, i32::from(extra_months))),
        _ => None,
    }
}

/// The same day `months` calendar months later, or earlier when negative, clamped to
/// the last day of that month (31 August and six months is 28 or 29 February).
pub fn add_months(date: Date, months: i32) -> Date {
    let zero_based = date.month() as i32 - 1 + months;
    let year = date.year() + zero_based.div_euclid(12);
    let month = Month::try_from((zero_based.rem_euclid(12) + 1) as u8).expect("month in 1..=12");
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("clamped day is valid")
}

/// A date as the API sends it and the database stores it: `YYYY-MM-DD`.
pub fn format_iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// The inverse of [`format_iso_date`]; `None` for anything else. The widget reads it with
/// the small parser in `wire_time`, the server with `time`'s own.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    if cfg!(target_arch = "wasm32") {
        crate::wire_time::parse_date_small(s)
    } else {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
    }
}

/// Whole days from `today` to `due` (negative when overdue).
pub fn days_left(today: Date, due: Date) -> i64 {
    (due - today).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn same_date_next_month() {
        assert_eq!(due_date(date!(2026 - 03 - 15)), date!(2026 - 04 - 15));
        assert_eq!(due_date(date!(2026 - 01 - 01)), date!(2026 - 02 - 01));
    }

    #[test]
    fn month_end_clamps_to_shorter_month() {
        assert_eq!(due_date(date!(2026 - 01 - 31)), date!(2026 - 02 - 28));
        assert_eq!(due_date(date!(2026 - 01 - 29)), date!(2026 - 02 - 28));
        assert_eq!(due_date(date!(2026 - 03 - 31)), date!(2026 - 04 - 30));
        assert_eq!(due_date(date!(2026 - 05 - 31)), date!(2026 - 06 - 30));
        assert_eq!(due_date(date!(2026 - 08 - 31)), date!(2026 - 09 - 30));
    }

    #[test]
    fn leap_years() {
        assert_eq!(due_date(date!(2028 - 01 - 31)), date!(2028 - 02 - 29));
        assert_eq!(due_date(date!(2028 - 01 - 30)), date!(2028 - 02 - 29));
        assert_eq!(due_date(date!(2028 - 02 - 29)), date!(2028 - 03 - 29));
        // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
        assert_eq!(due_date(date!(2100 - 01 - 31)), date!(2100 - 02 - 28));
        assert_eq!(due_date(date!(2000 - 01 - 31)), date!(2000 - 02 - 29));
    }

    #[test]
    fn year_boundary() {
        assert_eq!(due_date(date!(2026 - 12 - 31)), date!(2027 - 01 - 31));
        assert_eq!(due_date(date!(2026 - 12 - 01)), date!(2027 - 01 - 01));
    }

    #[test]
    fn extension_by_one_or_two_months_only() {
        let due = date!(2026 - 03 - 31);
        assert_eq!(extended_due_date(due, 1), Some(date!(2026 - 04 - 30)));
        assert_eq!(extended_due_date(due, 2), Some(date!(2026 - 05 - 31)));
        assert_eq!(extended_due_date(due, 0), None);
        assert_eq!(extended_due_date(due, 3), None);
    }

    #[test]
    fn every_day_of_a_leap_year_lands_in_the_next_month() {
        let mut d = date!(2028 - 01 - 01);
        while d.year() == 2028 {
            let due = due_date(d);
            let next_month = d.month().next();
            assert_eq!(due.month(), next_month, "{d}");
            assert!(due.day() <= d.day(), "{d} -> {due}");
            assert!(due.day() == d.day() || due.day() == next_month.length(due.year()));
            d = d.next_day().unwrap();
        }
    }

    #[test]
    fn months_are_added_by_calendar_date() {
        assert_eq!(add_months(date!(2025 - 03 - 10), 6), date!(2025 - 09 - 10));
        assert_eq!(add_months(date!(2025 - 08 - 31), 6), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2023 - 08 - 31), 6), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 01 - 15), -6), date!(2025 - 07 - 15));
        assert_eq!(add_months(date!(2026 - 03 - 31), -1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 12 - 31), 0), date!(2026 - 12 - 31));
    }

    #[test]
    fn iso_dates_round_trip_and_nothing_else_parses() {
        for d in [
            date!(2026 - 01 - 05),
            date!(0999 - 12 - 31),
            date!(2028 - 02 - 29),
        ] {
            assert_eq!(parse_iso_date(&format_iso_date(d)), Some(d));
        }
        assert_eq!(format_iso_date(date!(2026 - 03 - 07)), "2026-03-07");
        for bad in [
            "2026-3-7",
            "2026-02-30",
            "07.03.2026",
            "",
            "2026-03-07T00:00",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_left_counts_down_and_goes_negative() {
        assert_eq!(days_left(date!(2026 - 11 - 21), date!(2026 - 12 - 21)), 30);
        assert_eq!(days_left(date!(2026 - 12 - 22), date!(2026 - 12 - 21)), -1);
    }
}
