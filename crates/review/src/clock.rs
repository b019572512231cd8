//! Times as the question log writes them: UTC, to the minute (`2026-12-06T14:05Z`), and days
//! (`2026-12-06`). A record needs no finer time, and a coarse one says less about who asked.
//!
//! No date crate: the conversion between days and civil dates is Howard Hinnant's
//! `civil_from_days` / `days_from_civil`, a dozen lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// `time` in UTC to the minute: `YYYY-MM-DDTHH:MMZ` (a time before 1970 reads as 1970).
pub fn utc_minute(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(i64::MAX as u64) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60
    )
}

/// The UTC day of `time`: `YYYY-MM-DD`.
pub fn utc_day(time: SystemTime) -> String {
    utc_minute(time).chars().take(10).collect()
}

/// Whether `text` is a date `YYYY-MM-DD` that exists.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

/// The civil date of `days` since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_utc_to_the_minute() {
        let at = |secs: u64| utc_minute(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00Z");
        // 2024-11-25 09:41:59 UTC
        assert_eq!(at(1_732_527_719), "2024-11-25T09:41Z");
        // 2000-02-29 23:59:00 UTC (a leap day)
        assert_eq!(at(951_868_740), "2000-02-29T23:59Z");
        assert_eq!(
            utc_day(UNIX_EPOCH + Duration::from_secs(1_732_527_719)),
            "2024-11-25"
        );
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2024-11-25"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-11-25"));
        assert!(!is_date("2024-11-25T10:00Z"));
        assert!(!is_date(""));
    }
}
